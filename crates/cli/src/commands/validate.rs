//! `krapte validate`: the model and the built-in dataset against
//! observations and published figures, one table of checks
//! (docs/VALIDATION.md); the checks live in `crate::validation`.

use std::path::Path;

use crate::session::{emit, meta, project_dir, scenario, Session};
use crate::table::Report;
use crate::validation;
use crate::OutputArgs;

pub(crate) fn run(
    s: &Session,
    observed: Option<&Path>,
    draws: usize,
    seed: u64,
    known_failures: Option<&Path>,
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    if !(200..=1_000_000).contains(&draws) {
        return Err(format!(
            "--draws {draws}: the variance share needs between 200 and 1,000,000 draws"
        )
        .into());
    }
    let observed =
        observed.map_or_else(|| project_dir().join("data/validation"), Path::to_path_buf);
    let known = match known_failures {
        Some(f) => validation::read_known(f)?,
        None => Vec::new(),
    };
    let mut presets = validation::Presets {
        by_name: std::collections::HashMap::new(),
    };
    for name in validation::PRESETS {
        let (sc, _) = scenario(s, Some(name))?;
        presets.by_name.insert(name.to_string(), sc);
    }
    let v = validation::validate(&s.loaded, &observed, &presets, draws, seed)?;
    let (sc, file) = scenario(s, Some("referentie-55"))?;
    let mut m = meta(s, "validate", &sc, &file);
    m.lines = vec![
        format!(
            "krapte {} — validation against observations and published figures",
            env!("CARGO_PKG_VERSION")
        ),
        format!(
            "Dataset: edition {} ({}); observed references: {}",
            s.loaded.dataset.edition,
            s.dir.display(),
            observed.display()
        ),
        "Each check: figure, reference, tolerance, result. A failing check is reported as FAIL; FAIL (known) marks a failure documented in docs/VALIDATION.md.".into(),
    ];
    let tables = vec![validation::checks_table(&v.checks, &known), v.calibration];
    emit(&Report::new(m, tables), output)?;
    let failing: Vec<&str> = v
        .checks
        .iter()
        .filter(|c| c.status == validation::Status::Fail)
        .map(|c| c.id.as_str())
        .collect();
    let unexpected: Vec<&str> = failing
        .iter()
        .copied()
        .filter(|id| !known.iter().any(|k| k == id))
        .collect();
    let fixed: Vec<&str> = known
        .iter()
        .map(String::as_str)
        .filter(|k| !failing.contains(k))
        .collect();
    match (known_failures, unexpected.is_empty(), fixed.is_empty()) {
        (_, true, true) if failing.is_empty() || known_failures.is_some() => Ok(()),
        (None, _, _) => Err(format!(
            "{} check(s) failed: {}",
            failing.len(),
            failing.join(", ")
        ).into()),
        (Some(f), _, _) => Err(format!(
            "the failing checks differ from {}: failing but not listed: [{}]; listed but passing: [{}]",
            f.display(),
            unexpected.join(", "),
            fixed.join(", ")
        ).into()),
    }
}
