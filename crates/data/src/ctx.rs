//! The loader's working state while it reads a dataset: problems found so far,
//! known source ids, and the quality bookkeeping (rows per label, the list of
//! assumptions) that `krapte data check` prints.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use krapte_model::Quality;

use crate::problem::{Problem, Problems};
use crate::table::Row;
use crate::AssumptionEntry;

/// What the manifest records about one file: its data rows and checksum.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub rows: Option<u64>,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: Option<String>,
}

pub struct Ctx {
    pub dir: PathBuf,
    /// Capped per file (`krapte_problem::MAX_PER_FILE`), the rest counted.
    pub errors: Problems,
    pub warnings: Problems,
    /// Per file name, what the manifest records (set once the manifest is read).
    pub expected: std::collections::HashMap<String, Expected>,
    /// Files the manifest lists without a row count or checksum.
    pub unchecked: Vec<String>,
    /// The plausibility bounds (`plausibility.csv`), once read.
    pub bounds: Option<crate::bounds::Bounds>,
    /// Ids from `sources.csv`; `None` if that file could not be read, in which
    /// case source ids are not checked (the missing file is reported once).
    pub sources: Option<HashSet<String>>,
    /// Ids of `evidence.csv` once read (empty when the dataset has none);
    /// `None` before it is read or when it could not be read, in which case
    /// cited findings are not checked.
    pub evidence: Option<HashSet<String>>,
    /// (file name, quality, rows), in order of first appearance.
    pub quality: Vec<(String, Quality, usize)>,
    pub assumptions: Vec<AssumptionEntry>,
    /// The region folder the dataset's manifest names, once read.
    pub regions: Option<crate::manifest::RegionsEntry>,
}

/// What `Ctx::meta` read from a row's quality columns.
pub struct Meta {
    pub quality: Quality,
    pub reason: String,
}

impl Ctx {
    pub fn new(dir: &Path) -> Ctx {
        Ctx {
            dir: dir.to_path_buf(),
            errors: Problems::new(),
            warnings: Problems::new(),
            expected: Default::default(),
            unchecked: Vec::new(),
            bounds: None,
            sources: None,
            evidence: None,
            quality: Vec::new(),
            assumptions: Vec::new(),
            regions: None,
        }
    }

    pub fn error(&mut self, p: Problem) {
        self.errors.push(p);
    }

    pub fn warn(&mut self, p: Problem) {
        self.warnings.push(p);
    }

    /// Compares a file's bytes with the checksum the manifest records.
    pub fn check_checksum(&mut self, name: &str, path: &Path, bytes: &[u8]) {
        let Some(want) = self.expected.get(name).and_then(|e| e.sha256.clone()) else {
            return;
        };
        let got = crate::manifest::sha256_hex(bytes);
        if got != want {
            self.error(Problem::in_file(
                path,
                format!(
                    "the file's checksum (SHA-256 {}…) is not the one manifest.toml records ({}…): the file was changed, cut off or replaced since the manifest was written; if you edited it on purpose, run `krapte data manifest` to record it",
                    &got[..12],
                    want.get(..12).unwrap_or(&want)
                ),
            ));
        }
    }

    /// Compares the number of data rows read with the manifest's `rows`.
    pub fn check_rows(&mut self, name: &str, path: &Path, rows: usize, complete: bool) {
        let Some(want) = self.expected.get(name).and_then(|e| e.rows) else {
            return;
        };
        if complete && rows as u64 != want {
            let what = if (rows as u64) < want {
                "fewer: the file looks cut off"
            } else {
                "more: rows were added or the file was joined with another"
            };
            self.error(Problem::in_file(
                path,
                format!("has {rows} data rows, manifest.toml records {want}; {what}"),
            ));
        }
    }

    /// Checks `value` of field `col` of `row` against the plausibility
    /// bounds; false (with the problem recorded) when it lies outside.
    pub fn plausible(&mut self, row: &Row, col: &str, value: f64) -> bool {
        self.plausible_as(row, col, col, value)
    }

    /// Checks a value derived from a row (`bound` names it in
    /// `plausibility.csv`, e.g. `hours_per_output`) and reports it in field
    /// `col`.
    pub fn plausible_as(&mut self, row: &Row, bound: &str, col: &str, value: f64) -> bool {
        let Some(bounds) = &self.bounds else {
            return true;
        };
        match bounds.check_row(row, bound, col, value) {
            Some(p) => {
                self.error(p);
                false
            }
            None => true,
        }
    }

    /// Reads and checks `quality`, `source_id` and `reason` of a row, and
    /// counts the row under its quality label.
    pub fn meta(&mut self, row: &Row) -> Option<Meta> {
        let raw = row.raw("quality");
        let Some(quality) = Quality::from_label(raw) else {
            let labels = ["sourced", "derived", "estimate", "assumption"];
            let msg = format!(
                "expected one of sourced, derived, estimate, assumption, found \"{raw}\"{}",
                crate::suggest::hint(raw, labels)
            );
            self.error(row.problem("quality", msg));
            return None;
        };
        let reason = row.raw("reason").to_string();
        if quality == Quality::Assumption && reason.is_empty() {
            self.error(row.problem("reason", "an assumption needs a one-line reason"));
        }
        self.check_sources(row, quality);
        self.count(row, quality);
        Some(Meta { quality, reason })
    }

    fn check_sources(&mut self, row: &Row, quality: Quality) {
        let raw = row.raw("source_id");
        if raw.is_empty() {
            if quality != Quality::Assumption {
                let msg = format!(
                    "a {} row needs a source_id (only assumptions may omit it)",
                    quality.label()
                );
                self.error(row.problem("source_id", msg));
            }
            return;
        }
        let Some(known) = &self.sources else { return };
        let mut problems = Vec::new();
        for id in raw.split(';').map(str::trim) {
            if !known.contains(id) {
                let hint = crate::suggest::hint(id, known.iter().map(String::as_str));
                problems.push(row.problem(
                    "source_id",
                    format!("unknown source \"{id}\" (not in sources.csv){hint}"),
                ));
            }
        }
        self.errors.extend(problems);
    }

    fn count(&mut self, row: &Row, quality: Quality) {
        let name = file_name(&row.file);
        match self
            .quality
            .iter_mut()
            .find(|(f, q, _)| *f == name && *q == quality)
        {
            Some(entry) => entry.2 += 1,
            None => self.quality.push((name, quality, 1)),
        }
    }

    /// Lists one assumption row under `key` (e.g. `parameters.csv:fte_hours_per_year`).
    pub fn assume(&mut self, row: &Row, meta: &Meta, key: &str, value: String) {
        if meta.quality != Quality::Assumption {
            return;
        }
        self.assumptions.push(AssumptionEntry {
            file: row.path(),
            line: Some(row.line),
            key: format!("{}:{key}", file_name(&row.file)),
            value,
            reason: meta.reason.clone(),
            rows: 1,
        });
    }

    /// Lists an assumption row of a share table, grouped with earlier rows of
    /// the same file that give the same reason (share tables have hundreds of
    /// rows with one reason; one line each would bury the rest).
    pub fn assume_grouped(&mut self, row: &Row, meta: &Meta) {
        if meta.quality != Quality::Assumption {
            return;
        }
        let key = file_name(&row.file);
        let existing = self
            .assumptions
            .iter_mut()
            .find(|a| a.key == key && a.reason == meta.reason);
        match existing {
            Some(a) => {
                a.rows += 1;
                a.value = rows_label(a.rows);
            }
            None => self.assumptions.push(AssumptionEntry {
                file: row.path(),
                line: Some(row.line),
                key,
                value: rows_label(1),
                reason: meta.reason.clone(),
                rows: 1,
            }),
        }
    }
}

fn rows_label(n: usize) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `central (low–high)`, or just the number when the range is a point.
pub fn fmt_range(r: &krapte_model::Range3) -> String {
    if r.low == r.central && r.central == r.high {
        format!("{}", r.central)
    } else {
        format!("{} ({}–{})", r.central, r.low, r.high)
    }
}
