//! Reading one CSV file of a dataset into rows of named text fields, checking
//! the header against the file's column list. Field parsing (numbers, shares,
//! years) lives here too, so that every field error names its file, line and
//! column. Nothing here knows what a sector or a measure is.
//!
//! Before any row is parsed the file must be safe to read (a regular file
//! inside the dataset folder, see `krapte_problem::read`), match the
//! checksum and row count the manifest records, be UTF-8 and close every
//! quote. Rows are stored compactly (one string per row) and at most
//! [`MAX_ROWS`] are read, so a huge file costs bounded memory.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use krapte_model::Range3;
use krapte_problem::echo;
use krapte_problem::read::{self, Refused, MAX_CSV_BYTES};

use crate::ctx::Ctx;
use crate::problem::Problem;
use crate::suggest;

/// Most data rows read from one file. No file of the contract comes close:
/// the longest, `io_domestic.csv`, has at most sectors × sectors rows (3,136
/// for the built-in 56 sectors; 200,000 would allow 447 sectors).
pub const MAX_ROWS: usize = 200_000;

/// The rows of one CSV file. `usable` is false when the file is missing or its
/// header is broken; callers then skip whole-table checks (sums, coverage)
/// that would only repeat the same problem.
pub struct Table {
    pub file: Rc<Path>,
    pub rows: Vec<Row>,
    pub usable: bool,
}

/// One data row: its line and its fields (in the file's column list order).
pub struct Row {
    pub file: Rc<Path>,
    pub line: u64,
    columns: Rc<[&'static str]>,
    /// The row's trimmed fields, one after the other.
    text: Box<str>,
    /// End of each field in `text`, in `columns` order.
    ends: Box<[u32]>,
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
    let bytes = match read::read_file(&path, MAX_CSV_BYTES, Some(&cx.dir)) {
        Ok(b) => b,
        Err(Refused::Missing) if optional => {
            return Table {
                usable: true,
                ..Table::empty(path)
            }
        }
        Err(Refused::Missing) => {
            cx.error(Problem::in_file(&path, "file is missing"));
            return Table::empty(path);
        }
        Err(r) => {
            cx.error(Problem::in_file(&path, r.to_string()));
            return Table::empty(path);
        }
    };
    cx.check_checksum(name, &path, &bytes);
    if std::str::from_utf8(&bytes).is_err() {
        cx.errors.append(read::utf8_problems(&path, &bytes));
        return Table::empty(path);
    }
    if let Some(line) = read::unclosed_quote(&bytes, b',', Some(b'#')) {
        cx.error(Problem::at(
            &path,
            Some(line),
            None,
            "a quoted field opened on this line is never closed, so the rest of the file would be read into it: is the file cut off?",
        ));
        return Table::empty(path);
    }
    let mut lines = LineCursor::new(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes.as_slice());
    let Some(positions) = check_header(cx, &path, &mut reader, columns, &mut lines) else {
        return Table::empty(path);
    };
    let (rows, complete) = read_rows(cx, &path, &mut reader, positions, &mut lines);
    cx.check_rows(name, &path, rows.len(), complete);
    Table {
        file: path,
        rows,
        usable: complete,
    }
}

/// Turns a record's byte position into its 1-based line, walking forward
/// through the file once (records come in order) without a table of line
/// starts. A record's position is where the previous record ended, so
/// comment and blank lines in between are skipped to reach its own line.
struct LineCursor<'a> {
    bytes: &'a [u8],
    /// Byte offset of the start of line `line`.
    pos: usize,
    line: u64,
}

impl<'a> LineCursor<'a> {
    fn new(bytes: &'a [u8]) -> LineCursor<'a> {
        LineCursor {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// 1-based line of a csv position.
    fn of(&mut self, pos: Option<&csv::Position>) -> Option<u64> {
        let byte = usize::try_from(pos?.byte()).ok()?.min(self.bytes.len());
        if byte < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        // Move to the start of the line holding `byte`.
        while let Some(nl) = self.next_newline() {
            if nl >= byte {
                break;
            }
            self.pos = nl + 1;
            self.line += 1;
        }
        // Skip blank and comment lines, never past the last line.
        let (mut start, mut line) = (self.pos, self.line);
        while matches!(self.bytes.get(start), Some(b'#' | b'\n' | b'\r')) {
            match self
                .bytes
                .get(start..)
                .and_then(|r| r.iter().position(|b| *b == b'\n'))
            {
                Some(k) if start + k < self.bytes.len() => {
                    start += k + 1;
                    line += 1;
                }
                _ => break,
            }
        }
        Some(line)
    }

    fn next_newline(&self) -> Option<usize> {
        self.bytes
            .get(self.pos..)?
            .iter()
            .position(|b| *b == b'\n')
            .map(|k| self.pos + k)
    }
}

/// Maps each expected column to its position, reporting missing, unknown and
/// repeated columns. `None` when the header cannot be used.
fn check_header(
    cx: &mut Ctx,
    path: &Path,
    reader: &mut csv::Reader<&[u8]>,
    columns: &'static [&'static str],
    lines: &mut LineCursor,
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
    if header.is_empty() || (header.len() == 1 && header.get(0).is_some_and(str::is_empty)) {
        cx.error(Problem::at(
            path,
            line,
            None,
            format!(
                "the file is empty: expected a header ({}) and rows",
                columns.join(",")
            ),
        ));
        return None;
    }
    let mut ok = true;
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if seen.iter().any(|(n, _)| *n == name) {
            cx.error(Problem::at(
                path,
                line,
                Some(name),
                "column appears twice in the header",
            ));
            ok = false;
        } else {
            seen.push((name, i));
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
        match seen.iter().find(|(n, _)| *n == col) {
            Some(&(_, i)) => positions.push((col, i)),
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

/// The rows, and whether the whole file was read (false after an I/O error
/// or at [`MAX_ROWS`]).
fn read_rows(
    cx: &mut Ctx,
    path: &Rc<Path>,
    reader: &mut csv::Reader<&[u8]>,
    positions: Vec<(&'static str, usize)>,
    lines: &mut LineCursor,
) -> (Vec<Row>, bool) {
    let columns: Rc<[&'static str]> = positions.iter().map(|p| p.0).collect();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut records = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                records += 1;
                if records > MAX_ROWS {
                    let line = lines.of(record.position());
                    cx.error(Problem::at(
                        path,
                        line,
                        None,
                        format!(
                            "the file has more than {MAX_ROWS} data rows, more than any file of the dataset contract can have: reading stopped here"
                        ),
                    ));
                    return (rows, false);
                }
                let line = lines.of(record.position()).unwrap_or(0);
                let mut text = String::new();
                let mut ends = Vec::with_capacity(positions.len());
                for &(_, i) in &positions {
                    text.push_str(record.get(i).unwrap_or(""));
                    ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
                }
                rows.push(Row {
                    file: Rc::clone(path),
                    line,
                    columns: Rc::clone(&columns),
                    text: text.into_boxed_str(),
                    ends: ends.into_boxed_slice(),
                });
            }
            Err(e) => {
                records += 1;
                let line = lines.of(e.position());
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                cx.error(Problem::at(path, line, None, csv_message(&e)));
                // After an I/O error the reader cannot make progress; other
                // errors (wrong field count) affect one record only.
                if fatal {
                    return (rows, false);
                }
            }
        }
    }
    (rows, true)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let comma = if *len == expected_len + 1 {
                " (a decimal comma splits a number in two: write 7.5, not 7,5; quote text that holds a comma)"
            } else {
                ""
            };
            format!("expected {expected_len} fields like the header, found {len}{comma}")
        }
        csv::ErrorKind::Utf8 { .. } => "line is not valid UTF-8".to_string(),
        _ => e.to_string(),
    }
}

/// A hint for a number that did not parse: a decimal comma, a thousands
/// separator or a unit typed into the field.
pub fn number_hint(raw: &str) -> &'static str {
    let t = raw.trim();
    if t.contains(',')
        && t.replacen(',', ".", 1).parse::<f64>().is_ok()
        && t.matches(',').count() == 1
    {
        " (use a point as the decimal separator: 7.5, not 7,5)"
    } else if t
        .chars()
        .any(|c| matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\'' | '_'))
        && t.replace([',', '.', ' ', '\u{a0}', '\'', '_'], "")
            .parse::<f64>()
            .is_ok()
    {
        " (write plain digits without thousands separators: 1234567, not 1.234.567 or 1 234 567)"
    } else if t.ends_with('%') {
        " (write a share as a fraction: 0.25, not 25%)"
    } else if t
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit())
        && t.chars().any(|c| c.is_alphabetic())
        && !t.to_ascii_lowercase().contains('e')
    {
        " (write the number only; the unit is given by the column)"
    } else {
        ""
    }
}

impl Row {
    pub fn path(&self) -> PathBuf {
        self.file.to_path_buf()
    }

    /// The raw (trimmed) text of a field; empty when absent.
    pub fn raw(&self, col: &str) -> &str {
        let Some(k) = self.columns.iter().position(|c| *c == col) else {
            return "";
        };
        let start = match k {
            0 => 0,
            _ => self.ends.get(k - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.ends.get(k).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
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
            Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => {
                cx.plausible(self, col, v).then_some(v)
            }
            _ => {
                let hint = if raw.parse::<f64>().is_ok() {
                    ""
                } else {
                    number_hint(raw)
                };
                cx.error(self.problem(col, format!("expected {what}, found {}{hint}", echo(raw))));
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
                let hint = number_hint(raw);
                cx.error(self.problem(col, format!("expected {what}, found {}{hint}", echo(raw))));
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
