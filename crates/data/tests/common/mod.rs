//! Helpers shared by the loader's integration tests: fixture paths, copies of
//! the toy dataset with one edit, and lookups of expected problems.
#![allow(dead_code)] // each test target uses a different subset

use std::fs;
use std::path::{Path, PathBuf};

use krapte_data::{load_dataset, Problem};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

pub fn toy() -> krapte_data::Loaded {
    match load_dataset(&fixture("toy")) {
        Ok(l) => l,
        Err(e) => panic!("toy dataset should load:\n{e}"),
    }
}

/// A temporary copy of the toy dataset (without scenario.toml).
pub fn toy_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(fixture("toy")).expect("toy fixture") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        if name != "scenario.toml" {
            fs::copy(&path, dir.path().join(name)).expect("copy");
        }
    }
    dir
}

/// A copy of the toy dataset with `from` replaced by `to` in `file`.
pub fn toy_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = toy_copy();
    edit(dir.path(), file, from, to);
    dir
}

pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("read fixture file");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The problems of a dataset that must fail to load.
pub fn problems(dir: &Path) -> Vec<Problem> {
    match load_dataset(dir) {
        Ok(_) => panic!("dataset {} should not load", dir.display()),
        Err(e) => e.0.into_listed(),
    }
}

/// The one problem in `file` at `line` in `column` whose message contains
/// `needle`; panics with the full list otherwise.
pub fn expect<'a>(
    ps: &'a [Problem],
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    needle: &str,
) -> &'a Problem {
    ps.iter()
        .find(|p| {
            p.file.file_name().is_some_and(|f| f == file)
                && p.line == line
                && p.field.as_deref() == column
                && p.message.contains(needle)
        })
        .unwrap_or_else(|| {
            panic!(
                "no problem {file}:{line:?} {column:?} containing {needle:?} in:\n{}",
                list(ps)
            )
        })
}

pub fn list(ps: &[Problem]) -> String {
    ps.iter().map(|p| format!("  {p}\n")).collect()
}
