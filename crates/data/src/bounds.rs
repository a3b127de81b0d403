//! `plausibility.csv`: bounds per input field, with the physical or economic
//! fact behind each (docs/DATA.md). A dataset value outside its bound is an
//! error at load, naming file, line, field, value, bound and reason, and the
//! slip it most likely is (euros typed for million euros, GW for MW, a
//! percentage for a share). Scenarios and policies are checked against the
//! same file (`file` = `scenario` or `policy`).
//!
//! The conditions in `key` are `column=value` pairs separated by `;`: for a
//! dataset file the row's columns (`measure=offshore_wind`), for a scenario
//! `measure=<id>` or `investment=<sector>`, for a policy `lever=<id>` or
//! `campaign=<id>`; `*` (or empty) applies to every row.

use krapte_model::inputs::plausibility::{Bound, Plausibility};
use krapte_problem::echo;

use crate::ctx::{file_name, Ctx};
use crate::problem::Problem;
use crate::table::{self, Row};

const COLUMNS: &[&str] = &[
    "file",
    "field",
    "key",
    "min",
    "max",
    "unit",
    "quality",
    "source_id",
    "reason",
];

/// What bounds may be about, besides the dataset's own CSV files.
const OTHER_TARGETS: [&str; 2] = ["scenario", "policy"];

/// The bounds and a reference to them for messages.
pub struct Bounds {
    pub plausibility: Plausibility,
}

/// Reads `plausibility.csv` (optional: without it only types and signs are
/// checked, and `data check` warns).
pub fn read(cx: &mut Ctx) -> Plausibility {
    let t = table::read(cx, "plausibility.csv", COLUMNS, true);
    let mut out = Plausibility::default();
    if t.rows.is_empty() {
        if t.usable {
            cx.warn(Problem::in_file(
                cx.dir.join("plausibility.csv"),
                "the dataset has no plausibility bounds: values are checked for type and sign only, so a slip (euros for million euros, GW for MW) is not caught",
            ));
        }
        return out;
    }
    for row in &t.rows {
        let file = row.raw("file");
        let known = crate::manifest::REQUIRED_FILES
            .iter()
            .chain(crate::manifest::OPTIONAL_FILES.iter())
            .chain(crate::manifest::SUPPLY_FILES.iter())
            .chain(crate::manifest::POLICY_FILES.iter())
            .chain(OTHER_TARGETS.iter())
            .any(|f| *f == file);
        if !known {
            let all = crate::manifest::REQUIRED_FILES
                .iter()
                .chain(crate::manifest::SUPPLY_FILES.iter())
                .chain(crate::manifest::POLICY_FILES.iter())
                .chain(OTHER_TARGETS.iter())
                .copied();
            let msg = format!(
                "expected a dataset file name, scenario or policy, found {}{}",
                echo(file),
                crate::suggest::hint(file, all)
            );
            cx.error(row.problem("file", msg));
            continue;
        }
        let field = row.text("field", cx);
        let when = conditions(row, cx);
        let min = parse(row, "min", cx);
        let max = parse(row, "max", cx);
        let unit = row.raw("unit").to_string();
        let meta = cx.meta(row);
        if row.raw("reason").is_empty() {
            cx.error(row.problem(
                "reason",
                "a bound needs its reason: the fact that puts the limit there",
            ));
        }
        let (Some(field), Some(when), Some(min), Some(max)) = (field, when, min, max) else {
            continue;
        };
        if min > max {
            cx.error(row.problem("max", format!("max {max} is below min {min}")));
            continue;
        }
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                &format!("{file}:{field} {}", row.raw("key")),
                format!("{min}..{max} {unit}"),
            );
        }
        // Several fields at once: `low;central;high`.
        for f in field.split(';').map(str::trim).filter(|f| !f.is_empty()) {
            out.bounds.push(Bound {
                file: file.to_string(),
                field: f.to_string(),
                when: when.clone(),
                min,
                max,
                unit: unit.clone(),
                reason: row.raw("reason").to_string(),
                line: row.line,
            });
        }
    }
    out
}

/// A bound's number: finite, or empty for no limit on that side.
fn parse(row: &Row, col: &str, cx: &mut Ctx) -> Option<f64> {
    let raw = row.raw(col);
    if raw.is_empty() {
        return Some(if col == "min" {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            cx.error(row.problem(
                col,
                format!(
                    "expected a number (or empty for no limit), found {}",
                    echo(raw)
                ),
            ));
            None
        }
    }
}

/// `measure=offshore_wind;activity=construction` as pairs; `*` or empty = none.
fn conditions(row: &Row, cx: &mut Ctx) -> Option<Vec<(String, String)>> {
    let raw = row.raw("key");
    if raw.is_empty() || raw == "*" {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                out.push((k.trim().to_string(), v.trim().to_string()));
            }
            _ => {
                cx.error(row.problem(
                    "key",
                    format!(
                        "expected column=value pairs separated by ; (or * for every row), found {}",
                        echo(part)
                    ),
                ));
                return None;
            }
        }
    }
    Some(out)
}

impl Bounds {
    /// The problem with `value` in field `col` of a dataset row, if it breaks
    /// a bound.
    pub fn check_row(&self, row: &Row, bound: &str, col: &str, value: f64) -> Option<Problem> {
        let file = file_name(&row.file);
        let b = self
            .plausibility
            .broken(&file, bound, |k| Some(row.raw(k)), value)?;
        let what = if bound == col {
            String::new()
        } else {
            format!("{bound} ")
        };
        Some(row.problem(col, format!("{what}{}", message(value, b))))
    }
}

/// `value 1e9 is above the plausible maximum 250000 first-year students
/// (reason; plausibility.csv line 12)`, with the likely slip.
pub fn message(value: f64, b: &Bound) -> String {
    let side = if value > b.max {
        format!("above the plausible maximum {}", fmt(b.max))
    } else {
        format!("below the plausible minimum {}", fmt(b.min))
    };
    let unit = if b.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", b.unit)
    };
    format!(
        "{} is {side}{unit} ({}; plausibility.csv line {}){}",
        fmt(value),
        b.reason,
        b.line,
        slip(value, b)
    )
}

/// A number as people write it: no exponent below 1e15.
fn fmt(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "no limit" } else { "-no limit" }.to_string();
    }
    if v.abs() >= 1e15 || (v != 0.0 && v.abs() < 1e-6) {
        format!("{v:e}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The slip that brings `value` into the bound, if one does: the unit named
/// in the bound decides which are tried.
pub fn slip(value: f64, b: &Bound) -> String {
    let inside = |v: f64| (b.min..=b.max).contains(&v) && v != 0.0;
    let unit = b.unit.to_ascii_lowercase();
    let mut tries: Vec<(f64, String)> = Vec::new();
    if unit.contains("meur") {
        tries.push((1e-6, "did you mean MEUR? The value looks like euros".into()));
        tries.push((
            1e-3,
            "did you mean MEUR? The value looks like thousands of euros".into(),
        ));
        tries.push((
            1e3,
            "did you mean MEUR? The value looks like billions of euros".into(),
        ));
    }
    if unit.contains("mw") {
        tries.push((1e3, "a stock typed in GW where MW is expected?".into()));
        tries.push((1e-3, "a stock typed in kW where MW is expected?".into()));
    }
    if unit.contains("share") || unit.contains("fraction") || unit == "1/yr" {
        tries.push((
            1e-2,
            "a percentage typed where a share (0..1) is expected?".into(),
        ));
    }
    if unit.contains("hour") {
        tries.push((1e6, "hours typed in millions?".into()));
    }
    tries.push((1e-3, "a value typed in units where thousands are expected, or with a thousands separator read as a decimal point?".into()));
    tries.push((
        1e3,
        "a value typed in thousands where units are expected?".into(),
    ));
    for (factor, what) in tries {
        let fixed = value * factor;
        if inside(fixed) {
            return format!("; {what} ({} would be {})", fmt(value), fmt(fixed));
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(min: f64, max: f64, unit: &str) -> Bound {
        Bound {
            file: "scenario".into(),
            field: "spend".into(),
            when: Vec::new(),
            min,
            max,
            unit: unit.into(),
            reason: "about 5% of GDP a year".into(),
            line: 7,
        }
    }

    #[test]
    fn messages_name_bound_reason_and_slip() {
        let b = bound(0.0, 50_000.0, "MEUR/year");
        assert_eq!(
            message(7.5e9, &b),
            "7500000000 is above the plausible maximum 50000 MEUR/year (about 5% of GDP a year; plausibility.csv line 7); did you mean MEUR? The value looks like euros (7500000000 would be 7500)"
        );
        let gw = bound(100.0, 72_000.0, "MW");
        assert!(message(21.0, &gw)
            .contains("a stock typed in GW where MW is expected? (21 would be 21000)"));
        let share = bound(0.0, 1.0, "share");
        assert!(message(25.0, &share).contains("a percentage typed where a share"));
        assert!(message(1e308, &share).contains("1e308 is above the plausible maximum 1"));
        assert!(!message(1e308, &share).contains("did you mean"));
    }
}
