//! Renders a [`Report`] as a terminal table, CSV, JSON or an xlsx workbook.
//! Files are written to a temporary file next to the target and renamed into
//! place, so a failed run never leaves a half-written output.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::table::{Report, Table, R3};

/// Groups thousands: 12345.6 -> "12,346"; below 10 keeps up to two
/// decimals (0.25, 3.1), so that small rates and shares stay readable.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v.abs() < 10.0 && (v - v.round()).abs() >= 0.005 {
        let s = format!("{v:.2}");
        return s.trim_end_matches('0').to_string();
    }
    let neg = v < 0.0 && v.round() != 0.0;
    let digits = format!("{:.0}", v.abs().round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn fmt_cell(v: &R3, ranged: bool, unit: &str) -> String {
    let central = if unit == "share" || unit.starts_with('%') {
        format!("{:.1}%", v.central * 100.0)
    } else {
        fmt_num(v.central)
    };
    if ranged && (v.low != v.central || v.high != v.central) {
        if v.low < 0.0 || v.high < 0.0 {
            format!("{central} ({} to {})", fmt_num(v.low), fmt_num(v.high))
        } else {
            format!("{central} ({}–{})", fmt_num(v.low), fmt_num(v.high))
        }
    } else {
        central
    }
}

/// A table for a terminal: title line, header, aligned rows, notes.
pub fn text_table(t: &Table) -> String {
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
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let nkeys = t.key_columns.len();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i].saturating_sub(c.chars().count());
                if i < nkeys {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect();
        format!("  {}", parts.join("  ").trim_end())
    };
    let mut out = String::new();
    let mut label = vec![format!("unit: {}", t.unit)];
    if let Some(y) = t.year {
        label.push(format!("year: {y}"));
    }
    if !t.basis.is_empty() {
        label.push(t.basis.clone());
    }
    out.push_str(&format!("{} [{}]\n", t.title, label.join("; ")));
    out.push_str(&line(&header));
    out.push('\n');
    for row in &body {
        out.push_str(&line(row));
        out.push('\n');
    }
    for n in &t.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out
}

pub fn text_report(r: &Report) -> String {
    let mut out = String::new();
    if let Some(h) = &r.headline {
        out.push_str(&crate::headline::text(h));
        out.push('\n');
    }
    for l in &r.meta.lines {
        out.push_str(l);
        out.push('\n');
    }
    for t in &r.tables {
        out.push('\n');
        if t.files_only {
            out.push_str(&format!(
                "{} ({} rows): in the csv, json and xlsx output (--format, --out), table {}\n",
                t.title,
                t.rows.len(),
                t.id
            ));
        } else {
            out.push_str(&text_table(t));
        }
    }
    out
}

/// All tables in one tidy CSV: one row per value.
pub fn csv_report(r: &Report) -> Result<Vec<u8>, String> {
    let mut w = csv_writer();
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
                    rec.push(x.to_string());
                }
                w.write_record(&rec).map_err(|e| e.to_string())?;
            }
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
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

/// One sheet per table plus an "about" sheet with the metadata.
pub fn xlsx_report(r: &Report) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("#,##0");
    let mut used = Vec::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name("about", &mut used)).map_err(e)?;
        ws.write_string_with_format(0, 0, "krapte", &bold)
            .map_err(e)?;
        for (i, l) in r.meta.lines.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, l).map_err(e)?;
        }
    }
    let tables = r.all_tables();
    for t in &tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(t.sheet.as_deref().unwrap_or(&t.id), &mut used))
            .map_err(e)?;
        ws.write_string_with_format(0, 0, &t.title, &bold)
            .map_err(e)?;
        let mut label = format!("unit: {}", t.unit);
        if let Some(y) = t.year {
            label.push_str(&format!("; year: {y}"));
        }
        if !t.basis.is_empty() {
            label.push_str(&format!("; {}", t.basis));
        }
        label.push_str(&format!("; dataset edition {}", r.meta.dataset_edition));
        ws.write_string(1, 0, &label).map_err(e)?;
        let mut col = 0u16;
        for k in &t.key_columns {
            ws.write_string_with_format(3, col, k, &bold).map_err(e)?;
            col += 1;
        }
        for c in &t.columns {
            ws.write_string_with_format(3, col, &c.name, &bold)
                .map_err(e)?;
            col += 1;
            if c.ranged {
                ws.write_string_with_format(3, col, format!("{}_low", c.name), &bold)
                    .map_err(e)?;
                ws.write_string_with_format(3, col + 1, format!("{}_high", c.name), &bold)
                    .map_err(e)?;
                col += 2;
            }
        }
        for (i, row) in t.rows.iter().enumerate() {
            let rr = 4 + i as u32;
            let mut col = 0u16;
            for k in &row.keys {
                ws.write_string(rr, col, k).map_err(e)?;
                col += 1;
            }
            for (c, v) in t.columns.iter().zip(&row.values) {
                ws.write_number_with_format(rr, col, v.central, &num)
                    .map_err(e)?;
                col += 1;
                if c.ranged {
                    ws.write_number_with_format(rr, col, v.low, &num)
                        .map_err(e)?;
                    ws.write_number_with_format(rr, col + 1, v.high, &num)
                        .map_err(e)?;
                    col += 2;
                }
            }
        }
        for (i, n) in t.notes.iter().enumerate() {
            ws.write_string(5 + t.rows.len() as u32 + i as u32, 0, format!("note: {n}"))
                .map_err(e)?;
        }
        ws.set_column_width(0, 14).map_err(e)?;
        ws.set_column_width(1, 40).map_err(e)?;
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
        assert_eq!(fmt_num(-1234.0), "-1,234");
        assert_eq!(fmt_num(999.5), "1,000");
        assert_eq!(fmt_num(-0.2), "-0.2");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(3.004), "3");
        assert_eq!(fmt_num(9.996), "10");
        assert_eq!(fmt_num(f64::NAN), "n/a");
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
