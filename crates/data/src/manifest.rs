//! `manifest.toml`: the dataset's edition, years and currency, and the list of
//! its files, which must match the folder exactly (a file that is present but
//! unlisted is usually a misnamed one). Each listed file may carry its number
//! of data rows and its SHA-256 checksum (`tools/build_dataset.py` and
//! `krapte data manifest` write them); the table reader then refuses a file
//! that was cut off, extended or changed. Names are plain file names inside
//! the folder: no paths, no `..`, no hidden files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::ctx::Ctx;
use crate::ctx::Expected;
use crate::problem::{line_col, toml_problem, Problem};
use crate::suggest;
use krapte_problem::echo;
use krapte_problem::read::{check_file, read_text, Refused, MAX_TOML_BYTES};

/// Files every dataset has.
pub const REQUIRED_FILES: [&str; 15] = [
    "sources.csv",
    "parameters.csv",
    "sectors.csv",
    "io_domestic.csv",
    "regions.csv",
    "region_shares.csv",
    "occupations.csv",
    "occupation_shares.csv",
    "education_shares.csv",
    "occupation_sets.csv",
    "measures.csv",
    "activities.csv",
    "activity_sectors.csv",
    "products.csv",
    "fossil_losses.csv",
];
/// Files a dataset may have.
pub const OPTIONAL_FILES: [&str; 6] = [
    "measure_regions.csv",
    "uncertainty.csv",
    "base_year_activity.csv",
    "base_year_shortage.csv",
    "evidence.csv",
    "plausibility.csv",
];
/// The policy side (levers and campaigns): both or neither; needs the supply side.
pub const POLICY_FILES: [&str; 2] = ["levers.csv", "campaigns.csv"];
/// The supply side: a dataset has all of these or none (then it is demand-only).
pub const SUPPLY_FILES: [&str; 6] = [
    "supply_parameters.csv",
    "supply_occupations.csv",
    "education_pipeline.csv",
    "enrolment.csv",
    "digital_definitions.csv",
    "shortage_classes.csv",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    edition: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // read so that `title` is an allowed key; not used by the model
    title: String,
    base_year: Spanned<i64>,
    io_year: Spanned<i64>,
    io_currency: Spanned<String>,
    /// The region folder (relative to the dataset folder, or absolute) whose placement
    /// keys place the measures and whose jobs give the province shares.
    #[serde(default)]
    regions: Option<Spanned<String>>,
    #[serde(default, rename = "file")]
    files: Vec<Spanned<FileEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    name: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for readers of the folder
    description: String,
    /// Data rows (records after the header; comments and blank lines not counted).
    rows: Option<Spanned<i64>>,
    /// SHA-256 of the file's bytes, lower-case hex.
    sha256: Option<Spanned<String>>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    krapte_problem::manifest::sha256_hex(bytes)
}

/// Why `name` is not a plain file name inside the folder, if it is not.
fn not_plain(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) || Path::new(name).is_absolute() {
        Some("is a path; the manifest lists plain file names inside the dataset folder")
    } else if name == "." || name == ".." || name.starts_with('.') {
        Some("is not a file name of the dataset (names may not start with a dot)")
    } else if name.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    }
}

/// What the rest of the loader needs from the manifest.
pub struct Manifest {
    pub edition: String,
    pub base_year: u16,
    pub io_year: u16,
    pub io_currency: String,
    /// Whether the supply files are listed (all of them; a partial list is an error).
    pub has_supply: bool,
    /// Whether the policy files are listed (both).
    pub has_policy: bool,
}

/// The manifest's `regions`: the region folder and the line of the key.
#[derive(Debug, Clone)]
pub struct RegionsEntry {
    pub dir: PathBuf,
    pub line: Option<u64>,
}

/// Reads and checks the manifest and the file list. `None` if the manifest
/// cannot be used (the problem is recorded).
pub fn read(cx: &mut Ctx) -> Option<Manifest> {
    let path = cx.dir.join("manifest.toml");
    let text = match read_text(&path, MAX_TOML_BYTES, Some(&cx.dir)) {
        Ok(t) => t,
        Err(ps) => {
            cx.errors.append(ps);
            return None;
        }
    };
    let file: ManifestFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            cx.error(toml_problem(&path, &text, &e));
            return None;
        }
    };
    let listed = check_files(cx, &path, &text, &file.files);
    let policy_listed: Vec<&str> = POLICY_FILES
        .into_iter()
        .filter(|f| listed.contains(*f))
        .collect();
    if policy_listed.len() == 1 {
        let missing = POLICY_FILES
            .into_iter()
            .find(|f| !listed.contains(*f))
            .unwrap_or_default();
        cx.error(Problem::in_file(
            &path,
            format!(
                "the policy side needs levers.csv and campaigns.csv; {} is listed, {missing} is not",
                policy_listed[0]
            ),
        ));
    }
    let supply_listed: Vec<&str> = SUPPLY_FILES
        .into_iter()
        .filter(|f| listed.contains(*f))
        .collect();
    if !supply_listed.is_empty() && supply_listed.len() < SUPPLY_FILES.len() {
        let missing: Vec<&str> = SUPPLY_FILES
            .into_iter()
            .filter(|f| !listed.contains(*f))
            .collect();
        cx.error(Problem::in_file(
            &path,
            format!(
                "the supply side needs all of its files; listed {}, missing {}",
                supply_listed.join(", "),
                missing.join(", ")
            ),
        ));
    }
    let at = |s: std::ops::Range<usize>| Some(line_col(&text, s.start).0);
    let year = |cx: &mut Ctx, v: &Spanned<i64>, key: &str| match u16::try_from(*v.get_ref()) {
        Ok(y) if (1990..=2040).contains(&y) => Some(y),
        _ => {
            let msg = format!(
                "expected a year between 1990 and 2040, found {}",
                v.get_ref()
            );
            cx.error(Problem::at(&path, at(v.span()), Some(key), msg));
            None
        }
    };
    let base_year = year(cx, &file.base_year, "base_year");
    let io_year = year(cx, &file.io_year, "io_year");
    // The IO structure is carried forward to the base year, never backward.
    if let (Some(b), Some(i)) = (base_year, io_year) {
        if i > b {
            let msg = format!("io_year {i} is after base_year {b}; expected io_year <= base_year");
            cx.error(Problem::at(
                &path,
                at(file.io_year.span()),
                Some("io_year"),
                msg,
            ));
        }
    }
    for (key, v) in [
        ("edition", &file.edition),
        ("io_currency", &file.io_currency),
    ] {
        if v.get_ref().trim().is_empty() {
            cx.error(Problem::at(
                &path,
                at(v.span()),
                Some(key),
                "must not be empty",
            ));
        }
    }
    if let Some(r) = &file.regions {
        let rel = r.get_ref();
        let bad = if rel.trim().is_empty() {
            Some("must not be empty")
        } else if rel.chars().any(char::is_control) {
            Some("contains a control character")
        } else {
            None
        };
        match bad {
            Some(why) => cx.error(Problem::at(
                &path,
                at(r.span()),
                Some("regions"),
                format!("\"{}\" {why}", rel.escape_debug()),
            )),
            None => {
                cx.regions = Some(RegionsEntry {
                    dir: cx.dir.join(rel),
                    line: at(r.span()),
                })
            }
        }
    }
    Some(Manifest {
        edition: file.edition.into_inner(),
        base_year: base_year?,
        io_year: io_year?,
        io_currency: file.io_currency.into_inner(),
        has_supply: supply_listed.len() == SUPPLY_FILES.len(),
        has_policy: policy_listed.len() == POLICY_FILES.len(),
    })
}

/// Listed files must exist, dataset files must be listed, and no CSV file may
/// sit in the folder unlisted.
/// Returns the names listed.
fn check_files(
    cx: &mut Ctx,
    path: &Path,
    text: &str,
    files: &[Spanned<FileEntry>],
) -> HashSet<String> {
    let mut listed = HashSet::new();
    for f in files {
        let entry = f.get_ref();
        let name = &entry.name;
        let line = Some(line_col(text, name.span().start).0);
        let name = name.get_ref().as_str();
        if let Some(why) = not_plain(name) {
            cx.error(Problem::at(
                path,
                line,
                Some("name"),
                format!("{} {why}", echo(name)),
            ));
            continue;
        }
        if let Some(expected) = expected(cx, path, text, entry) {
            if expected.rows.is_none() || expected.sha256.is_none() {
                cx.unchecked.push(name.to_string());
            }
            cx.expected.insert(name.to_string(), expected);
        }
        if !listed.insert(name.to_string()) {
            cx.error(Problem::at(
                path,
                line,
                Some("name"),
                format!("\"{name}\" is listed twice"),
            ));
        } else if let Err(why) = check_file(&cx.dir.join(name), Some(&cx.dir)) {
            let msg = match why {
                Refused::Missing => format!("listed file \"{name}\" does not exist"),
                other => format!("listed file \"{name}\" {other}"),
            };
            cx.error(Problem::at(path, line, Some("name"), msg));
        } else if name.ends_with(".csv") && !is_known(name) {
            let msg = format!(
                "\"{name}\" is not a file of the dataset contract (docs/DATA.md) and is ignored{}",
                suggest::hint(name, known_files())
            );
            cx.warn(Problem::at(path, line, Some("name"), msg));
        }
    }
    for name in REQUIRED_FILES {
        if !listed.contains(name) {
            cx.error(Problem::in_file(
                path,
                format!("required file \"{name}\" is not listed in [[file]]"),
            ));
        }
    }
    for name in csv_files_in(&cx.dir) {
        // An unlisted required file is reported above already.
        let required = REQUIRED_FILES.contains(&name.as_str());
        if !listed.contains(&name) && !required {
            let msg = format!(
                "file \"{name}\" is in the folder but not listed in [[file]]{}",
                suggest::hint(&name, known_files())
            );
            cx.error(Problem::in_file(path, msg));
        }
    }
    listed
}

/// The row count and checksum an entry records, checked for form.
fn expected(cx: &mut Ctx, path: &Path, text: &str, e: &FileEntry) -> Option<Expected> {
    let rows = match &e.rows {
        None => None,
        Some(r) => match u64::try_from(*r.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                let at = Some(line_col(text, r.span().start).0);
                cx.error(Problem::at(
                    path,
                    at,
                    Some("rows"),
                    format!("expected a number of rows >= 0, found {}", r.get_ref()),
                ));
                None
            }
        },
    };
    let sha256 = match &e.sha256 {
        None => None,
        Some(h) => {
            let v = h.get_ref().to_ascii_lowercase();
            if v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()) {
                Some(v)
            } else {
                let at = Some(line_col(text, h.span().start).0);
                cx.error(Problem::at(
                    path,
                    at,
                    Some("sha256"),
                    format!(
                        "expected 64 hexadecimal digits, found {}",
                        echo(h.get_ref())
                    ),
                ));
                None
            }
        }
    };
    Some(Expected { rows, sha256 })
}

fn known_files() -> impl Iterator<Item = &'static str> {
    REQUIRED_FILES
        .into_iter()
        .chain(OPTIONAL_FILES)
        .chain(SUPPLY_FILES)
        .chain(POLICY_FILES)
}

fn is_known(name: &str) -> bool {
    known_files().any(|k| k == name)
}

/// Names of the `.csv` files directly in `dir`, sorted.
fn csv_files_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    names
}

/// Data rows of a CSV file as the table reader counts them: records after
/// the header, comment and blank lines not counted.
pub fn count_rows(bytes: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        n += 1;
    }
    n
}

/// `manifest.toml` of `dir` with every listed file's `rows` and `sha256`
/// recorded as the files are now (`krapte data manifest`): for a dataset
/// edited by hand. The rest of the text is kept as it is.
pub fn record(dir: &Path) -> Result<String, crate::LoadErrors> {
    let path = dir.join("manifest.toml");
    let text = read_text(&path, MAX_TOML_BYTES, Some(dir)).map_err(crate::LoadErrors)?;
    let mut problems = crate::Problems::new();
    // Lines of the current `[[file]]` block, and its file name.
    let mut out = String::with_capacity(text.len() + 4096);
    let mut block: Vec<&str> = Vec::new();
    let mut name: Option<(String, u64)> = None;
    let mut flush = |block: &mut Vec<&str>, name: &mut Option<(String, u64)>, out: &mut String| {
        // Trailing blank lines stay after the recorded facts.
        let keep = block
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |k| k + 1);
        for l in &block[..keep] {
            out.push_str(l);
            out.push('\n');
        }
        if let Some((n, line)) = name.take() {
            match facts(dir, &n) {
                Ok((rows, sha)) => out.push_str(&format!("rows = {rows}\nsha256 = \"{sha}\"\n")),
                Err(why) => problems.push(Problem::at(&path, Some(line), Some("name"), why)),
            }
        }
        for l in &block[keep..] {
            out.push_str(l);
            out.push('\n');
        }
        block.clear();
    };
    let mut in_file = false;
    for (k, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            flush(&mut block, &mut name, &mut out);
            in_file = t == "[[file]]";
        }
        if in_file {
            let key = t.split('=').next().unwrap_or("").trim();
            if t.contains('=') && (key == "rows" || key == "sha256") {
                continue;
            }
            if key == "name" && t.contains('=') {
                let n = t
                    .split_once('=')
                    .map(|(_, v)| v.trim().trim_matches('"').to_string())
                    .unwrap_or_default();
                name = Some((n, k as u64 + 1));
            }
        }
        block.push(line);
    }
    flush(&mut block, &mut name, &mut out);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(crate::LoadErrors(problems))
    }
}

/// Rows and checksum of a listed file, or why it cannot be read.
fn facts(dir: &Path, name: &str) -> Result<(u64, String), String> {
    if let Some(why) = not_plain(name) {
        return Err(format!("{} {why}", echo(name)));
    }
    let bytes = krapte_problem::read::read_file(
        &dir.join(name),
        krapte_problem::read::MAX_CSV_BYTES,
        Some(dir),
    )
    .map_err(|why| format!("listed file \"{name}\" {why}"))?;
    Ok((count_rows(&bytes), sha256_hex(&bytes)))
}
