//! `krapte bench`: time loading and running.

use std::path::Path;
use std::time::Instant;

use krapte_model::Model;

use crate::session::{
    default_monitor_dir, load, model, policies_dir, problems, scenario, scenarios_dir, write_stdout,
};

pub(crate) fn run(
    dir: &Path,
    arg: Option<&str>,
    iterations: usize,
) -> Result<(), crate::error::Error> {
    let iterations = iterations.max(1);
    let mut load_times = Vec::new();
    let mut session = None;
    for _ in 0..iterations.min(20) {
        let t = Instant::now();
        session = Some(load(dir)?);
        load_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let Some(s) = session else {
        return Err("no iteration ran".into());
    };
    let (sc, _) = scenario(&s, arg)?;
    let t = Instant::now();
    let model = model(&s)?;
    let prep_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut run_times = Vec::new();
    let mut sink = 0.0;
    for _ in 0..iterations {
        let t = Instant::now();
        let r = model.demand_variant(&sc, krapte_model::Variant::Central);
        // Include the breakdowns a user sees: occupations x education x province for every year.
        for y in sc.years() {
            sink += r
                .region_education(y, krapte_model::Basis::Net, None)
                .iter()
                .sum::<f64>();
        }
        run_times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ds = &s.loaded.dataset;
    // Supply + gap for all years, national and provinces, three bracket runs,
    // after the demand runs they need (timed separately above).
    let mut gap_times = Vec::new();
    if ds.supply.is_some() {
        let demand = model.demand(&sc);
        let tech = ds
            .occupation_set("technician")
            .map(|s| s.members.clone())
            .unwrap_or_default();
        for _ in 0..iterations.min(50) {
            let t = Instant::now();
            let g = krapte_model::reference::gap::run(ds, &sc, &demand, Default::default())?;
            for &y in &g.years {
                sink += g
                    .breakdown(
                        y,
                        krapte_model::reference::gap::Quantity::Gap,
                        Some(&tech),
                        krapte_model::reference::gap::Dim::Region,
                    )
                    .map_or(0.0, |v| v.iter().map(|b| b.central).sum());
            }
            gap_times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    let mut text = String::new();
    text += &format!(
        "dataset {} ({} sectors, {} occupations, {} regions), scenario {} ({} measures, {} years)\n",
        dir.display(),
        ds.n_sectors(),
        ds.n_occupations(),
        ds.n_regions(),
        sc.name,
        sc.measures.len(),
        sc.n_years()
    );
    text += &format!(
        "load + validate dataset: median {:.1} ms over {} runs\n",
        median(&mut load_times),
        load_times.len()
    );
    text += &format!("prepare (Leontief inverse): {prep_ms:.2} ms\n");
    text += &format!(
        "run one scenario, all years, national + {} regions, with occupation x education breakdowns: median {:.3} ms over {} runs (checksum {:.0})\n",
        ds.n_regions(),
        median(&mut run_times),
        run_times.len(),
        sink / iterations as f64
    );
    // A full plan evaluation with the built-in policy preset: without, with,
    // every lever alone, and the solver.
    let mut plan_times = Vec::new();
    let mut plan_items = 0;
    let mut mc_line = String::new();
    let actieplan = policies_dir().join("actieplan.toml");
    if ds.policy.is_some() && actieplan.is_file() {
        let policy = krapte_data::load_policy(&actieplan, ds)
            .map_err(|e| problems("the policy preset actieplan", &e))?
            .policy;
        let gp = model.runs(&sc, Default::default())?;
        plan_items = policy.levers.len() + policy.campaigns.len();
        // Monte Carlo of the whole chain with the policy: draws per second
        // and supply cell-updates per second, at two numbers of draws.
        let year = krapte_model::reference::evaluation::goal_year(&gp)?;
        // With the provinces (as `plan --draws`), and on the national view
        // (one region: how much the provinces cost).
        let (nd, nsc) = krapte_model::mc::national_view(ds, &sc);
        let national = Model::new(&nd)?;
        for (m, scenario, draws) in [
            (&model, &sc, 1_000),
            (&model, &sc, 10_000),
            (&national, &nsc, 10_000),
        ] {
            let t = Instant::now();
            let spec = krapte_model::mc::McSpec {
                options: Default::default(),
                year,
                draws,
                seed: 1,
            };
            let mc = m.monte_carlo(scenario, Some(&policy), spec, &|_| {})?;
            let secs = t.elapsed().as_secs_f64();
            let cells = mc.cell_updates_per_draw as f64 * draws as f64;
            let provinces = mc.n_provinces();
            mc_line += &format!(
                "Monte Carlo, whole chain with the policy ({} parameters drawn, national{}, {} threads): {draws} draws in {:.2} s = {:.0} draws/s, {:.0} million supply cell-updates/s ({} per draw)\n",
                mc.slots.len(),
                if provinces > 0 { format!(" + {provinces} provinces") } else { " only".into() },
                rayon_threads(),
                secs,
                draws as f64 / secs,
                cells / secs / 1e6,
                mc.cell_updates_per_draw
            );
        }
        mc_line += &regions_line(&s, &sc, &policy, year)?;
        // How the draws' time grows with the occupations: every occupation
        // split into k identical parts (same totals, k times the cells).
        let mut scaling = Vec::new();
        for k in [1, 2, 4] {
            let split = ds.with_occupations_split(k);
            let split_model = Model::new(&split)?;
            let draws = 2_000;
            let spec = krapte_model::mc::McSpec {
                options: Default::default(),
                year,
                draws,
                seed: 1,
            };
            let t = Instant::now();
            let mc = split_model.monte_carlo(&sc, Some(&policy), spec, &|_| {})?;
            let secs = t.elapsed().as_secs_f64();
            scaling.push(format!(
                "{} occupations {:.0} µs/draw ({} cell-updates/draw)",
                split.n_occupations(),
                secs / draws as f64 * 1e6,
                mc.cell_updates_per_draw
            ));
        }
        mc_line += &format!(
            "Monte Carlo scaling with occupations (each split into k identical parts; 2000 draws, national + provinces, {} threads): {}\n",
            rayon_threads(),
            scaling.join("; ")
        );
        for _ in 0..iterations.min(10) {
            let t = Instant::now();
            let ev = model.evaluate(&gp, &policy)?;
            sink += ev.together()[1];
            std::hint::black_box(sink);
            plan_times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    if !gap_times.is_empty() {
        text += &format!(
            "supply + gap, all years, national + {} regions, low/central/high (3 supply runs), with the technician gap by province per year: median {:.2} ms over {} runs\n",
            ds.n_regions(),
            median(&mut gap_times),
            gap_times.len()
        );
    }
    if !plan_times.is_empty() {
        text += &format!(
            "plan evaluation (actieplan, {plan_items} items: without, with, each alone, what-it-takes solver): median {:.0} ms over {} runs\n",
            median(&mut plan_times),
            plan_times.len()
        );
    }
    text += &mc_line;
    text += &explorer_line(dir, iterations);
    write_stdout(&text)
}

/// The website's explorer recompute, in process (as `POST /api/gap` runs
/// it): a climate slider moved (fast path), a lever setting not seen
/// before (supply runs), and the full chain it replaces.
pub(crate) fn explorer_line(dir: &Path, iterations: usize) -> String {
    let store = std::env::temp_dir().join(format!("krapte-bench-{}.sqlite", std::process::id()));
    let cfg = krapte_web::Config {
        data_dir: dir.to_path_buf(),
        scenario_files: krapte_web::Config::toml_files(&scenarios_dir()),
        policy_files: krapte_web::Config::toml_files(&policies_dir()),
        registry_dir: default_monitor_dir(),
        store_path: store.clone(),
        write_token: None,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    let state = krapte_web::AppState::load(&cfg);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", store.display()));
    }
    let state = match state {
        Ok(s) => s,
        Err(e) => {
            let first = e.lines().next().unwrap_or_default().to_string();
            return format!("explorer recompute: skipped ({first})\n");
        }
    };
    let mut req = state.default_request();
    let measure = state
        .default_scenario()
        .value
        .measures
        .first()
        .and_then(|m| state.dataset.measures.get(m.measure))
        .map(|m| m.id.clone());
    let lever = state
        .dataset
        .policy
        .as_ref()
        .and_then(|pd| pd.levers.iter().find(|l| l.flow.acts()))
        .map(|l| l.id.clone());
    let n = iterations.clamp(1, 200);
    let mut time = |k: usize, lever_value: Option<f64>, full: bool| -> Option<f64> {
        if let Some(m) = &measure {
            req.overrides.insert(m.clone(), (k % 41) as f64 * 0.05);
        }
        if let (Some(l), Some(v)) = (&lever, lever_value) {
            req.levers.insert(l.clone(), v);
        }
        let t = Instant::now();
        let out = if full {
            krapte_web::explore::gap_full(&state, &req)
        } else {
            krapte_web::explore::gap(&state, &req)
        };
        out.ok().map(|_| t.elapsed().as_secs_f64() * 1e3)
    };
    let climate: Option<Vec<f64>> = (0..n).map(|k| time(k, None, false)).collect();
    let levers: Option<Vec<f64>> = (0..n.min(50))
        .map(|k| time(k, Some(1.0 + k as f64 * 1e-3), false))
        .collect();
    let full: Option<Vec<f64>> = (0..n.min(20)).map(|k| time(k, None, true)).collect();
    let median = |v: Option<Vec<f64>>| -> String {
        v.filter(|v| !v.is_empty())
            .map_or("failed".into(), |mut v| {
                v.sort_by(f64::total_cmp);
                format!("{:.2} ms", v[v.len() / 2])
            })
    };
    format!(
        "explorer recompute (POST /api/gap in process, default scenario and policy, national + {} provinces): climate slider moved median {}, new lever setting median {}, full chain median {}\n",
        state.dataset.n_regions(),
        median(climate),
        median(levers),
        median(full)
    )
}

/// The Monte Carlo with the policy of the three region sets (12
/// provinces, 35 arbeidsmarktregio's, 30 RES regions; issue 22), 10,000
/// draws: all sets in one call (`region_view::monte_carlo_sets`, one
/// engine for the sets; target < 0.5 s) and, as the reference it equals,
/// one engine per set.
fn regions_line(
    s: &crate::session::Session,
    sc: &krapte_model::Scenario,
    policy: &krapte_model::Policy,
    year: krapte_model::Year,
) -> Result<String, crate::error::Error> {
    use krapte_data::region_view::{self, Placing};
    use krapte_model::RegionSetKind;
    let Ok(rd) = crate::commands::regions::load_region_data(s) else {
        return Ok("Monte Carlo per region set: skipped (no region folder)\n".into());
    };
    let ds = &s.loaded.dataset;
    let draws = 10_000;
    let spec = krapte_model::mc::McSpec {
        options: Default::default(),
        year,
        draws,
        seed: 1,
    };
    let kinds = [
        RegionSetKind::Province,
        RegionSetKind::Arbeidsmarktregio,
        RegionSetKind::Res,
    ];
    // The same call without draws: the views and the engine alone.
    let t = Instant::now();
    let none = krapte_model::mc::McSpec { draws: 0, ..spec };
    region_view::monte_carlo_sets(ds, &rd, &kinds, sc, Some(policy), none)?;
    let setup = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let runs = region_view::monte_carlo_sets(ds, &rd, &kinds, sc, Some(policy), spec)?;
    let joined = t.elapsed().as_secs_f64();
    let counts: Vec<String> = runs
        .iter()
        .map(|r| format!("{} {}", r.mc.n_provinces(), r.view.kind.id()))
        .collect();
    let regions: usize = runs.iter().map(|r| r.mc.n_provinces()).sum();
    drop(runs);
    let mut parts = Vec::new();
    let mut total = 0.0;
    for kind in kinds {
        let view = region_view::view(ds, &rd, kind, Placing::Keys)?;
        let vsc = region_view::scenario(&view, ds, sc)?;
        let t = Instant::now();
        let mc = krapte_model::mc::monte_carlo(&view.dataset, &vsc, Some(policy), spec, &|_| {})?;
        let secs = t.elapsed().as_secs_f64();
        total += secs;
        parts.push(format!("{} {secs:.2} s", kind.id()));
        std::hint::black_box(mc.draws.len());
    }
    Ok(format!(
        "Monte Carlo of the region sets ({}: {regions} regions), whole chain with the policy, {draws} draws ({} threads): {joined:.2} s in one call, the sets sharing one engine (target < 0.5 s; the same call without draws, views and engine alone: {setup:.2} s); one engine per set (the reference): {}, {total:.2} s in all\n",
        counts.join(" + "),
        rayon_threads(),
        parts.join(", ")
    ))
}

/// Threads the Monte Carlo runs on (rayon's pool: RAYON_NUM_THREADS or the cores).
pub(crate) fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
