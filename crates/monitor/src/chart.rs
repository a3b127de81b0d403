//! An indicator's series as a chart: the monitor's facts (latest vintage
//! per period, revised periods, series breaks, the target, the fitted
//! trend with its 90% band, staleness) handed to the shared line chart of
//! `krapte-present`, which draws it for the progress report and the
//! website alike.

use krapte_present::chart::line::{Break, LineChart, LinePoint, Target, Trend};
use krapte_present::chart::ValueFormat;
use krapte_present::Lang;

use crate::registry::Indicator;
use crate::store::Point;
use crate::trend::{assess_with_breaks, Assessment};

pub use krapte_present::esc;

/// A series is stale when its latest period ends this many years or more
/// before the year of the report.
pub const STALE_AFTER_YEARS: f64 = 2.0;

/// The axis title (with unit) and number format of an indicator's unit.
pub fn unit_axis(unit: &str, lang: Lang) -> (String, ValueFormat, bool) {
    let t = |nl: &str, en: &str| lang.t(nl, en).to_string();
    match unit {
        "persons" => (t("personen", "persons"), ValueFormat::Number, true),
        "jobs" => (t("banen", "jobs"), ValueFormat::Number, true),
        "fte" => (
            t("fte (voltijdbanen)", "fte (full-time equivalents)"),
            ValueFormat::Number,
            true,
        ),
        "vacancies" => (t("vacatures", "vacancies"), ValueFormat::Number, true),
        "percent" => (t("procent", "percent"), ValueFormat::Percent, true),
        "share" => (t("aandeel", "share"), ValueFormat::Share, true),
        "percent_per_year" => (
            t("procent per jaar", "percent per year"),
            ValueFormat::Percent,
            false,
        ),
        "index" => (t("index", "index"), ValueFormat::Number, false),
        other => (other.to_string(), ValueFormat::Number, false),
    }
}

/// The unit in words after a number: `personen`, `%`.
pub fn unit_words(unit: &str, lang: Lang) -> String {
    match unit {
        "percent" => "%".into(),
        "percent_per_year" => lang.t("% per jaar", "% per year").into(),
        "share" => String::new(),
        _ => unit_axis(unit, lang).0,
    }
}

/// A value of an indicator as text, in its unit (`1.234 personen`, `19,4%`).
pub fn value_text(unit: &str, v: f64, lang: Lang) -> String {
    let (_, format, _) = unit_axis(unit, lang);
    let words = unit_words(unit, lang);
    let s = format.value(lang, v);
    if words.is_empty() || words.starts_with('%') {
        format!("{s}{}", words.trim_start_matches('%'))
    } else {
        format!("{s} {words}")
    }
}

/// The calendar year now (UTC), for the stale flag of a page served today.
pub fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Mean Gregorian year of 365.2425 days: exact to the day, enough for a year.
    (1970 + secs / 31_556_952) as u16
}

/// Chart x of a period: its year (a quarter or school year lies between).
fn chart_x(position: f64) -> f64 {
    position - 0.5
}

/// The chart of indicator `ind` (`name` in the chart's language), its
/// `series` (time order) and its breaks (period positions,
/// [`crate::Registry::break_positions`]). `as_of_year` is the year of the
/// report or page: an older series gets a stale flag.
pub fn chart(
    ind: &Indicator,
    name: &str,
    series: &[Point],
    breaks: &[f64],
    lang: Lang,
    as_of_year: Option<u16>,
) -> String {
    chart_sized(ind, name, series, breaks, lang, as_of_year, 640.0, 300.0)
}

/// [`chart`] drawn `width` x `height` px (the layout adapts: fewer ticks
/// and a wrapped legend on a narrow chart; text stays at its size).
#[allow(clippy::too_many_arguments)]
pub fn chart_sized(
    ind: &Indicator,
    name: &str,
    series: &[Point],
    breaks: &[f64],
    lang: Lang,
    as_of_year: Option<u16>,
    width: f64,
    height: f64,
) -> String {
    let mut c = LineChart::new(&format!("chart-{}", ind.id), name, lang);
    c.width = width;
    c.height = height;
    let (y_title, format, zero) = unit_axis(&ind.unit, lang);
    c.y_title = y_title;
    c.format = format;
    c.zero_based = zero;
    let val = |v: f64| value_text(&ind.unit, v, lang);
    c.points = series
        .iter()
        .map(|p| {
            let mut tip = format!(
                "{}: {} ({} {})",
                p.period,
                val(p.value),
                lang.t("publicatie", "vintage"),
                p.vintage
            );
            if let Some((lo, hi)) = p.bracket {
                tip += &format!("; {}", lang.range(&val(lo), &val(hi)));
            }
            if !p.earlier.is_empty() {
                let list: Vec<String> = p
                    .earlier
                    .iter()
                    .map(|(v, x)| format!("{v}: {}", val(*x)))
                    .collect();
                tip += &format!("; {} {}", lang.t("eerder", "earlier"), list.join(", "));
            }
            LinePoint {
                x: chart_x(p.period.position()),
                value: p.value,
                band: p.bracket,
                revised: !p.earlier.is_empty(),
                tip,
            }
        })
        .collect();
    c.breaks = breaks
        .iter()
        .map(|&b| Break {
            // Between the break's period and the one before it.
            x: chart_x(b) - 0.5,
            label: c.words.series_break.clone(),
        })
        .collect();
    // Never a trend across a flagged break: fitted after the last one.
    let a = assess_with_breaks(ind, series, breaks);
    if let (Some(fit), Some((lo, _, hi))) = (a.fit, a.projection) {
        if let Some((_, year)) = ind.target {
            let end = f64::from(year) + 0.5;
            let n = 12;
            let points = (0..=n)
                .map(|k| {
                    let x = fit.from + (end - fit.from) * f64::from(k) / f64::from(n);
                    (chart_x(x), fit.at(x))
                })
                .collect();
            c.trend = Some(Trend {
                points,
                band_end: Some((lo, hi)),
            });
        }
    } else if let Some(fit) = a.fit {
        // No target: the trend over the fitted periods only.
        let end = series.last().map_or(fit.from, |p| p.period.position());
        c.trend = Some(Trend {
            points: vec![
                (chart_x(fit.from), fit.at(fit.from)),
                (chart_x(end), fit.at(end)),
            ],
            band_end: None,
        });
    }
    if let Some((v, y)) = ind.target {
        c.target = Some(Target {
            x: f64::from(y),
            value: v,
            label: format!("{} {y}: {}", c.words.target, val(v)),
        });
    }
    let last = series.last();
    if let (Some(p), Some(now)) = (last, as_of_year) {
        // A figure for a future year (the model's projection) is not stale.
        if p.period.position() + 0.5 <= f64::from(now) - STALE_AFTER_YEARS + 1.0 {
            c.stale = Some(format!(
                "{} {}",
                lang.t("Verouderd: laatste waarneming", "Stale: latest observation"),
                p.period
            ));
        }
    }
    c.desc = describe(ind, name, series, &c, &a, lang);
    c.svg()
}

/// The chart in words, for screen readers.
fn describe(
    ind: &Indicator,
    name: &str,
    series: &[Point],
    c: &LineChart,
    a: &Assessment,
    lang: Lang,
) -> String {
    let val = |v: f64| value_text(&ind.unit, v, lang);
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return format!("{name}: {}", c.words.no_data);
    };
    let mut s = format!(
        "{name}: {} {} {} {} {}; {} {}: {}.",
        series.len(),
        lang.t("waarnemingen van", "observations from"),
        first.period,
        lang.t("tot", "to"),
        last.period,
        lang.t("laatste waarde", "latest value"),
        last.period,
        val(last.value)
    );
    if let Some(t) = &c.target {
        s += &format!(" {}.", t.label);
    }
    if let Some(note) = a.break_note(lang == Lang::Nl) {
        s += &format!(" {}.", capitalised(&note));
    } else if !c.breaks.is_empty() {
        s += &format!(
            " {}.",
            lang.t("De reeks heeft een trendbreuk", "The series has a break")
        );
    }
    if let Some(st) = &c.stale {
        s += &format!(" {st}.");
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;
    use crate::registry::{Direction, Pillar};

    fn ind() -> Indicator {
        Indicator {
            id: "ict".into(),
            name_nl: "ICT-werkenden".into(),
            name_en: "ICT workers".into(),
            pillar: Pillar::Arbeidsmarkt,
            unit: "persons".into(),
            definition: "x".into(),
            source_id: "S".into(),
            definition_version: "v1".into(),
            periodicity: "year".into(),
            target: Some((1_000_000.0, 2030)),
            direction: Direction::Up,
            plausible: (0.0, 1e9),
        }
    }

    fn series() -> Vec<Point> {
        (2016..=2021)
            .map(|y| Point {
                period: Period::Year(y),
                value: 700_000.0 + 40_000.0 * f64::from(y - 2016),
                vintage: "2024-01-01".into(),
                bracket: None,
                earlier: if y == 2020 {
                    vec![("2023-01-01".into(), 850_000.0)]
                } else {
                    Vec::new()
                },
            })
            .collect()
    }

    #[test]
    fn an_indicator_chart_has_trend_target_break_and_stale_flag() {
        let i = ind();
        let svg = chart(
            &i,
            "ICT-werkenden",
            &series(),
            &[2021.5],
            Lang::Nl,
            Some(2026),
        );
        for part in [
            "doel 2030: 1.000.000 personen",
            "trendbreuk",
            "Verouderd: laatste waarneming 2021",
            "herzien cijfer",
            "stroke-dasharray=\"6 4\"",
            "<title id=\"chart-ict-t\">ICT-werkenden</title>",
        ] {
            assert!(svg.contains(part), "{part} missing in {svg}");
        }
        let fresh = chart(&i, "ICT workers", &series(), &[], Lang::En, Some(2022));
        assert!(!fresh.contains("Stale"), "{fresh}");
        assert!(fresh.contains("target 2030: 1,000,000 persons"));
    }

    /// A level jump at a flagged break is not drawn as growth: the trend
    /// starts at the break, and the chart's description says so.
    #[test]
    fn the_trend_starts_after_a_break() {
        let i = ind();
        let mut s = series();
        for p in s.iter_mut().filter(|p| p.period.position() > 2019.0) {
            p.value += 500_000.0;
        }
        let brk = Period::Year(2019).position();
        let with = chart(&i, "ICT", &s, &[brk], Lang::Nl, Some(2022));
        assert!(
            with.contains("Trend alleen over de 3 waarnemingen vanaf de breuk in de reeks in 2019"),
            "{with}"
        );
        let across = chart(&i, "ICT", &s, &[], Lang::Nl, Some(2022));
        assert!(!across.contains("vanaf de breuk"));
        let a = assess_with_breaks(&i, &s, &[brk]);
        let fit = a.fit.expect("a trend on three points");
        assert!((fit.from - brk).abs() < 1e-9, "fit from {}", fit.from);
    }

    #[test]
    fn values_in_their_unit() {
        assert_eq!(value_text("percent", 19.4, Lang::Nl), "19,4%");
        assert_eq!(value_text("persons", 1_234.0, Lang::En), "1,234 persons");
        assert_eq!(value_text("share", 0.25, Lang::Nl), "25%");
        assert_eq!(
            value_text("percent_per_year", 1.4, Lang::En),
            "1.4% per year"
        );
    }
}
