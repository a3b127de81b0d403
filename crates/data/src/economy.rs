//! Loaders for the economy side of a dataset: sources, parameters, regions,
//! sectors and their input-output table, occupations with their sector,
//! education and set memberships, and fossil job losses. Each reads one file,
//! reports every bad row and returns what it could build.

use std::collections::HashSet;

use krapte_model::{
    BrcCode, Direction, Education, FossilLoss, Level, Occupation, OccupationSet, Params, Province,
    Range3, Region, Sector,
};

use crate::ctx::{fmt_range, Ctx};
use crate::index::{Codes, Splits};
use crate::problem::Problem;
use crate::suggest;
use crate::table;

const SOURCES: &[&str] = &["source_id", "title", "publisher", "year", "url", "license"];
const PARAMETERS: &[&str] = &[
    "id",
    "unit",
    "low",
    "central",
    "high",
    "quality",
    "source_id",
    "reason",
];
const SECTORS: &[&str] = &[
    "code",
    "name",
    "region_group",
    "gross_output",
    "hours_worked",
    "import_share",
    "quality",
    "source_id",
    "reason",
];
const IO_DOMESTIC: &[&str] = &["from", "to", "value"];
const REGIONS: &[&str] = &["code", "name"];
const REGION_SHARES: &[&str] = &[
    "region_group",
    "region",
    "share",
    "quality",
    "source_id",
    "reason",
];
const OCCUPATIONS: &[&str] = &[
    "code",
    "name",
    "employed_persons",
    "quality",
    "source_id",
    "reason",
];
const OCCUPATION_SHARES: &[&str] = &[
    "sector",
    "occupation",
    "share",
    "quality",
    "source_id",
    "reason",
];
const EDUCATION_SHARES: &[&str] = &[
    "occupation",
    "level",
    "direction",
    "share",
    "quality",
    "source_id",
    "reason",
];
const OCCUPATION_SETS: &[&str] = &["set", "version", "description", "occupation"];
const FOSSIL_LOSSES: &[&str] = &[
    "id",
    "name",
    "sector",
    "low",
    "central",
    "high",
    "start_year",
    "full_year",
    "quality",
    "source_id",
    "reason",
];

/// Occupation sets every dataset must define.
pub const REQUIRED_SETS: [&str; 2] = ["technician", "ict"];

/// Reads `sources.csv` into the set of source ids other files may cite.
pub fn sources(cx: &mut Ctx) {
    let t = table::read(cx, "sources.csv", SOURCES, false);
    let mut ids = Codes::new("source", "sources.csv", true);
    for row in &t.rows {
        if let Some(id) = row.text("source_id", cx) {
            ids.define(&id, row, "source_id", cx);
        }
        row.text("title", cx);
    }
    cx.sources = t.usable.then(|| ids.names.into_iter().collect());
}

/// Parameter ids with the range each must lie in.
const PARAM_SPECS: [ParamSpec; 4] = [
    (
        "fte_hours_per_year",
        100.0,
        8760.0,
        "a number between 100 and 8760",
    ),
    ("io_currency_per_eur", 1e-6, 1e6, "a positive number"),
    ("price_index_base_vs_io", 1e-6, 1e6, "a positive number"),
    (
        "productivity_growth",
        -0.05,
        0.1,
        "a number between -0.05 and 0.1",
    ),
];

/// One parameter a parameter file must define: id, allowed range, and how
/// the range is described in a message.
pub type ParamSpec = (&'static str, f64, f64, &'static str);

/// Reads a parameter file (`id,unit,low,central,high,quality,source_id,reason`)
/// whose ids are exactly those of `specs`, returning each range in `specs`
/// order (`None` where a row is missing or bad; the problem is recorded).
pub fn param_ranges<const N: usize>(
    cx: &mut Ctx,
    file: &'static str,
    what: &'static str,
    specs: &[ParamSpec; N],
) -> [Option<Range3>; N] {
    param_ranges_with(cx, file, PARAMETERS, what, specs, &mut |_, _, _| {})
}

/// [`param_ranges`] for a file with more columns than `parameters.csv`:
/// `extra` reads them from each row of a known id (its index in `specs`).
pub fn param_ranges_with<const N: usize>(
    cx: &mut Ctx,
    file: &'static str,
    columns: &'static [&'static str],
    what: &'static str,
    specs: &[ParamSpec; N],
    extra: &mut dyn FnMut(usize, &table::Row, &mut Ctx),
) -> [Option<Range3>; N] {
    let t = table::read(cx, file, columns, false);
    let mut ids = Codes::new(what, file, true);
    let mut values: [Option<Range3>; N] = [None; N];
    for row in &t.rows {
        let id = row.raw("id");
        let Some(k) = specs.iter().position(|s| s.0 == id) else {
            let hint = suggest::hint(id, specs.iter().map(|s| s.0));
            cx.error(row.problem("id", format!("unknown {what} \"{id}\"{hint}")));
            continue;
        };
        ids.define(id, row, "id", cx);
        row.text("unit", cx);
        extra(k, row, cx);
        let (_, lo, hi, expected) = specs[k];
        let range = row.range3("", lo, hi, expected, cx);
        if let (Some(meta), Some(r)) = (cx.meta(row), range) {
            cx.assume(row, &meta, id, fmt_range(&r));
        }
        values[k] = range;
    }
    if t.usable {
        for spec in specs {
            if ids.get(spec.0).is_none() {
                cx.error(Problem::in_file(
                    &t.file,
                    format!("{what} \"{}\" is missing", spec.0),
                ));
            }
        }
    }
    values
}

pub fn params(cx: &mut Ctx) -> Option<Params> {
    let values = param_ranges(cx, "parameters.csv", "parameter", &PARAM_SPECS);
    let [fte, fx, price, prod] = values;
    Some(Params {
        fte_hours_per_year: fte?,
        io_currency_per_eur: fx?,
        price_index_base_vs_io: price?,
        productivity_growth: prod?,
    })
}

/// `regions.csv`: the provinces the dataset covers.
pub fn regions(cx: &mut Ctx) -> (Vec<Region>, Codes) {
    let t = table::read(cx, "regions.csv", REGIONS, false);
    let mut codes = Codes::new("region", "regions.csv", t.usable);
    let mut regions = Vec::new();
    for row in &t.rows {
        let code = row.raw("code");
        row.text("name", cx);
        let Some(p) = province(row, "code", cx) else {
            continue;
        };
        if codes.define(code, row, "code", cx).is_some() {
            regions.push(Region::of(p));
        }
    }
    (regions, codes)
}

/// A CBS province code in field `col`.
pub fn province(row: &table::Row, col: &str, cx: &mut Ctx) -> Option<Province> {
    let code = row.raw(col);
    let p = Province::from_code(code);
    if p.is_none() {
        let hint = suggest::hint(code, Province::all_codes());
        cx.error(row.problem(
            col,
            format!("expected a province code PV20..PV31, found \"{code}\"{hint}"),
        ));
    }
    p
}

/// `region_shares.csv`: the region groups (in order of first appearance) and
/// their dense groups x regions share matrix.
pub fn region_shares(cx: &mut Ctx, regions: &Codes) -> (Codes, Vec<f64>) {
    let t = table::read(cx, "region_shares.csv", REGION_SHARES, false);
    let mut groups = Codes::new("region group", "region_shares.csv", t.usable);
    let mut splits = Splits::new(0);
    for row in &t.rows {
        let group = row
            .text("region_group", cx)
            .map(|g| groups.intern(&g, row.line));
        let region = row.raw("region");
        let r = if Province::from_code(region).is_some() {
            regions.resolve(row, "region", cx)
        } else {
            province(row, "region", cx).and(None)
        };
        let share = row.share("share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (Some(g), Some(r), Some(s)) = (group, r, share) {
            let what = format!("region group \"{}\", region \"{region}\"", groups.label(g));
            splits.add(g, r, s, row, &what, cx);
        }
    }
    if t.usable {
        splits.check_sums(
            &t.file,
            |i| format!("region group \"{}\"", groups.label(i)),
            cx,
        );
    }
    (groups, splits.dense(regions.len()))
}

pub fn sectors(cx: &mut Ctx, groups: &Codes) -> (Vec<Sector>, Codes) {
    let t = table::read(cx, "sectors.csv", SECTORS, false);
    let mut codes = Codes::new("sector", "sectors.csv", t.usable);
    let mut sectors = Vec::new();
    for row in &t.rows {
        let Some(code) = row.text("code", cx) else {
            continue;
        };
        let name = row.text("name", cx);
        let group = groups.resolve(row, "region_group", cx);
        let gross_output = row.num("gross_output", cx);
        let hours_worked = row.num("hours_worked", cx);
        let import_share = row.share("import_share", cx);
        // Hours per unit of output: 1e-300 hours (or output in the wrong
        // unit) would make labour per euro absurd.
        if let (Some(g), Some(h)) = (gross_output, hours_worked) {
            if g > 0.0 && h > 0.0 {
                cx.plausible_as(row, "hours_per_output", "hours_worked", h / g);
            } else if g > 0.0 || h > 0.0 {
                // Output without hours or hours without output: only both
                // zero (an empty sector) makes sense.
                let msg = format!(
                    "gross_output {g} and hours_worked {h}: a sector has both or neither (a sector with no hours has no labour to scale)"
                );
                cx.error(row.problem("hours_worked", msg));
            }
        }
        if let (Some(meta), Some(g), Some(h), Some(i)) =
            (cx.meta(row), gross_output, hours_worked, import_share)
        {
            let value = format!("gross_output {g}, hours_worked {h}, import_share {i}");
            cx.assume(row, &meta, &code, value);
        }
        if codes.define(&code, row, "code", cx).is_none() {
            continue;
        }
        // A sector with a bad field is still defined, so that references to it
        // elsewhere are not reported too. Its placeholders never reach the
        // model (any error stops the load); infinite output and hours keep the
        // cross-file checks (IO column sums, fossil losses) quiet about it.
        sectors.push(Sector {
            code,
            name: name.unwrap_or_default(),
            region_group: group.unwrap_or(0),
            gross_output: gross_output.unwrap_or(f64::INFINITY),
            hours_worked: hours_worked.unwrap_or(f64::INFINITY),
            import_share: import_share.unwrap_or(0.0),
        });
    }
    (sectors, codes)
}

/// `io_domestic.csv` as a dense n x n matrix (row = from, column = to); each
/// column must sum to less than the using sector's gross output.
pub fn io_domestic(cx: &mut Ctx, sectors: &[Sector], codes: &Codes) -> Vec<f64> {
    let t = table::read(cx, "io_domestic.csv", IO_DOMESTIC, false);
    let n = codes.len();
    let mut cells = Splits::new(n);
    for row in &t.rows {
        let from = codes.resolve(row, "from", cx);
        let to = codes.resolve(row, "to", cx);
        let value = row.num("value", cx);
        if let (Some(f), Some(to), Some(v)) = (from, to, value) {
            let what = format!("from \"{}\" to \"{}\"", codes.label(f), codes.label(to));
            cells.add(f, to, v, row, &what, cx);
        }
    }
    let matrix = cells.dense(n);
    if t.usable && sectors.len() == n {
        for (j, s) in sectors.iter().enumerate() {
            let inputs: f64 = (0..n).filter_map(|i| matrix.get(i * n + j)).sum();
            if inputs >= s.gross_output && (inputs > 0.0 || s.gross_output > 0.0) {
                let msg = format!(
                    "domestic inputs into sector \"{}\" sum to {inputs}, not below its gross output {} (sectors.csv)",
                    s.code, s.gross_output
                );
                cx.error(Problem::at(&t.file, None, Some("value"), msg));
            }
        }
    }
    matrix
}

pub fn occupations(cx: &mut Ctx) -> (Vec<Occupation>, Codes) {
    let t = table::read(cx, "occupations.csv", OCCUPATIONS, false);
    let mut codes = Codes::new("occupation", "occupations.csv", t.usable);
    let mut out = Vec::new();
    for row in &t.rows {
        let raw = row.raw("code");
        let code = BrcCode::parse(raw);
        if code.is_none() {
            cx.error(row.problem(
                "code",
                format!("expected a four-digit BRC 2014 code, found \"{raw}\""),
            ));
        }
        let name = row.text("name", cx);
        let employed = row.num("employed_persons", cx);
        let meta = cx.meta(row);
        // A bad count still defines the code, so that references to it are
        // not reported too; the placeholder never reaches the model.
        let (Some(code), Some(name)) = (code, name) else {
            continue;
        };
        let employed_persons = employed.unwrap_or(0.0);
        if let Some(meta) = meta {
            cx.assume(
                row,
                &meta,
                raw,
                format!("employed_persons {employed_persons}"),
            );
        }
        if codes.define(raw, row, "code", cx).is_some() {
            out.push(Occupation {
                code,
                name,
                employed_persons,
            });
        }
    }
    (out, codes)
}

/// `occupation_shares.csv` as a dense sectors x occupations matrix.
pub fn occupation_shares(cx: &mut Ctx, sectors: &Codes, occupations: &Codes) -> Vec<f64> {
    let t = table::read(cx, "occupation_shares.csv", OCCUPATION_SHARES, false);
    let mut splits = Splits::new(sectors.len());
    for row in &t.rows {
        let s = sectors.resolve(row, "sector", cx);
        let o = occupations.resolve(row, "occupation", cx);
        let share = row.share("share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (Some(s), Some(o), Some(v)) = (s, o, share) {
            let what = format!(
                "sector \"{}\", occupation \"{}\"",
                sectors.label(s),
                occupations.label(o)
            );
            splits.add(s, o, v, row, &what, cx);
        }
    }
    if t.usable && sectors.usable {
        splits.check_sums(&t.file, |i| format!("sector \"{}\"", sectors.label(i)), cx);
    }
    splits.dense(occupations.len())
}

/// `education_shares.csv` as a dense occupations x 18 matrix.
pub fn education_shares(cx: &mut Ctx, occupations: &Codes) -> Vec<f64> {
    let t = table::read(cx, "education_shares.csv", EDUCATION_SHARES, false);
    let mut splits = Splits::new(occupations.len());
    for row in &t.rows {
        let o = occupations.resolve(row, "occupation", cx);
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
        let share = row.share("share", cx);
        if let Some(meta) = cx.meta(row) {
            cx.assume_grouped(row, &meta);
        }
        if let (Some(o), Some(level), Some(direction), Some(v)) = (o, level, direction, share) {
            let e = Education { level, direction };
            let what = format!(
                "occupation \"{}\", {} {}",
                occupations.label(o),
                level.code(),
                direction.code()
            );
            splits.add(o, e.index(), v, row, &what, cx);
        }
    }
    if t.usable && occupations.usable {
        splits.check_sums(
            &t.file,
            |i| format!("occupation \"{}\"", occupations.label(i)),
            cx,
        );
    }
    splits.dense(Education::COUNT)
}

/// Parses field `col` with `parse`, listing the allowed codes on failure.
pub fn parse_code<T, const N: usize>(
    row: &table::Row,
    col: &str,
    parse: fn(&str) -> Option<T>,
    allowed: [&'static str; N],
    cx: &mut Ctx,
) -> Option<T> {
    let raw = row.raw(col);
    let v = parse(raw);
    if v.is_none() {
        let msg = format!(
            "expected one of {}, found \"{raw}\"{}",
            allowed.join(", "),
            suggest::hint(raw, allowed)
        );
        cx.error(row.problem(col, msg));
    }
    v
}

pub fn occupation_sets(cx: &mut Ctx, occupations: &Codes) -> Vec<OccupationSet> {
    let t = table::read(cx, "occupation_sets.csv", OCCUPATION_SETS, false);
    let mut sets: Vec<OccupationSet> = Vec::new();
    let mut members: HashSet<(String, usize)> = HashSet::new();
    for row in &t.rows {
        let (Some(id), Some(version)) = (row.text("set", cx), row.text("version", cx)) else {
            continue;
        };
        let Some(o) = occupations.resolve(row, "occupation", cx) else {
            continue;
        };
        let k = match sets.iter().position(|s| s.id == id) {
            Some(k) => k,
            None => {
                let description = row.raw("description").to_string();
                sets.push(OccupationSet {
                    id: id.clone(),
                    version: version.clone(),
                    description,
                    members: Vec::new(),
                });
                sets.len() - 1
            }
        };
        let Some(set) = sets.get_mut(k) else { continue };
        if set.version != version {
            let msg = format!(
                "set \"{id}\" has version \"{}\" on earlier rows; one set has one version",
                set.version
            );
            cx.error(row.problem("version", msg));
        } else if !members.insert((id.clone(), o)) {
            cx.error(row.problem(
                "occupation",
                format!(
                    "occupation \"{}\" is listed twice in set \"{id}\"",
                    occupations.label(o)
                ),
            ));
        } else {
            set.members.push(o);
        }
    }
    if t.usable {
        for id in REQUIRED_SETS {
            if !sets.iter().any(|s| s.id == id) {
                cx.error(Problem::in_file(
                    &t.file,
                    format!("required occupation set \"{id}\" is missing"),
                ));
            }
        }
    }
    sets
}

/// `fossil_losses.csv`. The high estimate may not exceed the sector's
/// employment (hours worked / fte hours), which needs the parameters.
pub fn fossil_losses(
    cx: &mut Ctx,
    sectors: &[Sector],
    codes: &Codes,
    fte_hours: Option<f64>,
) -> Vec<FossilLoss> {
    let t = table::read(cx, "fossil_losses.csv", FOSSIL_LOSSES, false);
    let mut ids = Codes::new("fossil loss", "fossil_losses.csv", true);
    let mut out = Vec::new();
    for row in &t.rows {
        let id = row.text("id", cx);
        let name = row.text("name", cx);
        let sector = codes.resolve(row, "sector", cx);
        let range = row.range3_nonneg("", cx);
        let start_year = row.year("start_year", cx);
        let full_year = row.year("full_year", cx);
        let meta = cx.meta(row);
        let (Some(id), Some(name), Some(sector), Some(fte_lost), Some(start_year), Some(full_year)) =
            (id, name, sector, range, start_year, full_year)
        else {
            continue;
        };
        if full_year <= start_year {
            cx.error(row.problem(
                "full_year",
                format!("must be after start_year {start_year}, found {full_year}"),
            ));
            continue;
        }
        if let (Some(s), Some(h)) = (sectors.get(sector), fte_hours) {
            let employment = s.hours_worked / h;
            if fte_lost.high > employment {
                let msg = format!(
                    "high loss {} fte exceeds the employment of sector \"{}\" ({employment} fte = hours_worked / fte_hours_per_year)",
                    fte_lost.high, s.code
                );
                cx.error(row.problem("high", msg));
            }
        }
        if let Some(meta) = meta {
            cx.assume(row, &meta, &id, fmt_range(&fte_lost));
        }
        if ids.define(&id, row, "id", cx).is_some() {
            out.push(FossilLoss {
                id,
                name,
                sector,
                fte_lost,
                start_year,
                full_year,
            });
        }
    }
    out
}
