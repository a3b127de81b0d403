//! The headline under the CLI's outputs: [`krapte_present::compute`] fills
//! it (the one place it is computed, shared with the report and the site);
//! here it becomes the first lines of the terminal output, the `headline`
//! object of the JSON output and a `headline` table of the CSV and xlsx
//! outputs.

use krapte_model::mc::FullRun;
use krapte_model::reference::gap::Framing;
use krapte_model::{Model, Policy, Scenario};
use krapte_present::{compute_with_run, Headline, HeadlineSpec, Lang};
use serde_json::Value;

use crate::reports::monte_carlo::Progress;
use crate::table::{Column, Table, R3};
use crate::McArgs;

/// Computes the headline (and the run under it) for `scenario` and
/// `policy`; `None` with `--draws 0` (the deterministic run only).
pub(crate) fn headline(
    model: &Model<'_>,
    scenario: &Scenario,
    policy: Option<&Policy>,
    framing: Framing,
    mc: &McArgs,
    tornado_with_policy: bool,
) -> Result<Option<(Headline, FullRun)>, String> {
    if mc.draws == 0 {
        return Ok(None);
    }
    if mc.draws > 1_000_000 {
        return Err(format!("--draws {} is more than 1,000,000", mc.draws));
    }
    let spec = HeadlineSpec {
        scenario,
        policy,
        framing,
        draws: mc.draws,
        seed: mc.seed,
    };
    let progress = Progress::new(mc.draws);
    let out = compute_with_run(model, &spec, tornado_with_policy, &|n| progress.tick(n))
        .map_err(|e| e.to_string())?;
    progress.finish();
    let (mut headline, run) = out;
    // The monitor's series of the same definition beside the model's
    // projection of the 1 million, as in the report and on the site.
    let m =
        crate::reports::monitor::open_to_read(&crate::session::default_monitor_dir(), &mc.store)?;
    krapte_monitor::digital::fill(&mut headline, &m.registry, &m.store);
    Ok(Some((headline, run)))
}

/// The headline as the terminal shows it: the five lines, the framing and
/// the central run's note (English, like the tables under it).
pub(crate) fn text(h: &Headline) -> String {
    let lang = Lang::En;
    let mut out = format!(
        "Headline ({} draws, seed {}; scenario {}{}; dataset {}):\n",
        lang.int(h.draws as f64),
        h.seed,
        h.scenario,
        h.policy
            .as_deref()
            .map(|p| format!(", plan {p}"))
            .unwrap_or_default(),
        h.edition
    );
    for l in h.lines(lang) {
        out.push_str(&format!("  {}: {}\n", l.label, l.text));
    }
    out.push_str(&format!("  {}.\n", h.framing_text(lang)));
    out.push_str(&format!("  {}\n", h.central_note(lang)));
    out
}

/// The headline in the JSON output: its numbers, and its lines in both
/// languages (the same document as the site's `GET /api/headline`).
pub(crate) fn json(h: &Headline) -> Value {
    serde_json::to_value(h.document()).unwrap_or(Value::Null)
}

/// The headline's figures as a table (CSV and xlsx): median and 90%
/// interval, probabilities, and the terms.
pub(crate) fn table(h: &Headline) -> Table {
    let mut t = Table::new(
        "headline",
        format!(
            "Headline {}: {} Monte Carlo draws (seed {})",
            h.year, h.draws, h.seed
        ),
        "fte or persons (see figure); probability 0-1",
        Some(h.year),
        "net",
    )
    .keys(&["figure", "case"])
    .columns(vec![
        Column::plain("p5", "P5"),
        Column::plain("p50", "P50"),
        Column::plain("p95", "P95"),
        Column::plain("probability", "probability"),
    ]);
    let nan = f64::NAN;
    let mut row = |figure: &str, case: &str, i: Option<&krapte_present::Interval>, p: f64| {
        let (a, b, c) = i.map_or((nan, nan, nan), |i| (i.p5, i.p50, i.p95));
        t.push(
            vec![figure.into(), case.into()],
            vec![R3::point(a), R3::point(b), R3::point(c), R3::point(p)],
        );
    };
    row(
        "technicians the climate targets need (fte)",
        "",
        Some(&h.climate_need),
        nan,
    );
    row(
        "climate increment (fte)",
        "",
        Some(&h.climate_increment),
        nan,
    );
    row(
        "technician gap (fte); probability of no gap",
        "without the plan",
        Some(&h.gap_without),
        h.no_gap_without,
    );
    if let (Some(g), Some(p)) = (&h.gap_with, h.no_gap_with) {
        row(
            "technician gap (fte); probability of no gap",
            "with the plan",
            Some(g),
            p,
        );
    }
    for d in &h.digital {
        row(
            &format!("persons, {}; probability of 1 million", d.name_en),
            d.id.as_str(),
            Some(&d.persons),
            d.probability,
        );
    }
    let mut terms = |case: &str, x: &krapte_present::Terms| {
        for (name, v) in [
            ("mean term: base-year shortage (fte)", x.shortage),
            ("mean term: baseline growth (fte)", x.baseline_growth),
            ("mean term: climate increment (fte)", x.climate),
            ("mean term: productivity (fte)", x.productivity),
            (
                "mean term: supply change (fte, subtracted)",
                x.supply_change,
            ),
            (
                "mean term: the plan's extra supply (fte, subtracted)",
                x.policy_supply,
            ),
            ("mean gap (fte)", x.gap),
        ] {
            t.push(
                vec![name.into(), case.into()],
                vec![R3::point(nan), R3::point(v), R3::point(nan), R3::point(nan)],
            );
        }
    };
    terms("without the plan", &h.terms_without);
    if let Some(w) = &h.terms_with {
        terms("with the plan", w);
    }
    t.notes.push(h.framing_text(Lang::En));
    t.notes.push(h.central_note(Lang::En));
    t
}
