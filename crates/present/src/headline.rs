//! The headline: five lines that every surface (terminal, report, site)
//! opens with, filled once from the Monte Carlo and the central run and
//! worded here, so that the same numbers read the same everywhere.
//!
//! 1. the technicians the climate targets need in the goal year (net,
//!    median and 90% interval);
//! 2. the gap without and with the plan (median, 90% interval);
//! 3. the probability that there is no gap, without and with the plan,
//!    in calibrated words;
//! 4. the 1 million goal per definition (median, probability);
//! 5. what the gap is made of (the central calculation's terms).
//!
//! Medians and intervals come from the draws; the deterministic run with
//! every parameter at its central value is labelled as such and is never a
//! verdict.

use serde::Serialize;

use crate::num::Lang;
use crate::words;

/// The digital goal: 1 million digitally skilled people.
pub const DIGITAL_GOAL: f64 = 1_000_000.0;

/// A figure's median and 90% interval (P5–P95) over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// The digital goal under one definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigitalLine {
    /// The definition's readable name.
    pub definition: String,
    /// Persons in the goal year over the draws.
    pub persons: Interval,
    /// Share of draws with at least [`DIGITAL_GOAL`] persons.
    pub probability: f64,
}

/// What the gap is made of, in the central calculation (every parameter
/// at its central value): required (baseline + climate demand) minus
/// available. Issue 18 redefines these terms; the identity stays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Decomposition {
    /// Base-year employment plus expansion demand (fte).
    pub baseline_required: f64,
    /// The scenario's net climate demand (fte).
    pub climate_demand: f64,
    /// Supply (fte).
    pub available: f64,
}

impl Decomposition {
    /// Required minus available.
    pub fn gap(&self) -> f64 {
        self.baseline_required + self.climate_demand - self.available
    }
}

/// The five lines' numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// The goal year.
    pub year: u16,
    /// Number of Monte Carlo draws and their seed.
    pub draws: usize,
    pub seed: u64,
    /// The scenario's and the policy's names (no policy: `None`).
    pub scenario: String,
    pub policy: Option<String>,
    /// Technicians the climate targets need in the goal year (net fte).
    pub climate_need: Interval,
    /// The technician gap (fte, positive = shortage).
    pub gap_without: Interval,
    pub gap_with: Option<Interval>,
    /// Share of draws with no gap (gap <= 0).
    pub no_gap_without: f64,
    pub no_gap_with: Option<f64>,
    /// The 1 million goal per definition (with the plan when there is one).
    pub digital: Vec<DigitalLine>,
    /// The central calculation without the plan: its terms and gap.
    pub central: Decomposition,
    /// The central calculation's gap with the plan.
    pub central_gap_with: Option<f64>,
}

/// One line: a short label and the sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub label: String,
    pub text: String,
}

/// Gaps and demand are shown to the nearest hundred fte, persons to the
/// nearest thousand: the draws do not support more digits.
pub const FTE_STEP: f64 = 100.0;
pub const PERSONS_STEP: f64 = 1_000.0;

/// What the central calculation is, wherever its figure appears.
pub fn central_label(lang: Lang) -> &'static str {
    lang.t(
        "centrale berekening (alle parameters op hun centrale waarde)",
        "central calculation (every parameter at its central value)",
    )
}

impl Headline {
    /// A figure in fte as the headline shows it.
    pub fn fte(lang: Lang, v: f64) -> String {
        lang.rounded(v, FTE_STEP)
    }

    /// A count of persons as the headline shows it.
    pub fn persons(lang: Lang, v: f64) -> String {
        lang.rounded(v, PERSONS_STEP)
    }

    /// `67.400 fte (90%-interval 20.100 tot 120.000)`.
    pub fn interval(lang: Lang, i: &Interval, step: f64, unit: &str) -> String {
        let r = lang.range(&lang.rounded(i.p5, step), &lang.rounded(i.p95, step));
        format!(
            "{} {unit} ({} {r})",
            lang.rounded(i.p50, step),
            lang.t("90%-interval", "90% interval")
        )
    }

    /// The five lines in `lang`.
    pub fn lines(&self, lang: Lang) -> Vec<Line> {
        let y = self.year;
        let fte = |i: &Interval| Self::interval(lang, i, FTE_STEP, "fte");
        let mut out = Vec::with_capacity(5);
        out.push(Line {
            label: lang
                .t(
                    "Nodig voor de klimaatdoelen",
                    "Needed for the climate targets",
                )
                .into(),
            text: format!(
                "{} {y}: {} ({}).",
                lang.t(
                    "Technici die de klimaatdoelen vragen in",
                    "Technicians the climate targets need in"
                ),
                fte(&self.climate_need),
                lang.t(
                    "netto, mediaan van de trekkingen",
                    "net, median of the draws"
                )
            ),
        });
        let gap = match &self.gap_with {
            Some(w) => format!(
                "{} {y}: {} {}, {} {}.",
                lang.t("Tekort aan technici in", "Technician gap in"),
                lang.t("zonder het plan", "without the plan"),
                fte(&self.gap_without),
                lang.t("met het plan", "with the plan"),
                fte(w)
            ),
            None => format!(
                "{} {y} ({}): {}.",
                lang.t("Tekort aan technici in", "Technician gap in"),
                lang.t("zonder beleid", "no policy"),
                fte(&self.gap_without)
            ),
        };
        out.push(Line {
            label: lang.t("Het tekort", "The gap").into(),
            text: gap,
        });
        let p = |x: f64| words::probability(x, lang);
        let prob = match self.no_gap_with {
            Some(w) => format!(
                "{} {y}: {} {}, {} {}.",
                lang.t(
                    "Kans dat er geen tekort is in",
                    "Probability of no shortage in"
                ),
                lang.t("zonder het plan", "without the plan"),
                p(self.no_gap_without),
                lang.t("met het plan", "with the plan"),
                p(w)
            ),
            None => format!(
                "{} {y}: {}.",
                lang.t(
                    "Kans dat er geen tekort is in",
                    "Probability of no shortage in"
                ),
                p(self.no_gap_without)
            ),
        };
        out.push(Line {
            label: lang
                .t("Kans zonder tekort", "Probability of no shortage")
                .into(),
            text: prob,
        });
        let digital: Vec<String> = self
            .digital
            .iter()
            .map(|d| {
                format!(
                    "{} {}, {} {}",
                    d.definition,
                    Self::persons(lang, d.persons.p50),
                    lang.t("kans", "probability"),
                    p(d.probability)
                )
            })
            .collect();
        out.push(Line {
            label: lang
                .t(
                    "1 miljoen digitaal vaardigen",
                    "1 million digitally skilled",
                )
                .into(),
            text: if digital.is_empty() {
                lang.t(
                    "Geen definitie van digitaal vaardigen in de gegevens.",
                    "No definition of the digitally skilled in the dataset.",
                )
                .into()
            } else {
                format!(
                    "{} {y} ({}, {}): {}.",
                    lang.t("Personen in", "Persons in"),
                    lang.t("mediaan per definitie", "median per definition"),
                    if self.policy.is_some() {
                        lang.t("met het plan", "with the plan")
                    } else {
                        lang.t("zonder beleid", "no policy")
                    },
                    digital.join("; ")
                )
            },
        });
        let c = &self.central;
        out.push(Line {
            label: lang
                .t("Waaruit het tekort bestaat", "What the gap is made of")
                .into(),
            text: format!(
                "{} {y}, {}: {} {} + {} {} − {} {} = {} {} fte.",
                lang.t("In", "In"),
                central_label(lang),
                lang.t("vraag zonder klimaatopgave", "baseline requirement"),
                Self::fte(lang, c.baseline_required),
                lang.t("klimaatvraag", "climate demand"),
                Self::fte(lang, c.climate_demand),
                lang.t("beschikbaar aanbod", "available supply"),
                Self::fte(lang, c.available),
                lang.t("tekort zonder het plan", "gap without the plan"),
                Self::fte(lang, c.gap())
            ),
        });
        out
    }

    /// Why the central calculation's gap differs from the median.
    pub fn central_note(&self, lang: Lang) -> String {
        let mut s = format!(
            "{}: {} {} fte",
            central_label(lang),
            lang.t("tekort zonder het plan", "gap without the plan"),
            Self::fte(lang, self.central.gap())
        );
        if let Some(w) = self.central_gap_with {
            s += &format!(
                ", {} {} fte",
                lang.t("met het plan", "with the plan"),
                Self::fte(lang, w)
            );
        }
        s += lang.t(
            ". Dat is geen oordeel: de mediaan van de trekkingen wijkt ervan af doordat niet elke bandbreedte symmetrisch rond haar centrale waarde ligt.",
            ". It is no verdict: the median of the draws differs from it because not every range lies symmetrically around its central value.",
        );
        s
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn example() -> Headline {
        Headline {
            year: 2030,
            draws: 2000,
            seed: 2030,
            scenario: "Referentiepad 55%".into(),
            policy: Some("Actieplan".into()),
            climate_need: Interval {
                p5: 40_012.0,
                p50: 52_449.0,
                p95: 80_150.0,
            },
            gap_without: Interval {
                p5: 20_100.0,
                p50: 67_449.0,
                p95: 120_000.0,
            },
            gap_with: Some(Interval {
                p5: -40_000.0,
                p50: 2_800.0,
                p95: 50_000.0,
            }),
            no_gap_without: 0.04,
            no_gap_with: Some(0.46),
            digital: vec![DigitalLine {
                definition: "ICT-beroepen".into(),
                persons: Interval {
                    p5: 600_000.0,
                    p50: 680_400.0,
                    p95: 734_000.0,
                },
                probability: 0.0,
            }],
            central: Decomposition {
                baseline_required: 1_000_000.0,
                climate_demand: 80_000.0,
                available: 1_037_701.0,
            },
            central_gap_with: Some(-2_546.0),
        }
    }

    #[test]
    fn five_lines_in_dutch() {
        let lines = example().lines(Lang::Nl);
        assert_eq!(lines.len(), 5);
        assert_eq!(
            lines[1].text,
            "Tekort aan technici in 2030: zonder het plan 67.400 fte (90%-interval 20.100–120.000), met het plan 2.800 fte (90%-interval −40.000 tot 50.000)."
        );
        assert!(lines[2]
            .text
            .contains("46% (ongeveer even waarschijnlijk als onwaarschijnlijk)"));
        assert!(lines[3]
            .text
            .contains("ICT-beroepen 680.000, kans 0% (zo goed als uitgesloten)"));
        assert!(lines[4]
            .text
            .contains("= tekort zonder het plan 42.300 fte"));
        assert!(lines[4]
            .text
            .contains("centrale berekening (alle parameters op hun centrale waarde)"));
    }

    #[test]
    fn no_verdict_word_below_one_half() {
        let h = example();
        for lang in [Lang::Nl, Lang::En] {
            let all: String = h.lines(lang).iter().map(|l| l.text.clone()).collect();
            for w in ["closed", " met ", "gedicht", "gehaald"] {
                if lang == Lang::Nl && w == " met " {
                    continue; // "met het plan": Dutch for "with".
                }
                assert!(!all.contains(w), "{lang:?}: {w} in {all}");
            }
        }
    }

    #[test]
    fn the_central_figure_is_labelled() {
        let note = example().central_note(Lang::En);
        assert!(note.starts_with("central calculation (every parameter at its central value)"));
        assert!(note.contains("−2,500"));
    }
}
