//! `krapte compare A B`: the 2030 technician gap of both scenarios, the
//! probability that there is no shortage and its verdict in calibrated
//! words, and the difference B − A.

use krapte_model::mc::summary::{probability, summarize};
use krapte_model::mc::McSpec;
use krapte_model::reference::gap::{GapOptions, GOAL_YEAR};
use krapte_model::{Model, Scenario};
use krapte_present::words;
use krapte_present::Lang;

use crate::table::{Column, Table, R3};

/// One scenario's gap figures.
struct Gap {
    central: [f64; 3],
    draws: Option<(f64, f64, f64, f64)>,
}

fn gap(model: &Model<'_>, sc: &Scenario, draws: usize, seed: u64) -> Result<Gap, String> {
    let ds = model.dataset();
    let result = model
        .gap(sc, GapOptions::default())
        .map_err(|e| e.to_string())?;
    let tech = ds
        .occupation_set("technician")
        .map(|s| s.members.clone())
        .ok_or("the dataset has no occupation set 'technician'")?;
    let v = result
        .technician_verdict(GOAL_YEAR, &tech)
        .ok_or_else(|| format!("no technician gap for {GOAL_YEAR} in {}", sc.name))?;
    let draws = if draws == 0 {
        None
    } else {
        let progress = crate::reports::monte_carlo::Progress::new(draws);
        let spec = McSpec {
            options: GapOptions::default(),
            year: GOAL_YEAR,
            draws,
            seed,
        };
        let mc = model
            .monte_carlo(sc, None, spec, &|n| progress.tick(n))
            .map_err(|e| e.to_string())?;
        progress.finish();
        let gaps = mc.gaps(false);
        let s = summarize(&gaps);
        Some((s.p5, s.p50, s.p95, probability(&gaps, |g| g <= 0.0)))
    };
    Ok(Gap {
        central: [v.gap.low, v.gap.central, v.gap.high],
        draws,
    })
}

/// The gap table of `compare`; `None` when the dataset has no supply or a
/// scenario does not reach the goal year.
pub fn table(
    model: &Model<'_>,
    a: &Scenario,
    b: &Scenario,
    draws: usize,
    seed: u64,
) -> Result<Option<Table>, String> {
    let ds = model.dataset();
    if ds.supply.is_none()
        || !a.years().any(|y| y == GOAL_YEAR)
        || !b.years().any(|y| y == GOAL_YEAR)
    {
        return Ok(None);
    }
    if draws > 1_000_000 {
        return Err(format!("--draws {draws} is more than 1,000,000"));
    }
    let (ga, gb) = (gap(model, a, draws, seed)?, gap(model, b, draws, seed)?);
    let mut t = Table::new(
        "compare_gap",
        format!("Technician gap in {GOAL_YEAR}: A, B and B − A (no policy)"),
        "fte (probability 0-1)",
        Some(GOAL_YEAR),
        "net",
    )
    .keys(&["figure", "verdict A", "verdict B"])
    .columns(vec![
        Column::plain("a", "A"),
        Column::plain("b", "B"),
        Column::plain("b_minus_a", "B − A"),
    ]);
    let row = |t: &mut Table, label: &str, va: f64, vb: f64, verdicts: (&str, &str)| {
        t.push(
            vec![label.into(), verdicts.0.into(), verdicts.1.into()],
            vec![R3::point(va), R3::point(vb), R3::point(vb - va)],
        );
    };
    row(
        &mut t,
        "gap, central calculation (every parameter at its central value)",
        ga.central[1],
        gb.central[1],
        ("", ""),
    );
    if let (Some(da), Some(db)) = (ga.draws, gb.draws) {
        row(&mut t, "gap, median of the draws", da.1, db.1, ("", ""));
        row(&mut t, "gap, P5", da.0, db.0, ("", ""));
        row(&mut t, "gap, P95", da.2, db.2, ("", ""));
        let v = |p: f64| {
            format!(
                "{}: {}",
                words::gap_verdict(p, Lang::En),
                words::probability(p, Lang::En)
            )
        };
        let (va, vb) = (v(da.3), v(db.3));
        t.push(
            vec!["probability of no shortage".into(), va, vb],
            vec![R3::point(da.3), R3::point(db.3), R3::point(db.3 - da.3)],
        );
        t.notes.push(format!(
            "{draws} draws per scenario (seed {seed}, the same for both); the probability is the share of draws without a shortage, worded on the IPCC scale; a verdict says 'closed' only from one half on"
        ));
    } else {
        t.notes.push(
            "--draws 0: no probabilities, only the central calculation, which is no verdict".into(),
        );
    }
    t.notes.push("gap = required (baseline + net climate demand) − available supply, technicians, national; positive = shortage".into());
    Ok(Some(t))
}
