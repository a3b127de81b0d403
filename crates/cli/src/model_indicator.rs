//! The model's projected 2030 technician gap as a monitor indicator
//! (`model_technician_gap_2030`): `krapte monitor record-model` runs the gap
//! (and, with `--policy`, the plan) on a dataset and scenario and stores the
//! central value with its low–high bracket as a new vintage of the run
//! identified by (scenario, policy, dataset edition, framing), labelled with
//! the time (UTC). Recording the same run with the same result again writes
//! nothing. `krapte monitor set-official` declares which recorded run is
//! the official figure; the status, the report and the site show that run
//! (and list the others as other runs), never simply the last one recorded.

use krapte_model::reference::gap::{Framing, GapOptions, GOAL_YEAR};
use krapte_monitor::store::{Recorded, Row, RunKey, Runs};
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
    /// The scenario's name (from its file).
    pub scenario: String,
    /// None: the gap without a policy (as `krapte gap`).
    pub policy: Option<String>,
    /// The run's keys: the scenario's and policy's preset ids (file
    /// stems), the dataset edition and the framing's code.
    pub key: RunKey,
}

impl ModelGap {
    /// What the run used, in words (the stored note).
    fn inputs(&self) -> String {
        format!(
            "dataset edition {}; scenario {}; policy {}; framing {}",
            self.edition,
            self.scenario,
            self.policy.as_deref().unwrap_or("none"),
            self.key.framing
        )
    }
}

/// A preset's id: the file name without `.toml`.
fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned())
}

/// The keys of the run `record-model` would record with these arguments
/// (without running the model): scenario and policy as preset ids,
/// `edition_arg` or the loaded dataset's edition, and the framing.
pub fn key(
    s: &Session,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
    edition_arg: Option<&str>,
    framing: Framing,
) -> Result<RunKey, crate::error::Error> {
    let scenario = stem(&crate::session::resolve_scenario(scenario_arg)?);
    let policy = match policy_arg {
        None | Some("none") => None,
        Some(arg) => Some(stem(&crate::session::resolve_policy(Some(arg))?)),
    };
    Ok(RunKey {
        scenario,
        policy,
        edition: edition_arg.map_or_else(|| s.loaded.dataset.edition.clone(), str::to_string),
        framing: framing.code().to_string(),
    })
}

/// Runs the gap (without a policy, or with `policy_arg`) on the session's
/// dataset and the scenario, as `krapte gap` and `krapte plan` do (net
/// climate demand) in `framing` (`krapte gap`'s default: above the base
/// year's climate work, with the base-year shortage).
pub fn compute(
    s: &Session,
    scenario_arg: Option<&str>,
    policy_arg: Option<&str>,
    framing: Framing,
) -> Result<ModelGap, crate::error::Error> {
    let options = GapOptions {
        framing,
        ..GapOptions::default()
    };
    let ds = &s.loaded.dataset;
    if ds.supply.is_none() {
        return Err(format!(
            "the dataset {} has no supply files: there is no gap to record",
            s.dir.display()
        )
        .into());
    }
    let (sc, sc_path) = crate::session::scenario(s, scenario_arg)?;
    if !sc.years().any(|t| t == GOAL_YEAR) {
        return Err(format!(
            "the scenario {} runs {}..{} and does not reach {GOAL_YEAR}: no gap to record",
            sc.name, sc.start_year, sc.horizon
        )
        .into());
    }
    let model = crate::session::model(s)?;
    let (b, policy, policy_id) = match policy_arg.filter(|p| *p != "none") {
        None => {
            let result = model.gap(&sc, options)?;
            let tech = ds
                .occupation_set("technician")
                .map(|s| s.members.clone())
                .ok_or("the dataset has no occupation set 'technician'")?;
            let v = result
                .technician_verdict(GOAL_YEAR, &tech)
                .ok_or_else(|| format!("no technician gap for {GOAL_YEAR}"))?;
            ([v.gap.low, v.gap.central, v.gap.high], None, None)
        }
        Some(arg) => {
            let path = crate::session::resolve_policy(Some(arg))?;
            let policy = krapte_data::load_policy(&path, ds)
                .map_err(|e| {
                    crate::session::problems(&format!("the policy {}", path.display()), &e)
                })?
                .policy;
            let gp = model.runs(&sc, options)?;
            let ev = model.evaluate(&gp, &policy)?;
            if ev.year != GOAL_YEAR {
                return Err(
                    format!("the plan was evaluated for {}, not {GOAL_YEAR}", ev.year).into(),
                );
            }
            (
                ev.with.technician_gap,
                Some(policy.name.clone()),
                Some(stem(&path)),
            )
        }
    };
    Ok(ModelGap {
        low: b[0].min(b[2]),
        central: b[1],
        high: b[0].max(b[2]),
        edition: ds.edition.clone(),
        scenario: sc.name.clone(),
        policy,
        key: RunKey {
            scenario: stem(&sc_path),
            policy: policy_id,
            edition: ds.edition.clone(),
            framing: framing.code().to_string(),
        },
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
        vintage: format!("{at} run: {}", g.key),
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
    let said = match m
        .store
        .record(&what, &obs, &g.key)
        .map_err(|e| e.to_string())?
    {
        Recorded::New { vintage } => format!(
            "recorded {ID} = {value} as vintage \"{vintage}\"; store {}\n",
            m.store_path.display()
        ),
        Recorded::Unchanged { vintage } => format!(
            "unchanged: {ID} = {value} with these inputs ({}) is already stored as vintage \"{vintage}\"; store {}\n",
            obs.note,
            m.store_path.display()
        ),
    };
    let official = m.store.official(ID).map_err(|e| e.to_string())?;
    let status = match official {
        Some(o) if o.key == g.key => "this run is the official run".to_string(),
        Some(o) => format!(
            "the official run is still {} (declared {}); this run is listed as another run",
            o.key, o.declared_at
        ),
        None => format!(
            "no run is declared official yet: `krapte monitor --store {} set-official --scenario {} --policy {}` declares this one",
            m.store_path.display(),
            g.key.scenario,
            g.key.policy.as_deref().unwrap_or("none")
        ),
    };
    Ok(format!("{said}{status}\n"))
}

/// Declares the recorded run `key` official, at `at`; refused (a clear
/// message, nothing written) when no run with these keys is recorded.
pub fn set_official(m: &mut Monitor, key: &RunKey, at: &str) -> Result<String, String> {
    if m.registry.get(ID).is_none() {
        return Err(format!(
            "the monitor registry {} has no indicator '{ID}': add it to indicators.csv",
            m.data_dir.display()
        ));
    }
    let runs = m.store.runs(ID, "NL").map_err(|e| e.to_string())?;
    if !runs.iter().any(|r| r.run.as_ref() == Some(key)) {
        let recorded: Vec<String> = runs
            .iter()
            .filter_map(|r| r.run.as_ref().map(ToString::to_string))
            .collect();
        return Err(format!(
            "no run with {key} is recorded in {}: nothing declared. Record it first with `krapte monitor --store {} record-model --scenario {}{}`{}",
            m.store_path.display(),
            m.store_path.display(),
            key.scenario,
            key.policy.as_deref().map_or(String::new(), |p| format!(" --policy {p}")),
            if recorded.is_empty() {
                " (no run with keys is recorded yet)".to_string()
            } else {
                format!("; recorded runs: {}", recorded.join(" | "))
            }
        ));
    }
    let was = m.store.official(ID).map_err(|e| e.to_string())?;
    m.store
        .set_official(ID, key, at)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "official run of {ID}: {key} (declared {at}){}; store {}\n",
        match was {
            Some(w) if w.key != *key => format!("; replaces {}", w.key),
            _ => String::new(),
        },
        m.store_path.display()
    ))
}

/// The recorded runs of the indicator, split into the official one and the others.
pub fn runs(m: &Monitor) -> Result<Runs, String> {
    m.store.runs_split(ID, "NL").map_err(|e| e.to_string())
}

/// Every recorded run (its latest vintage), the official one marked; when
/// there is none, a table without rows whose note says how to record one.
pub fn table(m: &Monitor) -> Result<Table, String> {
    let mut t = Table::new(
        "model_indicator",
        format!("The model's projected technician gap in {GOAL_YEAR} ({ID}): the official run and other recorded runs"),
        "fte",
        Some(GOAL_YEAR),
        "net",
    )
    .keys(&["vintage", "inputs", "run", "status"])
    .columns(vec![Column::ranged("gap_fte", "gap")]);
    let runs = runs(m)?;
    let value = |r: &Row| match r.bracket {
        Some((lo, hi)) => R3::new(lo, r.value, hi),
        None => R3::point(r.value),
    };
    if let Some((o, r)) = &runs.official {
        t.push(
            vec![
                r.vintage.clone(),
                r.note.clone(),
                o.key.to_string(),
                format!("official (declared {})", o.declared_at),
            ],
            vec![value(r)],
        );
    }
    for r in &runs.others {
        t.push(
            vec![
                r.vintage.clone(),
                r.note.clone(),
                r.run
                    .as_ref()
                    .map_or("recorded before runs had keys".into(), ToString::to_string),
                "other run".into(),
            ],
            vec![value(r)],
        );
    }
    match not_recorded(m)? {
        Some(msg) => t.notes.push(msg),
        None => {
            t.notes.push(
                "gap = required - available technicians in 2030 (positive = shortage), central run with the low–high bracket; one row per run (its latest vintage); the monitor's status, the report and the site show the official run only".into(),
            );
            if let Some(msg) = no_official(m)? {
                t.notes.push(msg);
            }
        }
    }
    Ok(t)
}

/// The message when runs are recorded but none is declared official.
pub fn no_official(m: &Monitor) -> Result<Option<String>, String> {
    if m.registry.get(ID).is_none() || not_recorded(m)?.is_some() {
        return Ok(None);
    }
    let r = runs(m)?;
    Ok(r.official.is_none().then(|| {
        format!(
            "no official run of {ID} is declared in {}: the monitor shows no model figure. Recorded runs: {}. Declare one with `krapte monitor --store {} set-official --scenario S --policy P`",
            m.store_path.display(),
            r.others
                .iter()
                .map(|x| x.run.as_ref().map_or_else(|| x.note.clone(), ToString::to_string))
                .collect::<Vec<_>>()
                .join(" | "),
            m.store_path.display()
        )
    }))
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
