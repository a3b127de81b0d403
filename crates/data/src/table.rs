//! Reading one CSV file of a dataset into rows of named text fields, checking
//! the header against the file's column list. Field parsing (numbers, shares,
//! years) lives here too, so that every field error names its file, line and
//! column. Nothing here knows what a sector or a measure is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use krapte_model::Range3;

use crate::ctx::Ctx;
use crate::problem::Problem;
use crate::suggest;

/// The rows of one CSV file. `usable` is false when the file is missing or its
/// header is broken; callers then skip whole-table checks (sums, coverage)
/// that would only repeat the same problem.
pub struct Table {
    pub file: Rc<Path>,
    pub rows: Vec<Row>,
    pub usable: bool,
}

/// One data row: its line and its fields by column name.
pub struct Row {
    pub file: Rc<Path>,
    pub line: u64,
    fields: HashMap<&'static str, String>,
}

impl Table {
    fn empty(file: Rc<Path>) -> Table {
        Table {
            file,
            rows: Vec::new(),
            usable: false,
        }
    }
}

/// Reads `dir/name` with exactly `columns` (in any order). A missing file is
/// an error unless `optional`, in which case an empty usable table is returned.
pub fn read(cx: &mut Ctx, name: &str, columns: &'static [&'static str], optional: bool) -> Table {
    let path: Rc<Path> = Rc::from(cx.dir.join(name));
    if !path.is_file() {
        if optional {
            return Table {
                usable: true,
                ..Table::empty(path)
            };
        }
        cx.error(Problem::in_file(&path, "file is missing"));
        return Table::empty(path);
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            cx.error(Problem::in_file(&path, format!("cannot read: {e}")));
            return Table::empty(path);
        }
    };
    // The csv crate's own line count skips comment and blank lines; editors
    // do not, so lines are computed from byte offsets instead.
    let lines = Lines::new(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes.as_slice());
    let Some(positions) = check_header(cx, &path, &mut reader, columns, &lines) else {
        return Table::empty(path);
    };
    let rows = read_rows(cx, &path, &mut reader, &positions, &lines);
    Table {
        file: path,
        rows,
        usable: true,
    }
}

/// Byte offsets of line starts, to turn a record's byte position into a line.
/// A record's position is where the previous record ended, so comment and
/// blank lines in between are skipped to reach the record's own line.
struct Lines<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines { bytes, starts }
    }

    /// 1-based line of a csv position.
    fn of(&self, pos: Option<&csv::Position>) -> Option<u64> {
        let byte = usize::try_from(pos?.byte()).ok()?;
        let mut line = self.starts.partition_point(|&start| start <= byte);
        // `line` is 1-based: `starts[line - 1]` is its start; the last line
        // is never skipped past.
        while self.starts.get(line).is_some()
            && self
                .starts
                .get(line - 1)
                .is_some_and(|&s| self.skippable(s))
        {
            line += 1;
        }
        Some(line as u64)
    }

    /// Whether the line starting at `start` is blank or a comment.
    fn skippable(&self, start: usize) -> bool {
        matches!(self.bytes.get(start), Some(b'#' | b'\n' | b'\r'))
    }
}

/// Maps each expected column to its position, reporting missing, unknown and
/// repeated columns. `None` when the header cannot be used.
fn check_header(
    cx: &mut Ctx,
    path: &Path,
    reader: &mut csv::Reader<&[u8]>,
    columns: &'static [&'static str],
    lines: &Lines,
) -> Option<Vec<(&'static str, usize)>> {
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let line = lines.of(e.position()).or(Some(1));
            cx.error(Problem::at(
                path,
                line,
                None,
                format!("cannot read the header: {}", csv_message(&e)),
            ));
            return None;
        }
    };
    let line = lines.of(header.position()).or(Some(1));
    let mut ok = true;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if seen.insert(name, i).is_some() {
            cx.error(Problem::at(
                path,
                line,
                Some(name),
                "column appears twice in the header",
            ));
            ok = false;
        }
        if !columns.contains(&name) {
            let msg = format!(
                "unknown column{}",
                suggest::hint(name, columns.iter().copied())
            );
            cx.error(Problem::at(path, line, Some(name), msg));
            ok = false;
        }
    }
    let mut positions = Vec::new();
    for &col in columns {
        match seen.get(col) {
            Some(&i) => positions.push((col, i)),
            None => {
                cx.error(Problem::at(
                    path,
                    line,
                    Some(col),
                    "required column is missing from the header",
                ));
                ok = false;
            }
        }
    }
    ok.then_some(positions)
}

fn read_rows(
    cx: &mut Ctx,
    path: &Rc<Path>,
    reader: &mut csv::Reader<&[u8]>,
    positions: &[(&'static str, usize)],
    lines: &Lines,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.of(record.position()).unwrap_or(0);
                let fields = positions
                    .iter()
                    .map(|&(col, i)| (col, record.get(i).unwrap_or("").to_string()))
                    .collect();
                rows.push(Row {
                    file: Rc::clone(path),
                    line,
                    fields,
                });
            }
            Err(e) => {
                let line = lines.of(e.position());
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                cx.error(Problem::at(path, line, None, csv_message(&e)));
                // After an I/O error the reader cannot make progress; other
                // errors (wrong field count, bad UTF-8) affect one record only.
                if fatal {
                    break;
                }
            }
        }
    }
    rows
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("expected {expected_len} fields like the header, found {len}")
        }
        csv::ErrorKind::Utf8 { .. } => "line is not valid UTF-8".to_string(),
        _ => e.to_string(),
    }
}

impl Row {
    pub fn path(&self) -> PathBuf {
        self.file.to_path_buf()
    }

    /// The raw (trimmed) text of a field; empty when absent.
    pub fn raw(&self, col: &str) -> &str {
        self.fields.get(col).map_or("", String::as_str)
    }

    /// A problem in field `col` of this row.
    pub fn problem(&self, col: &str, msg: impl Into<String>) -> Problem {
        Problem::at(&self.file, Some(self.line), Some(col), msg)
    }

    /// A problem with the row as a whole.
    pub fn row_problem(&self, msg: impl Into<String>) -> Problem {
        Problem::at(&self.file, Some(self.line), None, msg)
    }

    /// A required, non-empty text field.
    pub fn text(&self, col: &str, cx: &mut Ctx) -> Option<String> {
        let v = self.raw(col);
        if v.is_empty() {
            cx.error(self.problem(col, "must not be empty"));
            return None;
        }
        Some(v.to_string())
    }

    /// A finite number >= 0.
    pub fn num(&self, col: &str, cx: &mut Ctx) -> Option<f64> {
        self.bounded(col, 0.0, f64::INFINITY, "a number >= 0", cx)
    }

    /// A share: a number between 0 and 1.
    pub fn share(&self, col: &str, cx: &mut Ctx) -> Option<f64> {
        self.bounded(col, 0.0, 1.0, "a number between 0 and 1", cx)
    }

    /// A finite number in `lo..=hi`; `what` describes the expectation.
    pub fn bounded(&self, col: &str, lo: f64, hi: f64, what: &str, cx: &mut Ctx) -> Option<f64> {
        let raw = self.raw(col);
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Some(v),
            _ => {
                cx.error(self.problem(col, format!("expected {what}, found \"{raw}\"")));
                None
            }
        }
    }

    /// A calendar year between 1900 and 2100.
    pub fn year(&self, col: &str, cx: &mut Ctx) -> Option<u16> {
        self.int(col, 1900, 2100, "a year (1900..2100)", cx)
    }

    /// An integer in `lo..=hi`.
    pub fn int(&self, col: &str, lo: u16, hi: u16, what: &str, cx: &mut Ctx) -> Option<u16> {
        let raw = self.raw(col);
        match raw.parse::<u16>() {
            Ok(v) if (lo..=hi).contains(&v) => Some(v),
            _ => {
                cx.error(self.problem(col, format!("expected {what}, found \"{raw}\"")));
                None
            }
        }
    }

    /// A `low`/`central`/`high` triple of numbers in `lo..=hi`, checked for
    /// order. Column names are `{prefix}low` etc. (prefix "" or "cost_").
    pub fn range3(
        &self,
        prefix: &str,
        lo: f64,
        hi: f64,
        what: &str,
        cx: &mut Ctx,
    ) -> Option<Range3> {
        let [low, central, high] = ["low", "central", "high"]
            .map(|end| self.bounded(&format!("{prefix}{end}"), lo, hi, what, cx));
        let r = Range3 {
            low: low?,
            central: central?,
            high: high?,
        };
        if !r.is_ordered() {
            let msg = format!(
                "range is not ordered: low {} <= central {} <= high {} does not hold",
                r.low, r.central, r.high
            );
            cx.error(self.problem(&format!("{prefix}central"), msg));
            return None;
        }
        Some(r)
    }

    /// A range of numbers >= 0.
    pub fn range3_nonneg(&self, prefix: &str, cx: &mut Ctx) -> Option<Range3> {
        self.range3(prefix, 0.0, f64::INFINITY, "a number >= 0", cx)
    }
}
