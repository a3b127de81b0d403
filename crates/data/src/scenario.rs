//! Scenario files (TOML) in two stages: [`ScenarioFile`] mirrors the text and
//! is checked only for shape by serde; [`Resolver`] then checks values and
//! resolves measure ids and province codes against the dataset, producing the
//! model's [`Scenario`]. All problems carry the line of the offending key.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use krapte_model::{
    AfterLast, Dataset, Investment, Options, Scenario, ScenarioMeasure, Trajectory, Year,
};
use serde::Deserialize;
use toml::Spanned;

use crate::problem::{line_col, toml_problem, LoadErrors, Problem};
use crate::suggest;

/// Last year a scenario may report.
const MAX_HORIZON: Year = 2040;
/// Default horizon when the file gives none.
const DEFAULT_HORIZON: Year = 2030;
/// Largest `scale` of a trajectory: beyond it a typo is likelier than intent.
const MAX_SCALE: f64 = 1000.0;
/// Last year a trajectory point may have.
const MAX_POINT_YEAR: Year = 2050;

/// A scenario that passed every check.
#[derive(Debug, Clone)]
pub struct ScenarioLoaded {
    pub scenario: Scenario,
    /// E.g. the scenario was written for another dataset edition.
    pub warnings: Vec<Problem>,
}

type Points = Spanned<BTreeMap<Spanned<String>, Spanned<f64>>>;

/// The TOML as written (stage 1).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    dataset_edition: Option<Spanned<String>>,
    /// What the file holds (`declares = { measures = 8, investments = 0 }`),
    /// so that a file cut off after some measures is refused.
    declares: Option<Spanned<Declares>>,
    start_year: Option<Spanned<i64>>,
    horizon: Option<Spanned<i64>>,
    #[serde(default)]
    options: OptionsFile,
    #[serde(default)]
    measures: BTreeMap<Spanned<String>, MeasureFile>,
    /// Euros spent directly on a product group (IO sector code).
    #[serde(default)]
    investments: BTreeMap<Spanned<String>, Spanned<InvestmentFile>>,
}

/// Counts a scenario or policy file declares at its top; a file cut off
/// before its end has fewer entries than it declares.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Declares {
    pub measures: Option<Spanned<i64>>,
    pub investments: Option<Spanned<i64>>,
    pub levers: Option<Spanned<i64>>,
    pub campaigns: Option<Spanned<i64>>,
}

/// The problems of entries that do not match the `declares` counts:
/// (key, entries found) per table.
pub(crate) fn check_declared(
    text: &str,
    path: &Path,
    declares: Option<&Spanned<Declares>>,
    found: &[(&str, usize)],
) -> Vec<Problem> {
    let Some(d) = declares else {
        return Vec::new();
    };
    let dd = d.get_ref();
    let mut out = Vec::new();
    for &(key, n) in found {
        let declared = match key {
            "measures" => &dd.measures,
            "investments" => &dd.investments,
            "levers" => &dd.levers,
            _ => &dd.campaigns,
        };
        let want = declared.as_ref().map_or(0, |v| *v.get_ref());
        if want != n as i64 {
            let span = declared.as_ref().map_or(d.span(), |v| v.span());
            let why = if (n as i64) < want {
                "the file looks cut off: entries at its end are missing"
            } else {
                "update declares when you add or remove an entry"
            };
            out.push(Problem::at(
                path,
                Some(line_col(text, span.start).0),
                Some(&format!("declares.{key}")),
                format!("the file declares {want} {key} but has {n}; {why}"),
            ));
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvestmentFile {
    /// Million euros per year, base-year prices.
    spend: Points,
    import_share: Option<Spanned<f64>>,
    after_last: Option<Spanned<String>>,
    scale: Option<Spanned<f64>>,
    regions: Option<Points>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OptionsFile {
    include_indirect: Option<bool>,
    productivity_extra: Option<Spanned<f64>>,
    crowding_out: Option<Spanned<f64>>,
    fossil_loss_scale: Option<Spanned<f64>>,
    import_share_scale: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasureFile {
    stock: Option<Points>,
    additions: Option<Points>,
    /// Alias of `additions` for measures whose unit is MEUR.
    spend: Option<Points>,
    after_last: Option<Spanned<String>>,
    scale: Option<Spanned<f64>>,
    regions: Option<Points>,
    /// Trajectories per province (`[measures.<id>.provinces.PV27]`), instead
    /// of one national trajectory.
    provinces: Option<BTreeMap<Spanned<String>, MeasureFile>>,
}

/// Reads and resolves the scenario file at `path` against `ds`.
pub fn load_scenario(path: &Path, ds: &Dataset) -> Result<ScenarioLoaded, LoadErrors> {
    let text = krapte_problem::read::read_text(path, krapte_problem::read::MAX_TOML_BYTES, None)
        .map_err(LoadErrors)?;
    parse_scenario(&text, path, ds)
}

/// Parses scenario `text` (named `path` in problems) and resolves it against `ds`.
pub fn parse_scenario(text: &str, path: &Path, ds: &Dataset) -> Result<ScenarioLoaded, LoadErrors> {
    let file: ScenarioFile =
        toml::from_str(text).map_err(|e| LoadErrors::from(toml_problem(path, text, &e)))?;
    let declared = check_declared(
        text,
        path,
        file.declares.as_ref(),
        &[
            ("measures", file.measures.len()),
            ("investments", file.investments.len()),
        ],
    );
    let mut r = Resolver {
        text,
        path: path.to_path_buf(),
        ds,
        errors: declared,
        warnings: Vec::new(),
    };
    let scenario = r.scenario(file);
    match scenario {
        Some(scenario) if r.errors.is_empty() => Ok(ScenarioLoaded {
            scenario,
            warnings: r.warnings,
        }),
        _ => Err(LoadErrors(r.errors.into())),
    }
}

/// What a trajectory's values are checked against: the row key of the
/// bounds (`measure` or `investment`), the measure's unit, the scale that
/// multiplies the values, and the base-year stock.
struct Check {
    key: (&'static str, String),
    unit: String,
    scale: f64,
    base: f64,
}

/// Stage 2: checks values and resolves codes, collecting every problem.
struct Resolver<'a> {
    text: &'a str,
    path: PathBuf,
    ds: &'a Dataset,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Resolver<'_> {
    fn problem(&self, span: Range<usize>, field: &str, msg: impl Into<String>) -> Problem {
        let line = line_col(self.text, span.start).0;
        Problem::at(&self.path, Some(line), Some(field), msg)
    }

    fn error(&mut self, span: Range<usize>, field: &str, msg: impl Into<String>) {
        let p = self.problem(span, field, msg);
        self.errors.push(p);
    }

    fn scenario(&mut self, f: ScenarioFile) -> Option<Scenario> {
        if f.name.get_ref().trim().is_empty() {
            self.error(f.name.span(), "name", "must not be empty");
        }
        self.check_edition(f.dataset_edition.as_ref());
        let start_year = self.start_year(f.start_year.as_ref());
        let horizon = self.horizon(f.horizon.as_ref(), start_year);
        let options = self.options(&f.options);
        // In file order (the map sorts by id), so output follows the author.
        let mut entries: Vec<_> = f.measures.iter().collect();
        entries.sort_by_key(|(id, _)| id.span().start);
        let measures: Vec<ScenarioMeasure> = entries
            .into_iter()
            .flat_map(|(id, m)| self.measure(id, m).unwrap_or_default())
            .collect();
        let mut inv: Vec<_> = f.investments.iter().collect();
        inv.sort_by_key(|(code, _)| code.span().start);
        let investments: Vec<Investment> = inv
            .into_iter()
            .enumerate()
            .filter_map(|(k, (code, i))| self.investment(k, code, i))
            .collect();
        Some(Scenario {
            name: f.name.into_inner(),
            description: f.description,
            start_year: start_year?,
            horizon: horizon?,
            options,
            measures,
            investments,
        })
    }

    /// A scenario written for another edition still runs, with a warning:
    /// results may differ from when it was saved.
    fn check_edition(&mut self, edition: Option<&Spanned<String>>) {
        let Some(e) = edition else { return };
        if *e.get_ref() != self.ds.edition {
            let msg = format!(
                "scenario was written for dataset edition \"{}\", loaded edition is \"{}\"; results may differ",
                e.get_ref(),
                self.ds.edition
            );
            let p = self.problem(e.span(), "dataset_edition", msg);
            self.warnings.push(p);
        }
    }

    fn start_year(&mut self, v: Option<&Spanned<i64>>) -> Option<Year> {
        let base = self.ds.base_year;
        // The base year is the year the data describe; trajectories start
        // from it, so by default reporting starts the year after it.
        let Some(v) = v else {
            return (base < MAX_HORIZON).then_some(base + 1);
        };
        match Year::try_from(*v.get_ref()) {
            Ok(y) if (base..=MAX_HORIZON).contains(&y) => Some(y),
            _ => {
                let msg = format!("expected a year from the dataset's base year {base} to {MAX_HORIZON}, found {}", v.get_ref());
                self.error(v.span(), "start_year", msg);
                None
            }
        }
    }

    fn horizon(&mut self, v: Option<&Spanned<i64>>, start: Option<Year>) -> Option<Year> {
        let Some(v) = v else {
            // Never before the start year, so the years to report are never empty.
            return Some(
                DEFAULT_HORIZON
                    .max(start.unwrap_or(DEFAULT_HORIZON))
                    .min(MAX_HORIZON),
            );
        };
        let lo = start.unwrap_or(self.ds.base_year);
        match Year::try_from(*v.get_ref()) {
            Ok(y) if (lo..=MAX_HORIZON).contains(&y) => Some(y),
            _ => {
                let msg = format!(
                    "expected a year from start_year {lo} to {MAX_HORIZON}, found {}",
                    v.get_ref()
                );
                self.error(v.span(), "horizon", msg);
                None
            }
        }
    }

    fn options(&mut self, o: &OptionsFile) -> Options {
        let d = Options::default();
        Options {
            include_indirect: o.include_indirect.unwrap_or(d.include_indirect),
            productivity_extra: self
                .bounded(
                    o.productivity_extra.as_ref(),
                    "options.productivity_extra",
                    -0.05,
                    0.1,
                )
                .unwrap_or(d.productivity_extra),
            crowding_out: self
                .bounded(o.crowding_out.as_ref(), "options.crowding_out", 0.0, 1.0)
                .unwrap_or(d.crowding_out),
            fossil_loss_scale: self
                .bounded(
                    o.fossil_loss_scale.as_ref(),
                    "options.fossil_loss_scale",
                    0.0,
                    5.0,
                )
                .unwrap_or(d.fossil_loss_scale),
            import_share_scale: self
                .bounded(
                    o.import_share_scale.as_ref(),
                    "options.import_share_scale",
                    0.0,
                    5.0,
                )
                .unwrap_or(d.import_share_scale),
        }
    }

    /// A number in `lo..=hi`, if given.
    fn bounded(&mut self, v: Option<&Spanned<f64>>, field: &str, lo: f64, hi: f64) -> Option<f64> {
        let v = v?;
        let x = *v.get_ref();
        if x.is_finite() && (lo..=hi).contains(&x) {
            return Some(x);
        }
        self.error(
            v.span(),
            field,
            format!("expected a number between {lo} and {hi}, found {x}"),
        );
        None
    }

    /// One measure: a national trajectory, or one trajectory per province.
    fn measure(&mut self, id: &Spanned<String>, m: &MeasureFile) -> Option<Vec<ScenarioMeasure>> {
        let field = format!("measures.{}", id.get_ref());
        let Some(index) = self.ds.measure_index(id.get_ref()) else {
            let hint = suggest::hint(id.get_ref(), self.ds.measures.iter().map(|m| m.id.as_str()));
            self.error(
                id.span(),
                &field,
                format!(
                    "unknown measure \"{}\" (not in the dataset){hint}",
                    id.get_ref()
                ),
            );
            return None;
        };
        let unit = self.ds.measures.get(index).map_or("", |m| m.unit.as_str());
        let mf = m;
        let Some(provinces) = &mf.provinces else {
            return Some(vec![self.trajectory_entry(
                index,
                mf,
                &field,
                id.span(),
                unit,
                None,
            )?]);
        };
        if mf.stock.is_some()
            || mf.additions.is_some()
            || mf.spend.is_some()
            || mf.regions.is_some()
        {
            let msg = "give either a national trajectory (stock, additions, spend, regions) or provinces, not both";
            self.error(id.span(), &field, msg);
            return None;
        }
        let top_scale = match &mf.scale {
            Some(v) => self.bounded(Some(v), &format!("{field}.scale"), 0.0, MAX_SCALE)?,
            None => 1.0,
        };
        let codes: Vec<&str> = self.ds.regions.iter().map(|p| p.code()).collect();
        let mut out = Vec::new();
        let mut ok = true;
        let mut entries: Vec<_> = provinces.iter().collect();
        entries.sort_by_key(|(code, _)| code.span().start);
        for (code, pm) in entries {
            let pfield = format!("{field}.provinces.{}", code.get_ref());
            let Some(r) = codes.iter().position(|c| *c == code.get_ref()) else {
                let hint = suggest::hint(code.get_ref(), codes.iter().copied());
                self.error(
                    code.span(),
                    &pfield,
                    format!("not a province of this dataset{hint}"),
                );
                ok = false;
                continue;
            };
            let p = pm;
            if p.stock.is_some() || p.regions.is_some() || p.provinces.is_some() {
                let msg = "a province takes additions or spend (the dataset has no base-year stock per province), after_last and scale";
                self.error(code.span(), &pfield, msg);
                ok = false;
                continue;
            }
            match self.trajectory_entry(index, p, &pfield, code.span(), unit, Some((r, top_scale)))
            {
                Some(mut e) => {
                    e.scale *= top_scale;
                    out.push(e);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A trajectory with its options; `province` pins all direct work there.
    fn trajectory_entry(
        &mut self,
        index: usize,
        m: &MeasureFile,
        field: &str,
        span: Range<usize>,
        unit: &str,
        // A province's trajectory: (region, the measure's own scale).
        province: Option<(usize, f64)>,
    ) -> Option<ScenarioMeasure> {
        let outer_scale = province.map_or(1.0, |p| p.1);
        let scale = self.bounded(m.scale.as_ref(), &format!("{field}.scale"), 0.0, MAX_SCALE);
        let effective = scale.unwrap_or(1.0) * outer_scale;
        let id = self.ds.measures.get(index).map_or("", |m| m.id.as_str());
        let check = Check {
            key: ("measure", id.to_string()),
            unit: unit.to_string(),
            scale: effective,
            base: self.ds.measures.get(index).map_or(0.0, |m| m.base_stock),
        };
        let trajectory = self.trajectory(m, field, span, unit, &check);
        let after_last = self.after_last(m.after_last.as_ref(), field);
        let regions = match (&m.regions, province.map(|p| p.0)) {
            (_, Some(r)) => Some(Some(vec![(r, 1.0)])),
            (Some(r), None) => self.regions(r, &format!("{field}.regions")).map(Some),
            (None, None) => Some(None),
        };
        Some(ScenarioMeasure {
            measure: index,
            trajectory: trajectory?,
            after_last: after_last?,
            regions: regions?,
            scale: if m.scale.is_some() { scale? } else { 1.0 },
        })
    }

    /// `[investments.<sector>]`: euros bought directly from one product group.
    fn investment(
        &mut self,
        k: usize,
        code: &Spanned<String>,
        i: &Spanned<InvestmentFile>,
    ) -> Option<Investment> {
        let field = format!("investments.{}", code.get_ref());
        let Some(sector) = self
            .ds
            .sectors
            .iter()
            .position(|s| s.code == *code.get_ref())
        else {
            let hint = suggest::hint(
                code.get_ref(),
                self.ds.sectors.iter().map(|s| s.code.as_str()),
            );
            self.error(
                code.span(),
                &field,
                format!(
                    "unknown sector (product group) \"{}\"{hint}",
                    code.get_ref()
                ),
            );
            return None;
        };
        let i = i.get_ref();
        let check = Check {
            key: ("investment", code.get_ref().clone()),
            unit: "MEUR".into(),
            scale: i
                .scale
                .as_ref()
                .map_or(1.0, |s| *s.get_ref())
                .clamp(0.0, MAX_SCALE),
            base: 0.0,
        };
        let points = self.points(&i.spend, &format!("{field}.spend"), Some(("spend", &check)));
        let import_share = match &i.import_share {
            Some(v) => Some(self.bounded(Some(v), &format!("{field}.import_share"), 0.0, 1.0)?),
            None => None,
        };
        let after_last = self.after_last(i.after_last.as_ref(), &field);
        let scale = match &i.scale {
            Some(v) => self.bounded(Some(v), &format!("{field}.scale"), 0.0, MAX_SCALE)?,
            None => 1.0,
        };
        let regions = match &i.regions {
            Some(r) => Some(self.regions(r, &format!("{field}.regions"))?),
            None => None,
        };
        Some(Investment {
            sector,
            import_share,
            spend: ScenarioMeasure {
                measure: self.ds.measures.len() + k,
                trajectory: Trajectory::Additions(points?),
                after_last: after_last?,
                regions,
                scale,
            },
        })
    }

    /// Exactly one of `stock`, `additions`, `spend`.
    fn trajectory(
        &mut self,
        m: &MeasureFile,
        field: &str,
        span: Range<usize>,
        unit: &str,
        check: &Check,
    ) -> Option<Trajectory> {
        let given: Vec<(&str, &Points)> = [
            ("stock", &m.stock),
            ("additions", &m.additions),
            ("spend", &m.spend),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect();
        let [(key, points)] = given.as_slice() else {
            let msg = if given.is_empty() {
                "give a trajectory: one of stock, additions or spend".to_string()
            } else {
                let keys: Vec<&str> = given.iter().map(|g| g.0).collect();
                format!(
                    "give exactly one of stock, additions or spend, found {}",
                    keys.join(" and ")
                )
            };
            self.error(span, field, msg);
            return None;
        };
        let field = format!("{field}.{key}");
        if *key == "spend" && unit != "MEUR" {
            let msg = format!("spend is only for measures in MEUR; this measure is in {unit}: use additions or stock");
            self.error(points.span(), &field, msg);
            return None;
        }
        let pts = self.points(points, &field, Some((key, check)))?;
        Some(if *key == "stock" {
            Trajectory::Stock(pts)
        } else {
            Trajectory::Additions(pts)
        })
    }

    /// Year keys -> sorted (year, value) points; with `check`, each value
    /// (as the scale makes it) must lie within the dataset's plausibility
    /// bounds on that kind of trajectory (`stock`, `additions`, `spend`).
    fn points(
        &mut self,
        points: &Points,
        field: &str,
        check: Option<(&str, &Check)>,
    ) -> Option<Vec<(Year, f64)>> {
        let (lo, hi) = (self.ds.base_year.saturating_sub(10), MAX_POINT_YEAR);
        let mut out = Vec::new();
        let mut ok = true;
        for (k, v) in points.get_ref() {
            let year = k
                .get_ref()
                .parse::<Year>()
                .ok()
                .filter(|y| k.get_ref().len() == 4 && (lo..=hi).contains(y));
            let x = *v.get_ref();
            if year.is_none() {
                self.error(
                    k.span(),
                    field,
                    format!(
                        "expected a year from {lo} to {hi} as key, found \"{}\"",
                        k.get_ref()
                    ),
                );
                ok = false;
            }
            if !x.is_finite() || x < 0.0 {
                self.error(
                    v.span(),
                    field,
                    format!("expected a number >= 0, found {x}"),
                );
                ok = false;
            } else if let Some((kind, c)) = check {
                if let Some(msg) = self.implausible(kind, c, x) {
                    self.error(v.span(), field, format!("{} = {msg}", k.get_ref()));
                    ok = false;
                }
            }
            if let Some(y) = year {
                out.push((y, x));
            }
        }
        if points.get_ref().is_empty() {
            self.error(points.span(), field, "needs at least one year");
            ok = false;
        }
        out.sort_by_key(|p| p.0);
        ok.then_some(out)
    }

    /// Why value `x` of a `kind` trajectory breaks a plausibility bound, if it does.
    fn implausible(&self, kind: &str, c: &Check, x: f64) -> Option<String> {
        // A stock trajectory is scaled through its additions over the base stock.
        let value = match kind {
            "stock" => c.base + c.scale * (x - c.base),
            _ => x * c.scale,
        };
        let (key, id) = (&c.key.0, c.key.1.as_str());
        let unit = c.unit.as_str();
        let b = self.ds.plausibility.broken(
            "scenario",
            kind,
            move |k| match k {
                "unit" => Some(unit),
                k if k == *key => Some(id),
                _ => None,
            },
            value,
        )?;
        let scaled = if c.scale == 1.0 {
            String::new()
        } else {
            format!(" (as scaled by {})", c.scale)
        };
        Some(format!("{}{scaled}", crate::bounds::message(value, b)))
    }

    fn after_last(&mut self, v: Option<&Spanned<String>>, field: &str) -> Option<AfterLast> {
        let Some(v) = v else {
            return Some(AfterLast::Hold);
        };
        match v.get_ref().as_str() {
            "hold" => Some(AfterLast::Hold),
            "stop" => Some(AfterLast::Stop),
            other => {
                let hint = suggest::hint(other, ["hold", "stop"]);
                self.error(
                    v.span(),
                    &format!("{field}.after_last"),
                    format!("expected \"hold\" or \"stop\", found \"{other}\"{hint}"),
                );
                None
            }
        }
    }

    /// Province shares over the dataset's regions, summing to 1.
    fn regions(&mut self, r: &Points, field: &str) -> Option<Vec<(usize, f64)>> {
        let mut out = Vec::new();
        let mut ok = true;
        let codes: Vec<&str> = self.ds.regions.iter().map(|p| p.code()).collect();
        for (k, v) in r.get_ref() {
            let x = *v.get_ref();
            let idx = codes.iter().position(|c| *c == k.get_ref());
            if idx.is_none() {
                let hint = suggest::hint(k.get_ref(), codes.iter().copied());
                let msg = format!(
                    "unknown region \"{}\"; the dataset covers {}{hint}",
                    k.get_ref(),
                    codes.join(", ")
                );
                self.error(k.span(), field, msg);
                ok = false;
            }
            if !x.is_finite() || !(0.0..=1.0).contains(&x) {
                self.error(
                    v.span(),
                    field,
                    format!("expected a share between 0 and 1, found {x}"),
                );
                ok = false;
            }
            if let Some(i) = idx {
                out.push((i, x));
            }
        }
        let sum: f64 = out.iter().map(|p| p.1).sum();
        if ok && (sum - 1.0).abs() > krapte_model::inputs::dataset::SHARE_TOLERANCE {
            self.error(r.span(), field, format!("shares sum to {sum}, expected 1"));
            ok = false;
        }
        ok.then_some(out)
    }
}
