//! The policy side of a dataset and policy files:
//! - `levers.csv`, the lever catalogue (one row per lever of a measure of the
//!   action plan or the attack plans), and `campaigns.csv`, the recruitment-
//!   campaign options with their funnels (both files or neither);
//! - policy files (TOML, `policies/`), which switch levers and campaigns on.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use krapte_model::{Backing, Dataset, Direction, Education, Level, OccupationSet, Range3, Year};
use krapte_model::{
    Campaign, CampaignChoice, Lever, LeverFlow, LeverTarget, Policy, PolicyData, RetentionGroup,
};
use serde::Deserialize;
use toml::Spanned;

use crate::ctx::{fmt_range, Ctx};
use crate::index::Codes;
use crate::problem::{line_col, toml_problem, LoadErrors, Problem};
use crate::suggest;
use crate::table::{self, Row};

const LEVERS: &[&str] = &[
    "id",
    "measure",
    "name",
    "flow",
    "target",
    "effect_unit",
    "low",
    "central",
    "high",
    "intensity_unit",
    "default_intensity",
    "cost_eur_per_year",
    "payer",
    "start_year",
    "lag_years",
    "duration_years",
    "region",
    "quality",
    "source_id",
    "reason",
    "evidence",
    "evidence_ids",
];
const CAMPAIGNS: &[&str] = &[
    "campaign",
    "target_group",
    "flow",
    "target",
    "parameter",
    "unit",
    "low",
    "central",
    "high",
    "quality",
    "source_id",
    "reason",
    "evidence",
    "evidence_ids",
];

/// Campaign parameters, each given once per campaign.
const CAMPAIGN_PARAMETERS: [&str; 8] = [
    "reach_per_meur",
    "interest_share",
    "application_share",
    "conversion_share",
    "lag_years",
    "default_budget_meur_per_year",
    "default_years",
    "target_group_persons",
];

/// Parses a lever or campaign target for `flow`; the message says what was expected.
fn parse_target(flow: LeverFlow, raw: &str, sets: &[OccupationSet]) -> Result<LeverTarget, String> {
    let cells = |raw: &str| -> Result<LeverTarget, String> {
        let mut out = Vec::new();
        for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (l, d) = part.split_once('-').unwrap_or((part, ""));
            match (Level::from_code(l), Direction::from_code(d)) {
                (Some(level), Some(direction)) => out.push(Education { level, direction }.index()),
                _ => {
                    return Err(format!(
                        "expected education cells like mbo4-techniek (levels vmbo, mbo2, mbo3, mbo4, hbo, wo; directions techniek, ict, other), found \"{part}\""
                    ))
                }
            }
        }
        if out.is_empty() {
            return Err("expected at least one education cell, e.g. mbo4-techniek".into());
        }
        Ok(LeverTarget::Cells(out))
    };
    match flow {
        LeverFlow::Enrolment | LeverFlow::Dropout | LeverFlow::Weglek => cells(raw),
        LeverFlow::SideEntry | LeverFlow::Migration => {
            let (set, level) = raw.split_once(':').unwrap_or((raw, ""));
            let Some(k) = sets.iter().position(|s| s.id == set) else {
                return Err(format!(
                    "expected set:level such as technician:mbo4, found \"{raw}\" (unknown set \"{set}\"{})",
                    suggest::hint(set, sets.iter().map(|s| s.id.as_str()))
                ));
            };
            let Some(level) = Level::from_code(level) else {
                return Err(format!(
                    "expected set:level such as technician:mbo4, found \"{raw}\" (level must be vmbo, mbo2, mbo3, mbo4, hbo or wo)"
                ));
            };
            Ok(LeverTarget::SetLevel { set: k, level })
        }
        LeverFlow::Retention => match raw {
            "women" => Ok(LeverTarget::Retention(RetentionGroup::Women)),
            "men" => Ok(LeverTarget::Retention(RetentionGroup::Men)),
            "all" => Ok(LeverTarget::Retention(RetentionGroup::All)),
            _ => Err(format!("expected women, men or all, found \"{raw}\"")),
        },
        LeverFlow::Productivity => match raw {
            "all" | "" => Ok(LeverTarget::All),
            _ => Err(format!("expected all (or empty), found \"{raw}\"")),
        },
        LeverFlow::None => match raw {
            "" => Ok(LeverTarget::Nothing),
            _ => Err(format!(
                "a lever without a quantified effect has no target; found \"{raw}\""
            )),
        },
    }
}

fn parse_flow(row: &Row, cx: &mut Ctx, allowed: &[LeverFlow]) -> Option<LeverFlow> {
    let raw = row.raw("flow");
    match LeverFlow::from_code(raw).filter(|f| allowed.contains(f)) {
        Some(f) => Some(f),
        None => {
            let codes: Vec<&str> = allowed.iter().map(|f| f.code()).collect();
            let msg = format!(
                "expected one of {}, found \"{raw}\"{}",
                codes.join(", "),
                suggest::hint(raw, codes.iter().copied())
            );
            cx.error(row.problem("flow", msg));
            None
        }
    }
}

/// Reads `levers.csv` and `campaigns.csv`.
pub fn policy_data(cx: &mut Ctx, sets: &[OccupationSet], regions: &Codes) -> Option<PolicyData> {
    let levers = levers(cx, sets, regions);
    let campaigns = campaigns(cx, sets);
    Some(PolicyData {
        levers: levers?,
        campaigns: campaigns?,
    })
}

fn levers(cx: &mut Ctx, sets: &[OccupationSet], regions: &Codes) -> Option<Vec<Lever>> {
    let t = table::read(cx, "levers.csv", LEVERS, false);
    let mut ids = Codes::new("lever", "levers.csv", true);
    let mut out = Vec::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let id = row.text("id", cx);
        let measure = row.text("measure", cx);
        let name = row.text("name", cx);
        let flow = parse_flow(row, cx, &LeverFlow::ALL);
        let target = flow.and_then(|f| match parse_target(f, row.raw("target"), sets) {
            Ok(t) => Some(t),
            Err(m) => {
                cx.error(row.problem("target", m));
                None
            }
        });
        let effect = row.range3("", -1e9, 1e9, "a number", cx);
        if let (Some(LeverFlow::None), Some(e)) = (flow, effect) {
            if e.low != 0.0 || e.central != 0.0 || e.high != 0.0 {
                cx.error(row.problem(
                    "central",
                    "a lever with flow none has no quantified effect: low, central and high must be 0",
                ));
            }
        }
        if let (Some(LeverFlow::Productivity), Some(e)) = (flow, effect) {
            if e.low < -0.05 || e.high > 0.05 {
                cx.error(row.problem(
                    "central",
                    "a productivity effect is extra growth in points a year: expected between -0.05 and 0.05",
                ));
            }
        }
        let intensity = row.num("default_intensity", cx);
        if let (Some(f), Some(0.0)) = (flow, intensity) {
            if f != LeverFlow::None {
                cx.error(row.problem(
                    "default_intensity",
                    "must be above 0: the effect is given at this intensity and scales with it",
                ));
            }
        }
        let cost = row.num("cost_eur_per_year", cx);
        let start = row.year("start_year", cx);
        let lag = row.int("lag_years", 0, 50, "whole years 0..50", cx);
        let duration = row.int(
            "duration_years",
            0,
            100,
            "whole years 0..100 (0 = no end)",
            cx,
        );
        let region = match row.raw("region") {
            "" => Some(None),
            _ => regions.resolve(row, "region", cx).map(Some),
        };
        let meta = cx.meta(row);
        let backing = crate::evidence::backing(row, cx);
        let (
            Some(id),
            Some(measure),
            Some(name),
            Some(flow),
            Some(target),
            Some(effect),
            Some(default_intensity),
            Some(cost),
            Some(start_year),
            Some(lag_years),
            Some(duration_years),
            Some(region),
            Some(backing),
        ) = (
            id, measure, name, flow, target, effect, intensity, cost, start, lag, duration, region,
            backing,
        )
        else {
            ok = false;
            continue;
        };
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                &id,
                format!(
                    "{} {} {}",
                    flow.code(),
                    fmt_range(&effect),
                    row.raw("effect_unit")
                ),
            );
        }
        if ids.define(&id, row, "id", cx).is_none() {
            ok = false;
            continue;
        }
        out.push(Lever {
            id,
            measure,
            name,
            flow,
            target,
            effect,
            effect_unit: row.raw("effect_unit").to_string(),
            intensity_unit: row.raw("intensity_unit").to_string(),
            default_intensity,
            cost_eur_per_year: cost,
            payer: row.raw("payer").to_string(),
            start_year,
            lag_years,
            duration_years,
            region,
            backing,
        });
    }
    ok.then_some(out)
}

fn campaigns(cx: &mut Ctx, sets: &[OccupationSet]) -> Option<Vec<Campaign>> {
    let t = table::read(cx, "campaigns.csv", CAMPAIGNS, false);
    // Per campaign: first row (for meta), flow, target, parameters.
    struct Partial {
        line: u64,
        target_group: String,
        flow: LeverFlow,
        target: LeverTarget,
        params: [Option<Range3>; 8],
        backing: [Option<Backing>; 8],
    }
    let mut order: Vec<String> = Vec::new();
    let mut parts: BTreeMap<String, Partial> = BTreeMap::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let id = row.text("campaign", cx);
        let flow = parse_flow(row, cx, &[LeverFlow::SideEntry, LeverFlow::Enrolment]);
        let target = flow.and_then(|f| match parse_target(f, row.raw("target"), sets) {
            Ok(t) => Some(t),
            Err(m) => {
                cx.error(row.problem("target", m));
                None
            }
        });
        let param = row.raw("parameter");
        let k = CAMPAIGN_PARAMETERS.iter().position(|p| *p == param);
        if k.is_none() {
            let msg = format!(
                "unknown campaign parameter \"{param}\"{}",
                suggest::hint(param, CAMPAIGN_PARAMETERS)
            );
            cx.error(row.problem("parameter", msg));
        }
        let range = row.range3("", 0.0, 1e12, "a number >= 0", cx);
        if let (Some(k), Some(r)) = (k, range) {
            let name = CAMPAIGN_PARAMETERS[k];
            let limit = match name {
                n if n.ends_with("_share") => Some((0.0, 1.0, "a share: 0 to 1")),
                "lag_years" => Some((0.0, 30.0, "years: 0 to 30")),
                "default_budget_meur_per_year" => {
                    Some((0.0, 1000.0, "million euros a year: 0 to 1000"))
                }
                "default_years" => Some((1.0, 30.0, "years: 1 to 30")),
                "target_group_persons" => Some((
                    1.0,
                    2e7,
                    "persons: 1 to 20 million (the Netherlands has about 18 million inhabitants)",
                )),
                _ => None,
            };
            if let Some((lo, hi, what)) = limit {
                if r.low < lo || r.high > hi {
                    cx.error(row.problem("central", format!("{param} must be {what}")));
                }
            }
        }
        if let (Some(meta), Some(r)) = (cx.meta(row), range) {
            cx.assume(
                row,
                &meta,
                &format!("{}/{param}", row.raw("campaign")),
                fmt_range(&r),
            );
        }
        let backing = crate::evidence::backing(row, cx);
        let (Some(id), Some(flow), Some(target), Some(k), Some(range), Some(backing)) =
            (id, flow, target, k, range, backing)
        else {
            ok = false;
            continue;
        };
        let entry = parts.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            Partial {
                line: row.line,
                target_group: row.raw("target_group").to_string(),
                flow,
                target: target.clone(),
                params: [None; 8],
                backing: Default::default(),
            }
        });
        if entry.flow != flow || entry.target != target {
            cx.error(row.row_problem(format!(
                "campaign \"{id}\" has another flow or target than on line {}",
                entry.line
            )));
            ok = false;
        }
        entry.backing[k] = Some(backing);
        if entry.params[k].replace(range).is_some() {
            cx.error(row.problem(
                "parameter",
                format!("{param} of campaign \"{id}\" is given twice"),
            ));
            ok = false;
        }
    }
    let mut out = Vec::new();
    for id in order {
        let Some(p) = parts.remove(&id) else { continue };
        let missing: Vec<&str> = CAMPAIGN_PARAMETERS
            .iter()
            .zip(&p.params)
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            cx.error(Problem::at(
                &t.file,
                Some(p.line),
                None,
                format!("campaign \"{id}\" lacks {}", missing.join(", ")),
            ));
            ok = false;
            continue;
        }
        let [reach, interest, application, conversion, lag, budget, years, group] =
            p.params.map(|x| x.unwrap_or(Range3::point(0.0)));
        // The funnel's seven parameters carry evidence; the target group's
        // size is a count with its own source.
        let [b0, b1, b2, b3, b4, b5, b6, _] = p.backing.map(Option::unwrap_or_default);
        let backing = [b0, b1, b2, b3, b4, b5, b6];
        out.push(Campaign {
            id,
            target_group: p.target_group,
            flow: p.flow,
            target: p.target,
            reach_per_meur: reach,
            interest_share: interest,
            application_share: application,
            conversion_share: conversion,
            lag_years: lag,
            default_budget_meur_per_year: budget,
            default_years: years,
            // A count, not drawn: its central value.
            target_group_persons: group.central,
            backing,
        });
    }
    ok.then_some(out)
}

/// A policy file that passed every check.
#[derive(Debug, Clone)]
pub struct PolicyLoaded {
    pub policy: Policy,
    pub warnings: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    /// `declares = { levers = 18, campaigns = 1 }`: see the scenario's.
    declares: Option<Spanned<crate::scenario::Declares>>,
    #[serde(default)]
    levers: BTreeMap<Spanned<String>, Spanned<LeverChoice>>,
    #[serde(default)]
    campaigns: BTreeMap<Spanned<String>, CampaignFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeverChoice {
    on: bool,
    intensity: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CampaignFile {
    budget_meur_per_year: Option<Spanned<f64>>,
    years: Option<Spanned<i64>>,
    start_year: Spanned<i64>,
}

/// Reads a policy file and resolves it against the dataset's lever catalogue.
pub fn load_policy(path: &Path, ds: &Dataset) -> Result<PolicyLoaded, LoadErrors> {
    let text = krapte_problem::read::read_text(path, krapte_problem::read::MAX_TOML_BYTES, None)
        .map_err(LoadErrors)?;
    parse_policy(&text, path, ds)
}

/// Largest intensity as a multiple of the default: beyond it a typo is likelier.
const MAX_INTENSITY_FACTOR: f64 = 100.0;

/// Parses policy `text` (named `path` in problems) against `ds`.
pub fn parse_policy(text: &str, path: &Path, ds: &Dataset) -> Result<PolicyLoaded, LoadErrors> {
    let file: PolicyFile =
        toml::from_str(text).map_err(|e| LoadErrors::from(toml_problem(path, text, &e)))?;
    let Some(pd) = &ds.policy else {
        return Err(LoadErrors::from(Problem::in_file(
            path,
            "the dataset has no lever catalogue (levers.csv, campaigns.csv): policies cannot be evaluated",
        )));
    };
    let mut errors = crate::scenario::check_declared(
        text,
        path,
        file.declares.as_ref(),
        &[
            ("levers", file.levers.len()),
            ("campaigns", file.campaigns.len()),
        ],
    );
    let path: PathBuf = path.to_path_buf();
    let at = |span: Range<usize>, field: &str, msg: String| {
        Problem::at(&path, Some(line_col(text, span.start).0), Some(field), msg)
    };
    if file.name.get_ref().trim().is_empty() {
        errors.push(at(file.name.span(), "name", "must not be empty".into()));
    }
    let mut levers = Vec::new();
    for (id, choice) in &file.levers {
        let Some(k) = pd.levers.iter().position(|l| l.id == *id.get_ref()) else {
            let hint = suggest::hint(id.get_ref(), pd.levers.iter().map(|l| l.id.as_str()));
            errors.push(at(
                id.span(),
                id.get_ref(),
                format!(
                    "unknown lever \"{}\" (not in levers.csv){hint}",
                    id.get_ref()
                ),
            ));
            continue;
        };
        let lever = &pd.levers[k];
        let c = choice.get_ref();
        if !c.on {
            continue;
        }
        let intensity = match &c.intensity {
            None => lever.default_intensity,
            Some(i) => {
                let v = *i.get_ref();
                let max = lever.default_intensity * MAX_INTENSITY_FACTOR;
                if !v.is_finite() || v < 0.0 || (lever.default_intensity > 0.0 && v > max) {
                    errors.push(at(
                        i.span(),
                        "intensity",
                        format!(
                            "expected an intensity in {} between 0 and {max} (100 x the default {}), found {v}",
                            lever.intensity_unit, lever.default_intensity
                        ),
                    ));
                    continue;
                }
                if lever.default_intensity > 0.0 {
                    let factor = v / lever.default_intensity;
                    let id = lever.id.as_str();
                    let get = move |k: &str| (k == "lever").then_some(id);
                    if let Some(b) =
                        ds.plausibility
                            .broken("policy", "intensity_factor", get, factor)
                    {
                        errors.push(at(
                            i.span(),
                            "intensity",
                            format!(
                                "intensity {v} {} is {factor} x the default {}: {}",
                                lever.intensity_unit,
                                lever.default_intensity,
                                crate::bounds::message(factor, b)
                            ),
                        ));
                        continue;
                    }
                }
                v
            }
        };
        levers.push((k, intensity));
    }
    let mut campaigns = Vec::new();
    for (id, c) in &file.campaigns {
        let Some(k) = pd.campaigns.iter().position(|x| x.id == *id.get_ref()) else {
            let hint = suggest::hint(id.get_ref(), pd.campaigns.iter().map(|l| l.id.as_str()));
            errors.push(at(
                id.span(),
                id.get_ref(),
                format!(
                    "unknown campaign \"{}\" (not in campaigns.csv){hint}",
                    id.get_ref()
                ),
            ));
            continue;
        };
        let camp = &pd.campaigns[k];
        let budget = match &c.budget_meur_per_year {
            None => Some(camp.default_budget_meur_per_year.central),
            Some(b) if b.get_ref().is_finite() && (0.0..=1000.0).contains(b.get_ref()) => {
                let id = camp.id.as_str();
                let get = move |k: &str| (k == "campaign").then_some(id);
                match ds
                    .plausibility
                    .broken("policy", "budget_meur_per_year", get, *b.get_ref())
                {
                    Some(bound) => {
                        errors.push(at(
                            b.span(),
                            "budget_meur_per_year",
                            crate::bounds::message(*b.get_ref(), bound),
                        ));
                        None
                    }
                    None => Some(*b.get_ref()),
                }
            }
            Some(b) => {
                errors.push(at(
                    b.span(),
                    "budget_meur_per_year",
                    format!(
                        "expected million euros a year between 0 and 1000, found {}",
                        b.get_ref()
                    ),
                ));
                None
            }
        };
        let years = match &c.years {
            None => Some(camp.default_years.central.round() as u16),
            Some(y) => match u16::try_from(*y.get_ref()) {
                Ok(v) if (1..=30).contains(&v) => Some(v),
                _ => {
                    errors.push(at(
                        y.span(),
                        "years",
                        format!("expected whole years 1..30, found {}", y.get_ref()),
                    ));
                    None
                }
            },
        };
        let start: Option<Year> = match u16::try_from(*c.start_year.get_ref()) {
            Ok(y) if (ds.base_year..=2040).contains(&y) => Some(y),
            _ => {
                errors.push(at(
                    c.start_year.span(),
                    "start_year",
                    format!(
                        "expected a year from the base year {} to 2040, found {}",
                        ds.base_year,
                        c.start_year.get_ref()
                    ),
                ));
                None
            }
        };
        if let (Some(budget_meur_per_year), Some(years), Some(start_year)) = (budget, years, start)
        {
            campaigns.push(CampaignChoice {
                campaign: k,
                budget_meur_per_year,
                years,
                start_year,
            });
        }
    }
    if !errors.is_empty() {
        return Err(LoadErrors(errors.into()));
    }
    Ok(PolicyLoaded {
        policy: Policy {
            name: file.name.into_inner(),
            description: file.description,
            levers,
            campaigns,
        },
        warnings: Vec::new(),
    })
}
