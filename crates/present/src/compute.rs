//! The one place the headline is computed: [`compute`] runs the Monte Carlo
//! of the whole chain (without and with the policy, on one engine, with the
//! skew of the ranges) and fills a [`Headline`]. `krapte gap`, `krapte
//! plan`, `krapte report`, the site's pages and `GET /api/headline` all call
//! it, with the same defaults ([`DRAWS`], [`SEED`]), so that they show the
//! same five lines.

use krapte_model::inputs::slots::SlotRef;
use krapte_model::mc::skew::Skew;
use krapte_model::mc::summary::{probability, summarize, McResult};
use krapte_model::mc::{FullRun, McSpec};
use krapte_model::reference::gap::{
    gap_years, Decomposition, Framing as ModelFraming, GapOptions, DIGITAL_GOAL_PERSONS, GOAL_YEAR,
};
use krapte_model::{Basis, Dataset, GapError, Model, Path, Policy, Scenario, Year};

use crate::headline::{
    Central, DigitalLine, Framing, Headline, Interval, SkewLine, Terms, DIGITAL_GOAL,
};
use crate::labels;
use crate::num::Lang;

/// The headline's draws by default: enough for a probability to about one
/// percentage point (the standard error of a share near one half is 1.1
/// points at 2,000 draws) while `krapte gap` stays well under a second.
pub const DRAWS: usize = 2_000;

/// The headline's seed by default, so that it is the same on every run.
pub const SEED: u64 = 2030;

/// How many skewed ranges the central run's note names.
const SKEWED_SHOWN: usize = 8;

/// What the headline is computed for.
#[derive(Debug, Clone, Copy)]
pub struct HeadlineSpec<'a> {
    pub scenario: &'a Scenario,
    /// The policy (the plan); `None` for the gap without one.
    pub policy: Option<&'a Policy>,
    pub framing: ModelFraming,
    pub draws: usize,
    pub seed: u64,
}

impl<'a> HeadlineSpec<'a> {
    /// The defaults: framing, draws and seed.
    pub fn new(scenario: &'a Scenario, policy: Option<&'a Policy>) -> HeadlineSpec<'a> {
        HeadlineSpec {
            scenario,
            policy,
            framing: ModelFraming::default(),
            draws: DRAWS,
            seed: SEED,
        }
    }
}

/// The year the headline speaks of: 2030, or the scenario's last gap year
/// before it.
pub fn goal_year(ds: &Dataset, scenario: &Scenario) -> Result<Year, GapError> {
    let (years, _) = gap_years(ds, scenario)?;
    years
        .into_iter()
        .filter(|t| *t <= GOAL_YEAR)
        .max()
        .ok_or(GapError::NoGoalYear { goal: GOAL_YEAR })
}

fn interval(values: &[f64]) -> Interval {
    let s = summarize(values);
    Interval {
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
    }
}

fn terms(d: Decomposition) -> Terms {
    Terms {
        base_employment: d.base_employment,
        shortage: d.shortage,
        baseline_growth: d.baseline_growth,
        climate: d.climate,
        productivity: d.productivity,
        supply_change: d.supply_change,
        policy_supply: d.policy_supply,
        gap: d.gap(),
    }
}

/// The headline of `spec` on `model`'s dataset; `progress` is called with
/// the number of draws done.
pub fn compute(
    model: &Model<'_>,
    spec: &HeadlineSpec<'_>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Headline, GapError> {
    compute_with_run(model, spec, spec.policy.is_some(), progress).map(|(h, _)| h)
}

/// As [`compute`], with the run it read (the draws, the skew and the
/// tornado of the gap `tornado_with_policy` or without), for the tables
/// a command prints under the headline: one engine, one set of draws.
pub fn compute_with_run(
    model: &Model<'_>,
    spec: &HeadlineSpec<'_>,
    tornado_with_policy: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(Headline, FullRun), GapError> {
    let ds = model.dataset();
    if spec.draws == 0 {
        return Err(GapError::NoDraws);
    }
    let year = goal_year(ds, spec.scenario)?;
    let options = GapOptions {
        basis: Basis::Net,
        framing: spec.framing,
    };
    let mc_spec = McSpec {
        options,
        year,
        draws: spec.draws,
        seed: spec.seed,
    };
    let run = model.full_run(
        spec.scenario,
        spec.policy,
        mc_spec,
        tornado_with_policy,
        progress,
    )?;
    Ok((fill(ds, spec, &run.mc, &run.skew), run))
}

/// The headline from the draws and the skew.
fn fill(ds: &Dataset, spec: &HeadlineSpec<'_>, mc: &McResult, skew: &Skew) -> Headline {
    let with_policy = spec.policy.is_some();
    let goal = mc.years.iter().position(|t| *t == mc.year);
    let increment: Vec<f64> = mc
        .draws
        .iter()
        .map(|d| {
            goal.and_then(|g| d.without.parts_by_year.get(g))
                .map_or(f64::NAN, |p| p.climate)
        })
        .collect();
    let gaps_without = mc.gaps(false);
    let gaps_with = with_policy.then(|| mc.gaps(true));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let digital = ds
        .supply
        .as_ref()
        .map(|sd| {
            sd.digital_definitions
                .iter()
                .enumerate()
                .map(|(k, def)| {
                    let counts = mc.digital(k, with_policy);
                    let id = def.label();
                    DigitalLine {
                        name_nl: labels::name(Lang::Nl, "definition", &id, &def.title),
                        name_en: labels::name(Lang::En, "definition", &id, &def.title),
                        id,
                        persons: interval(&counts),
                        probability: probability(&counts, |c| c >= DIGITAL_GOAL_PERSONS),
                        observed: None,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    debug_assert_eq!(DIGITAL_GOAL, DIGITAL_GOAL_PERSONS);
    let skewed = skew
        .terms
        .iter()
        .take(SKEWED_SHOWN)
        .map(|t| SkewLine {
            parameter: t.slot.name.clone(),
            label_nl: slot_label(ds, t.slot.at, Lang::Nl),
            label_en: slot_label(ds, t.slot.at, Lang::En),
            shift: t.shift,
            without: t.without,
            with: with_policy.then_some(t.with),
        })
        .collect();
    let f = spec.framing;
    Headline {
        year: mc.year,
        draws: mc.draws.len(),
        seed: mc.seed,
        edition: ds.edition.clone(),
        scenario: spec.scenario.name.clone(),
        policy: spec.policy.map(|p| p.name.clone()),
        framing: Framing {
            code: f.code().into(),
            label_nl: f.label_nl().into(),
            label_en: f.label().into(),
            study: f.study().into(),
            study_nl: f.study_nl().into(),
            default: f == ModelFraming::default(),
            base_year: ds.base_year,
        },
        climate_need: interval(&mc.climate_need()),
        climate_increment: interval(&increment),
        gap_without: interval(&gaps_without),
        gap_with: gaps_with.as_deref().map(interval),
        no_gap_without: probability(&gaps_without, |g| g <= 0.0),
        no_gap_with: gaps_with.as_deref().map(|g| probability(g, |g| g <= 0.0)),
        digital,
        terms_without: terms(mc.mean_terms(false)),
        terms_with: with_policy.then(|| terms(mc.mean_terms(true))),
        central: Central {
            gap_without: skew.central.gap_without,
            gap_with: with_policy.then_some(skew.central.gap_with),
            mean_without: mean(&gaps_without),
            mean_with: gaps_with.as_deref().map(mean),
            first_order_without: skew.total(false),
            first_order_with: with_policy.then(|| skew.total(true)),
            skewed,
        },
    }
}

/// A range's readable name in `lang`, from the dataset's names and the
/// label table: no file names or ids.
pub fn slot_label(ds: &Dataset, at: SlotRef, lang: Lang) -> String {
    let measure = |m: usize| -> String {
        ds.measures.get(m).map_or_else(
            || "?".into(),
            |x| labels::name(lang, "measure", &x.id, &x.name),
        )
    };
    let t = |nl: &str, en: &str| lang.t(nl, en).to_string();
    match at {
        SlotRef::Param(k) => match k {
            0 => t("arbeidsuren per fte", "hours per fte"),
            1 => t(
                "wisselkoers van de input-outputtabel",
                "the input-output table's exchange rate",
            ),
            2 => t(
                "prijsindex sinds de input-outputtabel",
                "price index since the input-output table",
            ),
            _ => t("productiviteitsgroei", "productivity growth"),
        },
        SlotRef::Intensity(m, a) => {
            let activity = match ds.measures.get(m).map(|x| &x.path) {
                Some(Path::BottomUp { activities }) => {
                    activities.get(a).map_or("?", |x| x.name.as_str())
                }
                _ => "?",
            };
            let word = match activity {
                "construction" => t(
                    "arbeid per eenheid bij de bouw",
                    "labour per unit in construction",
                ),
                "installation" => t(
                    "arbeid per eenheid bij de installatie",
                    "labour per unit in installation",
                ),
                "om" => t(
                    "arbeid voor beheer en onderhoud",
                    "labour for operation and maintenance",
                ),
                other => format!("{} ({other})", t("arbeid per eenheid", "labour per unit")),
            };
            format!("{}: {word}", measure(m))
        }
        SlotRef::Cost(m) => format!(
            "{}: {}",
            measure(m),
            t("kosten per eenheid", "cost per unit")
        ),
        SlotRef::Fossil(i) => format!(
            "{}: {}",
            t("banenverlies", "jobs lost"),
            ds.fossil_losses.get(i).map_or("?", |f| f.name.as_str())
        ),
        SlotRef::BaseActivity(m) => format!(
            "{}: {} {}",
            measure(m),
            t("activiteit in", "activity in"),
            ds.base_year
        ),
        SlotRef::Shortage(k) => {
            let set = ds
                .supply
                .as_ref()
                .and_then(|sd| sd.base_year_shortage.get(k))
                .and_then(|b| ds.occupation_sets.get(b.set))
                .map_or("?", |s| s.id.as_str());
            let who = match set {
                "technician" => t("technici", "technicians"),
                "ict" => t("ICT-beroepen", "ICT occupations"),
                other => other.to_string(),
            };
            format!(
                "{} {} ({who})",
                t(
                    "structureel deel van de vacatures in",
                    "structural share of the vacancies in"
                ),
                ds.base_year
            )
        }
        SlotRef::Supply(k) => match k {
            0 => t("fte per werkende vrouw", "fte per employed woman"),
            1 => t("fte per werkende man", "fte per employed man"),
            2 => t(
                "uitstroom van vrouwen uit techniek",
                "women switching out of technical work",
            ),
            3 => t(
                "uitstroom van mannen uit techniek",
                "men switching out of technical work",
            ),
            4 => t(
                "aandeel pensioen in de vervangingsvraag",
                "retirement's share of replacement demand",
            ),
            5 => t(
                "zij-instroom per overstapper",
                "side-entrants per person switching out",
            ),
            _ => t("migratie en herintreding", "migration and re-entry"),
        },
        SlotRef::Lever(i) => ds
            .policy
            .as_ref()
            .and_then(|pd| pd.levers.get(i))
            .map_or_else(
                || "?".into(),
                |l| labels::name(lang, "lever", &l.id, &l.name),
            ),
        SlotRef::Campaign(i, k) => {
            let name = ds
                .policy
                .as_ref()
                .and_then(|pd| pd.campaigns.get(i))
                .map_or_else(
                    || "?".into(),
                    |c| labels::name(lang, "campaign", &c.id, &c.id),
                );
            let stage = match k {
                0 => t("bereik per miljoen euro", "reach per million euros"),
                1 => t("aandeel geïnteresseerd", "share interested"),
                2 => t("aandeel dat solliciteert", "share applying"),
                _ => t("aandeel dat begint", "share starting"),
            };
            format!("{name}: {stage}")
        }
    }
}
