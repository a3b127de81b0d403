//! Lookup helpers shared by the table loaders: `Codes` maps the codes a file
//! defines (sectors, occupations, measures ...) to dense indices and resolves
//! references to them with "did you mean"; `Splits` collects share rows per
//! group, rejects duplicates and checks that each group sums to 1.

use std::collections::HashMap;
use std::path::Path;

use krapte_model::inputs::dataset::SHARE_TOLERANCE;

use crate::ctx::Ctx;
use crate::problem::Problem;
use crate::suggest;
use crate::table::Row;

/// The codes one file defines, in file order.
pub struct Codes {
    /// e.g. "sector"; used in messages.
    what: &'static str,
    /// e.g. "sectors.csv"; used in messages.
    file: &'static str,
    pub names: Vec<String>,
    lines: Vec<u64>,
    map: HashMap<String, usize>,
    /// False when the defining file could not be read: references are then
    /// not checked, so one missing file does not produce a hundred errors.
    pub usable: bool,
}

impl Codes {
    pub fn new(what: &'static str, file: &'static str, usable: bool) -> Codes {
        Codes {
            what,
            file,
            names: Vec::new(),
            lines: Vec::new(),
            map: HashMap::new(),
            usable,
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn get(&self, code: &str) -> Option<usize> {
        self.map.get(code).copied()
    }

    /// Defines `code` from field `col` of `row`; reports a duplicate.
    pub fn define(&mut self, code: &str, row: &Row, col: &str, cx: &mut Ctx) -> Option<usize> {
        if let Some(&i) = self.map.get(code) {
            let first = self.lines.get(i).copied().unwrap_or(0);
            cx.error(row.problem(
                col,
                format!("duplicate {} \"{code}\" (first on line {first})", self.what),
            ));
            return None;
        }
        Some(self.push(code, row.line))
    }

    /// Adds `code` if new (for codes defined by first use, like region groups).
    pub fn intern(&mut self, code: &str, line: u64) -> usize {
        match self.map.get(code) {
            Some(&i) => i,
            None => self.push(code, line),
        }
    }

    fn push(&mut self, code: &str, line: u64) -> usize {
        let i = self.names.len();
        self.names.push(code.to_string());
        self.lines.push(line);
        self.map.insert(code.to_string(), i);
        i
    }

    /// Resolves a reference in field `col` of `row`.
    pub fn resolve(&self, row: &Row, col: &str, cx: &mut Ctx) -> Option<usize> {
        let code = row.raw(col);
        if let Some(i) = self.get(code) {
            return Some(i);
        }
        if !self.usable {
            return None;
        }
        let msg = if code.is_empty() {
            format!("must name a {}", self.what)
        } else {
            let hint = suggest::hint(code, self.names.iter().map(String::as_str));
            format!(
                "unknown {} \"{code}\" (not in {}){hint}",
                self.what, self.file
            )
        };
        cx.error(row.problem(col, msg));
        None
    }

    pub fn label(&self, i: usize) -> String {
        self.names.get(i).cloned().unwrap_or_default()
    }
}

/// Share rows grouped by an owner (sector, occupation, measure ...): for each
/// owner a list of (member index, share).
pub struct Splits {
    pub groups: Vec<Vec<(usize, f64)>>,
    first_line: Vec<Option<u64>>,
    seen: HashMap<(usize, usize), u64>,
}

impl Splits {
    pub fn new(owners: usize) -> Splits {
        Splits {
            groups: vec![Vec::new(); owners],
            first_line: vec![None; owners],
            seen: HashMap::new(),
        }
    }

    /// Records `share` of `member` in `owner`; `what` names the pair in a
    /// duplicate message.
    pub fn add(
        &mut self,
        owner: usize,
        member: usize,
        share: f64,
        row: &Row,
        what: &str,
        cx: &mut Ctx,
    ) {
        if owner >= self.groups.len() {
            self.groups.resize(owner + 1, Vec::new());
            self.first_line.resize(owner + 1, None);
        }
        if let Some(first) = self.seen.get(&(owner, member)) {
            cx.error(row.row_problem(format!("duplicate row for {what} (first on line {first})")));
            return;
        }
        self.seen.insert((owner, member), row.line);
        if let (Some(g), Some(l)) = (self.groups.get_mut(owner), self.first_line.get_mut(owner)) {
            g.push((member, share));
            l.get_or_insert(row.line);
        }
    }

    /// Each group must sum to 1. `label(i)` names owner `i`, e.g. `sector "F"`.
    pub fn check_sums(&self, file: &Path, label: impl Fn(usize) -> String, cx: &mut Ctx) {
        for i in 0..self.groups.len() {
            self.check_group(i, file, &label, cx);
        }
    }

    /// Group `i` must have rows that sum to 1.
    pub fn check_group(
        &self,
        i: usize,
        file: &Path,
        label: impl Fn(usize) -> String,
        cx: &mut Ctx,
    ) {
        let Some(g) = self.groups.get(i) else { return };
        let sum: f64 = g.iter().map(|p| p.1).sum();
        let line = self.first_line.get(i).copied().flatten();
        if g.is_empty() {
            cx.error(Problem::in_file(
                file,
                format!("{} has no rows; its shares must sum to 1", label(i)),
            ));
        } else if (sum - 1.0).abs() > SHARE_TOLERANCE {
            let msg = format!("shares of {} sum to {sum}, expected 1", label(i));
            cx.error(Problem::at(file, line, Some("share"), msg));
        }
    }

    /// The (member, share) pairs of group `i`.
    pub fn group(&self, i: usize) -> Vec<(usize, f64)> {
        self.groups.get(i).cloned().unwrap_or_default()
    }

    /// Dense row-major matrix owners x `width`.
    pub fn dense(&self, width: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.groups.len() * width];
        for (i, g) in self.groups.iter().enumerate() {
            for &(j, v) in g {
                if let Some(cell) = out.get_mut(i * width + j) {
                    *cell = v;
                }
            }
        }
        out
    }
}
