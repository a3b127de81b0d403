//! Loaders for the supply side of a dataset (see `docs/DATA.md`): supply
//! parameters, supply facts per occupation (ROA replacement and expansion
//! demand, women's share), the education pipeline per education cell,
//! first-year students per year, the digital-skills definitions and the
//! shortage-indicator classes.

use krapte_model::{DigitalBasis, DigitalDefinition};
use krapte_model::{
    Direction, Education, Level, OccupationSet, PipelineCell, ShortageClass, SupplyData,
    SupplyOccupation, SupplyParams,
};

use crate::ctx::Ctx;
use crate::economy::{param_ranges, parse_code, ParamSpec};
use crate::index::Codes;
use crate::problem::Problem;
use crate::suggest;
use crate::table::{self, Row};

const SUPPLY_OCCUPATIONS: &[&str] = &[
    "occupation",
    "women_share",
    "replacement_rate",
    "expansion_persons_per_year",
    "roa_job_openings_persons",
    "roa_itkb",
    "roa_itkb_class",
    "quality",
    "source_id",
    "reason",
];
const EDUCATION_PIPELINE: &[&str] = &[
    "level",
    "direction",
    "programme_years",
    "dropout",
    "labour_market_entry",
    "women_share_inflow",
    "quality",
    "source_id",
    "reason",
];
const ENROLMENT: &[&str] = &[
    "year",
    "level",
    "direction",
    "first_year_students",
    "quality",
    "source_id",
    "reason",
];
const DIGITAL_DEFINITIONS: &[&str] = &[
    "id",
    "version",
    "title",
    "basis",
    "members",
    "anchor_year",
    "anchor_persons",
    "source_id",
    "description",
];
const SHORTAGE_CLASSES: &[&str] = &["id", "label", "min_ratio", "quality", "source_id", "reason"];

/// Supply parameter ids with the range each must lie in.
const PARAM_SPECS: [ParamSpec; 7] = [
    (
        "fte_per_person_women",
        0.1,
        1.5,
        "fte per person between 0.1 and 1.5",
    ),
    (
        "fte_per_person_men",
        0.1,
        1.5,
        "fte per person between 0.1 and 1.5",
    ),
    (
        "switch_out_women",
        0.0,
        1.0,
        "a share per year between 0 and 1",
    ),
    (
        "switch_out_men",
        0.0,
        1.0,
        "a share per year between 0 and 1",
    ),
    (
        "retirement_share_of_replacement",
        0.0,
        1.0,
        "a share between 0 and 1",
    ),
    (
        "side_entry_per_switch_out",
        0.0,
        10.0,
        "a ratio between 0 and 10",
    ),
    (
        "migration_rate",
        0.0,
        0.5,
        "a share per year between 0 and 0.5",
    ),
];

/// Reads the six supply files. `occupations` and `sets` are the dataset's;
/// `base_year` bounds the years. `None` when a part is unusable (the problems
/// are recorded).
pub fn supply(
    cx: &mut Ctx,
    occupations: &Codes,
    sets: &[OccupationSet],
    base_year: Option<u16>,
) -> Option<SupplyData> {
    let params = params(cx);
    let occ = supply_occupations(cx, occupations);
    let pipeline = pipeline(cx);
    let enrolment = enrolment(cx, pipeline.as_deref(), base_year);
    let definitions = digital_definitions(cx, sets, base_year);
    let classes = shortage_classes(cx);
    let (enrolment_first_year, enrolment) = enrolment?;
    Some(SupplyData {
        params: params?,
        occupations: occ?,
        pipeline: pipeline?,
        enrolment_first_year,
        enrolment,
        digital_definitions: definitions?,
        shortage_classes: classes?,
    })
}

fn params(cx: &mut Ctx) -> Option<SupplyParams> {
    let values = param_ranges(
        cx,
        "supply_parameters.csv",
        "supply parameter",
        &PARAM_SPECS,
    );
    let [fw, fm, sw, sm, ret, side, mig] = values;
    Some(SupplyParams {
        fte_per_person_women: fw?,
        fte_per_person_men: fm?,
        switch_out_women: sw?,
        switch_out_men: sm?,
        retirement_share_of_replacement: ret?,
        side_entry_per_switch_out: side?,
        migration_rate: mig?,
    })
}

/// An optional number field: empty is `None`, otherwise a finite number in `lo..=hi`.
fn optional_num(
    row: &Row,
    col: &str,
    lo: f64,
    hi: f64,
    what: &str,
    cx: &mut Ctx,
) -> Option<Option<f64>> {
    if row.raw(col).is_empty() {
        return Some(None);
    }
    row.bounded(col, lo, hi, what, cx).map(Some)
}

fn supply_occupations(cx: &mut Ctx, occupations: &Codes) -> Option<Vec<SupplyOccupation>> {
    let t = table::read(cx, "supply_occupations.csv", SUPPLY_OCCUPATIONS, false);
    let mut out: Vec<Option<SupplyOccupation>> = vec![None; occupations.len()];
    // Occupations with a row, even a bad one (reported once, not again as missing).
    let mut seen = vec![false; occupations.len()];
    let mut ok = t.usable;
    for row in &t.rows {
        let o = occupations.resolve(row, "occupation", cx);
        if let Some(slot) = o.and_then(|o| seen.get_mut(o)) {
            *slot = true;
        }
        let women = row.share("women_share", cx);
        let replacement = row.bounded(
            "replacement_rate",
            0.0,
            1.0,
            "a yearly share between 0 and 1",
            cx,
        );
        let expansion = row.bounded(
            "expansion_persons_per_year",
            -1e8,
            1e8,
            "persons per year (may be negative)",
            cx,
        );
        let openings = optional_num(
            row,
            "roa_job_openings_persons",
            0.0,
            1e9,
            "persons >= 0 or empty",
            cx,
        );
        let itkb = optional_num(
            row,
            "roa_itkb",
            0.0,
            10.0,
            "an indicator between 0 and 10 or empty",
            cx,
        );
        let class = row.raw("roa_itkb_class");
        let meta = cx.meta(row);
        let (Some(o), Some(w), Some(r), Some(x), Some(jo), Some(itkb)) =
            (o, women, replacement, expansion, openings, itkb)
        else {
            ok = false;
            continue;
        };
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                &occupations.label(o),
                format!("replacement_rate {r}, expansion {x}/yr"),
            );
        }
        if out[o].is_some() {
            cx.error(row.problem(
                "occupation",
                format!("occupation \"{}\" is listed twice", occupations.label(o)),
            ));
            ok = false;
            continue;
        }
        out[o] = Some(SupplyOccupation {
            women_share: w,
            replacement_rate: r,
            expansion_persons_per_year: x,
            roa_job_openings_persons: jo,
            roa_itkb: itkb,
            roa_itkb_class: (!class.is_empty()).then(|| class.to_string()),
        });
    }
    if t.usable && occupations.usable {
        for (o, slot) in seen.iter().enumerate() {
            if !slot {
                cx.error(Problem::in_file(
                    &t.file,
                    format!(
                        "occupation \"{}\" (occupations.csv) has no row",
                        occupations.label(o)
                    ),
                ));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    out.into_iter().collect()
}

/// Level and direction of a row, as an education cell.
fn education(row: &Row, cx: &mut Ctx) -> Option<Education> {
    let level = parse_code(
        row,
        "level",
        Level::from_code,
        Level::ALL.map(Level::code),
        cx,
    );
    let direction = parse_code(
        row,
        "direction",
        Direction::from_code,
        Direction::ALL.map(Direction::code),
        cx,
    );
    Some(Education {
        level: level?,
        direction: direction?,
    })
}

fn pipeline(cx: &mut Ctx) -> Option<Vec<PipelineCell>> {
    let t = table::read(cx, "education_pipeline.csv", EDUCATION_PIPELINE, false);
    let mut out: Vec<Option<PipelineCell>> = vec![None; Education::COUNT];
    let mut ok = t.usable;
    for row in &t.rows {
        let e = education(row, cx);
        let years = row.int(
            "programme_years",
            1,
            10,
            "a whole number of years, 1..10",
            cx,
        );
        let dropout = row.share("dropout", cx);
        let entry = row.share("labour_market_entry", cx);
        let women = row.share("women_share_inflow", cx);
        let meta = cx.meta(row);
        let (Some(e), Some(p), Some(d), Some(l), Some(w)) = (e, years, dropout, entry, women)
        else {
            ok = false;
            continue;
        };
        let label = format!("{}-{}", e.level.code(), e.direction.code());
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                &label,
                format!("{p} years, dropout {d}, labour-market entry {l}"),
            );
        }
        if out[e.index()]
            .replace(PipelineCell {
                programme_years: p,
                dropout: d,
                labour_market_entry: l,
                women_share_inflow: w,
            })
            .is_some()
        {
            cx.error(row.row_problem(format!("education {label} is listed twice")));
            ok = false;
        }
    }
    if t.usable {
        for (i, slot) in out.iter().enumerate() {
            if slot.is_none() {
                let e = Education::from_index(i);
                cx.error(Problem::in_file(
                    &t.file,
                    format!(
                        "education {}-{} has no row",
                        e.level.code(),
                        e.direction.code()
                    ),
                ));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    out.into_iter().collect()
}

/// First-year students: every education cell for every year of one
/// contiguous range. Returns the first year and the dense year x 18 table.
fn enrolment(
    cx: &mut Ctx,
    pipeline: Option<&[PipelineCell]>,
    base_year: Option<u16>,
) -> Option<(u16, Vec<f64>)> {
    let t = table::read(cx, "enrolment.csv", ENROLMENT, false);
    let mut seen: Vec<(u16, usize, f64, u64)> = Vec::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let year = row.year("year", cx);
        let e = education(row, cx);
        let n = row.num("first_year_students", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        match (year, e, n) {
            (Some(y), Some(e), Some(n)) => seen.push((y, e.index(), n, row.line)),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let (Some(first), Some(last)) = (
        seen.iter().map(|s| s.0).min(),
        seen.iter().map(|s| s.0).max(),
    ) else {
        cx.error(Problem::in_file(&t.file, "has no rows"));
        return None;
    };
    let ny = usize::from(last - first) + 1;
    let mut dense: Vec<Option<f64>> = vec![None; ny * Education::COUNT];
    for (y, e, n, line) in &seen {
        let slot = &mut dense[usize::from(y - first) * Education::COUNT + e];
        if slot.replace(*n).is_some() {
            let ed = Education::from_index(*e);
            cx.error(Problem::at(
                &t.file,
                Some(*line),
                None,
                format!(
                    "year {y}, {}-{} is listed twice",
                    ed.level.code(),
                    ed.direction.code()
                ),
            ));
            ok = false;
        }
    }
    for (i, slot) in dense.iter().enumerate() {
        if slot.is_none() {
            let ed = Education::from_index(i % Education::COUNT);
            cx.error(Problem::in_file(
                &t.file,
                format!(
                    "year {} has no row for {}-{}: every year from {first} to {last} needs all 18 education cells",
                    first as usize + i / Education::COUNT,
                    ed.level.code(),
                    ed.direction.code()
                ),
            ));
            ok = false;
        }
    }
    // Graduates in the base year enrolled programme_years earlier.
    if let (Some(p), Some(base)) = (pipeline, base_year) {
        let max_p = p.iter().map(|c| c.programme_years).max().unwrap_or(1);
        let needed = base.saturating_sub(max_p);
        if first > needed {
            cx.error(Problem::in_file(
                &t.file,
                format!(
                    "starts in {first}, but graduates from the base year {base} with programmes of up to {max_p} years (education_pipeline.csv) need first-year students from {needed}"
                ),
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some((first, dense.into_iter().map(|x| x.unwrap_or(0.0)).collect()))
}

fn digital_definitions(
    cx: &mut Ctx,
    sets: &[OccupationSet],
    base_year: Option<u16>,
) -> Option<Vec<DigitalDefinition>> {
    let t = table::read(cx, "digital_definitions.csv", DIGITAL_DEFINITIONS, false);
    let mut ids = Codes::new("digital definition", "digital_definitions.csv", true);
    let mut out = Vec::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let id = row.text("id", cx);
        let version = row.text("version", cx);
        let title = row.text("title", cx);
        row.text("description", cx);
        let members = row.raw("members");
        let basis = match row.raw("basis") {
            "occupation_set" => match sets.iter().position(|s| s.id == members) {
                Some(k) => Some(DigitalBasis::OccupationSet(k)),
                None => {
                    let hint = suggest::hint(members, sets.iter().map(|s| s.id.as_str()));
                    cx.error(row.problem(
                        "members",
                        format!("unknown occupation set \"{members}\" (occupation_sets.csv){hint}"),
                    ));
                    None
                }
            },
            "education_direction" => match Direction::from_code(members) {
                Some(d) => Some(DigitalBasis::EducationDirection(d)),
                None => {
                    cx.error(row.problem(
                        "members",
                        format!("expected an education direction (techniek, ict, other), found \"{members}\""),
                    ));
                    None
                }
            },
            other => {
                cx.error(row.problem(
                    "basis",
                    format!("expected occupation_set or education_direction, found \"{other}\""),
                ));
                None
            }
        };
        let anchor = match (row.raw("anchor_year"), row.raw("anchor_persons")) {
            ("", "") => Some(None),
            ("", _) | (_, "") => {
                cx.error(row.row_problem(
                    "anchor_year and anchor_persons go together: give both or neither",
                ));
                None
            }
            _ => {
                let year = row.year("anchor_year", cx);
                let persons = row.bounded("anchor_persons", 1.0, 1e9, "persons (1 or more)", cx);
                if let (Some(y), Some(b)) = (year, base_year) {
                    if y < b {
                        cx.error(row.problem(
                            "anchor_year",
                            format!("the anchor year {y} is before the base year {b}; the model only projects from the base year on"),
                        ));
                    }
                }
                year.zip(persons).map(Some)
            }
        };
        let source = row.raw("source_id");
        if !source.is_empty() {
            if let Some(known) = &cx.sources {
                if let Some(bad) = source
                    .split(';')
                    .map(str::trim)
                    .find(|s| !known.contains(*s))
                {
                    let msg = format!("unknown source \"{bad}\" (not in sources.csv)");
                    cx.error(row.problem("source_id", msg));
                }
            }
        }
        let (Some(id), Some(version), Some(title), Some(basis), Some(anchor)) =
            (id, version, title, basis, anchor)
        else {
            ok = false;
            continue;
        };
        if ids
            .define(&format!("{id}@{version}"), row, "id", cx)
            .is_none()
        {
            ok = false;
            continue;
        }
        out.push(DigitalDefinition {
            id,
            version,
            title,
            basis,
            anchor,
            source_id: source.to_string(),
            description: row.raw("description").to_string(),
        });
    }
    if t.usable && out.len() < 2 && ok {
        cx.error(Problem::in_file(
            &t.file,
            "needs at least two definitions: the goal has no fixed definition, so results show more than one",
        ));
        ok = false;
    }
    ok.then_some(out)
}

fn shortage_classes(cx: &mut Ctx) -> Option<Vec<ShortageClass>> {
    let t = table::read(cx, "shortage_classes.csv", SHORTAGE_CLASSES, false);
    let mut ids = Codes::new("shortage class", "shortage_classes.csv", true);
    let mut out: Vec<ShortageClass> = Vec::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let id = row.text("id", cx);
        let label = row.text("label", cx);
        let min = row.bounded("min_ratio", 0.0, 100.0, "a ratio between 0 and 100", cx);
        if let (Some(meta), Some(m)) = (cx.meta(row), min) {
            cx.assume(row, &meta, row.raw("id"), format!("from ratio {m}"));
        }
        let (Some(id), Some(label), Some(min_ratio)) = (id, label, min) else {
            ok = false;
            continue;
        };
        if let Some(prev) = out.last() {
            if min_ratio <= prev.min_ratio {
                cx.error(row.problem(
                    "min_ratio",
                    format!(
                        "classes must be listed by ascending min_ratio; {min_ratio} does not exceed {} of \"{}\"",
                        prev.min_ratio, prev.id
                    ),
                ));
                ok = false;
            }
        } else if min_ratio != 0.0 {
            cx.error(row.problem(
                "min_ratio",
                "the first class must start at 0 so that every ratio has a class",
            ));
            ok = false;
        }
        if ids.define(&id, row, "id", cx).is_none() {
            ok = false;
        }
        out.push(ShortageClass {
            id,
            label,
            min_ratio,
        });
    }
    if t.usable && out.is_empty() {
        cx.error(Problem::in_file(&t.file, "has no classes"));
        ok = false;
    }
    ok.then_some(out)
}
