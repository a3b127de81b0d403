//! Loaders for the supply side of a dataset (see `docs/DATA.md`): supply
//! parameters, supply facts per occupation (ROA replacement and expansion
//! demand, women's share), the education pipeline per education cell,
//! first-year students per year, the digital-skills definitions and the
//! shortage-indicator classes.

use krapte_model::{
    Backing, BaseYearShortage, Direction, Education, Level, OccupationSet, PipelineCell, Range3,
    ShortageClass, SupplyData, SupplyOccupation, SupplyParams,
};
use krapte_model::{DigitalBasis, DigitalDefinition};

use crate::ctx::Ctx;
use crate::economy::{param_ranges_with, parse_code, ParamSpec};
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
const SUPPLY_PARAMETERS: &[&str] = &[
    "id",
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
const BASE_YEAR_SHORTAGE: &[&str] = &[
    "set",
    "level",
    "period",
    "open_vacancies",
    "structural_low",
    "structural_central",
    "structural_high",
    "quality",
    "source_id",
    "reason",
    "evidence",
    "evidence_ids",
];

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
    // Findings first: the supply parameters (and later the levers) cite them.
    let evidence = crate::evidence::findings(cx);
    let params = params(cx);
    let shortage = base_year_shortage(cx, sets);
    let occ = supply_occupations(cx, occupations);
    let pipeline = pipeline(cx);
    let enrolment = enrolment(cx, pipeline.as_deref(), base_year);
    let definitions = digital_definitions(cx, sets, base_year);
    let classes = shortage_classes(cx);
    let (enrolment_first_year, enrolment) = enrolment?;
    let (params, param_backing) = params?;
    Some(SupplyData {
        params,
        param_backing,
        base_year_shortage: shortage?,
        evidence,
        occupations: occ?,
        pipeline: pipeline?,
        enrolment_first_year,
        enrolment,
        digital_definitions: definitions?,
        shortage_classes: classes?,
    })
}

fn params(cx: &mut Ctx) -> Option<(SupplyParams, [Backing; 7])> {
    let mut backing: [Option<Backing>; 7] = Default::default();
    let mut ok = true;
    let values = param_ranges_with(
        cx,
        "supply_parameters.csv",
        SUPPLY_PARAMETERS,
        "supply parameter",
        &PARAM_SPECS,
        &mut |k, row, cx| match crate::evidence::backing(row, cx) {
            Some(b) => backing[k] = Some(b),
            None => ok = false,
        },
    );
    let [fw, fm, sw, sm, ret, side, mig] = values;
    let params = SupplyParams {
        fte_per_person_women: fw?,
        fte_per_person_men: fm?,
        switch_out_women: sw?,
        switch_out_men: sm?,
        retirement_share_of_replacement: ret?,
        side_entry_per_switch_out: side?,
        migration_rate: mig?,
    };
    // A missing row is reported by param_ranges_with; its backing stays default.
    ok.then(|| (params, backing.map(Option::unwrap_or_default)))
}

/// `base_year_shortage.csv` (optional): open vacancies in the base year per
/// occupation set (`level` all, or ISCO skill level isco1..isco4) and the
/// structural share of them as a range. The skill levels of a set, when
/// given, add up to its `all` row.
fn base_year_shortage(cx: &mut Ctx, sets: &[OccupationSet]) -> Option<Vec<BaseYearShortage>> {
    let file = "base_year_shortage.csv";
    if !cx.dir.join(file).is_file() {
        return Some(Vec::new());
    }
    let t = table::read(cx, file, BASE_YEAR_SHORTAGE, true);
    let mut out = Vec::new();
    let mut ok = t.usable;
    for row in &t.rows {
        let meta = cx.meta(row);
        let raw_set = row.raw("set");
        let set = sets.iter().position(|s| s.id == raw_set);
        if set.is_none() {
            let hint = suggest::hint(raw_set, sets.iter().map(|s| s.id.as_str()));
            cx.error(row.problem(
                "set",
                format!("unknown occupation set \"{raw_set}\" (not in occupation_sets.csv){hint}"),
            ));
        }
        let level = match row.raw("level") {
            "all" => Some(None),
            l => match l.strip_prefix("isco").and_then(|d| d.parse::<u8>().ok()) {
                Some(d @ 1..=4) => Some(Some(d)),
                _ => {
                    cx.error(row.problem(
                        "level",
                        format!("expected all or a skill level isco1..isco4, found \"{l}\""),
                    ));
                    None
                }
            },
        };
        let period = row.text("period", cx);
        let vacancies = row.num("open_vacancies", cx);
        let share = row.range3("structural_", 0.0, 1.0, "a share between 0 and 1", cx);
        let backing = crate::evidence::backing(row, cx);
        if let (Some(meta), Some(s)) = (meta, share) {
            cx.assume(
                row,
                &meta,
                &format!("{raw_set}/{}", row.raw("level")),
                format!("structural share {}", crate::ctx::fmt_range(&s)),
            );
        }
        let (
            Some(set),
            Some(skill_level),
            Some(period),
            Some(open_vacancies),
            Some(share),
            Some(_),
        ) = (set, level, period, vacancies, share, backing)
        else {
            ok = false;
            continue;
        };
        if out
            .iter()
            .any(|b: &BaseYearShortage| b.set == set && b.skill_level == skill_level)
        {
            cx.error(row.row_problem(format!(
                "set {raw_set}, level {} is given twice",
                row.raw("level")
            )));
            ok = false;
            continue;
        }
        out.push(BaseYearShortage {
            set,
            skill_level,
            period,
            open_vacancies,
            structural_share: share,
        });
    }
    if ok {
        check_levels_add_up(cx, &t.file, &out, sets);
    }
    ok.then_some(out)
}

/// The skill-level rows of a set add up to its `all` row (vacancies within
/// 1 person per row, structural persons within 1%).
fn check_levels_add_up(
    cx: &mut Ctx,
    file: &std::path::Path,
    rows: &[BaseYearShortage],
    sets: &[OccupationSet],
) {
    for (k, set) in sets.iter().enumerate() {
        let parts: Vec<&BaseYearShortage> = rows
            .iter()
            .filter(|b| b.set == k && b.skill_level.is_some())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let Some(all) = rows.iter().find(|b| b.set == k && b.skill_level.is_none()) else {
            cx.error(Problem::in_file(
                file,
                format!(
                    "set {} has skill-level rows but no row with level all",
                    set.id
                ),
            ));
            continue;
        };
        let sum: f64 = parts.iter().map(|b| b.open_vacancies).sum();
        if (sum - all.open_vacancies).abs() > parts.len() as f64 {
            cx.error(Problem::in_file(
                file,
                format!(
                    "the skill levels of set {} add up to {sum} open vacancies, its all row says {}",
                    set.id, all.open_vacancies
                ),
            ));
        }
        let total = all.structural_persons();
        let parts_sum = |f: fn(&Range3) -> f64| -> f64 {
            parts.iter().map(|b| f(&b.structural_persons())).sum()
        };
        for (end, want, got) in [
            ("low", total.low, parts_sum(|r| r.low)),
            ("central", total.central, parts_sum(|r| r.central)),
            ("high", total.high, parts_sum(|r| r.high)),
        ] {
            if (got - want).abs() > 0.01 * want.max(1.0) {
                cx.error(Problem::in_file(
                    file,
                    format!(
                        "the skill levels of set {} give {got:.0} structural vacancies at the {end} end, its all row {want:.0}",
                        set.id
                    ),
                ));
            }
        }
    }
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
