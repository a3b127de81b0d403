//! The explorer's setting as files `krapte` runs: `GET
//! /api/export/scenario.toml` and `/api/export/policy.toml` with the
//! explorer's query string (`krapte gap --scenario FILE --policy FILE` gives
//! the explorer's central figures; checked by `export_runs_the_same`, in
//! crates/web/tests/api.rs).
//!
//! The scenario file is the preset's own file with each moved measure's
//! `scale` multiplied by its factor; the policy file lists the levers on,
//! each at its intensity, and the campaigns with budget, years and start.

use krapte_model::reference::policy::items_of;
use krapte_model::Item;

use crate::error::ApiError;
use crate::explore::{check, Explorer, Request};

fn toml_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("the scenario preset cannot be written again: {e}"))
}

/// The scenario file of a request's setting.
pub fn scenario_toml(ex: &Explorer, req: &Request) -> Result<String, ApiError> {
    let c = check(ex, req)?;
    let preset = ex
        .scenario(&c.scenario_id)
        .ok_or_else(|| ApiError::internal("the scenario preset vanished"))?;
    let mut doc: toml::Table = preset.source.parse().map_err(toml_error)?;
    let measures = doc
        .get_mut("measures")
        .and_then(|m| m.as_table_mut())
        .ok_or_else(|| ApiError::internal("the scenario preset has no [measures]"))?;
    for (sm, factor) in preset.value.measures.iter().zip(&c.factors) {
        if *factor == 1.0 {
            continue;
        }
        let id = &ex.dataset.measures[sm.measure].id;
        let t = measures
            .get_mut(id)
            .and_then(|m| m.as_table_mut())
            .ok_or_else(|| ApiError::internal(format!("the preset has no [measures.{id}]")))?;
        let before = t.get("scale").and_then(|v| v.as_float()).unwrap_or(1.0);
        t.insert("scale".into(), toml::Value::Float(before * factor));
    }
    if let Some(name) = doc.get("name").and_then(|v| v.as_str()).map(str::to_string) {
        doc.insert(
            "name".into(),
            toml::Value::String(format!("{name} (verkenner)")),
        );
    }
    let body = toml::to_string(&doc).map_err(toml_error)?;
    Ok(format!(
        "# Scenario from the krapte explorer: the preset '{}' with the explorer's factors on the measures' scale.\n# Run: krapte gap --scenario THIS_FILE --policy POLICY_FILE\n{body}",
        c.scenario_id
    ))
}

/// Quotes a string for TOML.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The policy file of a request's setting.
pub fn policy_toml(ex: &Explorer, req: &Request) -> Result<String, ApiError> {
    let c = check(ex, req)?;
    let pd = ex.dataset.policy.as_ref();
    let name = match &c.policy_id {
        Some(id) => format!(
            "{} (verkenner)",
            ex.policy(id).map_or(id.as_str(), |p| p.value.name.as_str())
        ),
        None => "Verkenner".to_string(),
    };
    let mut out = format!(
        "# Policy from the krapte explorer: its levers and campaigns as set.\n# Run: krapte gap --scenario SCENARIO_FILE --policy THIS_FILE\nname = {}\ndescription = {}\n\n[levers]\n",
        quoted(&name),
        quoted("The explorer's setting of levers and campaigns")
    );
    let mut campaigns = String::new();
    for item in items_of(&c.policy) {
        match item {
            Item::Lever { lever, intensity } => {
                let id = pd
                    .and_then(|p| p.levers.get(lever))
                    .map(|l| l.id.clone())
                    .ok_or_else(|| ApiError::internal("a lever of the policy vanished"))?;
                out.push_str(&format!(
                    "{id} = {{ on = true, intensity = {intensity:?} }}\n"
                ));
            }
            Item::Campaign(cc) => {
                let id = pd
                    .and_then(|p| p.campaigns.get(cc.campaign))
                    .map(|x| x.id.clone())
                    .ok_or_else(|| ApiError::internal("a campaign of the policy vanished"))?;
                campaigns.push_str(&format!(
                    "\n[campaigns.{id}]\nbudget_meur_per_year = {:?}\nyears = {}\nstart_year = {}\n",
                    cc.budget_meur_per_year, cc.years, cc.start_year
                ));
            }
            Item::Extra(_) => {}
        }
    }
    out.push_str(&campaigns);
    Ok(out)
}
