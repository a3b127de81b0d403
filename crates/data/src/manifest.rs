//! `manifest.toml`: the dataset's edition, years and currency, and the list of
//! its files, which must match the folder exactly (a file that is present but
//! unlisted is usually a misnamed one).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::ctx::Ctx;
use crate::problem::{line_col, toml_problem, Problem};
use crate::suggest;

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
pub const OPTIONAL_FILES: [&str; 5] = [
    "measure_regions.csv",
    "uncertainty.csv",
    "base_year_activity.csv",
    "base_year_shortage.csv",
    "evidence.csv",
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

/// Reads and checks the manifest and the file list. `None` if the manifest
/// cannot be used (the problem is recorded).
pub fn read(cx: &mut Ctx) -> Option<Manifest> {
    let path = cx.dir.join("manifest.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            cx.error(Problem::in_file(&path, format!("cannot read: {e}")));
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
        let name = &f.get_ref().name;
        let line = Some(line_col(text, name.span().start).0);
        let name = name.get_ref().as_str();
        if !listed.insert(name.to_string()) {
            cx.error(Problem::at(
                path,
                line,
                Some("name"),
                format!("\"{name}\" is listed twice"),
            ));
        } else if !cx.dir.join(name).is_file() {
            cx.error(Problem::at(
                path,
                line,
                Some("name"),
                format!("listed file \"{name}\" does not exist"),
            ));
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
