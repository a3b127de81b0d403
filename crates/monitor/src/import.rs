//! Observation files: our long CSV (`indicator,region,period,value,
//! source_id,vintage,note`) or a CBS StatLine CSV export (`;`-separated,
//! quoted headers, period codes such as `2023JJ00` and `2023KW04`, decimal
//! commas, `.` for a missing value), checked against the registry. Every
//! problem is reported with file, line and column; nothing is returned
//! unless the whole file is good.

use std::collections::HashSet;
use std::path::Path;

use crate::period::Period;
use crate::registry::Registry;
use crate::{Problem, Problems};

/// One observation: a value of an indicator for a region and period, as
/// published in one vintage.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: String,
    /// `NL` or a province code `PV20`..`PV31`.
    pub region: String,
    pub period: Period,
    pub value: f64,
    pub source_id: String,
    /// Publication date `YYYY-MM-DD`.
    pub vintage: String,
    pub note: String,
    /// Low and high end of a value that is a bracket (the model's
    /// projections); `None` for a published figure.
    pub bracket: Option<(f64, f64)>,
}

/// How to read a file.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportFormat {
    /// Our long CSV.
    Long,
    /// A CBS StatLine export of one indicator: its value column, and the
    /// vintage (publication date) to record.
    Cbs {
        indicator: String,
        value_column: Option<String>,
        vintage: String,
    },
}

fn valid_region(r: &str) -> bool {
    r == "NL"
        || (r.len() == 4
            && r.starts_with("PV")
            && r[2..].parse::<u8>().is_ok_and(|n| (20..=31).contains(&n)))
}

fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[1].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && parts[2].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// Reads and checks an observation file.
pub fn read_observations(
    path: &Path,
    format: &ImportFormat,
    registry: &Registry,
) -> Result<Vec<Observation>, Problems> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse_observations(&name, &text, format, registry)
}

/// Reads a monitor CSV file safely: a regular file of at most 64 MB, UTF-8
/// (bad bytes named by line and byte), every quote closed.
pub fn read_text(path: &Path) -> Result<String, Problems> {
    let bytes = krapte_problem::read::read_file(path, krapte_problem::read::MAX_CSV_BYTES, None)
        .map_err(|r| Problems::from(Problem::in_file(path, r.to_string())))?;
    krapte_problem::read::into_text(path, bytes)
}

/// A quoted field left open swallows the rest of the file: refused.
fn check_quotes(name: &str, text: &str) -> Result<(), Problems> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    match krapte_problem::read::unclosed_quote(text.as_bytes(), delimiter, None) {
        Some(line) => Err(Problem::at(
            name,
            Some(line),
            None,
            "a quoted field opened on this line is never closed, so the rest of the file would be read into it: is the file cut off?",
        )
        .into()),
        None => Ok(()),
    }
}

/// Reads and checks observations from text (e.g. an upload); `name` is
/// what problems call the file.
pub fn parse_observations(
    name: &str,
    text: &str,
    format: &ImportFormat,
    registry: &Registry,
) -> Result<Vec<Observation>, Problems> {
    let name = name.to_string();
    let text = text.trim_start_matches('\u{feff}');
    check_quotes(&name, text)?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(Problem::at(&name, Some(1), None, format!("bad header: {e}")).into()),
    };
    let col = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let mut problems = Problems::new();
    let mut out = Vec::new();
    // Column positions for the two formats.
    let (ind_c, reg_c, per_c, val_c, src_c, vin_c, note_c) = match format {
        ImportFormat::Long => {
            let need = [
                "indicator",
                "region",
                "period",
                "value",
                "source_id",
                "vintage",
            ];
            let missing: Vec<&str> = need.iter().copied().filter(|c| col(c).is_none()).collect();
            if !missing.is_empty() {
                return Err(Problem::at(
                    &name,
                    Some(1),
                    None,
                    format!(
                        "missing column(s) {}; expected indicator,region,period,value,source_id,vintage[,note] (or use --cbs for a CBS StatLine export)",
                        missing.join(", ")
                    ),
                ).into());
            }
            (
                col("indicator"),
                col("region"),
                col("period"),
                col("value"),
                col("source_id"),
                col("vintage"),
                col("note"),
            )
        }
        ImportFormat::Cbs {
            value_column,
            vintage,
            indicator,
        } => {
            if !valid_date(vintage) {
                return Err(Problem::at(
                    &name,
                    None,
                    None,
                    format!("--vintage must be a date YYYY-MM-DD, found \"{vintage}\""),
                )
                .into());
            }
            if registry.get(indicator).is_none() {
                return Err(Problem::at(
                    &name,
                    None,
                    None,
                    format!("unknown indicator \"{indicator}\" (not in the registry)"),
                )
                .into());
            }
            let per = col("Perioden");
            let reg = col("RegioS").or_else(|| col("Regio's"));
            let val = match value_column {
                Some(v) => col(v),
                // The one column that is not an id, period or region.
                None => {
                    let rest: Vec<usize> = (0..header.len())
                        .filter(|i| {
                            Some(*i) != per
                                && Some(*i) != reg
                                && !header[*i].eq_ignore_ascii_case("ID")
                        })
                        .collect();
                    (rest.len() == 1).then(|| rest[0])
                }
            };
            if per.is_none() || val.is_none() {
                return Err(Problem::at(
                    &name,
                    Some(1),
                    None,
                    "a CBS export needs a Perioden column and one value column (name it with --value-column when there are several)",
                ).into());
            }
            (None, reg, per, val, None, None, None)
        }
    };
    let mut keys = HashSet::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::at(
                    &name,
                    e.position().map(|p| p.line()),
                    None,
                    format!("unreadable row: {e}"),
                ));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line());
        let get = |c: Option<usize>| {
            c.and_then(|i| rec.get(i))
                .map(|s| s.trim().trim_matches('"').trim())
                .unwrap_or("")
        };
        let field = |c: Option<usize>| {
            c.and_then(|i| header.get(i))
                .map_or("", String::as_str)
                .to_string()
        };
        let mut bad = |c: Option<usize>, msg: String| {
            let f = field(c);
            problems.push(Problem::at(
                &name,
                line,
                (!f.is_empty()).then_some(f.as_str()),
                msg,
            ));
        };
        let (indicator, source_id, vintage) = match format {
            ImportFormat::Long => (
                get(ind_c).to_string(),
                get(src_c).to_string(),
                get(vin_c).to_string(),
            ),
            ImportFormat::Cbs {
                indicator, vintage, ..
            } => {
                let src = registry
                    .get(indicator)
                    .map(|i| i.source_id.clone())
                    .unwrap_or_default();
                (indicator.clone(), src, vintage.clone())
            }
        };
        let Some(ind) = registry.get(&indicator) else {
            bad(
                ind_c,
                format!("unknown indicator \"{indicator}\" (not in the registry)"),
            );
            continue;
        };
        let raw_region = get(reg_c);
        let region = match raw_region {
            "" | "NL01" | "NL" => "NL".to_string(),
            r => r.to_string(),
        };
        if !valid_region(&region) {
            bad(
                reg_c,
                format!("expected NL or a province code PV20..PV31, found \"{raw_region}\""),
            );
        }
        let period = Period::parse(get(per_c));
        match period {
            None => bad(per_c, format!("expected a period like 2023, 2023Q4, 2019/20, 2023JJ00 or 2023KW04, found \"{}\"", get(per_c))),
            Some(p) if p.kind() != ind.periodicity => bad(
                per_c,
                format!("indicator {} is measured per {}, but this period is a {}", ind.id, ind.periodicity, p.kind()),
            ),
            _ => {}
        }
        let raw_value = get(val_c);
        if raw_value == "." || raw_value.is_empty() {
            // CBS writes "." for "not available": no observation.
            continue;
        }
        let value = raw_value
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite());
        match value {
            None => bad(val_c, format!("expected a number, found \"{raw_value}\"")),
            Some(v) if v < ind.plausible.0 || v > ind.plausible.1 => bad(
                val_c,
                format!(
                    "{v} {} is outside the plausible range {}..{} of {}",
                    ind.unit, ind.plausible.0, ind.plausible.1, ind.id
                ),
            ),
            _ => {}
        }
        if !registry.sources.is_empty() && !registry.sources.contains_key(&source_id) {
            bad(
                src_c,
                format!("unknown source \"{source_id}\" (not in sources.csv)"),
            );
        }
        if !valid_date(&vintage) {
            bad(
                vin_c,
                format!("expected a date YYYY-MM-DD, found \"{vintage}\""),
            );
        }
        if let (Some(period), Some(value)) = (period, value) {
            let key = (indicator.clone(), region.clone(), period, vintage.clone());
            if !keys.insert(key) {
                bad(
                    None,
                    format!("{indicator} {region} {period} vintage {vintage} is in the file twice"),
                );
                continue;
            }
            out.push(Observation {
                indicator,
                region,
                period,
                value,
                source_id,
                vintage,
                note: get(note_c).to_string(),
                bracket: None,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
