//! `uncertainty.csv` (optional): how the Monte Carlo draws the dataset's
//! ranges. A row names a range by its slot name (`activities.csv:offshore_wind/om`,
//! `parameters.csv:productivity_growth`, `levers.csv:<id>`, ...; a trailing
//! `*` matches every slot name that starts with what precedes it) and gives
//! its distribution (`triangular`, `uniform`, `pert`; empty = triangular) and
//! optionally a correlation group with a correlation in [0, 1] (empty = 1:
//! the members move together). An exact name beats a wildcard; of two
//! wildcards the longer prefix wins.
//!
//! Checked: unknown slot names (with the nearest names), unknown
//! distributions, a wildcard that matches nothing, a `*` inside a name,
//! duplicate rows, a correlation without a group or out of [0, 1], one group
//! with two correlations, and a group with fewer than two members (an error:
//! usually a misspelt group name). A declaration on a range of width zero is
//! a warning (nothing is drawn).

use std::collections::HashMap;

use krapte_model::inputs::slots::slot_names;
use krapte_model::inputs::uncertainty::{CorrelationGroup, Declared, Distribution, Uncertainty};
use krapte_model::{Dataset, Range3};

use crate::ctx::Ctx;
use crate::suggest;
use crate::table::{self, Row};

pub const FILE: &str = "uncertainty.csv";

const COLUMNS: &[&str] = &[
    "slot",
    "distribution",
    "group",
    "correlation",
    "quality",
    "source_id",
    "reason",
];

/// One row, parsed.
struct Entry<'r> {
    row: &'r Row,
    /// The name, or the prefix of a wildcard.
    name: String,
    wildcard: bool,
    distribution: Distribution,
    group: Option<String>,
    correlation: Option<f64>,
}

/// Reads `uncertainty.csv` if the folder has it; names are resolved against
/// `dataset` when it could be built (else only the rows' own fields are
/// checked). An absent file gives the empty declaration.
pub fn uncertainty(cx: &mut Ctx, dataset: Option<&Dataset>) -> Option<Uncertainty> {
    let t = table::read(cx, FILE, COLUMNS, true);
    if !t.usable {
        return None;
    }
    let entries = parse(cx, &t.rows);
    let dataset = dataset?;
    let names = slot_names(dataset);
    resolve(cx, &entries, &names)
}

fn parse<'r>(cx: &mut Ctx, rows: &'r [Row]) -> Vec<Entry<'r>> {
    let mut out: Vec<Entry<'r>> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let meta = cx.meta(row);
        let Some(slot) = row.text("slot", cx) else {
            continue;
        };
        let (name, wildcard) = match slot.strip_suffix('*') {
            Some(prefix) => (prefix.to_string(), true),
            None => (slot.clone(), false),
        };
        if name.contains('*') {
            cx.error(row.problem(
                "slot",
                format!("expected a slot name with at most one '*', at the end (a prefix wildcard), found \"{slot}\""),
            ));
            continue;
        }
        if let Some(first) = first_line.get(&slot) {
            cx.error(row.problem(
                "slot",
                format!("duplicate slot \"{slot}\" (first on line {first})"),
            ));
            continue;
        }
        first_line.insert(slot.clone(), row.line);
        let raw = row.raw("distribution");
        let distribution = if raw.is_empty() {
            Some(Distribution::Triangular)
        } else {
            Distribution::from_code(raw)
        };
        let Some(distribution) = distribution else {
            let codes = Distribution::ALL.map(Distribution::code);
            cx.error(row.problem(
                "distribution",
                format!(
                    "expected one of {} (empty = triangular), found \"{raw}\"{}",
                    codes.join(", "),
                    suggest::hint(raw, codes)
                ),
            ));
            continue;
        };
        let group = Some(row.raw("group").to_string()).filter(|g| !g.is_empty());
        let correlation = if row.raw("correlation").is_empty() {
            None
        } else {
            let Some(c) = row.bounded("correlation", 0.0, 1.0, "a number between 0 and 1", cx)
            else {
                continue;
            };
            if group.is_none() {
                cx.error(row.problem(
                    "correlation",
                    "a correlation needs a group (empty group = drawn independently)",
                ));
                continue;
            }
            Some(c)
        };
        if let Some(meta) = &meta {
            let value = format!(
                "{}{}",
                distribution.code(),
                group
                    .as_deref()
                    .map(|g| format!(", group {g}"))
                    .unwrap_or_default()
            );
            cx.assume(row, meta, &slot, value);
        }
        out.push(Entry {
            row,
            name,
            wildcard,
            distribution,
            group,
            correlation,
        });
    }
    out
}

/// The `n` names nearest to `word` (edit distance), for messages.
fn nearest<'a>(word: &str, names: &'a [(String, Range3)], n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = names
        .iter()
        .map(|(name, _)| (strsim::damerau_levenshtein(word, name), name.as_str()))
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, s)| s).collect()
}

fn resolve(cx: &mut Ctx, entries: &[Entry<'_>], names: &[(String, Range3)]) -> Option<Uncertainty> {
    let errors_before = cx.errors.total();
    // Every row must name something.
    for e in entries {
        let matches = names.iter().filter(|(n, _)| covers(e, n)).count();
        if matches > 0 {
            if !e.wildcard {
                if let Some((_, r)) = names.iter().find(|(n, _)| *n == e.name) {
                    if r.low == r.high {
                        cx.warn(e.row.problem(
                            "slot",
                            format!(
                                "\"{}\" has a range of width zero ({}): nothing to draw",
                                e.name, r.central
                            ),
                        ));
                    }
                }
            }
            continue;
        }
        let near: Vec<String> = nearest(&e.name, names, 3)
            .into_iter()
            .map(|n| format!("\"{n}\""))
            .collect();
        let msg = if e.wildcard {
            format!(
                "no slot name starts with \"{}\" (nearest names: {}); slot names are file:key, e.g. activities.csv:<measure>/<activity> (docs/DATA.md)",
                e.name,
                near.join(", ")
            )
        } else {
            format!(
                "unknown slot \"{}\"; nearest names: {} (slot names are file:key, e.g. activities.csv:<measure>/<activity>, parameters.csv:<id>; see docs/DATA.md)",
                e.name,
                near.join(", ")
            )
        };
        cx.error(e.row.problem("slot", msg));
    }
    // Groups in order of first appearance, each with one correlation.
    let mut groups: Vec<CorrelationGroup> = Vec::new();
    let mut group_rows: Vec<(&Entry<'_>, Option<&Entry<'_>>)> = Vec::new();
    for e in entries {
        let Some(g) = &e.group else { continue };
        match groups.iter().position(|x| x.name == *g) {
            None => {
                groups.push(CorrelationGroup {
                    name: g.clone(),
                    correlation: e.correlation.unwrap_or(1.0),
                });
                group_rows.push((e, e.correlation.is_some().then_some(e)));
            }
            Some(k) => {
                let Some(c) = e.correlation else { continue };
                match group_rows[k].1 {
                    None => {
                        groups[k].correlation = c;
                        group_rows[k].1 = Some(e);
                    }
                    Some(first) if first.correlation != Some(c) => {
                        cx.error(e.row.problem(
                            "correlation",
                            format!(
                                "group \"{g}\" has correlation {} on line {}; a group has one correlation",
                                groups[k].correlation, first.row.line
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
    }
    // Each name takes its best row: exact, else the longest wildcard prefix.
    let mut declared = Vec::new();
    let mut members = vec![Vec::new(); groups.len()];
    for (name, _) in names {
        let best = entries
            .iter()
            .filter(|e| covers(e, name))
            .max_by_key(|e| (!e.wildcard, e.name.len()));
        let Some(e) = best else { continue };
        let group = e
            .group
            .as_ref()
            .and_then(|g| groups.iter().position(|x| x.name == *g));
        if let Some(k) = group {
            members[k].push(name.as_str());
        }
        declared.push(Declared {
            slot: name.clone(),
            distribution: e.distribution,
            group,
        });
    }
    for (k, g) in groups.iter().enumerate() {
        if members[k].len() >= 2 {
            continue;
        }
        let others = groups
            .iter()
            .filter(|x| x.name != g.name)
            .map(|x| x.name.as_str());
        let hint = suggest::hint(&g.name, others);
        let what = match members[k].first() {
            Some(one) => format!("only one member ({one})"),
            None => "no member (more specific rows take all its slots)".into(),
        };
        cx.error(group_rows[k].0.row.problem(
            "group",
            format!(
                "group \"{}\" has {what}; a correlation group needs at least two members{hint}",
                g.name
            ),
        ));
    }
    declared.sort_by(|a, b| a.slot.cmp(&b.slot));
    (cx.errors.total() == errors_before).then_some(Uncertainty { declared, groups })
}

/// Whether entry `e` names slot `name`.
fn covers(e: &Entry<'_>, name: &str) -> bool {
    if e.wildcard {
        name.starts_with(&e.name)
    } else {
        name == e.name
    }
}
