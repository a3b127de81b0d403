//! The monitor's observed series beside the model's projection of the
//! digital goal (issue 18 item 5): for a definition of "digitally skilled"
//! that the monitor measures with the same definition, its latest
//! observation and its trend to the goal year, fitted after a flagged series
//! break (never across one; [`crate::trend::assess_with_breaks`]). The
//! headline shows it beside the model's median and probability; the verdict
//! on the 1 million stays the model's ([`krapte_present::DigitalLine::verdict`]
//! says so where the two disagree).

use krapte_present::{Headline, Observed};

use crate::registry::Registry;
use crate::store::Store;

/// Model definitions (`id` of `digital_definitions.csv`) and the monitor
/// indicator that measures the same thing. A definition without a row here
/// has no observed series of the same definition (`ict-educated`; the CBS
/// count of ICT workers is another definition, with its own card).
pub const SAME_DEFINITION: [(&str, &str); 2] = [
    ("brc-ict-occupations", "employed_ict_occupations_brc"),
    ("eurostat-ict-specialists", "ict_specialists_eurostat"),
];

/// The observed series for the definition labelled `label` (`id@version`),
/// with its trend at `goal_year`; `None` when the monitor has no series of
/// the same definition or no observation of it.
pub fn observed(
    registry: &Registry,
    store: &Store,
    label: &str,
    goal_year: u16,
) -> Option<Observed> {
    let id = label.split('@').next().unwrap_or(label);
    let (_, indicator) = SAME_DEFINITION.iter().find(|(d, _)| *d == id)?;
    let ind = registry.get(indicator)?;
    let series = store.series(indicator, "NL").ok()?;
    let a = registry.assess(ind, &series);
    let (latest_period, latest) = a.latest.clone()?;
    Some(Observed {
        indicator: ind.name_en.clone(),
        latest,
        latest_period,
        trend_at_goal: a.fit.map(|f| f.at(f64::from(goal_year) + 0.5)),
        break_nl: a.break_note(true),
        break_en: a.break_note(false),
    })
}

/// Fills the headline's digital lines with the monitor's series of the same
/// definition ([`observed`]): the one call `krapte gap`, `krapte plan`, the
/// report and the site make, so that all show the same observation.
pub fn fill(headline: &mut Headline, registry: &Registry, store: &Store) {
    let year = headline.year;
    for d in &mut headline.digital {
        d.observed = observed(registry, store, &d.id, year);
    }
}
