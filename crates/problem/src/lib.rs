//! # krapte-problem
//!
//! What krapte says about a bad input file, shared by the dataset loader
//! (`krapte-data`) and the monitor (`krapte-monitor`) so that both report in
//! one form: [`Problem`] (file, line, field, message), [`Problems`] (a list
//! that keeps at most [`MAX_PER_FILE`] problems of one file and counts the
//! rest, so that a 200 MB file of bad rows costs kilobytes, not gigabytes)
//! and [`LoadErrors`] (the error that carries them).
//!
//! [`read`] holds the safe way to read an input file: regular files only
//! (no directory, pipe or device such as `/dev/zero`), a size limit, no
//! symbolic link out of the folder it belongs to, UTF-8 checked with the line
//! and byte of the first bad sequence, and quotes that are closed.
//!
//! Messages never carry more than [`MAX_MESSAGE`] bytes, and an input value
//! quoted in a message is cut to [`MAX_ECHO`] characters ([`echo`]): an error
//! about a 900 KB field is one line, not 900 KB.

pub mod manifest;
pub mod read;

use std::fmt;
use std::path::{Path, PathBuf};

/// Problems listed per file; the rest are counted.
pub const MAX_PER_FILE: usize = 100;
/// Longest message, in bytes (longer ones are cut at a character boundary).
pub const MAX_MESSAGE: usize = 600;
/// Longest input value quoted in a message, in characters.
pub const MAX_ECHO: usize = 60;

/// One thing wrong (or worth a warning) in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line in `file`, when the problem has one.
    pub line: Option<u64>,
    /// Name of the field (CSV column, TOML key path), when the problem has one.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole (missing file, bad manifest list, ...).
    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Problem {
        Problem::at(file, None, None, message)
    }

    /// A problem on a line, optionally in a named field.
    pub fn at(
        file: impl AsRef<Path>,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.as_ref().to_path_buf(),
            line,
            field: field.map(|f| cut(f, MAX_ECHO).into_owned()),
            message: cut(&message.into(), MAX_MESSAGE).into_owned(),
        }
    }
}

impl fmt::Display for Problem {
    /// `data/default/sectors.csv:12: field 'import_share': expected ...`, the
    /// form editors and terminals turn into a jump to the line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(col) = &self.field {
            write!(f, "field '{col}': ")?;
        }
        f.write_str(&self.message)
    }
}

/// `s` cut to at most `max` bytes at a character boundary, with `…` when cut.
fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max {
        return s.into();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &s[..end], s.len()).into()
}

/// An input value quoted for a message: `"7,5"`, or for a long value its
/// first [`MAX_ECHO`] characters and its length (`"aaaa…" (900000 bytes)`).
/// Control characters are shown escaped, so a value cannot break the line.
pub fn echo(raw: &str) -> String {
    let mut out = String::from("\"");
    for (k, c) in raw.chars().enumerate() {
        if k == MAX_ECHO {
            out.push_str(&format!("…\" ({} bytes)", raw.len()));
            return out;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// A list of problems that keeps at most [`MAX_PER_FILE`] of each file and
/// counts the others: memory stays bounded however many rows are bad.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    listed: Vec<Problem>,
    /// Per file, in order of first problem: how many were found in all.
    files: Vec<(PathBuf, u64)>,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Adds a problem: listed while its file has fewer than
    /// [`MAX_PER_FILE`], counted otherwise.
    pub fn push(&mut self, p: Problem) {
        let k = match self.files.iter().position(|(f, _)| *f == p.file) {
            Some(k) => k,
            None => {
                self.files.push((p.file.clone(), 0));
                self.files.len() - 1
            }
        };
        let Some(entry) = self.files.get_mut(k) else {
            return;
        };
        entry.1 += 1;
        if entry.1 <= MAX_PER_FILE as u64 {
            self.listed.push(p);
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many problems were found, listed or not.
    pub fn total(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    /// The listed problems (at most [`MAX_PER_FILE`] per file), in the
    /// order they were found.
    pub fn listed(&self) -> &[Problem] {
        &self.listed
    }

    /// Files with more problems than were listed: (file, problems not listed).
    pub fn omitted(&self) -> impl Iterator<Item = (&Path, u64)> + '_ {
        self.files
            .iter()
            .filter(|(_, n)| *n > MAX_PER_FILE as u64)
            .map(|(f, n)| (f.as_path(), n - MAX_PER_FILE as u64))
    }

    /// The listed problems, then one line per file whose problems were cut.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.listed.iter().map(Problem::to_string).collect();
        for (file, n) in self.omitted() {
            out.push(format!(
                "{}: ... and {n} more problem(s) in this file (only the first {MAX_PER_FILE} of a file are listed)",
                file.display()
            ));
        }
        out
    }

    /// The listed problems, taken out.
    pub fn into_listed(self) -> Vec<Problem> {
        self.listed
    }

    /// Adds every problem of `other`, counting those it had counted only.
    pub fn append(&mut self, other: Problems) {
        for p in other.listed {
            self.push(p);
        }
        for (file, n) in other.files {
            let extra = n.saturating_sub(MAX_PER_FILE as u64);
            if extra > 0 {
                if let Some(e) = self.files.iter_mut().find(|(f, _)| *f == file) {
                    e.1 += extra;
                }
            }
        }
    }
}

impl Extend<Problem> for Problems {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, iter: I) {
        for p in iter {
            self.push(p);
        }
    }
}

impl FromIterator<Problem> for Problems {
    fn from_iter<I: IntoIterator<Item = Problem>>(iter: I) -> Self {
        let mut out = Problems::new();
        out.extend(iter);
        out
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(v: Vec<Problem>) -> Self {
        v.into_iter().collect()
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        std::iter::once(p).collect()
    }
}

impl fmt::Display for Problems {
    /// `N problem(s):` and one line per listed problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s):", self.total())?;
        for line in self.lines() {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

/// Loading failed; holds every problem found in one pass (never just the
/// first), at most [`MAX_PER_FILE`] of a file listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadErrors(pub Problems);

impl LoadErrors {
    /// The listed problems.
    pub fn problems(&self) -> &[Problem] {
        self.0.listed()
    }

    /// How many problems were found, listed or not.
    pub fn total(&self) -> u64 {
        self.0.total()
    }
}

impl From<Problem> for LoadErrors {
    fn from(p: Problem) -> Self {
        LoadErrors(p.into())
    }
}

impl From<Vec<Problem>> for LoadErrors {
    fn from(v: Vec<Problem>) -> Self {
        LoadErrors(v.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_capped_per_file_and_count_the_rest() {
        let mut ps = Problems::new();
        for k in 0..100_000u64 {
            ps.push(Problem::at("a.csv", Some(k + 2), None, "duplicate row"));
            if k < 3 {
                ps.push(Problem::in_file("b.csv", "missing"));
            }
        }
        assert_eq!(ps.total(), 100_003);
        assert_eq!(ps.listed().len(), MAX_PER_FILE + 3);
        let omitted: Vec<_> = ps.omitted().collect();
        assert_eq!(omitted, vec![(Path::new("a.csv"), 100_000 - 100)]);
        let text = ps.to_string();
        assert!(text.starts_with("100003 problem(s):"), "{text}");
        assert!(
            text.ends_with("a.csv: ... and 99900 more problem(s) in this file (only the first 100 of a file are listed)"),
            "{text}"
        );
        // Appending keeps the count of what the other list had only counted.
        let mut all = Problems::from(Problem::in_file("c.csv", "x"));
        all.append(ps);
        assert_eq!(all.total(), 100_004);
    }

    #[test]
    fn echoes_and_messages_are_cut() {
        let long = "x".repeat(900_000);
        let e = echo(&long);
        assert!(e.len() < 100, "{e}");
        assert!(e.ends_with("(900000 bytes)"), "{e}");
        assert_eq!(echo("7,5"), "\"7,5\"");
        assert_eq!(echo("a\nb"), "\"a\\nb\"");
        let p = Problem::in_file("f.csv", format!("bad {long}"));
        assert!(p.message.len() < MAX_MESSAGE + 40, "{}", p.message.len());
        let p = Problem::at("f.csv", Some(3), Some("import_share"), "expected a share");
        assert_eq!(
            p.to_string(),
            "f.csv:3: field 'import_share': expected a share"
        );
    }
}
