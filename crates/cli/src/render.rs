//! Renders a [`Report`] as a terminal table, CSV, JSON or an xlsx workbook.
//! Files are written to a temporary file next to the target and renamed into
//! place, so a failed run never leaves a half-written output.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use krapte_present::Lang;

use crate::table::{Column, NumberKind, Report, Table, R3};

/// Groups thousands: 12345.6 -> "12,346"; below 10 keeps up to two
/// decimals (0.25, 3.1), so that small rates and shares stay readable.
/// (English; `krapte-present` formats every figure, in Dutch too.)
pub fn fmt_num(v: f64) -> String {
    Lang::En.num(v)
}

/// Groups the digits of long numbers inside a sentence (`1236196` ->
/// `1,236,196`); years, codes (`85276NED`) and decimals stay as written.
pub fn group_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let before = start.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i).copied();
            let glued = |c: Option<char>| {
                c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ',' | '/' | ':'))
            };
            // A decimal point followed by a digit belongs to the number.
            let decimal_after =
                after == Some('.') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit());
            if run.len() >= 5
                && !run.starts_with('0')
                && !glued(before)
                && (!glued(after) || decimal_after)
            {
                let n = run.len();
                for (k, c) in run.chars().enumerate() {
                    if k > 0 && (n - k).is_multiple_of(3) {
                        out.push(',');
                    }
                    out.push(c);
                }
            } else {
                out.push_str(&run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn fmt_cell(v: &R3, ranged: bool, unit: &str) -> String {
    let central = if unit == "share" || unit.starts_with('%') {
        format!("{:.1}%", v.central * 100.0)
    } else {
        fmt_num(v.central)
    };
    if ranged && (v.low != v.central || v.high != v.central) {
        format!(
            "{central} ({})",
            Lang::En.range(&fmt_num(v.low), &fmt_num(v.high))
        )
    } else {
        central
    }
}

/// How the terminal output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Fit tables to this many columns (`None`: as wide as they are).
    pub width: Option<usize>,
    /// Every table, not only the short view's.
    pub full: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            width: None,
            full: true,
        }
    }
}

/// The terminal's width when standard output is one (or `$COLUMNS`);
/// `None` when the output goes to a file or a pipe.
pub fn terminal_width() -> Option<usize> {
    if let Some(c) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
    {
        return Some(c.max(40));
    }
    let term = console::Term::stdout();
    if !term.is_term() {
        return None;
    }
    term.size_checked().map(|(_, w)| usize::from(w).max(40))
}

/// Splits `s` into pieces of at most `w` characters, at spaces where it can.
fn wrap_cell(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        let mut word = word.to_string();
        loop {
            let need = if cur.is_empty() {
                0
            } else {
                cur.chars().count() + 1
            };
            if need + word.chars().count() <= w {
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.push_str(&word);
                break;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                continue;
            }
            // A word longer than the line: split it.
            let head: String = word.chars().take(w).collect();
            word = word.chars().skip(w).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A table for a terminal: title line, header, aligned rows, notes; fitted
/// to `width` by wrapping the text columns and then leaving out value
/// columns from the right (a note names them).
pub fn text_table_fit(t: &Table, width: Option<usize>) -> String {
    let mut header: Vec<String> = t.key_columns.clone();
    header.extend(t.columns.iter().map(|c| {
        if c.ranged {
            format!("{} (low–high)", c.header)
        } else {
            c.header.clone()
        }
    }));
    let body: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = r.keys.clone();
            cells.extend(
                r.values
                    .iter()
                    .zip(&t.columns)
                    .map(|(v, c)| fmt_cell(v, c.ranged, &t.unit)),
            );
            cells
        })
        .collect();
    let nkeys = t.key_columns.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut shown: Vec<usize> = (0..header.len()).collect();
    let total = |widths: &[usize], shown: &[usize]| -> usize {
        2 + shown.iter().map(|&i| widths[i]).sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    let mut dropped = Vec::new();
    if let Some(limit) = width {
        // Wrap the widest text column, down to `floor` characters.
        let wrap_keys = |widths: &mut [usize], shown: &[usize], floor: usize| {
            while total(widths, shown) > limit {
                let Some((k, &w)) = widths[..nkeys]
                    .iter()
                    .enumerate()
                    .filter(|(k, w)| **w > floor && shown.contains(k))
                    .max_by_key(|(_, w)| **w)
                else {
                    break;
                };
                let excess = total(widths, shown) - limit;
                widths[k] = w.saturating_sub(excess).max(floor);
            }
        };
        wrap_keys(&mut widths, &shown, 14);
        // Then wrap long value headers to the width of their values.
        if total(&widths, &shown) > limit {
            for (i, w) in widths.iter_mut().enumerate().skip(nkeys) {
                let cells = body
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0);
                *w = (*w).min(cells.max(10));
            }
        }
        // Then the text columns down to 8 characters.
        wrap_keys(&mut widths, &shown, 8);
        // Then leave out value columns from the right, keeping one.
        while total(&widths, &shown) > limit && shown.len() > nkeys + 1 {
            if let Some(i) = shown.pop() {
                dropped.push(header[i].clone());
            }
        }
        // Last, text columns from the right, keeping the first.
        while total(&widths, &shown) > limit && nkeys > 1 {
            let Some(pos) = shown.iter().rposition(|&i| i > 0 && i < nkeys) else {
                break;
            };
            let i = shown.remove(pos);
            dropped.push(header[i].clone());
        }
    }
    let line = |cells: &[String]| -> String {
        // Each cell wrapped to its width; a row takes as many lines as its tallest cell.
        let parts: Vec<Vec<String>> = shown
            .iter()
            .map(|&i| wrap_cell(&cells[i], widths[i]))
            .collect();
        let height = parts.iter().map(Vec::len).max().unwrap_or(1);
        let mut out = Vec::with_capacity(height);
        for l in 0..height {
            let row: Vec<String> = shown
                .iter()
                .zip(&parts)
                .map(|(&i, p)| {
                    let c = p.get(l).map_or("", String::as_str);
                    let pad = widths[i].saturating_sub(c.chars().count());
                    if i < nkeys {
                        format!("{c}{}", " ".repeat(pad))
                    } else {
                        format!("{}{c}", " ".repeat(pad))
                    }
                })
                .collect();
            out.push(format!("  {}", row.join("  ").trim_end()));
        }
        out.join("\n")
    };
    let mut out = String::new();
    let mut label = vec![format!("unit: {}", t.unit)];
    if let Some(y) = t.year {
        label.push(format!("year: {y}"));
    }
    if !t.basis.is_empty() {
        label.push(t.basis.clone());
    }
    out.push_str(&wrap_note(
        &format!("{} [{}]", t.title, label.join("; ")),
        width,
        "",
    ));
    out.push_str(&line(&header));
    out.push('\n');
    for row in &body {
        out.push_str(&line(row));
        out.push('\n');
    }
    let mut notes: Vec<String> = t.notes.iter().map(|n| group_numbers(n)).collect();
    if !dropped.is_empty() {
        dropped.reverse();
        notes.push(format!(
            "not shown to fit the terminal: {} (--wide shows every column; --out FILE.xlsx writes them all)",
            dropped.join(", ")
        ));
    }
    for n in &notes {
        out.push_str(&wrap_note(&format!("note: {n}"), width, "  "));
    }
    out
}

/// A line wrapped to `width` (when given), each line after the first
/// indented two more spaces than `indent`.
fn wrap_note(text: &str, width: Option<usize>, indent: &str) -> String {
    let Some(w) = width else {
        return format!("{indent}{text}\n");
    };
    let room = w.saturating_sub(indent.len() + 2).max(20);
    let mut out = String::new();
    for (k, l) in wrap_cell(text, room).into_iter().enumerate() {
        let pad = if k == 0 {
            indent.to_string()
        } else {
            format!("{indent}  ")
        };
        out.push_str(&format!("{pad}{l}\n"));
    }
    out
}

pub fn text_report(r: &Report) -> String {
    text_report_with(r, TextOptions::default())
}

/// The report for a terminal: the headline first, the header lines, then
/// the short view's tables (every table with `full`), fitted to the width.
pub fn text_report_with(r: &Report, o: TextOptions) -> String {
    let mut out = String::new();
    if let Some(h) = &r.meta.headline {
        for l in crate::headline::text(h).lines() {
            out.push_str(&wrap_note(
                l.trim_start(),
                o.width,
                if l.starts_with(' ') { "  " } else { "" },
            ));
        }
        out.push('\n');
    }
    for l in &r.meta.lines {
        for part in l.lines() {
            out.push_str(&wrap_note(&group_numbers(part), o.width, ""));
        }
    }
    let short = !o.full && !r.meta.short_tables.is_empty();
    let mut more = Vec::new();
    for t in &r.tables {
        if short && !r.meta.short_tables.contains(&t.id) {
            more.push(t.title.clone());
            continue;
        }
        out.push('\n');
        if t.files_only {
            out.push_str(&wrap_note(
                &format!(
                    "{} ({} rows): in the csv, json and xlsx output (--format, --out), table {}",
                    t.title,
                    t.rows.len(),
                    t.id
                ),
                o.width,
                "",
            ));
        } else {
            out.push_str(&text_table_fit(t, o.width));
        }
    }
    if !more.is_empty() {
        out.push('\n');
        out.push_str(&wrap_note(
            &format!(
                "{} more tables with --full (or in --out FILE.xlsx / .json / .csv): {}",
                more.len(),
                more.join("; ")
            ),
            o.width,
            "",
        ));
    }
    out
}

/// The CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvStyle {
    /// Comma-separated, decimal point (the default).
    #[default]
    En,
    /// Semicolon-separated, decimal comma, UTF-8 byte-order mark: opens in
    /// Dutch Excel in columns with Fryslân intact.
    Nl,
}

/// A number in a CSV cell: empty when it is not a number.
fn csv_number(v: f64, style: CsvStyle) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = v.to_string();
    match style {
        CsvStyle::En => s,
        CsvStyle::Nl => s.replace('.', ","),
    }
}

/// All tables in one tidy CSV: one row per value.
pub fn csv_report(r: &Report) -> Result<Vec<u8>, String> {
    csv_report_styled(r, CsvStyle::En)
}

/// [`csv_report`] in a dialect.
pub fn csv_report_styled(r: &Report, style: CsvStyle) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(if style == CsvStyle::Nl { b';' } else { b',' })
        .from_writer(Vec::new());
    // As many key pairs as the widest table has (at least 3, so that the
    // layout of a report does not shift with its tables).
    let nkeys = r
        .tables
        .iter()
        .map(|t| t.key_columns.len())
        .max()
        .unwrap_or(0)
        .max(3);
    let mut header: Vec<String> = ["table", "unit", "year", "basis", "dataset_edition"]
        .map(String::from)
        .to_vec();
    for i in 1..=nkeys {
        header.push(format!("key{i}_name"));
        header.push(format!("key{i}"));
    }
    header.extend(["value", "low", "central", "high"].map(String::from));
    w.write_record(&header).map_err(|e| e.to_string())?;
    let tables = r.all_tables();
    for t in &tables {
        for row in &t.rows {
            for (c, v) in t.columns.iter().zip(&row.values) {
                let mut rec: Vec<String> = vec![
                    t.id.clone(),
                    t.unit.clone(),
                    t.year.map(|y| y.to_string()).unwrap_or_default(),
                    t.basis.clone(),
                    r.meta.dataset_edition.clone(),
                ];
                for i in 0..nkeys {
                    rec.push(t.key_columns.get(i).cloned().unwrap_or_default());
                    rec.push(row.keys.get(i).cloned().unwrap_or_default());
                }
                rec.push(c.name.clone());
                for x in [v.low, v.central, v.high] {
                    rec.push(csv_number(x, style));
                }
                w.write_record(&rec).map_err(|e| e.to_string())?;
            }
        }
    }
    let mut bytes = w.into_inner().map_err(|e| e.to_string())?;
    if style == CsvStyle::Nl {
        let mut with_bom = "\u{FEFF}".as_bytes().to_vec();
        with_bom.append(&mut bytes);
        bytes = with_bom;
    }
    Ok(bytes)
}

/// Sheet names: at most 31 characters, unique (Excel compares them without
/// case): the first 31 characters, or the first 28 and `_2`, `_3`, ...
fn sheet_name(id: &str, used: &mut Vec<String>) -> String {
    let id = if id.is_empty() { "sheet" } else { id };
    let taken = |n: &str, used: &[String]| used.iter().any(|u| u.eq_ignore_ascii_case(n));
    let mut name: String = id.chars().take(31).collect();
    let base: String = id.chars().take(28).collect();
    let mut i = 2;
    while taken(&name, used) {
        name = format!("{base}_{i}");
        i += 1;
    }
    used.push(name.clone());
    name
}

/// A key cell that is a whole number (a year, a rank, a lag) without a
/// leading zero (codes such as `0811` stay text).
fn key_number(k: &str) -> Option<f64> {
    if k.is_empty() || k.len() > 9 || (k.len() > 1 && k.starts_with('0')) {
        return None;
    }
    k.chars()
        .all(|c| c.is_ascii_digit())
        .then(|| k.parse().ok())
        .flatten()
}

/// A header readable by people: `gross (fte)`.
fn readable_header(c: &Column, unit: &str) -> String {
    let unit = unit.split([' ', ';', '(']).next().unwrap_or("");
    let percent = c.kind(unit) == NumberKind::Percent;
    if percent || unit.is_empty() || c.header.contains('(') {
        c.header.clone()
    } else {
        format!("{} ({unit})", c.header)
    }
}

/// One sheet per table plus a "Lees mij" sheet (what the file answers and
/// how it was made) and a sheet of sources and assumptions. Numbers are
/// numbers (probabilities and shares formatted as percentages, years as
/// whole numbers, no text for a missing value); the header row is frozen
/// and filtered.
pub fn xlsx_report(r: &Report) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(13);
    let whole = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("#,##0.00");
    let percent = Format::new().set_num_format("0.0%");
    let integer = Format::new().set_num_format("0");
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut used = Vec::new();
    let m = &r.meta;
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name("Lees mij", &mut used)).map_err(e)?;
        ws.write_string_with_format(0, 0, "krapte: lees mij / read me", &title)
            .map_err(e)?;
        let rows: [(&str, &str); 8] = [
            ("vraag / question", &m.question),
            ("scenario", &m.scenario),
            ("beleid / policy", if m.policy.is_empty() { "-" } else { &m.policy }),
            ("gegevenseditie / dataset edition", &m.dataset_edition),
            ("commando / command", &m.command_line),
            ("datum / date", &m.date),
            ("krapte", env!("CARGO_PKG_VERSION")),
            ("bladen / sheets", "one sheet per table: title, unit and basis in rows 1-2, column headers in row 4 (frozen, with a filter), numbers from row 5; a range is three columns (central, low, high: every parameter at its low or high end); empty cell = not computable"),
        ];
        for (i, (k, v)) in rows.iter().enumerate() {
            ws.write_string_with_format(i as u32 + 2, 0, *k, &bold)
                .map_err(e)?;
            ws.write_string_with_format(i as u32 + 2, 1, *v, &wrap)
                .map_err(e)?;
        }
        let first = rows.len() as u32 + 3;
        ws.write_string_with_format(first, 0, "toelichting / notes", &bold)
            .map_err(e)?;
        for (row, l) in (first..).zip(&m.lines) {
            ws.write_string_with_format(row, 1, group_numbers(l), &wrap)
                .map_err(e)?;
        }
        ws.set_column_width(0, 30).map_err(e)?;
        ws.set_column_width(1, 110).map_err(e)?;
    }
    let tables = r.all_tables();
    for t in &tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(t.sheet.as_deref().unwrap_or(&t.id), &mut used))
            .map_err(e)?;
        ws.write_string_with_format(0, 0, &t.title, &title)
            .map_err(e)?;
        let mut label = format!("unit: {}", t.unit);
        if let Some(y) = t.year {
            label.push_str(&format!("; year: {y}"));
        }
        if !t.basis.is_empty() {
            label.push_str(&format!("; {}", t.basis));
        }
        label.push_str(&format!("; dataset edition {}", m.dataset_edition));
        ws.write_string(1, 0, &label).map_err(e)?;
        let mut widths: Vec<usize> = Vec::new();
        let mut col = 0u16;
        let mut put_header = |ws: &mut rust_xlsxwriter::Worksheet, col: u16, h: String| {
            widths.resize(usize::from(col) + 1, 8);
            widths[usize::from(col)] = widths[usize::from(col)].max(h.chars().count().min(28));
            ws.write_string_with_format(3, col, h, &head).map(|_| ())
        };
        for k in &t.key_columns {
            put_header(ws, col, k.replace('_', " ")).map_err(e)?;
            col += 1;
        }
        for c in &t.columns {
            let h = readable_header(c, &t.unit);
            if c.ranged {
                put_header(ws, col, h.clone()).map_err(e)?;
                put_header(ws, col + 1, format!("{h}: low")).map_err(e)?;
                put_header(ws, col + 2, format!("{h}: high")).map_err(e)?;
                col += 3;
            } else {
                put_header(ws, col, h).map_err(e)?;
                col += 1;
            }
        }
        let ncols = col;
        // Per value column: percentages, or decimals when its numbers are small.
        let formats: Vec<&Format> = t
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if c.kind(&t.unit) == NumberKind::Percent {
                    return &percent;
                }
                let small = t.rows.iter().all(|r| {
                    let v = r.values[k];
                    [v.low, v.central, v.high]
                        .iter()
                        .all(|x| !x.is_finite() || x.abs() < 100.0)
                });
                let fractional = t.rows.iter().any(|r| {
                    let x = r.values[k].central;
                    x.is_finite() && (x - x.round()).abs() > 1e-9
                });
                if small && fractional {
                    &decimal
                } else {
                    &whole
                }
            })
            .collect();
        for (i, row) in t.rows.iter().enumerate() {
            let rr = 4 + i as u32;
            let mut col = 0u16;
            for k in &row.keys {
                match key_number(k) {
                    Some(n) => ws
                        .write_number_with_format(rr, col, n, &integer)
                        .map_err(e)?,
                    None => ws.write_string(rr, col, k).map_err(e)?,
                };
                if let Some(w) = widths.get_mut(usize::from(col)) {
                    *w = (*w).max(k.chars().count().min(50));
                }
                col += 1;
            }
            for ((c, v), f) in t.columns.iter().zip(&row.values).zip(&formats) {
                let cells: &[f64] = if c.ranged {
                    &[v.central, v.low, v.high]
                } else {
                    &[v.central]
                };
                for x in cells {
                    if x.is_finite() {
                        ws.write_number_with_format(rr, col, *x, f).map_err(e)?;
                        if let Some(w) = widths.get_mut(usize::from(col)) {
                            *w = (*w).max(fmt_num(*x).chars().count() + 2);
                        }
                    }
                    col += 1;
                }
            }
        }
        for (i, n) in t.notes.iter().enumerate() {
            ws.write_string(
                5 + t.rows.len() as u32 + i as u32,
                0,
                format!("note: {}", group_numbers(n)),
            )
            .map_err(e)?;
        }
        for (k, w) in widths.iter().enumerate() {
            ws.set_column_width(k as u16, (*w as f64 + 2.0).min(52.0))
                .map_err(e)?;
        }
        ws.set_row_height(3, 32).map_err(e)?;
        ws.set_freeze_panes(4, 0).map_err(e)?;
        if ncols > 0 && !t.rows.is_empty() {
            ws.autofilter(3, 0, 3 + t.rows.len() as u32, ncols - 1)
                .map_err(e)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name("Bronnen en aannames", &mut used))
            .map_err(e)?;
        ws.write_string_with_format(
            0,
            0,
            "Aannames / assumptions: values no source gives, with their reason",
            &title,
        )
        .map_err(e)?;
        for (k, h) in [
            "bestand / file",
            "onderdeel / item",
            "waarde / value",
            "reden / reason",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(2, k as u16, *h, &head)
                .map_err(e)?;
        }
        for (i, a) in m.assumptions.iter().enumerate() {
            let rr = 3 + i as u32;
            ws.write_string(rr, 0, &a.file).map_err(e)?;
            ws.write_string(rr, 1, &a.item).map_err(e)?;
            ws.write_string(rr, 2, &a.value).map_err(e)?;
            ws.write_string_with_format(rr, 3, &a.reason, &wrap)
                .map_err(e)?;
        }
        let start = 5 + m.assumptions.len() as u32;
        ws.write_string_with_format(start, 0, "Bronnen / sources of the dataset", &title)
            .map_err(e)?;
        for (k, h) in [
            "id",
            "titel / title",
            "uitgever / publisher",
            "jaar / year",
            "adres / url",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(start + 2, k as u16, *h, &head)
                .map_err(e)?;
        }
        for (i, s) in m.sources.iter().enumerate() {
            let rr = start + 3 + i as u32;
            ws.write_string(rr, 0, &s.id).map_err(e)?;
            ws.write_string_with_format(rr, 1, &s.title, &wrap)
                .map_err(e)?;
            ws.write_string(rr, 2, &s.publisher).map_err(e)?;
            match key_number(&s.year) {
                Some(y) => ws.write_number_with_format(rr, 3, y, &integer).map_err(e)?,
                None => ws.write_string(rr, 3, &s.year).map_err(e)?,
            };
            ws.write_string(rr, 4, &s.url).map_err(e)?;
        }
        for (k, w) in [28.0, 50.0, 36.0, 60.0, 60.0].iter().enumerate() {
            ws.set_column_width(k as u16, *w).map_err(e)?;
        }
        ws.set_freeze_panes(3, 0).map_err(e)?;
    }
    wb.save_to_buffer().map_err(e)
}

/// Output format, chosen by `--format` or the `--out` extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format_ {
    Table,
    Json,
    Csv,
    Xlsx,
}

pub fn render(r: &Report, f: Format_) -> Result<Vec<u8>, String> {
    match f {
        Format_::Table => Ok(text_report(r).into_bytes()),
        Format_::Json => serde_json::to_vec_pretty(&r.to_json()).map_err(|e| e.to_string()),
        Format_::Csv => csv_report(r),
        Format_::Xlsx => xlsx_report(r),
    }
}

/// Format implied by a file extension.
pub fn format_for_path(p: &Path) -> Option<Format_> {
    match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "json" => Some(Format_::Json),
        "csv" => Some(Format_::Csv),
        "xlsx" => Some(Format_::Xlsx),
        "txt" => Some(Format_::Table),
        _ => None,
    }
}

/// The sources of a dataset (`sources.csv`); empty when it cannot be read.
pub fn read_sources(path: &Path) -> Vec<crate::table::SourceRef> {
    let Ok(mut r) = csv::Reader::from_path(path) else {
        return Vec::new();
    };
    let headers = r.headers().cloned().unwrap_or_default();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let cols = [
        col("source_id"),
        col("title"),
        col("publisher"),
        col("year"),
        col("url"),
    ];
    r.records()
        .flatten()
        .map(|rec| {
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or_default().to_string();
            crate::table::SourceRef {
                id: get(cols[0]),
                title: get(cols[1]),
                publisher: get(cols[2]),
                year: get(cols[3]),
                url: get(cols[4]),
            }
        })
        .collect()
}

/// A file name's part from a label: `Referentiepad 55%` -> `referentiepad-55`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The output path: `path` itself, or, when it is a folder, a file in it
/// named after the command, the scenario and the policy
/// (`plan_referentie-55_actieplan.xlsx`).
pub fn out_path(path: &Path, r: &Report, format: Option<Format_>) -> std::path::PathBuf {
    if !path.is_dir() {
        return path.to_path_buf();
    }
    let m = &r.meta;
    let scenario = Path::new(&m.scenario_file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| m.scenario.clone());
    let mut parts = vec![slug(&m.command), slug(&scenario)];
    if !m.policy.is_empty() {
        parts.push(slug(&m.policy));
    }
    parts.retain(|p| !p.is_empty());
    let ext = match format.unwrap_or(Format_::Xlsx) {
        Format_::Json => "json",
        Format_::Csv => "csv",
        Format_::Xlsx => "xlsx",
        Format_::Table => "txt",
    };
    path.join(format!("{}.{ext}", parts.join("_")))
}

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.krapte-tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(fmt_num(1234567.4), "1,234,567");
        assert_eq!(fmt_num(-1234.0), "−1,234");
        assert_eq!(fmt_num(999.5), "1,000");
        assert_eq!(fmt_num(-0.2), "−0.2");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(3.004), "3");
        assert_eq!(fmt_num(9.996), "10");
        assert_eq!(fmt_num(f64::NAN), "n/a");
    }

    #[test]
    fn numbers_in_notes_are_grouped() {
        assert_eq!(
            group_numbers(
                "stock 1236196 fte in 2030, table 85276NED, 0.25 and 12345.5; code 08111"
            ),
            "stock 1,236,196 fte in 2030, table 85276NED, 0.25 and 12,345.5; code 08111"
        );
        assert_eq!(group_numbers("-173774 to 243270"), "-173,774 to 243,270");
    }

    #[test]
    fn tables_fit_the_width() {
        let mut t = Table::new("t", "A table", "fte", Some(2030), "net")
            .keys(&["parameter"])
            .columns(vec![
                Column::ranged("a", "first value"),
                Column::ranged("b", "second value"),
                Column::plain("c", "third"),
            ]);
        t.push(
            vec!["a rather long parameter name that needs wrapping to fit".into()],
            vec![
                R3::new(-173_774.0, 42_299.0, 243_270.0),
                R3::new(1.0, 2.0, 3.0),
                R3::point(0.5),
            ],
        );
        let wide = text_table_fit(&t, None);
        assert!(wide.lines().any(|l| l.chars().count() > 80), "{wide}");
        let narrow = text_table_fit(&t, Some(60));
        for l in narrow.lines() {
            assert!(
                l.chars().count() <= 60,
                "{} chars: {l}\n{narrow}",
                l.chars().count()
            );
        }
        // At 60 the long headers wrap to their values' width: all fits.
        assert!(
            !narrow.contains("not shown to fit the terminal"),
            "{narrow}"
        );
        assert!(narrow.contains("42,299 (−173,774 to 243,270)"), "{narrow}");
        // At 40 columns are left out, and a note names them.
        let tiny = text_table_fit(&t, Some(40));
        assert!(tiny.contains("not shown to fit the terminal"), "{tiny}");
        assert!(tiny.contains("42,299 (−173,774 to 243,270)"), "{tiny}");
    }

    #[test]
    fn nl_csv_has_semicolons_decimal_commas_and_a_bom() {
        let mut t = Table::new("t", "T", "fte", None, "net")
            .keys(&["province"])
            .columns(vec![Column::ranged("gap", "gap")]);
        t.push(vec!["Fryslân".into()], vec![R3::new(1.5, 2.25, f64::NAN)]);
        let r = Report {
            meta: crate::table::Meta::default(),
            tables: vec![t],
        };
        let nl = csv_report_styled(&r, CsvStyle::Nl).expect("csv");
        assert!(nl.starts_with("\u{FEFF}".as_bytes()));
        let text = String::from_utf8(nl).expect("utf-8");
        assert!(text.contains(";Fryslân;;;;;gap;1,5;2,25;\n"), "{text}");
        let en = String::from_utf8(csv_report(&r).expect("csv")).expect("utf-8");
        assert!(
            en.contains(",Fryslân,gap,1.5,2.25,\n") || en.contains("gap,1.5,2.25,"),
            "{en}"
        );
    }

    #[test]
    fn a_folder_gets_a_file_named_after_the_run() {
        let dir = std::env::temp_dir();
        let meta = crate::table::Meta {
            command: "plan".into(),
            scenario: "Referentiepad 55%".into(),
            scenario_file: "scenarios/referentie-55.toml".into(),
            policy: "Actieplan Groene en Digitale Banen (as announced)".into(),
            ..Default::default()
        };
        let r = Report {
            meta,
            tables: Vec::new(),
        };
        let p = out_path(&dir, &r, None);
        assert_eq!(
            p.file_name().and_then(|n| n.to_str()),
            Some("plan_referentie-55_actieplan-groene-en-digitale-banen-as-announced.xlsx")
        );
        assert_eq!(out_path(Path::new("x.csv"), &r, None), Path::new("x.csv"));
    }

    #[test]
    fn key_numbers_are_years_not_codes() {
        assert_eq!(key_number("2030"), Some(2030.0));
        assert_eq!(key_number("0811"), None);
        assert_eq!(key_number("0"), Some(0.0));
        assert_eq!(key_number("PV20"), None);
    }

    #[test]
    fn sheet_names_are_short_and_unique() {
        let mut used = Vec::new();
        let a = sheet_name("a_very_long_table_identifier_that_overflows", &mut used);
        let b = sheet_name("a_very_long_table_identifier_that_overflows", &mut used);
        assert!(a.len() <= 31 && b.len() <= 31);
        assert_ne!(a, b);
        assert_eq!(a, "a_very_long_table_identifier_th");
        assert_eq!(b, "a_very_long_table_identifier_2");
        // Excel compares sheet names without case.
        let c = sheet_name("About", &mut vec!["about".to_string()]);
        assert_eq!(c, "About_2");
    }
}
