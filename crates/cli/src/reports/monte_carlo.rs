//! Monte Carlo tables of `gap --draws` and `plan --draws` (quantiles of the
//! 2030 figures, the probability of meeting each goal, and the parameters
//! that move the technician gap most) and of `run --draws` (quantiles of the
//! national demand per year).

use std::time::Instant;

use krapte_model::inputs::slots::Slot;
use krapte_model::mc::demand::DemandMc;
use krapte_model::mc::sensitivity::Sensitivity;
use krapte_model::mc::summary::DrawFigures;
use krapte_model::mc::summary::{probability, summarize, McResult};
use krapte_model::reference::gap::DIGITAL_GOAL_PERSONS;
use krapte_model::{Basis, Dataset, Level};
use rayon::prelude::*;

use crate::table::{Column, Table, R3};

/// A progress bar with the time left, on standard error, only when that
/// is a terminal (indicatif draws nothing otherwise), and only for runs
/// that last: it appears after half a second.
pub struct Progress {
    bar: indicatif::ProgressBar,
    start: Instant,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "Monte Carlo {bar:30} {pos}/{len} draws, {eta} left",
        ) {
            bar.set_style(style);
        }
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    /// Reports `done` draws (any thread).
    pub fn tick(&self, done: usize) {
        if self.start.elapsed().as_secs_f64() >= 0.5 {
            self.bar.set_position(done as u64);
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn quantile_row(values: &[f64]) -> Vec<R3> {
    let s = summarize(values);
    vec![
        R3::point(s.mean),
        R3::point(s.p5),
        R3::point(s.p50),
        R3::point(s.p95),
    ]
}

/// [`quantile_row`] of technician gaps and the share of them that are closed (<= 0).
pub(crate) fn gap_row(gaps: &[f64]) -> Vec<R3> {
    let mut values = quantile_row(gaps);
    values.push(R3::point(probability(gaps, |g| g <= 0.0)));
    values
}

/// The columns of [`gap_row`].
pub(crate) fn gap_columns() -> Vec<Column> {
    vec![
        Column::plain("mean", "mean"),
        Column::plain("p5", "P5"),
        Column::plain("p50", "P50"),
        Column::plain("p95", "P95"),
        Column::plain("probability_closed", "probability of no gap"),
    ]
}

/// Mean, P5, P50, P95 of the goal figures, and the probability of meeting each goal.
pub fn summary(ds: &Dataset, mc: &McResult, with_policy: bool) -> Table {
    let mut t = Table::new(
        "mc_summary",
        format!(
            "Monte Carlo: {} draws (seed {}), {} figures and the probability of meeting each goal",
            mc.draws.len(),
            mc.seed,
            mc.year
        ),
        "fte or persons (see unit); probability 0-1",
        Some(mc.year),
        "net",
    )
    .keys(&["figure", "policy", "unit"])
    .columns(vec![
        Column::plain("mean", "mean"),
        Column::plain("p5", "P5"),
        Column::plain("p50", "P50"),
        Column::plain("p95", "P95"),
        Column::plain("probability_goal_met", "probability of reaching the goal"),
    ]);
    for &(label, with) in policies(with_policy) {
        let values = gap_row(&mc.gaps(with));
        t.push(
            vec![
                "technician gap (no gap when <= 0)".into(),
                label.into(),
                "fte".into(),
            ],
            values,
        );
        // The gap's two sides (no goal of their own).
        for (figure, side) in [
            ("technicians required (baseline + net climate demand)", true),
            ("technicians available (supply)", false),
        ] {
            let values: Vec<f64> = figures(mc, with)
                .map(|f| if side { f.required } else { f.available })
                .collect();
            let mut row = quantile_row(&values);
            row.push(R3::point(f64::NAN));
            t.push(vec![figure.into(), label.into(), "fte".into()], row);
        }
        if let Some(sd) = &ds.supply {
            for (k, def) in sd.digital_definitions.iter().enumerate() {
                let counts = mc.digital(k, with);
                let mut values = quantile_row(&counts);
                values.push(R3::point(probability(&counts, |c| {
                    c >= DIGITAL_GOAL_PERSONS
                })));
                t.push(
                    vec![
                        format!("digitally skilled, {} (goal 1,000,000)", def.label()),
                        label.into(),
                        "persons".into(),
                    ],
                    values,
                );
            }
        }
    }
    let closed = |with: bool| 100.0 * probability(&mc.gaps(with), |g| g <= 0.0);
    t.notes.push(if with_policy {
        format!(
            "probability of no technician gap (gap <= 0) in {}: {:.0}% without the plan, {:.0}% with it",
            mc.year,
            closed(false),
            closed(true)
        )
    } else {
        format!(
            "probability of no technician gap (gap <= 0) in {}: {:.0}% (no policy)",
            mc.year,
            closed(false)
        )
    });
    t.notes.push(format!(
        "every range of the dataset ({}) is drawn; the probability is the share of draws that meet the goal",
        how_drawn(&mc.slots)
    ));
    t.notes.push(if mc.n_provinces() > 0 {
        "each draw computes supply and demand per province as well (mc_gap_provinces); draws are reproducible from the seed whatever the number of threads (`--seed`)".into()
    } else {
        "each draw computes supply nationally (exact for national totals; no provinces: a national dataset, a lever aimed at one province, climate demand that is not linear, or drawn lever effects that empty an enrolment a campaign then fills); draws are reproducible from the seed whatever the number of threads (`--seed`)".into()
    });
    t
}

/// The policies of a Monte Carlo's tables: (label, with the policy).
fn policies(with_policy: bool) -> &'static [(&'static str, bool)] {
    if with_policy {
        &[("without", false), ("with", true)]
    } else {
        &[("none", false)]
    }
}

/// The figures of one run of every draw.
fn figures(mc: &McResult, with: bool) -> impl Iterator<Item = &DrawFigures> {
    mc.draws
        .iter()
        .map(move |d| if with { &d.with } else { &d.without })
}

/// Mean, P5, P50, P95 of the technician gap in every gap year, and the
/// probability that it is closed.
pub fn gap_years_table(mc: &McResult, with_policy: bool) -> Table {
    let mut t = Table::new(
        "mc_gap_years",
        format!(
            "Monte Carlo: {} draws (seed {}), technician gap per year",
            mc.draws.len(),
            mc.seed
        ),
        "fte; probability 0-1",
        None,
        "net",
    )
    .keys(&["year", "policy"])
    .columns(gap_columns());
    for (y, year) in mc.years.iter().enumerate() {
        for &(label, with) in policies(with_policy) {
            let gaps: Vec<f64> = figures(mc, with)
                .map(|f| f.gap_by_year.get(y).copied().unwrap_or(f64::NAN))
                .collect();
            t.push(vec![year.to_string(), label.into()], gap_row(&gaps));
        }
    }
    t.notes.push("gap = required (baseline + net climate demand) - available supply, technicians, national; the same draws as mc_summary".into());
    t
}

/// Mean, P5, P50, P95 of the technician gap by education level in the goal year.
pub fn gap_levels_table(mc: &McResult, with_policy: bool) -> Table {
    let mut t = Table::new(
        "mc_gap_levels",
        format!(
            "Monte Carlo: {} draws (seed {}), technician gap by education level",
            mc.draws.len(),
            mc.seed
        ),
        "fte",
        Some(mc.year),
        "net",
    )
    .keys(&["level", "policy"])
    .columns(vec![
        Column::plain("mean", "mean"),
        Column::plain("p5", "P5"),
        Column::plain("p50", "P50"),
        Column::plain("p95", "P95"),
    ]);
    for (k, level) in Level::ALL.iter().enumerate() {
        for &(label, with) in policies(with_policy) {
            let gaps: Vec<f64> = figures(mc, with)
                .map(|f| f.gap_by_level.get(k).copied().unwrap_or(f64::NAN))
                .collect();
            t.push(
                vec![level.code().to_string(), label.into()],
                quantile_row(&gaps),
            );
        }
    }
    t.notes.push("the levels' quantiles do not add up to the total's: each is a quantile of its own distribution".into());
    t
}

/// Mean, P5, P50, P95 of the technician gap per province in the goal year,
/// and the probability that it is closed there; `None` when the draws have
/// no provinces (a national dataset, a lever aimed at one province, or
/// climate demand that is not linear).
pub fn gap_provinces_table(
    ds: &krapte_model::Dataset,
    mc: &McResult,
    with_policy: bool,
) -> Option<Table> {
    provinces_table(ds, mc, with_policy, false)
}

/// As [`gap_provinces_table`] for every gap year (a long table: in the
/// file outputs only).
pub fn gap_provinces_years_table(
    ds: &krapte_model::Dataset,
    mc: &McResult,
    with_policy: bool,
) -> Option<Table> {
    provinces_table(ds, mc, with_policy, true)
}

/// The province tables: the goal year, or `every_year` of the gap.
fn provinces_table(
    ds: &krapte_model::Dataset,
    mc: &McResult,
    with_policy: bool,
    every_year: bool,
) -> Option<Table> {
    let n = mc.n_provinces();
    if n == 0 || n != ds.regions.len() {
        return None;
    }
    let (id, what, year) = if every_year {
        ("mc_gap_provinces_years", "per province and year", None)
    } else {
        ("mc_gap_provinces", "per province", Some(mc.year))
    };
    let title = format!(
        "Monte Carlo: {} draws (seed {}), technician gap {what}",
        mc.draws.len(),
        mc.seed
    );
    let keys: &[&str] = if every_year {
        &["province", "name", "year", "policy"]
    } else {
        &["province", "name", "policy"]
    };
    let mut t = Table::new(id, title, "fte; probability 0-1", year, "net")
        .keys(keys)
        .columns(gap_columns());
    // The gap years shown, as (index into mc.years, year).
    let years: Vec<(usize, u16)> = if every_year {
        mc.years.iter().copied().enumerate().collect()
    } else {
        let goal = mc.years.iter().position(|t| *t == mc.year);
        vec![(goal.unwrap_or(usize::MAX), mc.year)]
    };
    // Province x year x policy, in table order; the rows' quantiles in
    // parallel (each a pass over every draw).
    // (province, (gap year index, year), (policy label, with the policy))
    type Row<'a> = (usize, (usize, u16), (&'a str, bool));
    let cells: Vec<Row> = (0..ds.regions.len())
        .flat_map(|r| years.iter().map(move |&y| (r, y)))
        .flat_map(|(r, y)| policies(with_policy).iter().map(move |&p| (r, y, p)))
        .collect();
    let rows: Vec<Vec<R3>> = cells
        .par_iter()
        .map(|&(r, (y, _), (_, with))| gap_row(&mc.province_gaps_in(y, r, with)))
        .collect();
    for ((r, (_, year), (label, _)), row) in cells.into_iter().zip(rows) {
        let province = &ds.regions[r];
        let mut keys = vec![province.code().into(), province.name().into()];
        if every_year {
            keys.push(year.to_string());
        }
        keys.push(label.into());
        t.push(keys, row);
    }
    if every_year {
        t.sheet = Some("mc_provinces_years".into());
        t.files_only = true;
        t.notes.push("the same draws as mc_gap_provinces, every gap year: in every draw and year the provinces add up to the national gap of mc_gap_years".into());
    } else {
        t.notes.push("per draw the same chain as mc_summary, with supply and climate demand per province: the provinces add up to the national gap in every draw".into());
        t.notes.push("a province's shortage can be filled from another province only by commuting or moving, which the model does not do; the provinces' quantiles do not add up to the national ones".into());
    }
    Some(t)
}

/// The parameters that move the technician gap most.
pub fn sensitivity_table(sens: &[Sensitivity], year: u16, top: usize, with_policy: bool) -> Table {
    let mut t = Table::new(
        "mc_sensitivity",
        format!(
            "What matters most: the {top} parameters that move the {year} technician gap {} most",
            if with_policy { "with the policy" } else { "" }
        ),
        "fte (index 0-1)",
        Some(year),
        "net",
    )
    .keys(&["rank", "parameter"])
    .columns(vec![
        Column::plain("gap_at_low", "gap at low end"),
        Column::plain("gap_at_high", "gap at high end"),
        Column::plain("swing", "swing"),
        Column::plain("first_order_index", "first-order variance index"),
    ]);
    for (i, s) in sens.iter().take(top).enumerate() {
        t.push(
            vec![(i + 1).to_string(), s.slot.name.clone()],
            vec![
                R3::point(s.at_low),
                R3::point(s.at_high),
                R3::point(s.swing()),
                R3::point(s.first_order.unwrap_or(f64::NAN)),
            ],
        );
    }
    t.notes.push("tornado: each parameter at its low and its high end with all others central; the first-order index is the share of the Monte Carlo variance of the gap explained by that parameter alone (binned estimate, noise-corrected; n/a below 200 draws)".into());
    if sens.iter().any(|s| s.slot.group.is_some()) {
        t.notes.push("a `group` row moves every range of a correlation group (uncertainty.csv) together; members of a group that move together share the group's first-order index (count it once)".into());
    }
    t
}

/// "69 parameters: labour intensities, ...; triangular ..., 4 groups ...":
/// what was drawn and how, for the notes.
pub fn how_drawn(slots: &[Slot]) -> String {
    let h = krapte_model::mc::summary::how_drawn(slots);
    format!(
        "{} parameters: labour intensities, costs, fossil losses, supply rates, lever effects, campaign stages; {h}",
        h.parameters
    )
}

/// Mean, P5, P50, P95 of national climate-transition demand per year, for
/// each figure (`labels`: all occupations, the technician set), gross and net.
pub fn demand_table(mc: &DemandMc, labels: &[String]) -> Table {
    let mut t = Table::new(
        "mc_demand",
        format!(
            "Monte Carlo, {} draws, seed {}: climate-transition labour demand per year (national)",
            mc.draws, mc.seed
        ),
        "fte",
        None,
        "gross and net",
    )
    .keys(&["year", "figure", "basis"])
    .columns(vec![
        Column::plain("mean", "mean"),
        Column::plain("p5", "P5"),
        Column::plain("p50", "P50"),
        Column::plain("p95", "P95"),
    ]);
    for (y, year) in mc.years.iter().enumerate() {
        for (f, label) in labels.iter().enumerate() {
            for (basis, name) in [(Basis::Gross, "gross"), (Basis::Net, "net")] {
                t.push(
                    vec![year.to_string(), label.clone(), name.into()],
                    quantile_row(&mc.sample(y, f, basis)),
                );
            }
        }
    }
    t.notes.push(format!(
        "Monte Carlo, {} draws, seed {}: every range of the dataset ({}) is drawn, as in `gap --draws` with the same seed; ranges that do not enter demand change nothing here",
        mc.draws,
        mc.seed,
        how_drawn(&mc.slots)
    ));
    t.notes.push("gross = labour the measures need (direct + indirect); net = gross - fossil job losses - crowding-out; years from the dataset's base year; P5-P95 is a probability interval under these distributions, unlike the low-high brackets of the other tables".into());
    t
}
