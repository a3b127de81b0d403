//! Observation files: our long CSV (`indicator,region,period,value,
//! source_id,vintage,note`) or a CBS StatLine export (`;`-separated,
//! quoted headers, period codes such as `2023JJ00`, `2023KW04` or StatLine's
//! labels `2026 1e kwartaal*`, province names, decimal commas, spaces as
//! thousands separators, `.` for a missing value, and the title and
//! "Gedownload op" lines a StatLine download has around its table), checked
//! against the registry. Every problem is reported with file, line and
//! column; nothing is returned unless the whole file is good.
//!
//! Rules (docs/MONITOR.md): the long format takes plain numbers only (no
//! thousands separators, no decimal comma; `700.000` for a count is refused as
//! ambiguous); vintages are real dates no later than the import date plus
//! [`MAX_VINTAGE_AHEAD_DAYS`]; a period may not start after its vintage; an
//! empty value is an error in the long format and is listed (not imported)
//! in a CBS export; indicators computed by krapte itself (source `krapte`)
//! are written by `record-model` only.

use std::collections::HashSet;
use std::path::Path;

use crate::period::{Date, Period};
use crate::registry::Registry;
use crate::{Problem, Problems};

/// How far after the import date a vintage may lie: a publication date a
/// little ahead (an embargoed release) is fine, 2062 is a typo.
pub const MAX_VINTAGE_AHEAD_DAYS: i64 = 31;

/// Units whose values are counts: `700.000` is then ambiguous.
const COUNT_UNITS: [&str; 4] = ["persons", "jobs", "vacancies", "fte"];

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

/// What an import may do beyond reading the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseOptions {
    /// Multiplies every value: 1000 for a file in thousands ("x 1 000").
    pub scale: f64,
    /// The import date; vintages may be at most [`MAX_VINTAGE_AHEAD_DAYS`] later.
    pub today: Date,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            scale: 1.0,
            today: Date::today(),
        }
    }
}

/// A file read and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub observations: Vec<Observation>,
    /// Rows of a CBS export without a value (`.`: not available): (line,
    /// what the row was about). Not imported, and said so.
    pub missing: Vec<(u64, String)>,
}

/// The province code of a code or a CBS region label ("Noord-Holland (PV)",
/// "Fryslân"); `NL` for the country.
pub fn region_code(raw: &str) -> Option<String> {
    let r = raw.trim().trim_matches('"').trim();
    let name = r.trim_end_matches("(PV)").trim();
    if matches!(name, "" | "NL" | "NL01" | "Nederland" | "Netherlands") {
        return Some("NL".to_string());
    }
    if name.len() == 4
        && name.starts_with("PV")
        && name[2..]
            .parse::<u8>()
            .is_ok_and(|n| (20..=31).contains(&n))
    {
        return Some(name.to_string());
    }
    const NAMES: [(&str, &str); 13] = [
        ("groningen", "PV20"),
        ("fryslân", "PV21"),
        ("friesland", "PV21"),
        ("drenthe", "PV22"),
        ("overijssel", "PV23"),
        ("flevoland", "PV24"),
        ("gelderland", "PV25"),
        ("utrecht", "PV26"),
        ("noord-holland", "PV27"),
        ("zuid-holland", "PV28"),
        ("zeeland", "PV29"),
        ("noord-brabant", "PV30"),
        ("limburg", "PV31"),
    ];
    let lower = name.to_lowercase();
    NAMES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, c)| c.to_string())
}

/// Reads and checks an observation file.
pub fn read_observations(
    path: &Path,
    format: &ImportFormat,
    registry: &Registry,
) -> Result<Vec<Observation>, Problems> {
    read_import(path, format, registry, &ParseOptions::default()).map(|p| p.observations)
}

/// Reads and checks an observation file with `opts`.
pub fn read_import(
    path: &Path,
    format: &ImportFormat,
    registry: &Registry,
    opts: &ParseOptions,
) -> Result<Parsed, Problems> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse_import(&name, &text, format, registry, opts)
}

/// Reads a monitor CSV file safely: a regular file of at most 64 MB, UTF-8
/// (bad bytes named by line and byte).
pub fn read_text(path: &Path) -> Result<String, Problems> {
    let bytes = krapte_problem::read::read_file(path, krapte_problem::read::MAX_CSV_BYTES, None)
        .map_err(|r| Problems::from(Problem::in_file(path, r.to_string())))?;
    krapte_problem::read::into_text(path, bytes)
}

/// A quoted field left open swallows the rest of the file: refused.
fn check_quotes(name: &str, text: &str, delimiter: u8, offset: u64) -> Result<(), Problems> {
    match krapte_problem::read::unclosed_quote(text.as_bytes(), delimiter, None) {
        Some(line) => Err(Problem::at(
            name,
            Some(line + offset),
            None,
            "a quoted field opened on this line is never closed, so the rest of the file would be read into it: is the file cut off?",
        )
        .into()),
        None => Ok(()),
    }
}

/// Reads and checks observations from text (e.g. an upload) with the
/// default options; `name` is what problems call the file.
pub fn parse_observations(
    name: &str,
    text: &str,
    format: &ImportFormat,
    registry: &Registry,
) -> Result<Vec<Observation>, Problems> {
    parse_import(name, text, format, registry, &ParseOptions::default()).map(|p| p.observations)
}

/// The table part of a StatLine download: from the header line (the first
/// that names `Perioden`) to the last data line, without the title,
/// "Gedownload op" and source lines around it. Returns the text and how
/// many lines were skipped before it.
fn statline_table(text: &str) -> (&str, u64) {
    let mut start = 0usize;
    let mut skipped = 0u64;
    let mut found = false;
    for line in text.split_inclusive('\n') {
        if line.to_lowercase().contains("perioden") {
            found = true;
            break;
        }
        start += line.len();
        skipped += 1;
    }
    if !found {
        return (text, 0);
    }
    let table = &text[start..];
    // Cut trailing lines that are notes, not data.
    let mut end = table.len();
    for line in table.split_inclusive('\n').collect::<Vec<_>>().iter().rev() {
        let t = line.trim().trim_start_matches('"').to_lowercase();
        let blank = line.trim().trim_matches([';', ',', '"', ' ']).is_empty();
        if blank || t.starts_with("bron") || t.starts_with("gedownload") || t.starts_with("source")
        {
            end -= line.len();
        } else {
            break;
        }
    }
    (&table[..end], skipped)
}

/// A number of the long format: plain digits, a point as decimal separator.
fn long_value(raw: &str, count: bool) -> Result<f64, String> {
    if raw.is_empty() {
        return Err("the value is empty: give the number, or leave the row out (a figure that is not available is not imported)".into());
    }
    if raw.contains(',') {
        return Err(format!(
            "{}: the long format takes plain numbers, no thousands separators and no decimal comma (700000, 7.5); a CBS export is read with --cbs",
            krapte_problem::echo(raw)
        ));
    }
    if raw.contains([' ', '\u{a0}', '\'', '_']) {
        return Err(format!(
            "{}: no thousands separators in the long format: write 700000",
            krapte_problem::echo(raw)
        ));
    }
    if count && looks_like_thousands_point(raw) {
        return Err(format!(
            "{} is ambiguous for a count: a thousands point (write {}) or a decimal point (write it with one or two decimals)?",
            krapte_problem::echo(raw),
            raw.replace('.', "")
        ));
    }
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!(
            "expected a number, found {}",
            krapte_problem::echo(raw)
        )),
    }
}

/// `700.000`, `1.362.000`: groups of three digits after points.
fn looks_like_thousands_point(raw: &str) -> bool {
    let t = raw.trim_start_matches('-');
    let mut parts = t.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// A number of a CBS export: spaces as thousands separators, a decimal
/// comma; `None` for "not available" (`.`, `-`, `x`, `?` or empty).
fn cbs_value(raw: &str, count: bool) -> Result<Option<f64>, String> {
    let t = raw.trim();
    if matches!(t, "" | "." | "-" | "x" | "?" | "..") {
        return Ok(None);
    }
    let digits: String = t.chars().filter(|c| !matches!(c, ' ' | '\u{a0}')).collect();
    if digits.contains('.') && !digits.contains(',') && count && looks_like_thousands_point(&digits)
    {
        return Err(format!(
            "{} is ambiguous for a count: a thousands point or a decimal point? CBS writes thousands with a space (1 362)",
            krapte_problem::echo(raw)
        ));
    }
    if digits.contains('.') && digits.contains(',') {
        return Err(format!(
            "{}: both a point and a comma; expected a CBS number such as 1 362,5",
            krapte_problem::echo(raw)
        ));
    }
    match digits.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!(
            "expected a number, found {}",
            krapte_problem::echo(raw)
        )),
    }
}

/// Reads and checks observations from text with `opts`.
pub fn parse_import(
    name: &str,
    text: &str,
    format: &ImportFormat,
    registry: &Registry,
    opts: &ParseOptions,
) -> Result<Parsed, Problems> {
    let name = name.to_string();
    let text = text.trim_start_matches('\u{feff}');
    if !opts.scale.is_finite() || opts.scale <= 0.0 || opts.scale > 1e9 {
        return Err(Problem::at(
            &name,
            None,
            Some("scale"),
            format!(
                "expected a scale above 0 (1000 for a file in thousands), found {}",
                opts.scale
            ),
        )
        .into());
    }
    let (text, offset) = match format {
        ImportFormat::Cbs { .. } => statline_table(text),
        ImportFormat::Long => (text, 0),
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    check_quotes(&name, text, delimiter, offset)?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim().trim_matches('"').trim().to_string())
            .collect(),
        Err(e) => {
            return Err(
                Problem::at(&name, Some(1 + offset), None, format!("bad header: {e}")).into(),
            )
        }
    };
    let col = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let mut problems = Problems::new();
    let mut out = Parsed::default();
    let max_vintage = Date::from_days(opts.today.days() + MAX_VINTAGE_AHEAD_DAYS);
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
                )
                .into());
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
            if let Some(why) = vintage_problem(vintage, &max_vintage) {
                return Err(
                    Problem::at(&name, None, Some("vintage"), format!("--vintage {why}")).into(),
                );
            }
            let Some(ind) = registry.get(indicator) else {
                return Err(Problem::at(
                    &name,
                    None,
                    None,
                    format!("unknown indicator \"{indicator}\" (not in the registry)"),
                )
                .into());
            };
            if ind.is_model() {
                return Err(model_only(&name, None, &ind.id).into());
            }
            let per = col("Perioden");
            let reg = col("RegioS")
                .or_else(|| col("Regio's"))
                .or_else(|| col("Regio"));
            let val = match value_column {
                Some(v) => col(v),
                // The one column that is not an id, period or region.
                None => {
                    let rest: Vec<usize> = (0..header.len())
                        .filter(|i| {
                            Some(*i) != per
                                && Some(*i) != reg
                                && !header[*i].eq_ignore_ascii_case("ID")
                                && !header[*i].is_empty()
                        })
                        .collect();
                    (rest.len() == 1).then(|| rest[0])
                }
            };
            if per.is_none() || val.is_none() {
                return Err(Problem::at(
                    &name,
                    Some(1 + offset),
                    None,
                    "a CBS export needs a Perioden column and one value column (name it with --value-column when there are several)",
                )
                .into());
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
                    e.position().map(|p| p.line() + offset),
                    None,
                    format!("unreadable row: {e}"),
                ));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line() + offset);
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
                format!(
                    "unknown indicator {} (not in the registry)",
                    krapte_problem::echo(&indicator)
                ),
            );
            continue;
        };
        if ind.is_model() {
            bad(ind_c, model_only(&name, line, &ind.id).message);
            continue;
        }
        let raw_region = get(reg_c);
        let region = region_code(raw_region);
        if region.is_none() {
            bad(
                reg_c,
                format!(
                    "expected NL, a province code PV20..PV31 or a province name, found {}",
                    krapte_problem::echo(raw_region)
                ),
            );
        }
        let period = Period::parse(get(per_c));
        match period {
            None => bad(per_c, format!("expected a period like 2023, 2023Q4, 2019/20, 2023JJ00, 2023KW04 or 2026 1e kwartaal, found {}", krapte_problem::echo(get(per_c)))),
            Some(p) if p.kind() != ind.periodicity => bad(
                per_c,
                format!("indicator {} is measured per {}, but this period is a {}", ind.id, ind.periodicity, p.kind()),
            ),
            _ => {}
        }
        let count = COUNT_UNITS.contains(&ind.unit.as_str());
        let raw_value = get(val_c);
        let value = match format {
            ImportFormat::Long => long_value(raw_value, count).map(Some),
            ImportFormat::Cbs { .. } => cbs_value(raw_value, count),
        };
        let value = match value {
            Ok(Some(v)) => Some(v * opts.scale),
            Ok(None) => {
                out.missing
                    .push((line.unwrap_or(0), format!("{} {}", raw_region, get(per_c))));
                continue;
            }
            Err(msg) => {
                bad(val_c, msg);
                None
            }
        };
        if let Some(v) = value {
            if v < ind.plausible.0 || v > ind.plausible.1 {
                let scaled = if opts.scale == 1.0 {
                    String::new()
                } else {
                    format!(" (after --scale {})", opts.scale)
                };
                let hint = [1e-3, 1e3]
                    .iter()
                    .find(|f| (ind.plausible.0..=ind.plausible.1).contains(&(v * *f)))
                    .map(|f| {
                        if *f > 1.0 {
                            " (a file in thousands? import it with --scale 1000)"
                        } else {
                            " (thousands where units are expected, or a thousands separator?)"
                        }
                    })
                    .unwrap_or("");
                bad(
                    val_c,
                    format!(
                        "{v} {}{scaled} is outside the plausible range {}..{} of {}{hint}",
                        ind.unit, ind.plausible.0, ind.plausible.1, ind.id
                    ),
                );
            }
        }
        if !registry.sources.is_empty() && !registry.sources.contains_key(&source_id) {
            bad(
                src_c,
                format!(
                    "unknown source {} (not in sources.csv)",
                    krapte_problem::echo(&source_id)
                ),
            );
        }
        let vintage_date = match vintage_problem(&vintage, &max_vintage) {
            Some(why) => {
                bad(vin_c, why);
                None
            }
            None => Date::parse(&vintage),
        };
        if let (Some(p), Some(v)) = (period, vintage_date) {
            if p.start() > v {
                bad(
                    per_c,
                    format!(
                        "the period {p} starts on {} after the vintage {v}: a figure is not published before its period begins (krapte's projections are recorded with record-model)",
                        p.start()
                    ),
                );
                continue;
            }
        }
        if let (Some(period), Some(value), Some(region)) = (period, value, region) {
            let key = (indicator.clone(), region.clone(), period, vintage.clone());
            if !keys.insert(key) {
                bad(
                    None,
                    format!("{indicator} {region} {period} vintage {vintage} is in the file twice"),
                );
                continue;
            }
            out.observations.push(Observation {
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

/// Why `vintage` is not acceptable, if it is not.
fn vintage_problem(vintage: &str, max: &Date) -> Option<String> {
    match Date::parse(vintage) {
        None => Some(format!(
            "expected a publication date YYYY-MM-DD that exists, found {}",
            krapte_problem::echo(vintage)
        )),
        Some(d) if d > *max => Some(format!(
            "the vintage {d} is more than {MAX_VINTAGE_AHEAD_DAYS} days after the import date: a publication date in the future is a typo, and it would hide every later revision"
        )),
        Some(_) => None,
    }
}

fn model_only(name: &str, line: Option<u64>, id: &str) -> Problem {
    Problem::at(
        name,
        line,
        Some("indicator"),
        format!("{id} is computed by krapte itself: it is written by `krapte monitor record-model`, not imported"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_by_the_rules_of_their_format() {
        assert_eq!(long_value("700000", true), Ok(700000.0));
        assert_eq!(long_value("7.5", false), Ok(7.5));
        assert!(long_value("700,000", true).is_err());
        assert!(long_value("700.000", true)
            .expect_err("ambiguous")
            .contains("ambiguous"));
        assert_eq!(long_value("700.000", false), Ok(700.0));
        assert!(long_value("1 362", true).is_err());
        assert!(long_value("", true).expect_err("empty").contains("empty"));
        assert!(long_value("1e999", false).is_err());
        assert_eq!(cbs_value("1 362", true), Ok(Some(1362.0)));
        assert_eq!(cbs_value("7,5", false), Ok(Some(7.5)));
        assert_eq!(cbs_value(".", true), Ok(None));
        assert!(cbs_value("700.000", true).is_err());
        assert_eq!(region_code("Noord-Holland (PV)").as_deref(), Some("PV27"));
        assert_eq!(region_code("Fryslân").as_deref(), Some("PV21"));
        assert_eq!(region_code("Nederland").as_deref(), Some("NL"));
        assert_eq!(region_code("Atlantis"), None);
    }

    #[test]
    fn a_statline_download_is_cut_to_its_table() {
        let text = "\"Werkzame beroepsbevolking\"\n\"Gedownload op: 12 januari 2026\"\n\"Regio's\";\"Perioden\";\"Werkzame beroepsbevolking (x 1 000)\"\n\"Nederland\";\"2026 1e kwartaal*\";\"9 812\"\n\n\"Bron: CBS\"\n";
        let (table, skipped) = statline_table(text);
        assert_eq!(skipped, 2);
        assert!(table.starts_with("\"Regio's\""));
        assert!(table.trim_end().ends_with("\"9 812\""), "{table}");
    }
}
