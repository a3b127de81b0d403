//! What the server loads once at start-up: the dataset (validated, with its
//! Leontief inverse prepared), the scenario and policy presets, the
//! monitor's registry and store, and the answers for the default request
//! (so that the pages do not recompute them).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use krapte_model::Policy;
use krapte_model::{Dataset, Model, Scenario};
use krapte_monitor::{load_registry, read_observations, ImportFormat, Registry, Store};

use crate::cache::{BoundedCache, Gate, POLICY_CACHE_SIZE};
use crate::explore::{self, Fast, GapOut, PlanOut, PolicyPart, Request};

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
pub type HomeCache = ((usize, bool), std::sync::Arc<String>);

/// A named preset.
#[derive(Debug, Clone)]
pub struct Preset<T> {
    pub id: String,
    pub value: T,
}

/// Everything a request reads.
pub struct AppState {
    /// Lives as long as the process: leaked once at start-up so that the
    /// model can borrow it.
    pub dataset: &'static Dataset,
    /// The model of the dataset (its Leontief inverse prepared once).
    pub model: Model<'static>,
    pub data_dir: PathBuf,
    pub scenarios: Vec<Preset<Scenario>>,
    pub policies: Vec<Preset<Policy>>,
    default_scenario: usize,
    pub default_policy: Option<String>,
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
    /// set by the background run ([`crate::probability::start`]).
    pub probabilities: crate::probability::Slot,
    /// Per scenario preset (same order): the explorer's fast path, built on
    /// first use; `None` when it could not be built or disagreed with the
    /// full chain (then requests run the full chain).
    fast: Vec<OnceLock<Option<Fast>>>,
    /// The explorer's policy parts, per scenario and exact policy setting.
    pub policy_cache: BoundedCache<PolicyPart>,
    /// Supply runs of the explorer, a few at a time.
    pub supply_gate: Gate,
    /// The answers for the default request (default scenario and policy).
    pub default_gap: GapOut,
    pub default_plan: Option<PlanOut>,
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
        let dataset: &'static Dataset = Box::leak(Box::new(loaded.dataset));
        let model = Model::new(dataset).map_err(|e| e.to_string())?;
        let mut scenarios = Vec::new();
        for f in &cfg.scenario_files {
            let s = krapte_data::load_scenario(f, dataset)
                .map_err(|e| problems(&format!("the scenario {}", f.display()), &e))?;
            scenarios.push(Preset {
                id: stem(f),
                value: s.scenario,
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
        let fast = scenarios.iter().map(|_| OnceLock::new()).collect();
        let mut state = AppState {
            fast,
            policy_cache: BoundedCache::new(POLICY_CACHE_SIZE),
            supply_gate: Gate::for_this_machine(),
            dataset,
            model,
            data_dir: cfg.data_dir.clone(),
            scenarios,
            policies,
            default_scenario,
            default_policy,
            registry,
            registry_dir: cfg.registry_dir.clone(),
            store_path: cfg.store_path.clone(),
            write_token: cfg.write_token.clone().filter(|t| !t.is_empty()),
            import_lock: Mutex::new(()),
            home_cache: Mutex::new([None, None]),
            probabilities: OnceLock::new(),
            default_gap: placeholder_gap(),
            default_plan: None,
        };
        let req = state.default_request();
        state.default_gap = explore::gap(&state, &req).map_err(|e| e.to_string())?;
        if state.default_policy.is_some() {
            state.default_plan = Some(explore::plan(&state, &req).map_err(|e| e.to_string())?);
        }
        Ok(state)
    }

    /// The default scenario with the default policy, nationally.
    pub fn default_request(&self) -> Request {
        Request {
            scenario: Some(self.default_scenario().id.clone()),
            policy: self.default_policy.clone(),
            ..Request::default()
        }
    }

    /// The explorer's fast path for a scenario preset, built (and checked
    /// against the full chain at the preset with the default policy) on
    /// first use; `None` = use the full chain.
    pub fn fast(&self, scenario_id: &str) -> Option<&Fast> {
        let k = self.scenarios.iter().position(|s| s.id == scenario_id)?;
        self.fast
            .get(k)?
            .get_or_init(|| {
                let preset = &self.scenarios[k];
                let fast = Fast::build(self, &preset.value).ok()?;
                let req = Request {
                    scenario: Some(preset.id.clone()),
                    policy: self.default_policy.clone(),
                    ..Request::default()
                };
                let checked = explore::check(self, &req).ok()?;
                let part = fast
                    .policy_part(self.dataset, &checked.policy, &self.supply_gate)
                    .ok()?;
                let quick = explore::gap_fast(self, &fast, &part, &checked).ok()?;
                let full = explore::gap_full(self, &req).ok()?;
                if !explore::same_figures(&quick, &full, 1e-9) {
                    return None;
                }
                // The preset with its default policy is the most asked for.
                self.policy_cache
                    .insert(explore::policy_key(&preset.id, &checked.policy), part);
                Some(fast)
            })
            .as_ref()
    }

    pub fn default_scenario(&self) -> &Preset<Scenario> {
        &self.scenarios[self.default_scenario]
    }

    pub fn scenario(&self, id: &str) -> Option<&Preset<Scenario>> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    pub fn policy(&self, id: &str) -> Option<&Preset<Policy>> {
        self.policies.iter().find(|p| p.id == id)
    }

    pub fn scenario_ids(&self) -> Vec<&str> {
        self.scenarios.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn policy_ids(&self) -> Vec<&str> {
        self.policies.iter().map(|p| p.id.as_str()).collect()
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

/// Stands in until the default answer is computed at load.
fn placeholder_gap() -> GapOut {
    GapOut {
        scenario: String::new(),
        scenario_name: String::new(),
        policy: None,
        levers_on: 0,
        campaigns_on: 0,
        province: None,
        dataset_edition: String::new(),
        goal_year: 0,
        occupation_set: String::new(),
        notes: Vec::new(),
        years: Vec::new(),
        by_level: Vec::new(),
        by_province: Vec::new(),
        technician_verdict: explore::TechnicianVerdictOut::empty(),
        digital_verdicts: Vec::new(),
        request: Request::default(),
        compute_ms: 0.0,
    }
}
