//! Evidence (issue 21): `evidence.csv` (optional), the published findings a
//! dataset cites, and the `evidence` / `evidence_ids` columns of
//! `levers.csv`, `campaigns.csv`, `supply_parameters.csv` and
//! `base_year_shortage.csv`, which say how far each value rests on them.
//!
//! Checked: finding ids unique and non-empty, every finding with a source
//! title and an address; an `evidence` label of `measured`, `indirect` or
//! `none`; `measured` and `indirect` cite at least one finding; every cited
//! id is a finding of `evidence.csv`.

use std::collections::HashSet;

use krapte_model::{Backing, Evidence, Finding};

use crate::ctx::Ctx;
use crate::suggest;
use crate::table::{self, Row};

pub const FILE: &str = "evidence.csv";

const COLUMNS: &[&str] = &[
    "id",
    "item",
    "model_slot",
    "value",
    "unit",
    "year",
    "population",
    "source_title",
    "publisher",
    "url",
    "quote",
    "confidence",
    "note",
];

/// Reads `evidence.csv` if the folder has it and records its ids in the
/// context (for [`backing`]); an absent file gives no findings, so that a
/// row citing one is an error.
pub fn findings(cx: &mut Ctx) -> Vec<Finding> {
    let t = table::read(cx, FILE, COLUMNS, true);
    if !t.usable {
        // The broken file is reported; cited ids are not checked against it.
        cx.evidence = None;
        return Vec::new();
    }
    let mut ids = HashSet::new();
    let mut out = Vec::new();
    for row in &t.rows {
        let Some(id) = row.text("id", cx) else {
            continue;
        };
        let title = row.text("source_title", cx);
        let url = row.text("url", cx);
        if !ids.insert(id.clone()) {
            cx.error(row.problem("id", format!("finding \"{id}\" is given twice")));
            continue;
        }
        let (Some(source_title), Some(url)) = (title, url) else {
            continue;
        };
        out.push(Finding {
            id,
            model_slot: row.raw("model_slot").to_string(),
            value: row.raw("value").to_string(),
            unit: row.raw("unit").to_string(),
            year: row.raw("year").to_string(),
            source_title,
            publisher: row.raw("publisher").to_string(),
            url,
            quote: row.raw("quote").to_string(),
            confidence: row.raw("confidence").to_string(),
        });
    }
    cx.evidence = Some(ids);
    out
}

/// The `evidence` and `evidence_ids` fields of a row.
pub fn backing(row: &Row, cx: &mut Ctx) -> Option<Backing> {
    let raw = row.raw("evidence");
    let Some(evidence) = Evidence::from_label(raw) else {
        let labels = Evidence::ALL.map(Evidence::label);
        let msg = format!(
            "expected measured, indirect or none, found \"{raw}\"{}",
            suggest::hint(raw, labels)
        );
        cx.error(row.problem("evidence", msg));
        return None;
    };
    let ids: Vec<String> = row
        .raw("evidence_ids")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if evidence != Evidence::None && ids.is_empty() {
        let msg = format!(
            "evidence \"{}\" needs the findings it rests on: at least one id of {FILE}",
            evidence.label()
        );
        cx.error(row.problem("evidence_ids", msg));
        return None;
    }
    let mut ok = true;
    if let Some(known) = &cx.evidence {
        let problems: Vec<_> = ids
            .iter()
            .filter(|id| !known.contains(id.as_str()))
            .map(|id| {
                let hint = suggest::hint(id, known.iter().map(String::as_str));
                row.problem(
                    "evidence_ids",
                    format!("unknown finding \"{id}\" (not in {FILE}){hint}"),
                )
            })
            .collect();
        ok = problems.is_empty();
        cx.errors.extend(problems);
    }
    ok.then_some(Backing { evidence, ids })
}
