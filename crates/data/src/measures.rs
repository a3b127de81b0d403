//! Loaders for the measure side of a dataset: `measures.csv` and the files
//! that say how each measure becomes labour (bottom-up activities with their
//! sectors, spending products, optional regional splits). Checks that every
//! bottom-up measure has activities and no products, and every spending
//! measure has products and a cost.

use std::collections::HashMap;

use krapte_model::{Activity, IntensityUnit, Measure, Path, ProductShare, Province, Range3};

use crate::ctx::{fmt_range, Ctx};
use crate::economy::province;
use crate::index::{Codes, Splits};
use crate::problem::Problem;
use crate::suggest;
use crate::table::{self, Row};

const MEASURES: &[&str] = &[
    "id",
    "name",
    "unit",
    "path",
    "base_stock",
    "cost_low",
    "cost_central",
    "cost_high",
    "quality",
    "source_id",
    "reason",
];
const ACTIVITIES: &[&str] = &[
    "measure",
    "activity",
    "unit",
    "low",
    "central",
    "high",
    "build_years",
    "ref_year",
    "includes_supply_chain",
    "supply_chain_sector",
    "quality",
    "source_id",
    "reason",
];
const ACTIVITY_SECTORS: &[&str] = &[
    "measure",
    "activity",
    "sector",
    "share",
    "quality",
    "source_id",
    "reason",
];
const PRODUCTS: &[&str] = &[
    "measure",
    "sector",
    "share",
    "import_share",
    "quality",
    "source_id",
    "reason",
];
const BASE_YEAR_ACTIVITY: &[&str] = &[
    "measure",
    "unit",
    "low",
    "central",
    "high",
    "quality",
    "source_id",
    "reason",
];
const MEASURE_REGIONS: &[&str] = &[
    "measure",
    "region",
    "share",
    "quality",
    "source_id",
    "reason",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    BottomUp,
    Spending,
}

/// A measure row before its activities or products are attached.
struct Draft {
    id: String,
    name: String,
    unit: String,
    base_stock: f64,
    /// `None` when the `path` field was invalid (already reported).
    kind: Option<Kind>,
    cost: Option<Range3>,
    line: u64,
}

/// Everything the measure files say, for `load` to assemble.
pub fn measures(cx: &mut Ctx, sectors: &Codes, regions: &Codes) -> Vec<Measure> {
    let (drafts, codes) = read_measures(cx);
    let (activities, act_codes) = read_activities(cx, &drafts, &codes, sectors);
    let act_sectors = read_activity_sectors(cx, &activities, &act_codes, sectors);
    let (products, products_usable) = read_products(cx, &drafts, &codes, sectors);
    let splits = read_measure_regions(cx, &codes, regions);
    let mut base_year = read_base_year_activity(cx, &drafts, &codes);
    let file = cx.dir.join("measures.csv");
    let mut out = Vec::new();
    for (m, d) in drafts.into_iter().enumerate() {
        let mine: Vec<Activity> = activities
            .iter()
            .enumerate()
            .filter(|(_, (owner, _))| *owner == m)
            .map(|(k, (_, a))| Activity {
                sectors: act_sectors.group(k),
                ..a.clone()
            })
            .collect();
        let prods = products.get(&m).cloned().unwrap_or_default();
        let path = match d.kind {
            // An unreadable activities/products file is reported once, not per measure.
            Some(Kind::BottomUp) if mine.is_empty() && act_codes.usable => {
                let msg = format!(
                    "bottom_up measure \"{}\" has no rows in activities.csv",
                    d.id
                );
                cx.error(Problem::at(&file, Some(d.line), Some("path"), msg));
                continue;
            }
            Some(Kind::BottomUp) => Path::BottomUp { activities: mine },
            Some(Kind::Spending) if prods.is_empty() && products_usable => {
                let msg = format!("spending measure \"{}\" has no rows in products.csv", d.id);
                cx.error(Problem::at(&file, Some(d.line), Some("path"), msg));
                continue;
            }
            Some(Kind::Spending) => match d.cost {
                Some(cost_per_unit) => Path::Spending {
                    cost_per_unit,
                    products: prods,
                },
                None => continue,
            },
            None => continue,
        };
        let regions = splits.group(m);
        let base_year_additions = base_year.as_mut().and_then(|b| b[m].take());
        out.push(Measure {
            id: d.id,
            name: d.name,
            unit: d.unit,
            base_stock: d.base_stock,
            path,
            regions,
            base_year_additions,
        });
    }
    out
}

fn read_measures(cx: &mut Ctx) -> (Vec<Draft>, Codes) {
    let t = table::read(cx, "measures.csv", MEASURES, false);
    let mut codes = Codes::new("measure", "measures.csv", t.usable);
    let mut drafts = Vec::new();
    for row in &t.rows {
        let Some(id) = row.text("id", cx) else {
            continue;
        };
        let name = row.text("name", cx).unwrap_or_default();
        let unit = row.text("unit", cx).unwrap_or_default();
        let kind = parse_kind(row, cx);
        let base_stock = row.num("base_stock", cx).unwrap_or(0.0);
        let cost = match kind {
            Some(Kind::Spending) => spending_cost(row, &unit, cx),
            Some(Kind::BottomUp) => no_cost(row, cx),
            None => None,
        };
        if let Some(meta) = cx.meta(row) {
            let value = match &cost {
                Some(c) => format!(
                    "base_stock {base_stock} {unit}, cost {} MEUR/{unit}",
                    fmt_range(c)
                ),
                None => format!("base_stock {base_stock} {unit}"),
            };
            cx.assume(row, &meta, &id, value);
        }
        if codes.define(&id, row, "id", cx).is_some() {
            drafts.push(Draft {
                id,
                name,
                unit,
                base_stock,
                kind,
                cost,
                line: row.line,
            });
        }
    }
    (drafts, codes)
}

/// `base_year_activity.csv` (optional): each measure's activity in the base
/// year, in the measure's unit per year. `None` when the file is absent;
/// otherwise one entry per measure (a measure without a row is an error).
fn read_base_year_activity(
    cx: &mut Ctx,
    drafts: &[Draft],
    codes: &Codes,
) -> Option<Vec<Option<Range3>>> {
    let file = "base_year_activity.csv";
    if !cx.dir.join(file).is_file() {
        return None;
    }
    let t = table::read(cx, file, BASE_YEAR_ACTIVITY, true);
    let mut out: Vec<Option<Range3>> = vec![None; drafts.len()];
    let mut seen = vec![false; drafts.len()];
    for row in &t.rows {
        let meta = cx.meta(row);
        // Codes are defined in draft order (read_measures), so the index is the draft's.
        let Some(k) = codes
            .resolve(row, "measure", cx)
            .filter(|k| *k < drafts.len())
        else {
            continue;
        };
        if std::mem::replace(&mut seen[k], true) {
            cx.error(row.problem(
                "measure",
                format!("measure \"{}\" is given twice", drafts[k].id),
            ));
            continue;
        }
        let unit = row.raw("unit");
        if unit != drafts[k].unit {
            let msg = format!(
                "expected the measure's unit \"{}\" (measures.csv), found \"{unit}\"",
                drafts[k].unit
            );
            cx.error(row.problem("unit", msg));
            continue;
        }
        let Some(range) = row.range3_nonneg("", cx) else {
            continue;
        };
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                &drafts[k].id,
                format!("{} {unit}/year in the base year", fmt_range(&range)),
            );
        }
        out[k] = Some(range);
    }
    if t.usable {
        for (k, d) in drafts.iter().enumerate() {
            if !seen[k] {
                cx.error(Problem::in_file(
                    &t.file,
                    format!("measure \"{}\" has no base-year activity", d.id),
                ));
            }
        }
    }
    Some(out)
}

fn parse_kind(row: &Row, cx: &mut Ctx) -> Option<Kind> {
    match row.raw("path") {
        "bottom_up" => Some(Kind::BottomUp),
        "spending" => Some(Kind::Spending),
        other => {
            let hint = suggest::hint(other, ["bottom_up", "spending"]);
            cx.error(row.problem(
                "path",
                format!("expected bottom_up or spending, found \"{other}\"{hint}"),
            ));
            None
        }
    }
}

/// A spending measure needs a cost per unit; for euro units it is 1 by definition.
fn spending_cost(row: &Row, unit: &str, cx: &mut Ctx) -> Option<Range3> {
    let cost = row.range3_nonneg("cost_", cx)?;
    if unit == "MEUR" && cost != Range3::point(1.0) {
        let msg = format!(
            "a measure in MEUR costs 1 MEUR per unit; found {}",
            fmt_range(&cost)
        );
        cx.error(row.problem("cost_central", msg));
        return None;
    }
    Some(cost)
}

/// Bottom-up measures have no cost: their labour comes from activities.
fn no_cost(row: &Row, cx: &mut Ctx) -> Option<Range3> {
    for col in ["cost_low", "cost_central", "cost_high"] {
        if !row.raw(col).is_empty() {
            cx.error(row.problem(
                col,
                "must be empty for a bottom_up measure (its labour comes from activities.csv)",
            ));
        }
    }
    None
}

/// Requires measure `m` (already resolved from field `measure`) to be of `kind`.
fn expect_kind(row: &Row, d: Option<&Draft>, kind: Kind, file: &str, cx: &mut Ctx) -> bool {
    match d.and_then(|d| d.kind.map(|k| (d, k))) {
        Some((_, k)) if k == kind => true,
        Some((d, _)) => {
            let want = if kind == Kind::BottomUp {
                "bottom_up"
            } else {
                "spending"
            };
            let msg = format!(
                "measure \"{}\" is not a {want} measure; {file} is only for {want} measures",
                d.id
            );
            cx.error(row.problem("measure", msg));
            false
        }
        None => false,
    }
}

/// Activities as (measure index, activity without sectors), with codes
/// `measure/activity`.
fn read_activities(
    cx: &mut Ctx,
    drafts: &[Draft],
    measures: &Codes,
    sectors: &Codes,
) -> (Vec<(usize, Activity)>, Codes) {
    let t = table::read(cx, "activities.csv", ACTIVITIES, false);
    let mut codes = Codes::new("activity", "activities.csv", t.usable);
    let mut out = Vec::new();
    for row in &t.rows {
        let m = measures.resolve(row, "measure", cx);
        let is_bottom_up = m
            .is_some_and(|m| expect_kind(row, drafts.get(m), Kind::BottomUp, "activities.csv", cx));
        let name = row.text("activity", cx);
        let unit = parse_unit(row, cx);
        let intensity = row.range3_nonneg("", cx);
        let build_years = row.int(
            "build_years",
            1,
            50,
            "a whole number of years between 1 and 50",
            cx,
        );
        let ref_year = row.year("ref_year", cx);
        let supply_chain = parse_yes_no(row, "includes_supply_chain", cx);
        let chain_sector = supply_chain_sector(row, supply_chain, sectors, cx);
        let meta = cx.meta(row);
        let (Some(m), Some(name)) = (m, name) else {
            continue;
        };
        let key = format!("{}/{name}", measures.label(m));
        if let (Some(meta), Some(r)) = (meta, intensity) {
            cx.assume(
                row,
                &meta,
                &key,
                format!("{} {}", fmt_range(&r), row.raw("unit")),
            );
        }
        if codes.define(&key, row, "activity", cx).is_none() {
            continue;
        }
        // Defined even when a field is bad, so activity_sectors.csv resolves;
        // the placeholders never reach the model.
        let activity = Activity {
            name,
            unit: unit.unwrap_or(IntensityUnit::JobYearsPerUnit),
            intensity: intensity.unwrap_or(Range3::point(0.0)),
            build_years: build_years.and_then(|b| u8::try_from(b).ok()).unwrap_or(1),
            ref_year: ref_year.unwrap_or(0),
            sectors: Vec::new(),
            includes_supply_chain: supply_chain.unwrap_or(false),
            supply_chain_sector: chain_sector,
        };
        out.push((if is_bottom_up { m } else { usize::MAX }, activity));
    }
    (out, codes)
}

fn parse_yes_no(row: &Row, col: &str, cx: &mut Ctx) -> Option<bool> {
    match row.raw(col) {
        "yes" => Some(true),
        "no" => Some(false),
        other => {
            cx.error(row.problem(col, format!("expected yes or no, found \"{other}\"")));
            None
        }
    }
}

/// `supply_chain_sector`: empty, or a sector code for a figure of direct
/// labour only (a figure that counts its supply chain gets nothing added, so
/// naming where to buy it from is a contradiction).
fn supply_chain_sector(
    row: &Row,
    includes: Option<bool>,
    sectors: &Codes,
    cx: &mut Ctx,
) -> Option<usize> {
    if row.raw("supply_chain_sector").is_empty() {
        return None;
    }
    if includes == Some(true) {
        cx.error(row.problem(
            "supply_chain_sector",
            "must be empty when includes_supply_chain is yes (the figure already counts its supply chain)",
        ));
        return None;
    }
    sectors.resolve(row, "supply_chain_sector", cx)
}

fn parse_unit(row: &Row, cx: &mut Ctx) -> Option<IntensityUnit> {
    const UNITS: [&str; 4] = [
        "job_years_per_unit",
        "hours_per_unit",
        "fte_per_unit_stock",
        "hours_per_unit_stock",
    ];
    match row.raw("unit") {
        "job_years_per_unit" => Some(IntensityUnit::JobYearsPerUnit),
        "hours_per_unit" => Some(IntensityUnit::HoursPerUnit),
        "fte_per_unit_stock" => Some(IntensityUnit::FtePerUnitStock),
        "hours_per_unit_stock" => Some(IntensityUnit::HoursPerUnitStock),
        other => {
            let msg = format!(
                "expected one of {}, found \"{other}\"{}",
                UNITS.join(", "),
                suggest::hint(other, UNITS)
            );
            cx.error(row.problem("unit", msg));
            None
        }
    }
}

fn read_activity_sectors(
    cx: &mut Ctx,
    activities: &[(usize, Activity)],
    acts: &Codes,
    sectors: &Codes,
) -> Splits {
    let t = table::read(cx, "activity_sectors.csv", ACTIVITY_SECTORS, false);
    let mut splits = Splits::new(acts.len());
    for row in &t.rows {
        let a = resolve_activity(row, acts, cx);
        let s = sectors.resolve(row, "sector", cx);
        let share = row.share("share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (Some(a), Some(s), Some(v)) = (a, s, share) {
            let what = format!(
                "activity \"{}\", sector \"{}\"",
                acts.label(a),
                sectors.label(s)
            );
            splits.add(a, s, v, row, &what, cx);
        }
    }
    if t.usable && acts.usable {
        for (k, (owner, _)) in activities.iter().enumerate() {
            if *owner != usize::MAX {
                splits.check_group(
                    k,
                    &t.file,
                    |i| format!("activity \"{}\"", acts.label(i)),
                    cx,
                );
            }
        }
    }
    splits
}

/// Resolves `measure` + `activity` against activities.csv, suggesting among
/// the activities of the same measure.
fn resolve_activity(row: &Row, acts: &Codes, cx: &mut Ctx) -> Option<usize> {
    let (measure, activity) = (row.raw("measure"), row.raw("activity"));
    let key = format!("{measure}/{activity}");
    if let Some(i) = acts.get(&key) {
        return Some(i);
    }
    if !acts.usable {
        return None;
    }
    let prefix = format!("{measure}/");
    let siblings: Vec<&str> = acts
        .names
        .iter()
        .filter_map(|n| n.strip_prefix(&prefix))
        .collect();
    let msg = if siblings.is_empty() {
        format!("measure \"{measure}\" has no activities in activities.csv")
    } else {
        let hint = suggest::hint(activity, siblings.iter().copied());
        format!("unknown activity \"{activity}\" of measure \"{measure}\" (not in activities.csv){hint}")
    };
    let col = if siblings.is_empty() {
        "measure"
    } else {
        "activity"
    };
    cx.error(row.problem(col, msg));
    None
}

/// Products per spending measure.
fn read_products(
    cx: &mut Ctx,
    drafts: &[Draft],
    measures: &Codes,
    sectors: &Codes,
) -> (HashMap<usize, Vec<ProductShare>>, bool) {
    let t = table::read(cx, "products.csv", PRODUCTS, false);
    let mut splits = Splits::new(measures.len());
    let mut imports: HashMap<(usize, usize), f64> = HashMap::new();
    for row in &t.rows {
        let m = measures.resolve(row, "measure", cx);
        let ok_kind =
            m.is_some_and(|m| expect_kind(row, drafts.get(m), Kind::Spending, "products.csv", cx));
        let s = sectors.resolve(row, "sector", cx);
        let share = row.share("share", cx);
        let import = row.share("import_share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (true, Some(m), Some(s), Some(v), Some(imp)) = (ok_kind, m, s, share, import) {
            let what = format!(
                "measure \"{}\", sector \"{}\"",
                measures.label(m),
                sectors.label(s)
            );
            splits.add(m, s, v, row, &what, cx);
            imports.entry((m, s)).or_insert(imp);
        }
    }
    let mut out = HashMap::new();
    for (m, d) in drafts.iter().enumerate() {
        if d.kind != Some(Kind::Spending) || splits.group(m).is_empty() {
            continue; // no rows: reported with the measure
        }
        if t.usable {
            splits.check_group(
                m,
                &t.file,
                |i| format!("measure \"{}\"", measures.label(i)),
                cx,
            );
        }
        let products = splits
            .group(m)
            .into_iter()
            .map(|(sector, share)| ProductShare {
                sector,
                share,
                import_share: imports.get(&(m, sector)).copied().unwrap_or(0.0),
            })
            .collect();
        out.insert(m, products);
    }
    (out, t.usable)
}

/// Optional default regional split per measure; measures without rows follow
/// their sectors.
fn read_measure_regions(cx: &mut Ctx, measures: &Codes, regions: &Codes) -> Splits {
    let t = table::read(cx, "measure_regions.csv", MEASURE_REGIONS, true);
    let mut splits = Splits::new(measures.len());
    for row in &t.rows {
        let m = measures.resolve(row, "measure", cx);
        let r = match Province::from_code(row.raw("region")) {
            Some(_) => regions.resolve(row, "region", cx),
            None => province(row, "region", cx).and(None),
        };
        let share = row.share("share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (Some(m), Some(r), Some(v)) = (m, r, share) {
            let what = format!(
                "measure \"{}\", region \"{}\"",
                measures.label(m),
                regions.label(r)
            );
            splits.add(m, r, v, row, &what, cx);
        }
    }
    for m in 0..measures.len() {
        if !splits.group(m).is_empty() {
            splits.check_group(
                m,
                &t.file,
                |i| format!("measure \"{}\"", measures.label(i)),
                cx,
            );
        }
    }
    splits
}
