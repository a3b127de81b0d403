//! Fills the headline of `krapte-present` from the model: the Monte Carlo
//! of the gap (with and without the policy), the Monte Carlo of the
//! climate demand (same seed, same draws of the shared ranges), and the
//! central calculation's terms. `gap`, `plan` and `report` all call
//! [`fill`], so that they show the same five lines.

use krapte_model::mc::demand::DemandMc;
use krapte_model::mc::summary::{probability, summarize, McResult};
use krapte_model::reference::gap::{GapResult, Quantity, DIGITAL_GOAL_PERSONS};
use krapte_model::{Basis, Dataset};
use krapte_present::{Decomposition, DigitalLine, Headline, Interval, Lang};

/// P5, P50, P95 of a sample.
pub fn interval(values: &[f64]) -> Interval {
    let s = summarize(values);
    Interval {
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
    }
}

/// A digital-skills definition's readable name in `lang` (the dataset's
/// titles are English).
pub fn digital_name(id: &str, title: &str, lang: Lang) -> String {
    let nl = match id {
        "brc-ict-occupations" => Some("werkzaam in een ICT-beroep"),
        "eurostat-ict-specialists" => Some("ICT-specialisten (Eurostat)"),
        "ict-educated" => Some("werkzaam met een ICT-opleiding"),
        _ => None,
    };
    let en = match id {
        "brc-ict-occupations" => Some("employed in an ICT occupation"),
        "eurostat-ict-specialists" => Some("ICT specialists (Eurostat)"),
        "ict-educated" => Some("employed with an ICT education"),
        _ => None,
    };
    match lang {
        Lang::Nl => nl.unwrap_or(title).to_string(),
        Lang::En => en.unwrap_or(title).to_string(),
    }
}

/// The central calculation's terms of the technician gap in `year`.
pub fn central_terms(ds: &Dataset, result: &GapResult, year: u16) -> Option<Decomposition> {
    let tech = ds.occupation_set("technician")?.members.clone();
    let q = |q: Quantity| result.total(year, q, Some(&tech)).map(|b| b.central);
    Some(Decomposition {
        baseline_required: q(Quantity::RequiredBaseline)?,
        climate_demand: q(Quantity::Climate)?,
        available: q(Quantity::Available)?,
    })
}

/// What [`fill`] reads.
pub struct Sources<'a> {
    pub dataset: &'a Dataset,
    pub scenario: &'a str,
    pub policy: Option<&'a str>,
    pub mc: &'a McResult,
    /// Climate demand draws; figure 0 is the technician set.
    pub demand: &'a DemandMc,
    pub central: Decomposition,
    pub central_gap_with: Option<f64>,
    pub lang: Lang,
}

/// The headline of one run.
pub fn fill(s: &Sources<'_>) -> Headline {
    let mc = s.mc;
    let with_policy = s.policy.is_some();
    let goal = s.demand.years.iter().position(|y| *y == mc.year);
    let need = goal.map_or_else(Vec::new, |y| s.demand.sample(y, 0, Basis::Net));
    let gaps_without = mc.gaps(false);
    let gaps_with = with_policy.then(|| mc.gaps(true));
    let digital = s
        .dataset
        .supply
        .as_ref()
        .map(|sd| {
            sd.digital_definitions
                .iter()
                .enumerate()
                .map(|(k, def)| {
                    let counts = mc.digital(k, with_policy);
                    DigitalLine {
                        definition: digital_name(&def.id, &def.title, s.lang),
                        persons: interval(&counts),
                        probability: probability(&counts, |c| c >= DIGITAL_GOAL_PERSONS),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Headline {
        year: mc.year,
        draws: mc.draws.len(),
        seed: mc.seed,
        scenario: s.scenario.to_string(),
        policy: s.policy.map(str::to_string),
        climate_need: interval(&need),
        gap_without: interval(&gaps_without),
        gap_with: gaps_with.as_deref().map(interval),
        no_gap_without: probability(&gaps_without, |g| g <= 0.0),
        no_gap_with: gaps_with.as_deref().map(|g| probability(g, |g| g <= 0.0)),
        digital,
        central: s.central,
        central_gap_with: s.central_gap_with,
    }
}

/// The headline as text for the terminal: the five lines, then the
/// central calculation's note.
pub fn text(h: &Headline, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} ({} {}, {} {}; {} {})\n",
        lang.t("Kopregels", "Headline"),
        lang.int(h.draws as f64),
        lang.t("trekkingen", "draws"),
        lang.t("seed", "seed"),
        h.seed,
        lang.t("scenario", "scenario"),
        h.scenario
    ));
    for l in h.lines(lang) {
        out.push_str(&format!("  {}: {}\n", l.label, l.text));
    }
    out.push_str(&format!("  {}\n", h.central_note(lang)));
    out
}
