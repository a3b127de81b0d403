//! The headline and the probability of meeting the 2030 goals, for the
//! default scenario without and with the default policy: the headline is
//! computed by `krapte_present::compute` (the one place, the same as
//! `krapte gap` and `krapte plan`), computed once in the background after the
//! server starts; its draws give the technician gap nationally and per
//! province too. The pages, `GET /api/headline` and `GET
//! /api/probabilities` say "being computed" until it is done.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use krapte_model::mc::summary::{how_drawn, probability, summarize, HowDrawn};
use krapte_model::reference::gap::DIGITAL_GOAL_PERSONS;
use krapte_model::Year;
use krapte_present::{compute_with_run, Headline, HeadlineSpec};
use serde::Serialize;

use crate::explore::Explorer;

/// Draws of the site's Monte Carlo run: the headline's (the CLI's default).
pub const DRAWS: usize = krapte_present::compute::DRAWS;
/// Its seed (the CLI's default, so `krapte plan` gives the same headline).
pub const SEED: u64 = krapte_present::compute::SEED;

/// P5, P50, P95 and mean of a goal figure over the draws, and the share of
/// draws that meet the goal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Odds {
    /// Share of draws meeting the goal, 0..=1.
    pub probability_met: f64,
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub unit: &'static str,
    pub year: Year,
    /// `net` for the gap (demand net of fossil losses and crowding-out),
    /// `supply` for the digital count.
    pub basis: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DigitalOdds {
    pub definition: String,
    pub without: Odds,
    pub with: Option<Odds>,
}

/// The technician gap of one province in the goal year.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProvinceOdds {
    /// CBS code, `PV20`..`PV31`.
    pub code: &'static str,
    pub name: &'static str,
    /// The province's gap (closed when <= 0), without the policy.
    pub without: Odds,
    /// With the policy (none without a policy).
    pub with: Option<Odds>,
}

/// The answer of `GET /api/probabilities` once computed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Probabilities {
    /// The headline (`GET /api/headline`), from the same draws.
    #[serde(skip)]
    pub headline: Headline,
    pub scenario: String,
    pub policy: Option<String>,
    pub dataset_edition: String,
    pub year: Year,
    pub draws: usize,
    pub seed: u64,
    /// Uncertain parameters drawn.
    pub parameters: usize,
    /// The technician gap (closed when <= 0), without the policy.
    pub technician_without: Odds,
    /// With the policy (none without a policy).
    pub technician_with: Option<Odds>,
    /// The technician gap per province (the dataset's regions in order),
    /// from the same draws; empty when the draws have no provinces (a
    /// national dataset, a lever aimed at one province, or climate demand
    /// that is not linear). The provinces add up to the national gap in
    /// every draw; their probabilities do not (no province can borrow
    /// another's surplus in the model).
    pub technician_by_province: Vec<ProvinceOdds>,
    /// The same for every gap year (`year` of each odds), province by
    /// province, each province's years ascending; empty when
    /// `technician_by_province` is. The goal year's rows equal
    /// `technician_by_province`.
    pub technician_by_province_year: Vec<ProvinceOdds>,
    pub digital: Vec<DigitalOdds>,
    pub compute_s: f64,
    /// How the draws were made (distributions, correlation groups) and
    /// what the probability means, in Dutch.
    pub notes: Vec<String>,
    /// The same in English.
    pub notes_en: Vec<String>,
}

/// Where the background run is.
pub type Slot = OnceLock<Result<Arc<Probabilities>, String>>;

fn odds(
    values: &[f64],
    met: impl Fn(f64) -> bool,
    unit: &'static str,
    year: Year,
    basis: &'static str,
) -> Odds {
    let s = summarize(values);
    Odds {
        probability_met: probability(values, met),
        mean: s.mean,
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
        unit,
        year,
        basis,
    }
}

/// Runs the Monte Carlo for the explorer's default scenario and policy, for
/// the technician gap of `year` (the default answer's goal year).
/// `monitor`: the registry and the store, for the observed series beside
/// the digital goal (left out when the store cannot be read).
pub fn compute(
    s: &Explorer,
    monitor: Option<(&krapte_monitor::Registry, &krapte_monitor::Store)>,
) -> Result<Probabilities, String> {
    let t0 = Instant::now();
    let ds = s.dataset;
    let scenario = s.default_scenario();
    let policy = s.default_policy.as_ref().and_then(|id| s.policy(id));
    let spec = HeadlineSpec {
        draws: DRAWS,
        seed: SEED,
        ..HeadlineSpec::new(&scenario.value, policy.map(|p| &p.value))
    };
    let (mut headline, run) =
        compute_with_run(&s.model, &spec, policy.is_some(), &|_| {}).map_err(|e| e.to_string())?;
    // The monitor's series of the same definition beside the model's
    // projection (no trend across a series break); the verdict stays the
    // model's. A store that cannot be read leaves it out.
    if let Some((registry, store)) = monitor {
        krapte_monitor::digital::fill(&mut headline, registry, store);
    }
    let mc = run.mc;
    let year = mc.year;
    let with_policy = policy.is_some();
    let gaps = |with: bool| mc.gaps(with);
    let closed = |g: f64| g <= 0.0;
    let digital = ds
        .supply
        .iter()
        .flat_map(|sd| sd.digital_definitions.iter())
        .enumerate()
        .map(|(k, def)| {
            let counts = |with: bool| mc.digital(k, with);
            let met = |c: f64| c >= DIGITAL_GOAL_PERSONS;
            DigitalOdds {
                definition: def.label(),
                without: odds(&counts(false), met, "persons", year, "supply"),
                with: with_policy.then(|| odds(&counts(true), met, "persons", year, "supply")),
            }
        })
        .collect();
    let fte_in = |values: &[f64], year: Year| odds(values, closed, "fte", year, "net");
    let fte = |values: &[f64]| fte_in(values, year);
    let how = how_drawn(&mc.slots);
    let has_provinces = mc.n_provinces() == ds.regions.len();
    // Province r in gap year y (an index into mc.years).
    let province_odds = |r: usize, y: usize| {
        // A loaded dataset's regions are provinces (region views are not served here).
        let (code, name) = ds.regions[r]
            .province()
            .map_or(("", ""), |p| (p.code(), p.name()));
        let at = mc.years[y];
        ProvinceOdds {
            code,
            name,
            without: fte_in(&mc.province_gaps_in(y, r, false), at),
            with: with_policy.then(|| fte_in(&mc.province_gaps_in(y, r, true), at)),
        }
    };
    let every_year: Vec<ProvinceOdds> = if has_provinces {
        (0..ds.regions.len())
            .flat_map(|r| (0..mc.years.len()).map(move |y| (r, y)))
            .map(|(r, y)| province_odds(r, y))
            .collect()
    } else {
        Vec::new()
    };
    let technician_by_province = every_year
        .iter()
        .filter(|o| o.without.year == year)
        .cloned()
        .collect();
    Ok(Probabilities {
        headline,
        scenario: scenario.id.clone(),
        policy: policy.map(|p| p.id.clone()),
        dataset_edition: ds.edition.clone(),
        year,
        draws: mc.draws.len(),
        seed: mc.seed,
        parameters: mc.slots.len(),
        technician_without: fte(&gaps(false)),
        technician_with: with_policy.then(|| fte(&gaps(true))),
        technician_by_province,
        technician_by_province_year: every_year,
        digital,
        compute_s: t0.elapsed().as_secs_f64(),
        notes: vec![
            format!(
                "Monte Carlo: {} trekkingen (seed {}) over alle {} bandbreedtes van de dataset (arbeidsintensiteiten, kosten, fossiel banenverlies, aanbodparameters, effecten van hefbomen en campagnes); {}; kans = aandeel trekkingen dat het doel haalt. Zelfde als krapte plan --draws {} --seed {}.",
                mc.draws.len(), mc.seed, mc.slots.len(), drawn_nl(&how), mc.draws.len(), mc.seed
            ),
            "De verdelingen zijn aannames; de kans is zo goed als die aannames.".into(),
        ],
        notes_en: vec![
            format!(
                "Monte Carlo: {} draws (seed {}) over all {} ranges of the dataset (labour intensities, costs, fossil job losses, supply parameters, effects of levers and campaigns); {}; probability = share of draws meeting the goal. The same as krapte plan --draws {} --seed {}.",
                mc.draws.len(), mc.seed, mc.slots.len(), how, mc.draws.len(), mc.seed
            ),
            "The distributions are assumptions; the probability is as good as they are.".into(),
        ],
    })
}

/// How the draws were made, in Dutch: the distributions and the
/// correlation groups of `uncertainty.csv`.
fn drawn_nl(h: &HowDrawn) -> String {
    use krapte_model::inputs::uncertainty::Distribution;
    let dists: Vec<String> = h
        .distributions
        .iter()
        .map(|(d, n)| {
            let name = match d {
                Distribution::Triangular => "driehoekig",
                Distribution::Uniform => "uniform",
                Distribution::Pert => "PERT",
            };
            format!("{n} {name}")
        })
        .collect();
    let together = if h.groups == 0 {
        "alle onafhankelijk".to_string()
    } else {
        let how = if h.copula_groups == 0 {
            "de leden bewegen samen".to_string()
        } else {
            format!(
                "{} ervan verbonden via een Gaussische copula, in de andere bewegen de leden samen",
                h.copula_groups
            )
        };
        let groups = if h.groups == 1 {
            "correlatiegroep"
        } else {
            "correlatiegroepen"
        };
        format!(
            "{} ervan in {} {groups} uit uncertainty.csv ({how}), de overige onafhankelijk",
            h.grouped, h.groups
        )
    };
    format!(
        "verdelingen uit laag, centraal, hoog: {}; {together}",
        dists.join(", ")
    )
}
