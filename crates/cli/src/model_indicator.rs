//! The model's projected 2030 technician gap as a monitor indicator
//! (`model_technician_gap_2030`): `krapte monitor record-model` runs the gap
//! (and, with `--policy`, the plan) on a dataset and scenario and stores the
//! central value with its low–high bracket as a new vintage, labelled with
//! the time (UTC), dataset edition, scenario and policy. Recording the same inputs
//! with the same result again writes nothing. The report shows what was
//! recorded, or says that nothing was.

use krapte_model::reference::gap::{GapOptions, GOAL_YEAR};
use krapte_monitor::store::Recorded;
use krapte_monitor::{Observation, Period};

use crate::reports::monitor::Monitor;
use crate::session::Session;
use crate::table::{Column, Table, R3};

/// The indicator the model writes.
pub const ID: &str = "model_technician_gap_2030";

/// The technician gap in the goal year of one model run.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelGap {
    pub low: f64,
    pub central: f64,
    pub high: f64,
    pub edition: String,
    pub scenario: String,
    /// None: the gap without a policy (as `krapte gap`).
    pub policy: Option<String>,
}

impl ModelGap {
    /// What the run used: the key that makes recording idempotent.
    fn inputs(&self) -> String {
        format!(
            "dataset edition {}; scenario {}; policy {}",
            self.edition,
            self.scenario,
            self.policy.as_deref().unwrap_or("none")
        )
    }
}

/// Runs the gap (without a policy, or with `policy_arg`) on the session's
/// dataset and the scenario, as `krapte gap` and `krapte plan` do (net
/// climate demand, the default framing: above the base year's climate work, with the base-year shortage).
pub fn compute(
    s: &Session,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
) -> Result<ModelGap, crate::error::Error> {
    let ds = &s.loaded.dataset;
    if ds.supply.is_none() {
        return Err(format!(
            "the dataset {} has no supply files: there is no gap to record",
            s.dir.display()
        )
        .into());
    }
    let (sc, _) = crate::session::scenario(s, scenario_arg)?;
    if !sc.years().any(|t| t == GOAL_YEAR) {
        return Err(format!(
            "the scenario {} runs {}..{} and does not reach {GOAL_YEAR}: no gap to record",
            sc.name, sc.start_year, sc.horizon
        )
        .into());
    }
    let model = crate::session::model(s)?;
    let (b, policy) = match policy_arg {
        None => {
            let result = model.gap(&sc, GapOptions::default())?;
            let tech = ds
                .occupation_set("technician")
                .map(|s| s.members.clone())
                .ok_or("the dataset has no occupation set 'technician'")?;
            let v = result
                .technician_verdict(GOAL_YEAR, &tech)
                .ok_or_else(|| format!("no technician gap for {GOAL_YEAR}"))?;
            ([v.gap.low, v.gap.central, v.gap.high], None)
        }
        Some(arg) => {
            let path = crate::session::resolve_policy(Some(arg))?;
            let policy = krapte_data::load_policy(&path, ds)
                .map_err(|e| {
                    crate::session::problems(&format!("the policy {}", path.display()), &e)
                })?
                .policy;
            let gp = model.runs(&sc, GapOptions::default())?;
            let ev = model.evaluate(&gp, &policy)?;
            if ev.year != GOAL_YEAR {
                return Err(
                    format!("the plan was evaluated for {}, not {GOAL_YEAR}", ev.year).into(),
                );
            }
            (ev.with.technician_gap, Some(policy.name.clone()))
        }
    };
    Ok(ModelGap {
        low: b[0].min(b[2]),
        central: b[1],
        high: b[0].max(b[2]),
        edition: ds.edition.clone(),
        scenario: sc.name.clone(),
        policy,
    })
}

/// The current time (UTC) as `YYYY-MM-DDTHH:MM:SS.mmmZ`: a vintage label
/// that sorts in recording order (the latest vintage is the last recorded;
/// milliseconds, because the label after the time would otherwise decide
/// between two runs in one second).
pub fn now_utc() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis()) as i64;
    let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// well-known arithmetic, written out here).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Stores the run as a vintage of the indicator (national, period 2030),
/// labelled with the time `at` and the inputs; returns a line saying what
/// happened.
pub fn record(m: &mut Monitor, g: &ModelGap, at: &str) -> Result<String, String> {
    let ind = m.registry.get(ID).ok_or_else(|| {
        format!(
            "the monitor registry {} has no indicator '{ID}': add it to indicators.csv",
            m.data_dir.display()
        )
    })?;
    let (lo, hi) = ind.plausible;
    for (what, v) in [("low", g.low), ("central", g.central), ("high", g.high)] {
        if !v.is_finite() || v < lo || v > hi {
            return Err(format!(
                "the model's {what} gap {v} is outside the plausible range {lo}..{hi} of '{ID}': nothing recorded"
            ));
        }
    }
    let obs = Observation {
        indicator: ID.into(),
        region: "NL".into(),
        period: Period::Year(GOAL_YEAR),
        value: g.central,
        source_id: ind.source_id.clone(),
        vintage: format!(
            "{at} run: edition {}, scenario {}, policy {}",
            g.edition,
            g.scenario,
            g.policy.as_deref().unwrap_or("none")
        ),
        note: g.inputs(),
        bracket: Some((g.low, g.high)),
    };
    let value = format!(
        "{} fte ({} to {}) in {GOAL_YEAR}",
        crate::render::fmt_num(g.central),
        crate::render::fmt_num(g.low),
        crate::render::fmt_num(g.high)
    );
    let what = format!("krapte {} record-model", env!("CARGO_PKG_VERSION"));
    match m.store.record(&what, &obs).map_err(|e| e.to_string())? {
        Recorded::New { vintage } => Ok(format!(
            "recorded {ID} = {value} as vintage \"{vintage}\"; store {}\n",
            m.store_path.display()
        )),
        Recorded::Unchanged { vintage } => Ok(format!(
            "unchanged: {ID} = {value} with these inputs ({}) is already stored as vintage \"{vintage}\"; store {}\n",
            obs.note,
            m.store_path.display()
        )),
    }
}

/// Every recorded run, newest last; when there is none, a table without
/// rows whose note says how to record one.
pub fn table(m: &Monitor) -> Result<Table, String> {
    let mut t = Table::new(
        "model_indicator",
        format!("The model's projected technician gap in {GOAL_YEAR} ({ID}), as recorded"),
        "fte",
        Some(GOAL_YEAR),
        "net",
    )
    .keys(&["vintage", "inputs", "latest"])
    .columns(vec![Column::ranged("gap_fte", "gap")]);
    let rows = m.store.rows(ID).map_err(|e| e.to_string())?;
    for r in rows.iter().filter(|r| r.region == "NL") {
        let v = match r.bracket {
            Some((lo, hi)) => R3::new(lo, r.value, hi),
            None => R3::point(r.value),
        };
        t.push(
            vec![
                r.vintage.clone(),
                r.note.clone(),
                if r.latest { "yes" } else { "no" }.into(),
            ],
            vec![v],
        );
    }
    match not_recorded(m)? {
        Some(msg) => t.notes.push(msg),
        None => t.notes.push(
            "gap = required - available technicians in 2030 (positive = shortage), central run with the low–high bracket; 'latest' is the vintage the monitor's status and chart use".into(),
        ),
    }
    Ok(t)
}

/// The message when the indicator has no recorded value yet.
pub fn not_recorded(m: &Monitor) -> Result<Option<String>, String> {
    if m.registry.get(ID).is_none() {
        return Ok(None);
    }
    let n = m.store.rows(ID).map_err(|e| e.to_string())?.len();
    Ok((n == 0).then(|| {
        format!(
            "the model indicator {ID} has not been recorded yet in {}: run `krapte monitor --store {} record-model [--scenario S] [--policy P]` and make the report again",
            m.store_path.display(),
            m.store_path.display()
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
    }
}
