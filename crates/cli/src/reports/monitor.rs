//! `krapte monitor`: the indicator registry, the store of observations with
//! vintages, imports and the status against the 2030 targets.

use std::path::{Path, PathBuf};

use krapte_monitor::{
    load_registry, read_observations, ImportFormat, MonitorError, Pillar, Registry, Store,
};

use crate::table::{Column, Table, R3};

/// The registry and an opened, seeded store.
pub struct Monitor {
    pub registry: Registry,
    pub store: Store,
    pub store_path: PathBuf,
    pub data_dir: PathBuf,
}

fn problems(ps: &krapte_monitor::Problems) -> String {
    let lines: Vec<String> = ps.lines().iter().map(|l| format!("  {l}")).collect();
    format!("{} problem(s):\n{}", ps.total(), lines.join("\n"))
}

/// Loads the registry from `data_dir`, opens the store and loads the
/// built-in series on first use.
pub fn open(data_dir: &Path, store_path: &Path) -> Result<Monitor, String> {
    let registry = registry(data_dir)?;
    let mut store = Store::open(store_path).map_err(|e| e.to_string())?;
    if let Some(n) = seed_builtin(&mut store, data_dir, &registry)? {
        eprintln!(
            "monitor: created {} with the built-in series ({n} observations)",
            store_path.display()
        );
    }
    Ok(Monitor {
        registry,
        store,
        store_path: store_path.to_path_buf(),
        data_dir: data_dir.to_path_buf(),
    })
}

/// The monitor to read beside a model run (`gap`, `plan`): the store at
/// `store_path` when it exists, else the built-in series in memory (what a
/// new store would hold), so that reading creates no file.
pub fn open_to_read(data_dir: &Path, store_path: &Path) -> Result<Monitor, String> {
    if store_path.exists() {
        return open(data_dir, store_path);
    }
    let registry = registry(data_dir)?;
    let mut store = Store::open(Path::new(":memory:")).map_err(|e| e.to_string())?;
    seed_builtin(&mut store, data_dir, &registry)?;
    Ok(Monitor {
        registry,
        store,
        store_path: store_path.to_path_buf(),
        data_dir: data_dir.to_path_buf(),
    })
}

fn registry(data_dir: &Path) -> Result<Registry, String> {
    load_registry(data_dir).map_err(|ps| {
        format!(
            "the monitor registry in {} has {}",
            data_dir.display(),
            problems(&ps)
        )
    })
}

/// Loads the built-in series into a store that has none yet; the number of
/// observations loaded (`None`: the store had them).
fn seed_builtin(
    store: &mut Store,
    data_dir: &Path,
    registry: &Registry,
) -> Result<Option<usize>, String> {
    if store.seeded().map_err(|e| e.to_string())?.is_some() {
        return Ok(None);
    }
    let file = data_dir.join("observations.csv");
    let obs = read_observations(&file, &ImportFormat::Long, registry)
        .map_err(|ps| format!("the built-in series {}", problems(&ps)))?;
    Ok(store
        .seed(&data_dir.display().to_string(), &obs)
        .map_err(|e| e.to_string())?
        .map(|s| s.new + s.revised + s.unchanged))
}

fn fmt_value(v: f64) -> String {
    if v.abs() >= 1000.0 {
        crate::render::fmt_num(v)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Every indicator with its latest value.
pub fn list(m: &Monitor) -> Result<Table, String> {
    let mut t = Table::new(
        "indicators",
        "Monitor indicators by pillar",
        "see unit",
        None,
        "",
    )
    .keys(&[
        "pillar",
        "id",
        "name",
        "unit",
        "periodicity",
        "latest period",
        "target",
        "source",
    ])
    .columns(vec![
        Column::plain("latest_value", "latest value"),
        Column::plain("observations", "periods"),
    ]);
    for pillar in Pillar::ALL {
        for ind in m.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            let series = m.store.series_shown(ind, "NL").map_err(|e| e.to_string())?;
            let latest = series.last();
            t.push(
                vec![
                    pillar.code().into(),
                    ind.id.clone(),
                    ind.name_en.clone(),
                    ind.unit.clone(),
                    ind.periodicity.clone(),
                    latest.map_or(String::new(), |p| p.period.to_string()),
                    ind.target
                        .map_or(String::new(), |(v, y)| format!("{} in {y}", fmt_value(v))),
                    ind.source_id.clone(),
                ],
                vec![
                    R3::point(latest.map_or(f64::NAN, |p| p.value)),
                    R3::point(series.len() as f64),
                ],
            );
        }
    }
    t.notes.push(format!(
        "national series; store {}; registry {}",
        m.store_path.display(),
        m.data_dir.display()
    ));
    Ok(t)
}

/// One indicator: definition and its series with every vintage.
pub fn show(m: &Monitor, id: &str) -> Result<Table, String> {
    let ind = m.registry.get(id).ok_or_else(|| {
        let ids: Vec<&str> = m
            .registry
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        let hint = krapte_data::closest(id, ids.iter().copied())
            .map(|c| format!(" (did you mean '{c}'?)"))
            .unwrap_or_default();
        format!("unknown indicator '{id}'{hint}")
    })?;
    let series = m.store.series_shown(ind, "NL").map_err(|e| e.to_string())?;
    let mut t = Table::new(
        &format!("indicator_{id}"),
        format!("{} ({})", ind.name_en, ind.name_nl),
        &ind.unit,
        None,
        "",
    )
    .keys(&["period", "vintage", "earlier vintages", "series break"])
    .columns(vec![if series.iter().any(|p| p.bracket.is_some()) {
        Column::ranged("value", "value")
    } else {
        Column::plain("value", "value")
    }]);
    for p in &series {
        let earlier: Vec<String> = p
            .earlier
            .iter()
            .map(|(v, x)| format!("{v}: {}", fmt_value(*x)))
            .collect();
        let brk = m
            .registry
            .breaks
            .iter()
            .find(|(i, per, _)| i == id && *per == p.period)
            .map_or(String::new(), |b| b.2.clone());
        t.push(
            vec![
                p.period.to_string(),
                p.vintage.clone(),
                earlier.join("; "),
                brk,
            ],
            vec![match p.bracket {
                Some((lo, hi)) => R3::new(lo, p.value, hi),
                None => R3::point(p.value),
            }],
        );
    }
    let source = m
        .registry
        .sources
        .get(&ind.source_id)
        .map_or(ind.source_id.clone(), |s| {
            format!("{} ({}, {})", s.title, s.publisher, s.url)
        });
    t.notes.push(format!(
        "definition ({} {}): {}",
        ind.id, ind.definition_version, ind.definition
    ));
    t.notes.push(format!("source: {source}"));
    t.notes.push(format!("pillar: {}", ind.pillar.name_en()));
    let regions = regional_latest(m, id)?;
    if !regions.is_empty() {
        t.notes.push(format!(
            "national series above; {} other regions have observations too ({}): `krapte report --out report.xlsx` has every region, period and vintage",
            regions.len(),
            regions
                .iter()
                .map(|(r, _)| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(t)
}

/// The state of every indicator against its target.
pub fn status(m: &Monitor) -> Result<Table, String> {
    let mut t = Table::new(
        "monitor_status",
        "Monitor status: latest value, trend and progress to the targets",
        "see unit",
        None,
        "",
    )
    .keys(&[
        "pillar",
        "id",
        "unit",
        "latest period",
        "vintage",
        "source",
        "trend",
        "target",
        "verdict",
    ])
    .columns(vec![
        Column::plain("latest_value", "latest value"),
        Column::ranged("projection_target_year", "projection in target year"),
    ]);
    for pillar in Pillar::ALL {
        for ind in m.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            let series = m.store.series_shown(ind, "NL").map_err(|e| e.to_string())?;
            let a = m.registry.assess(ind, &series);
            let trend = match a.slope_per_year {
                Some(s) if a.log_linear => {
                    format!("{:+.1}%/yr (last {})", s * 100.0, a.points_used)
                }
                Some(s) => format!(
                    "{:+} {}/yr (last {})",
                    fmt_value(s),
                    ind.unit,
                    a.points_used
                ),
                None if a.projection.is_some() => "a figure for the target year".into(),
                None => "-".into(),
            };
            let trend = match a.after_break {
                Some(at) => format!(
                    "{trend}; {}",
                    a.break_note(false)
                        .unwrap_or_else(|| format!("after the break in {at}"))
                ),
                None => trend,
            };
            t.push(
                vec![
                    pillar.code().into(),
                    ind.id.clone(),
                    ind.unit.clone(),
                    a.latest.as_ref().map_or("-".into(), |l| l.0.clone()),
                    series.last().map_or("-".into(), |p| p.vintage.clone()),
                    ind.source_id.clone(),
                    trend,
                    ind.target
                        .map_or("-".into(), |(v, y)| format!("{} in {y}", fmt_value(v))),
                    a.verdict.label().into(),
                ],
                vec![
                    R3::point(a.latest.as_ref().map_or(f64::NAN, |l| l.1)),
                    a.projection
                        .map_or(R3::point(f64::NAN), |(lo, mid, hi)| R3::new(lo, mid, hi)),
                ],
            );
        }
    }
    t.notes.push(format!(
        "trend: fitted on the last {} periods (at least {}), log-linear for counts (persons, jobs, fte, vacancies, index), linear for rates; projection with a 90% prediction band; verdict: on track when the projection and the band reach the target",
        krapte_monitor::trend::TREND_POINTS,
        krapte_monitor::trend::MIN_POINTS
    ));
    t.notes.push("a figure for the target year itself (the model's projected 2030 gap) needs no trend: it is the projection, its low–high bracket the band".into());
    if let Some(msg) = crate::model_indicator::not_recorded(m)? {
        t.notes.push(msg);
    }
    if let Some(msg) = crate::model_indicator::no_official(m)? {
        t.notes.push(msg);
    }
    let runs = crate::model_indicator::runs(m)?;
    if let Some((o, r)) = &runs.official {
        t.notes.push(format!(
            "{}: the official run is {} (declared {}, vintage {}){}",
            crate::model_indicator::ID,
            o.key,
            o.declared_at,
            r.vintage,
            if runs.others.is_empty() {
                String::new()
            } else {
                format!(
                    "; other runs (not official): {}",
                    runs.others
                        .iter()
                        .map(|x| format!(
                            "{} = {}",
                            x.run
                                .as_ref()
                                .map_or_else(|| x.note.clone(), ToString::to_string),
                            fmt_value(x.value)
                        ))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            }
        ));
    }
    Ok(t)
}

/// Imports a file; returns a summary (with `dry_run`, what would change).
pub fn import(
    m: &mut Monitor,
    file: &Path,
    format: &ImportFormat,
    parse: &krapte_monitor::ParseOptions,
    opts: krapte_monitor::ImportOptions,
) -> Result<String, String> {
    let none = if opts.dry_run {
        "dry run refused"
    } else {
        "nothing imported"
    };
    let parsed = krapte_monitor::read_import(file, format, &m.registry, parse)
        .map_err(|ps| format!("{none}; {}", problems(&ps)))?;
    let obs = &parsed.observations;
    let r = m
        .store
        .import_with(&file.display().to_string(), obs, opts)
        .map_err(|e| match e {
            MonitorError::Input(ps) => format!("{none}; {}", problems(&ps)),
            other => other.to_string(),
        })?;
    let s = r.summary;
    let verb = if r.committed {
        "imported"
    } else {
        "dry run, nothing written:"
    };
    let mut out = format!(
        "{verb} {} ({} rows): {} new, {} revised (new vintage), {} unchanged; store {}\n",
        file.display(),
        obs.len(),
        s.new,
        s.revised,
        s.unchanged,
        m.store_path.display()
    );
    if !parsed.missing.is_empty() {
        let lines: Vec<String> = parsed
            .missing
            .iter()
            .take(20)
            .map(|(l, w)| format!("{l} ({w})"))
            .collect();
        out.push_str(&format!(
            "{} row(s) without a value ('.': not available) were not imported: line {}{}\n",
            parsed.missing.len(),
            lines.join(", "),
            if parsed.missing.len() > 20 {
                ", ..."
            } else {
                ""
            }
        ));
    }
    if opts.dry_run {
        for c in r.changes.iter().take(100) {
            let before = c.before.map_or("(none)".to_string(), fmt_value);
            out.push_str(&format!(
                "  {} {} {} vintage {}: {before} -> {}\n",
                c.indicator,
                c.region,
                c.period,
                c.vintage,
                fmt_value(c.after)
            ));
        }
        if r.changes.len() > 100 {
            out.push_str(&format!("  ... and {} more\n", r.changes.len() - 100));
        }
    }
    Ok(out)
}

/// Withdraws a stored figure as a new vintage; returns a one-line summary.
pub fn withdraw(
    m: &mut Monitor,
    indicator: &str,
    region: &str,
    period: &str,
    vintage: &str,
    note: &str,
) -> Result<String, String> {
    let ind = m
        .registry
        .get(indicator)
        .ok_or_else(|| format!("unknown indicator '{indicator}'"))?;
    if ind.is_model() {
        return Err(format!("{indicator} is computed by krapte: record a new run with `krapte monitor record-model` instead"));
    }
    let p = krapte_monitor::Period::parse(period).ok_or_else(|| {
        format!("expected a period like 2023, 2023Q4 or 2019/20, found '{period}'")
    })?;
    let date = krapte_monitor::Date::parse(vintage).ok_or_else(|| {
        format!("--vintage: expected a date YYYY-MM-DD that exists, found '{vintage}'")
    })?;
    if date.days()
        > krapte_monitor::Date::today().days() + krapte_monitor::import::MAX_VINTAGE_AHEAD_DAYS
    {
        return Err(format!("--vintage {vintage} lies in the future"));
    }
    if note.trim().is_empty() {
        return Err("--note: say why the figure is withdrawn".into());
    }
    let value = m
        .store
        .withdraw(indicator, region, p, vintage, note)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "withdrawn {indicator} {region} {p} (was {}) as vintage {vintage}; earlier vintages stay in the store\n",
        fmt_value(value)
    ))
}

/// A region code with its name: `NL` or a province (`PV27 Noord-Holland`).
pub fn region_name(code: &str) -> String {
    match krapte_model::Province::from_code(code) {
        Some(p) => p.name().to_string(),
        None if code == "NL" => "Nederland".into(),
        None => code.to_string(),
    }
}

/// The latest point of each region other than NL that has observations of
/// an indicator, in region-code order.
pub fn regional_latest(
    m: &Monitor,
    id: &str,
) -> Result<Vec<(String, krapte_monitor::store::Point)>, String> {
    let mut out = Vec::new();
    for region in m.store.regions(id).map_err(|e| e.to_string())? {
        if region == "NL" {
            continue;
        }
        let series = m.store.series(id, &region).map_err(|e| e.to_string())?;
        if let Some(last) = series.last() {
            out.push((region, last.clone()));
        }
    }
    Ok(out)
}

/// The latest value per province of every indicator with regional series.
pub fn regional(m: &Monitor) -> Result<Table, String> {
    let mut t = Table::new(
        "monitor_regions",
        "Regional series: the latest value per province",
        "see unit",
        None,
        "",
    )
    .keys(&[
        "pillar",
        "id",
        "unit",
        "region",
        "province",
        "latest period",
        "vintage",
        "source",
    ])
    .columns(vec![
        Column::plain("latest_value", "latest value"),
        Column::plain("previous_value", "previous period"),
    ]);
    for pillar in Pillar::ALL {
        for ind in m.registry.indicators.iter().filter(|i| i.pillar == pillar) {
            for region in m.store.regions(&ind.id).map_err(|e| e.to_string())? {
                if region == "NL" {
                    continue;
                }
                let series = m
                    .store
                    .series(&ind.id, &region)
                    .map_err(|e| e.to_string())?;
                let Some(last) = series.last() else { continue };
                let previous = series
                    .len()
                    .checked_sub(2)
                    .and_then(|k| series.get(k))
                    .map_or(f64::NAN, |p| p.value);
                t.push(
                    vec![
                        pillar.code().into(),
                        ind.id.clone(),
                        ind.unit.clone(),
                        region.clone(),
                        region_name(&region),
                        last.period.to_string(),
                        last.vintage.clone(),
                        ind.source_id.clone(),
                    ],
                    vec![R3::point(last.value), R3::point(previous)],
                );
            }
        }
    }
    if t.rows.is_empty() {
        t.notes
            .push("no indicator has observations for a region other than NL".into());
    }
    t.notes.push(
        "each value is the latest vintage of the region's latest period; 'previous period' is the period before it (n/a when there is none); every period of every region is in the indicator's series table".into(),
    );
    Ok(t)
}

/// Every indicator's full series (all regions, periods and vintages, with
/// source, series breaks and notes) as one table each; in the xlsx one
/// sheet each, named `NN_id` (numbered in registry order, at most 31
/// characters).
pub fn series_tables(m: &Monitor) -> Result<Vec<Table>, String> {
    let mut out = Vec::new();
    for (k, ind) in m.registry.indicators.iter().enumerate() {
        let rows = m.store.rows(&ind.id).map_err(|e| e.to_string())?;
        let ranged = rows.iter().any(|r| r.bracket.is_some());
        let mut t = Table::new(
            &format!("series_{}", ind.id),
            format!(
                "{} ({}): every observation, all regions and vintages",
                ind.name_en, ind.id
            ),
            &ind.unit,
            None,
            "",
        )
        .keys(&[
            "region",
            "period",
            "vintage",
            "latest vintage",
            "source",
            "series break",
            "note",
        ])
        .columns(vec![if ranged {
            Column::ranged("value", "value")
        } else {
            Column::plain("value", "value")
        }]);
        t.sheet = Some(format!("{:02}_{}", k + 1, ind.id));
        // A model indicator's vintages belong to runs: which is official
        // is declared, not the last one recorded.
        let split = if ind.is_model() {
            Some(
                m.store
                    .runs_split(&ind.id, "NL")
                    .map_err(|e| e.to_string())?,
            )
        } else {
            None
        };
        for r in &rows {
            let latest = match &split {
                None => if r.latest { "yes" } else { "no (revised)" }.to_string(),
                Some(sp) => {
                    let official = sp
                        .official
                        .as_ref()
                        .is_some_and(|(o, _)| r.run.as_ref() == Some(&o.key));
                    let newest = sp
                        .official
                        .iter()
                        .map(|(_, x)| x)
                        .chain(&sp.others)
                        .any(|x| x.vintage == r.vintage && x.region == r.region);
                    match (official, newest) {
                        (true, true) => "official run",
                        (true, false) => "official run, earlier vintage",
                        (false, true) => "other run",
                        (false, false) => "other run, earlier vintage",
                    }
                    .to_string()
                }
            };
            let brk = m
                .registry
                .breaks
                .iter()
                .find(|(i, per, _)| *i == ind.id && *per == r.period)
                .map_or(String::new(), |b| format!("break: {}", b.2));
            let value = match r.bracket {
                Some((lo, hi)) => R3::new(lo, r.value, hi),
                None => R3::point(r.value),
            };
            t.push(
                vec![
                    r.region.clone(),
                    r.period.to_string(),
                    r.vintage.clone(),
                    latest,
                    r.source_id.clone(),
                    brk,
                    r.note.clone(),
                ],
                vec![value],
            );
        }
        if rows.is_empty() {
            t.notes.push("no observations yet".into());
        }
        t.notes.push(format!(
            "pillar {}; definition ({} {}): {}",
            ind.pillar.code(),
            ind.id,
            ind.definition_version,
            ind.definition
        ));
        if let Some(s) = m.registry.sources.get(&ind.source_id) {
            t.notes.push(format!(
                "source {}: {} ({}) {}",
                ind.source_id, s.title, s.publisher, s.url
            ));
        }
        out.push(t);
    }
    Ok(out)
}
