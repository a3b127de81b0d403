//! The headline: five lines that every surface (terminal, report, site,
//! JSON API) opens with, computed once ([`compute`](crate::compute), with
//! the feature `model`) and worded here, so that the same numbers read the
//! same everywhere.
//!
//! 1. the technicians the climate targets need in the goal year (net,
//!    median and 90% interval), and how much of it the framing puts on top
//!    of the base year's work;
//! 2. the gap without and with the plan (median, 90% interval);
//! 3. the probability that there is no gap, without and with the plan,
//!    in calibrated words;
//! 4. the 1 million goal per definition (median, probability);
//! 5. what the gap is made of (the mean of the draws' terms, which add up
//!    to the mean gap).
//!
//! Medians and intervals come from the draws; the deterministic run with
//! every parameter at its central value is labelled as such, is never a
//! verdict, and comes with a note on why it differs from the median.

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

/// The monitor's observed trend for a digital definition, beside the
/// model's projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    /// The monitor indicator's readable name.
    pub indicator: String,
    /// The latest observation (persons) and its period.
    pub latest: f64,
    pub latest_period: String,
    /// The trend's value in the goal year (persons), when it can be fitted.
    pub trend_at_goal: Option<f64>,
    /// How the trend treats a series break: fitted after it, or across it
    /// adjusted by the break's size (a sentence, Dutch and English).
    pub break_nl: Option<String>,
    pub break_en: Option<String>,
}

/// The digital goal under one definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigitalLine {
    /// `id@version` of the definition (for analysts and the JSON API).
    pub id: String,
    /// The definition's readable name, Dutch and English.
    pub name_nl: String,
    pub name_en: String,
    /// Persons in the goal year over the draws (with the plan when there is one).
    pub persons: Interval,
    /// Share of draws with at least [`DIGITAL_GOAL`] persons.
    pub probability: f64,
    /// The monitor's trend for the same definition, when the monitor has it.
    pub observed: Option<Observed>,
}

impl DigitalLine {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_nl, &self.name_en)
    }

    /// The one verdict on the 1 million under this definition, and what it
    /// rests on: the model's probability, which counts the plan's effect and
    /// the demographic outflow; the observed trend is shown beside it, and
    /// where the two disagree (the trend reaches 1 million, the model
    /// probably does not, or the reverse) the sentence says so.
    pub fn verdict(&self, lang: Lang) -> String {
        let mut s = format!(
            "{} ({} {})",
            words::goal_verdict(self.probability, lang),
            lang.t("kans", "probability"),
            words::probability(self.probability, lang)
        );
        if let Some(o) = &self.observed {
            if let Some(trend) = o.trend_at_goal {
                let trend_reaches = trend >= DIGITAL_GOAL;
                let model_reaches = words::reached(self.probability);
                if trend_reaches != model_reaches {
                    s += lang.t(
                        "; de doorgetrokken trend komt er anders uit, maar het oordeel volgt het model: dat rekent met uitstroom, onderwijs en het plan, een trend alleen met het verleden",
                        "; the extrapolated trend says otherwise, but the verdict follows the model: it counts outflow, education and the plan, a trend only the past",
                    );
                }
            }
        }
        s
    }
}

/// What the gap is made of (fte): the mean over the draws of each term,
/// so that the terms add up to the mean gap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Terms {
    /// Employment in the base year: the level the terms start from.
    pub base_employment: f64,
    /// The base year's structural vacancies.
    pub shortage: f64,
    /// Baseline (non-climate) expansion since the base year.
    pub baseline_growth: f64,
    /// The climate demand the framing puts on top.
    pub climate: f64,
    /// The plan's productivity effect on required labour.
    pub productivity: f64,
    /// Supply's change since the base year (inflow minus outflow), without the plan.
    pub supply_change: f64,
    /// The plan's extra supply.
    pub policy_supply: f64,
    /// The mean gap: shortage + growth + climate + productivity - supply change - policy supply.
    pub gap: f64,
}

impl Terms {
    /// The sum of the terms.
    pub fn sum(&self) -> f64 {
        self.shortage + self.baseline_growth + self.climate + self.productivity
            - self.supply_change
            - self.policy_supply
    }
}

/// The framing of the gap: which climate work counts as new demand and
/// whether the base year's shortage counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framing {
    /// `base-year`, `no-shortage`, `pbl-roa` or `growth`.
    pub code: String,
    pub label_nl: String,
    pub label_en: String,
    /// The published study it corresponds to (English, Dutch).
    pub study: String,
    pub study_nl: String,
    /// Whether it is the default framing.
    pub default: bool,
    /// The base year (the year whose climate work and shortage count).
    pub base_year: u16,
}

/// One skewed range's first-order share in the difference between the
/// draws' mean and the central run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkewLine {
    /// The range's name in the dataset (for analysts).
    pub parameter: String,
    pub label_nl: String,
    pub label_en: String,
    /// Its distribution's mean minus its central value (its own unit).
    pub shift: f64,
    /// Effect on the gap without and with the plan (fte).
    pub without: f64,
    pub with: Option<f64>,
}

/// The central run (every parameter at its central value) and why it
/// differs from the draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Central {
    pub gap_without: f64,
    pub gap_with: Option<f64>,
    /// The draws' mean gap.
    pub mean_without: f64,
    pub mean_with: Option<f64>,
    /// The first-order sum of the skewed ranges' effects (mean - central
    /// to first order).
    pub first_order_without: f64,
    pub first_order_with: Option<f64>,
    /// The largest skewed ranges, largest effect first.
    pub skewed: Vec<SkewLine>,
}

/// The five lines' numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// The goal year.
    pub year: u16,
    /// Number of Monte Carlo draws and their seed.
    pub draws: usize,
    pub seed: u64,
    /// The dataset's edition.
    pub edition: String,
    /// The scenario's and the policy's names (no policy: `None`).
    pub scenario: String,
    pub policy: Option<String>,
    pub framing: Framing,
    /// Technicians the climate targets need in the goal year (net fte):
    /// all the climate work of that year.
    pub climate_need: Interval,
    /// The part of it the framing puts on top of the baseline (fte).
    pub climate_increment: Interval,
    /// The technician gap (fte, positive = shortage).
    pub gap_without: Interval,
    pub gap_with: Option<Interval>,
    /// Share of draws with no gap (gap <= 0).
    pub no_gap_without: f64,
    pub no_gap_with: Option<f64>,
    /// The 1 million goal per definition (with the plan when there is one).
    pub digital: Vec<DigitalLine>,
    /// What the gap is made of: the draws' mean terms.
    pub terms_without: Terms,
    pub terms_with: Option<Terms>,
    /// The central run and the note on its difference from the median.
    pub central: Central,
}

/// One line: a short label and the sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub label: String,
    pub text: String,
}

/// The headline as the JSON outputs give it (`krapte gap --format json`'s
/// `headline`, `GET /api/headline`): its numbers, its lines in both
/// languages, the framing's sentence and the central run's note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document<'a> {
    #[serde(flatten)]
    pub headline: &'a Headline,
    pub lines_nl: Vec<Line>,
    pub lines_en: Vec<Line>,
    pub framing_nl: String,
    pub framing_en: String,
    pub central_note_nl: String,
    pub central_note_en: String,
}

/// Gaps and demand are shown to the nearest hundred fte, persons to the
/// nearest thousand: the draws do not support more digits.
pub const FTE_STEP: f64 = 100.0;
pub const PERSONS_STEP: f64 = 1_000.0;

/// What the central run is, wherever its figure appears.
pub fn central_label(lang: Lang) -> &'static str {
    lang.t(
        "centrale berekening (alle parameters op hun centrale waarde)",
        "central run (every parameter at its central value)",
    )
}

impl Headline {
    /// The headline with its words, for the JSON outputs.
    pub fn document(&self) -> Document<'_> {
        Document {
            headline: self,
            lines_nl: self.lines(Lang::Nl),
            lines_en: self.lines(Lang::En),
            framing_nl: self.framing_text(Lang::Nl),
            framing_en: self.framing_text(Lang::En),
            central_note_nl: self.central_note(Lang::Nl),
            central_note_en: self.central_note(Lang::En),
        }
    }

    /// A figure in fte as the headline shows it.
    pub fn fte(lang: Lang, v: f64) -> String {
        lang.rounded(v, FTE_STEP)
    }

    /// A signed figure in fte: `+45.400`, `−12.300`.
    pub fn signed_fte(lang: Lang, v: f64) -> String {
        lang.signed((v / FTE_STEP).round() * FTE_STEP)
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

    /// The framing in a few words, with the study it corresponds to
    /// (`framing: ...`), for every output that uses a framing other than
    /// the default, and in the notes of the default's.
    pub fn framing_text(&self, lang: Lang) -> String {
        let f = &self.framing;
        format!(
            "{}: {} ({} {})",
            lang.t("telling", "framing"),
            lang.t(&f.label_nl, &f.label_en),
            lang.t("vergelijkbaar met", "corresponds to"),
            lang.t(&f.study_nl, &f.study)
        )
    }

    /// The digital goal line's opening: `Personen in 2030 (mediaan per
    /// definitie, met het plan):`.
    pub fn digital_intro(&self, lang: Lang) -> String {
        format!(
            "{} {} ({}, {}):",
            lang.t("Personen in", "Persons in"),
            self.year,
            lang.t("mediaan per definitie", "median per definition"),
            if self.policy.is_some() {
                lang.t("met het plan", "with the plan")
            } else {
                lang.t("zonder beleid", "no policy")
            },
        )
    }

    /// The digital goal line's parts, one per definition (a page lists
    /// them; the line joins them with `; `).
    pub fn digital_items(&self, lang: Lang) -> Vec<String> {
        let y = self.year;
        self.digital
            .iter()
            .map(|d| {
                let mut s = format!(
                    "{} {}: {}",
                    d.name(lang),
                    Self::persons(lang, d.persons.p50),
                    d.verdict(lang)
                );
                if let Some(o) = &d.observed {
                    s += &format!(
                        " [{}: {} {} {}",
                        lang.t("monitor", "monitor"),
                        Self::persons(lang, o.latest),
                        lang.t("in", "in"),
                        o.latest_period
                    );
                    if let Some(t) = o.trend_at_goal {
                        s += &format!(
                            ", {} {y} {}",
                            lang.t("trend naar", "trend to"),
                            Self::persons(lang, t)
                        );
                    }
                    let b = match lang {
                        Lang::Nl => o.break_nl.as_deref(),
                        Lang::En => o.break_en.as_deref(),
                    };
                    if let Some(b) = b.filter(|b| !b.is_empty()) {
                        s += &format!("; {b}");
                    }
                    s += "]";
                }
                s
            })
            .collect()
    }

    /// The five lines in `lang`.
    pub fn lines(&self, lang: Lang) -> Vec<Line> {
        let y = self.year;
        let fte = |i: &Interval| Self::interval(lang, i, FTE_STEP, "fte");
        let mut out = Vec::with_capacity(5);
        let increment = match self.framing.code.as_str() {
            "pbl-roa" => lang
                .t(
                    "alles bovenop de basisvraag geteld",
                    "all of it counted on top of the baseline",
                )
                .to_string(),
            "growth" => format!(
                "{} {} fte {}",
                lang.t("waarvan", "of which"),
                Self::fte(lang, self.climate_increment.p50),
                lang.t(
                    "groei na het eerste scenariojaar",
                    "growth after the scenario's first year"
                )
            ),
            _ => format!(
                "{} {} fte {} {}",
                lang.t("waarvan", "of which"),
                Self::fte(lang, self.climate_increment.p50),
                lang.t(
                    "boven het niveau van klimaatwerk in",
                    "above the level of climate work in"
                ),
                self.framing.base_year
            ),
        };
        out.push(Line {
            label: lang
                .t(
                    "Nodig voor de klimaatdoelen",
                    "Needed for the climate targets",
                )
                .into(),
            text: format!(
                "{} {y}: {} ({}, {} {} {}); {increment}.",
                lang.t(
                    "Technici die de klimaatdoelen vragen in",
                    "Technicians the climate targets need in"
                ),
                fte(&self.climate_need),
                lang.t("netto", "net"),
                lang.t("mediaan van", "median of"),
                lang.int(self.draws as f64),
                lang.t("trekkingen", "draws"),
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
        let verdict = words::gap_verdict(self.no_gap_with.unwrap_or(self.no_gap_without), lang);
        let prob = match self.no_gap_with {
            Some(w) => format!(
                "{} {y}: {} {}, {} {}: {verdict}.",
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
                "{} {y}: {}: {verdict}.",
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
        let digital = self.digital_items(lang);
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
                format!("{} {}.", self.digital_intro(lang), digital.join("; "))
            },
        });
        out.push(Line {
            label: lang
                .t("Waaruit het tekort bestaat", "What the gap is made of")
                .into(),
            text: self.decomposition_text(lang),
        });
        out
    }

    /// The fifth line: the terms (means of the draws) adding up to the mean gap.
    pub fn decomposition_text(&self, lang: Lang) -> String {
        let y = self.year;
        let b = self.framing.base_year;
        let s = |v: f64| Self::signed_fte(lang, v);
        let t = &self.terms_without;
        let climate = match self.framing.code.as_str() {
            "pbl-roa" => lang
                .t("alle klimaatvraag", "all climate demand")
                .to_string(),
            "growth" => lang
                .t(
                    "groei van de klimaatvraag na het eerste jaar",
                    "climate demand's growth after the first year",
                )
                .to_string(),
            _ => format!(
                "{} {b}",
                lang.t("klimaatvraag boven", "climate demand above")
            ),
        };
        let mut out = format!(
            "{} {y} ({}, fte): {} {b} {}, {} {}, {climate} {}, {} {b} ({}) {} = {} {}",
            lang.t("In", "In"),
            lang.t("gemiddelde van de trekkingen", "mean of the draws"),
            lang.t("tekort in", "shortage in"),
            s(t.shortage),
            lang.t("groei van de basisvraag", "baseline growth"),
            s(t.baseline_growth),
            s(t.climate),
            lang.t("aanbod sinds", "supply since"),
            lang.t("uitstroom min instroom", "outflow minus inflow"),
            s(-t.supply_change),
            lang.t("tekort zonder het plan", "gap without the plan"),
            Self::fte(lang, t.gap)
        );
        if let Some(w) = &self.terms_with {
            out += &format!(
                "; {}: {} {}, {} {} = {}",
                lang.t("met het plan", "with the plan"),
                lang.t("productiviteit", "productivity"),
                s(w.productivity),
                lang.t("extra aanbod door het plan", "extra supply from the plan"),
                s(-w.policy_supply),
                Self::fte(lang, w.gap)
            );
        }
        out.push('.');
        out
    }

    /// Why the central run's gap differs from the median: which ranges are
    /// skewed and by how much (first order, through the tornado's slopes).
    pub fn central_note(&self, lang: Lang) -> String {
        let c = &self.central;
        let mut s = format!(
            "{}: {} {} fte",
            central_label(lang),
            lang.t("tekort zonder het plan", "gap without the plan"),
            Self::fte(lang, c.gap_without)
        );
        if let Some(w) = c.gap_with {
            s += &format!(
                ", {} {} fte",
                lang.t("met het plan", "with the plan"),
                Self::fte(lang, w)
            );
        }
        s += lang.t(
            ". Dat is geen oordeel en geen mediaan: ",
            ". It is no verdict and no median: ",
        );
        let (mean, first, pick): (f64, f64, fn(&SkewLine) -> f64) =
            match (c.mean_with, c.first_order_with) {
                (Some(m), Some(f)) => (m, f, |l| l.with.unwrap_or(l.without)),
                _ => (c.mean_without, c.first_order_without, |l| l.without),
            };
        let gap = c.gap_with.unwrap_or(c.gap_without);
        s += &format!(
            "{} {} fte {} ({} {} fte {}).",
            lang.t(
                "de bandbreedtes liggen niet symmetrisch rond hun centrale waarde, zodat het gemiddelde van de trekkingen",
                "the ranges do not lie symmetrically around their central values, so the draws' mean lies"
            ),
            Self::signed_fte(lang, mean - gap),
            lang.t(
                "van de centrale berekening ligt",
                "from the central run"
            ),
            lang.t("eerste orde:", "first order:"),
            Self::signed_fte(lang, first),
            lang.t(
                "uit de scheve bandbreedtes",
                "from the skewed ranges"
            )
        );
        let top: Vec<String> = c
            .skewed
            .iter()
            .take(5)
            .map(|l| {
                format!(
                    "{} {}",
                    lang.t(&l.label_nl, &l.label_en),
                    Self::signed_fte(lang, pick(l))
                )
            })
            .collect();
        if !top.is_empty() {
            s += &format!(
                " {}: {}.",
                lang.t("De grootste", "The largest"),
                top.join(", ")
            );
        }
        s
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn example() -> Headline {
        let terms = Terms {
            base_employment: 1_000_000.0,
            shortage: 45_000.0,
            baseline_growth: 12_000.0,
            climate: 30_000.0,
            productivity: 0.0,
            supply_change: -10_000.0,
            policy_supply: 0.0,
            gap: 97_000.0,
        };
        Headline {
            year: 2030,
            draws: 2000,
            seed: 2030,
            edition: "test".into(),
            scenario: "Referentiepad 55%".into(),
            policy: Some("Actieplan".into()),
            framing: Framing {
                code: "base-year".into(),
                label_nl: "klimaatvraag boven het niveau van het basisjaar".into(),
                label_en: "climate demand above the base year's level".into(),
                study: "krapte".into(),
                study_nl: "krapte".into(),
                default: true,
                base_year: 2024,
            },
            climate_need: Interval {
                p5: 40_012.0,
                p50: 52_449.0,
                p95: 80_150.0,
            },
            climate_increment: Interval {
                p5: 20_000.0,
                p50: 30_000.0,
                p95: 40_000.0,
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
                id: "ict@v1".into(),
                name_nl: "ICT-beroepen".into(),
                name_en: "ICT occupations".into(),
                persons: Interval {
                    p5: 600_000.0,
                    p50: 680_400.0,
                    p95: 734_000.0,
                },
                probability: 0.0,
                observed: Some(Observed {
                    indicator: "ICT workers".into(),
                    latest: 1_100_000.0,
                    latest_period: "2024".into(),
                    trend_at_goal: Some(1_210_000.0),
                    break_nl: Some("trend na de breuk van 2021".into()),
                    break_en: Some("trend after the 2021 break".into()),
                }),
            }],
            terms_without: terms,
            terms_with: Some(Terms {
                productivity: -20_000.0,
                policy_supply: 30_000.0,
                gap: 47_000.0,
                ..terms
            }),
            central: Central {
                gap_without: 42_299.0,
                gap_with: Some(-2_546.0),
                mean_without: 69_700.0,
                mean_with: Some(4_940.0),
                first_order_without: 25_000.0,
                first_order_with: Some(6_000.0),
                skewed: vec![SkewLine {
                    parameter: "activities.csv:solar_pv_rooftop/construction".into(),
                    label_nl: "zonnepanelen op daken: bouw".into(),
                    label_en: "rooftop solar: construction".into(),
                    shift: 9.0,
                    without: 5_000.0,
                    with: Some(5_000.0),
                }],
            },
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
        assert!(lines[0]
            .text
            .contains("waarvan 30.000 fte boven het niveau van klimaatwerk in 2024"));
        assert!(lines[2]
            .text
            .contains("46% (ongeveer even waarschijnlijk als onwaarschijnlijk)"));
        assert!(
            lines[3].text.contains("ICT-beroepen 680.000"),
            "{}",
            lines[3].text
        );
        assert!(
            lines[3].text.contains("trend naar 2030 1.210.000"),
            "{}",
            lines[3].text
        );
        assert!(
            lines[3].text.contains("het oordeel volgt het model"),
            "{}",
            lines[3].text
        );
        assert!(
            lines[4].text.contains("tekort in 2024 +45.000"),
            "{}",
            lines[4].text
        );
        assert!(
            lines[4].text.contains("= tekort zonder het plan 97.000"),
            "{}",
            lines[4].text
        );
    }

    #[test]
    fn the_terms_add_up() {
        let h = example();
        assert_eq!(h.terms_without.sum(), h.terms_without.gap);
        let w = h.terms_with.expect("with");
        assert_eq!(w.sum(), w.gap);
    }

    #[test]
    fn no_verdict_word_below_one_half() {
        let h = example();
        for lang in [Lang::Nl, Lang::En] {
            let mut all: String = h.lines(lang).iter().map(|l| l.text.clone() + " ").collect();
            all += &h.central_note(lang);
            for w in ["closed", " met ", "gedicht", "gehaald"] {
                if lang == Lang::Nl && w == " met " {
                    continue; // "met het plan": Dutch for "with".
                }
                assert!(!all.contains(w), "{lang:?}: {w} in {all}");
            }
        }
    }

    #[test]
    fn the_central_figure_is_labelled_and_explained() {
        let note = example().central_note(Lang::En);
        assert!(note.starts_with("central run (every parameter at its central value)"));
        assert!(note.contains("−2,500"));
        assert!(
            note.contains("rooftop solar: construction +5,000"),
            "{note}"
        );
        // Mean with the plan 4,940 against central -2,546: +7,500.
        assert!(note.contains("+7,500 fte from the central run"), "{note}");
    }
}
