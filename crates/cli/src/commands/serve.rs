//! `krapte serve`: the website and scenario explorer.

use std::path::Path;

use crate::session::{default_monitor_dir, policies_dir, scenarios_dir, write_stdout};

pub(crate) fn run(
    data_dir: &Path,
    addr: std::net::SocketAddr,
    store: &Path,
    registry: Option<&Path>,
    token_file: Option<&Path>,
) -> Result<(), crate::error::Error> {
    let write_token = match token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .map_err(|e| format!("cannot read the token file {}: {e}", f.display()))?
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
        ),
        None => std::env::var("KRAPTE_WRITE_TOKEN").ok(),
    };
    let cfg = krapte_web::Config {
        data_dir: data_dir.to_path_buf(),
        scenario_files: krapte_web::Config::toml_files(&scenarios_dir()),
        policy_files: krapte_web::Config::toml_files(&policies_dir()),
        registry_dir: registry.map_or_else(default_monitor_dir, Path::to_path_buf),
        store_path: store.to_path_buf(),
        write_token,
        default_scenario: "referentie-55".into(),
        default_policy: "actieplan".into(),
    };
    let writes = if cfg.write_token.as_deref().is_some_and(|t| !t.is_empty()) {
        "writes enabled with the token"
    } else {
        "read-only (no write token)"
    };
    krapte_web::run(&cfg, addr, |bound| {
        let _ = write_stdout(&format!(
            "krapte serve: http://{bound}/ ({writes}; Ctrl-C stops)\n"
        ));
    })?;
    Ok(())
}
