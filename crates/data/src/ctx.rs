//! The loader's working state while it reads a dataset: problems found so far,
//! known source ids, and the quality bookkeeping (rows per label, the list of
//! assumptions) that `krapte data check` prints.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use krapte_model::Quality;

use crate::problem::Problem;
use crate::table::Row;
use crate::AssumptionEntry;

pub struct Ctx {
    pub dir: PathBuf,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
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
            errors: Vec::new(),
            warnings: Vec::new(),
            sources: None,
            evidence: None,
            quality: Vec::new(),
            assumptions: Vec::new(),
        }
    }

    pub fn error(&mut self, p: Problem) {
        self.errors.push(p);
    }

    pub fn warn(&mut self, p: Problem) {
        self.warnings.push(p);
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
