//! The row counts and checksums a folder's `manifest.toml` records for its
//! files (`[[file]]` entries with `name`, `rows`, `sha256`), and the check of
//! a file against them. The dataset loader reads its manifest with serde; the
//! monitor's registry (`data/monitor/manifest.toml`, written by
//! `tools/build_monitor.py`) uses this small reader of those three keys.

use std::path::Path;

use crate::{Problem, Problems};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One `[[file]]` entry: name, recorded rows and checksum, and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub rows: Option<u64>,
    pub sha256: Option<String>,
    pub line: u64,
}

/// The `[[file]]` entries of a manifest (other tables and keys are ignored).
pub fn entries(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut in_file = false;
    for (k, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_file = t == "[[file]]";
            continue;
        }
        let Some((key, value)) = t.split_once('=') else {
            continue;
        };
        if !in_file {
            continue;
        }
        let (key, value) = (key.trim(), value.trim().trim_matches('"'));
        match key {
            "name" => out.push(Entry {
                name: value.to_string(),
                rows: None,
                sha256: None,
                line: k as u64 + 1,
            }),
            "rows" => {
                if let Some(e) = out.last_mut() {
                    e.rows = value.parse().ok();
                }
            }
            "sha256" => {
                if let Some(e) = out.last_mut() {
                    e.sha256 = Some(value.to_ascii_lowercase());
                }
            }
            _ => {}
        }
    }
    out
}

/// The problems of `bytes` (file `path`) against what `e` records: another
/// checksum, another number of data rows (`rows` counted by the caller).
pub fn check(path: &Path, e: &Entry, bytes: &[u8], rows: u64) -> Problems {
    let mut out = Problems::new();
    if let Some(want) = &e.sha256 {
        let got = sha256_hex(bytes);
        if &got != want {
            out.push(Problem::in_file(
                path,
                format!(
                    "the file's checksum (SHA-256 {}…) is not the one manifest.toml records ({}…): the file was changed, cut off or replaced since the manifest was written",
                    &got[..12],
                    want.get(..12).unwrap_or(want)
                ),
            ));
        }
    }
    if let Some(want) = e.rows {
        if rows != want {
            let what = if rows < want {
                "fewer: the file looks cut off"
            } else {
                "more: rows were added"
            };
            out.push(Problem::in_file(
                path,
                format!("has {rows} data rows, manifest.toml records {want}; {what}"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_checks() {
        let text = "# c\n[[file]]\nname = \"a.csv\"\nrows = 2\nsha256 = \"ABC\"\n\n[[file]]\nname = \"b.csv\"\n";
        let es = entries(text);
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].rows, Some(2));
        assert_eq!(es[0].sha256.as_deref(), Some("abc"));
        assert_eq!(es[1].line, 8);
        let e = Entry {
            name: "a.csv".into(),
            rows: Some(2),
            sha256: Some(sha256_hex(b"x\n1\n2\n")),
            line: 2,
        };
        assert!(check(Path::new("a.csv"), &e, b"x\n1\n2\n", 2).is_empty());
        let ps = check(Path::new("a.csv"), &e, b"x\n1\n", 1);
        assert_eq!(ps.total(), 2, "{ps}");
    }
}
