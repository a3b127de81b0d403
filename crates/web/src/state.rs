//! What the server loads once at start-up: the dataset (validated, with its
//! Leontief inverse prepared), the scenario and policy presets, the
//! monitor's registry and store, and the answers for the default request
//! (so that the pages do not recompute them).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use krapte_model::{Dataset, Model};
use krapte_monitor::{load_registry, read_observations, ImportFormat, Registry, Store};

pub use crate::explore::Preset;
use crate::explore::{self, Explorer, GapOut, PlanOut};

/// Where the server finds its inputs.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// Scenario preset files (their stem is the id).
    pub scenario_files: Vec<PathBuf>,
    /// Policy preset files (their stem is the id).
    pub policy_files: Vec<PathBuf>,
    /// The monitor's registry folder (indicators.csv, observations.csv, ...).
    pub registry_dir: PathBuf,
    /// The monitor's SQLite store (created and seeded on first use).
    pub store_path: PathBuf,
    /// Bearer token for writes; none = writes refused.
    pub write_token: Option<String>,
    /// Preferred default scenario and policy ids (when present).
    pub default_scenario: String,
    pub default_policy: String,
}

impl Config {
    /// The `.toml` files of a folder, sorted.
    pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }
}

/// The home page as rendered, keyed by the store's observation count and
/// whether the probabilities were in it.
pub type HomeCache = ((usize, String, bool), std::sync::Arc<String>);

/// Everything a request reads: the explorer (dataset, model, presets, fast
/// paths; `AppState` reads through to it, so `state.dataset` is the
/// explorer's), the monitor and the answers for the default request.
pub struct AppState {
    pub explorer: Explorer,
    pub data_dir: PathBuf,
    pub registry: Registry,
    pub registry_dir: PathBuf,
    pub store_path: PathBuf,
    write_token: Option<String>,
    /// One import at a time (readers never wait: the store is in WAL mode).
    pub import_lock: Mutex<()>,
    /// The home page as last rendered, with the store's observation count
    /// it was rendered at (any import that changes the store changes it).
    /// Per language (Dutch, English).
    pub home_cache: Mutex<[Option<HomeCache>; 2]>,
    /// The Monte Carlo probabilities of the default scenario and policy,
    /// set by the background run ([`AppState::start_probabilities`]).
    pub probabilities: crate::probability::Slot,
    /// The region data the dataset's manifest names (`None`: no region
    /// pages).
    pub region_data: Option<krapte_model::RegionData>,
    /// The figures of every region set, set by the background run after
    /// the probabilities.
    pub regions: crate::regional::Slot,
    /// The answers for the default request (default scenario and policy).
    pub default_gap: GapOut,
    pub default_plan: Option<PlanOut>,
}

impl std::ops::Deref for AppState {
    type Target = Explorer;

    fn deref(&self) -> &Explorer {
        &self.explorer
    }
}

fn problems(what: &str, errs: &krapte_data::LoadErrors) -> String {
    let lines: Vec<String> = errs.0.lines().iter().map(|l| format!("  {l}")).collect();
    format!(
        "{what} has {} problem(s):\n{}",
        errs.total(),
        lines.join("\n")
    )
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl AppState {
    /// Loads and checks everything; an error names the file at fault.
    pub fn load(cfg: &Config) -> Result<AppState, String> {
        let loaded = krapte_data::load_dataset(&cfg.data_dir)
            .map_err(|e| problems(&format!("the dataset in {}", cfg.data_dir.display()), &e))?;
        let region_data = loaded.regions.as_ref().map(|r| r.loaded.data.clone());
        let dataset: &'static Dataset = Box::leak(Box::new(loaded.dataset));
        let model = Model::new(dataset).map_err(|e| e.to_string())?;
        let mut scenarios = Vec::new();
        for f in &cfg.scenario_files {
            let s = krapte_data::load_scenario(f, dataset)
                .map_err(|e| problems(&format!("the scenario {}", f.display()), &e))?;
            scenarios.push(Preset {
                id: stem(f),
                value: s.scenario,
                // For the explorer's export (read again: the loader keeps no text).
                source: std::fs::read_to_string(f).unwrap_or_default(),
            });
        }
        if scenarios.is_empty() {
            return Err("no scenario presets were given".into());
        }
        let mut policies = Vec::new();
        if dataset.policy.is_some() {
            for f in &cfg.policy_files {
                let p = krapte_data::load_policy(f, dataset)
                    .map_err(|e| problems(&format!("the policy {}", f.display()), &e))?;
                policies.push(Preset {
                    id: stem(f),
                    value: p.policy,
                    source: String::new(),
                });
            }
        }
        let default_scenario = scenarios
            .iter()
            .position(|s| s.id == cfg.default_scenario)
            .unwrap_or(0);
        let default_policy = policies
            .iter()
            .find(|p| p.id == cfg.default_policy)
            .or(policies.first())
            .map(|p| p.id.clone());
        let registry = load_registry(&cfg.registry_dir).map_err(|ps| {
            let lines: Vec<String> = ps.lines().iter().map(|l| format!("  {l}")).collect();
            format!(
                "the monitor registry in {} has {} problem(s):\n{}",
                cfg.registry_dir.display(),
                ps.total(),
                lines.join("\n")
            )
        })?;
        seed_store(&cfg.store_path, &cfg.registry_dir, &registry)?;
        let explorer = Explorer::new(
            dataset,
            model,
            scenarios,
            policies,
            default_scenario,
            default_policy,
        );
        let req = explorer.default_request();
        let default_gap = explore::gap(&explorer, &req).map_err(|e| e.to_string())?;
        let default_plan = match explorer.default_policy {
            Some(_) => Some(explore::plan(&explorer, &req).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(AppState {
            explorer,
            data_dir: cfg.data_dir.clone(),
            registry,
            registry_dir: cfg.registry_dir.clone(),
            store_path: cfg.store_path.clone(),
            write_token: cfg.write_token.clone().filter(|t| !t.is_empty()),
            import_lock: Mutex::new(()),
            home_cache: Mutex::new([None, None]),
            probabilities: OnceLock::new(),
            region_data,
            regions: OnceLock::new(),
            default_gap,
            default_plan,
        })
    }

    /// Starts the Monte Carlo run of the probabilities on a thread of its
    /// own (its draws use rayon's pool); the result lands in
    /// [`AppState::probabilities`].
    pub fn start_probabilities(self: &Arc<Self>) {
        let s = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("krapte-monte-carlo".into())
            .spawn(move || {
                let store = s.store().ok();
                let monitor = store.as_ref().map(|st| (&s.registry, st));
                let r = crate::probability::compute(&s.explorer, monitor).map(Arc::new);
                let _ = s.probabilities.set(r);
                // Then the figures of every region set (the same draws and
                // seed).
                if let Some(rd) = &s.region_data {
                    let r = crate::regional::compute(&s.explorer, rd).map(Arc::new);
                    let _ = s.regions.set(r);
                }
                // Then the explorer's live probability of the default
                // setting (its basis and draws), so that the first visitor
                // does not wait for them.
                crate::live::warm(&s.explorer);
            });
        if let Err(e) = spawned {
            let _ = self
                .probabilities
                .set(Err(format!("cannot start the Monte Carlo thread: {e}")));
        }
    }

    /// Whether writes are enabled, and whether `given` is the token
    /// (compared in constant time).
    pub fn token_matches(&self, given: &str) -> Option<bool> {
        let token = self.write_token.as_ref()?;
        let (a, b) = (token.as_bytes(), given.as_bytes());
        let diff = a
            .iter()
            .zip(b)
            .fold(u8::from(a.len() != b.len()), |acc, (x, y)| acc | (x ^ y));
        Some(diff == 0)
    }

    /// Opens the store for one request.
    pub fn store(&self) -> Result<Store, String> {
        Store::open(&self.store_path).map_err(|e| e.to_string())
    }
}

/// Opens the store once and loads the built-in series on first use.
fn seed_store(store_path: &Path, registry_dir: &Path, registry: &Registry) -> Result<(), String> {
    let mut store = Store::open(store_path).map_err(|e| e.to_string())?;
    if store.seeded().map_err(|e| e.to_string())?.is_none() {
        let file = registry_dir.join("observations.csv");
        let obs = read_observations(&file, &ImportFormat::Long, registry).map_err(|ps| {
            let lines: Vec<String> = ps.lines().iter().map(|l| format!("  {l}")).collect();
            format!("the built-in series have problems:\n{}", lines.join("\n"))
        })?;
        store
            .seed(&registry_dir.display().to_string(), &obs)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
