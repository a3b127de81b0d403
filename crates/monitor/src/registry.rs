//! The indicator registry: `indicators.csv`, `sources.csv` and `breaks.csv`
//! in a monitor data folder (see `docs/MONITOR.md`). Every problem is
//! reported with file, line and field, all at once.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::period::Period;
use crate::{Problem, Problems};

/// The three pillars of the plan's monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pillar {
    /// Future workers: education.
    Onderwijs,
    /// Scarcity and retention.
    Arbeidsmarkt,
    /// Productivity and labour saving.
    Innovatie,
}

impl Pillar {
    pub const ALL: [Pillar; 3] = [Pillar::Onderwijs, Pillar::Arbeidsmarkt, Pillar::Innovatie];

    pub fn code(self) -> &'static str {
        match self {
            Pillar::Onderwijs => "onderwijs",
            Pillar::Arbeidsmarkt => "arbeidsmarkt",
            Pillar::Innovatie => "innovatie",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Pillar::Onderwijs => "education (future workers)",
            Pillar::Arbeidsmarkt => "labour market (scarcity, retention)",
            Pillar::Innovatie => "innovation (productivity, labour saving)",
        }
    }
}

/// Which way an indicator should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    None,
}

/// One indicator of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub name_nl: String,
    pub name_en: String,
    pub pillar: Pillar,
    pub unit: String,
    pub definition: String,
    pub source_id: String,
    pub definition_version: String,
    /// `year`, `quarter` or `school_year`.
    pub periodicity: String,
    pub target: Option<(f64, u16)>,
    pub direction: Direction,
    /// Values outside this range are refused on import.
    pub plausible: (f64, f64),
}

/// A source cited by indicators and observations.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: String,
    pub license: String,
}

/// The validated registry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Registry {
    pub indicators: Vec<Indicator>,
    pub sources: BTreeMap<String, Source>,
    /// Series breaks: (indicator, period) -> description.
    pub breaks: Vec<(String, Period, String)>,
}

/// The source of indicators krapte computes itself (the model's projected
/// gap): written by `record-model` only, never imported.
pub const MODEL_SOURCE: &str = "krapte";

impl Indicator {
    /// Whether krapte computes this indicator itself.
    pub fn is_model(&self) -> bool {
        self.source_id == MODEL_SOURCE
    }
}

impl Registry {
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Where the series of indicator `id` breaks, as period positions (for
    /// charts).
    pub fn break_positions(&self, id: &str) -> Vec<f64> {
        self.breaks
            .iter()
            .filter(|(i, _, _)| i == id)
            .map(|(_, p, _)| p.position())
            .collect()
    }
}

pub const UNITS: [&str; 8] = [
    "persons",
    "jobs",
    "percent",
    "fte",
    "vacancies",
    "share",
    "percent_per_year",
    "index",
];

/// Reads a CSV file into (line, header -> value) rows, checking the header.
fn rows(
    path: &Path,
    columns: &[&str],
    problems: &mut Problems,
) -> Vec<(u64, BTreeMap<String, String>)> {
    let name = path.display().to_string();
    let text = match crate::import::read_text(path) {
        Ok(t) => t,
        Err(ps) => {
            problems.append(ps);
            return Vec::new();
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            problems.push(Problem::at(
                &name,
                Some(1),
                None,
                format!("bad header: {e}"),
            ));
            return Vec::new();
        }
    };
    let missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::at(
            &name,
            Some(1),
            None,
            format!("missing column(s): {}", missing.join(", ")),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let map = header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(|s| s.trim().to_string()))
                    .collect();
                out.push((line, map));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(Problem::at(
                    &name,
                    line,
                    None,
                    format!("unreadable row: {e}"),
                ));
            }
        }
    }
    out
}

/// Checks the folder's files against `manifest.toml` (row counts and
/// checksums written by `tools/build_monitor.py`), when there is one: a
/// registry or built-in series cut off or changed is refused.
fn check_manifest(dir: &Path, problems: &mut Problems) {
    let path = dir.join("manifest.toml");
    if !path.is_file() {
        return;
    }
    let text = match krapte_problem::read::read_text(
        &path,
        krapte_problem::read::MAX_TOML_BYTES,
        Some(dir),
    ) {
        Ok(t) => t,
        Err(ps) => {
            problems.append(ps);
            return;
        }
    };
    for e in krapte_problem::manifest::entries(&text) {
        let file = dir.join(&e.name);
        if e.name.contains(['/', '\\']) || e.name.starts_with('.') {
            problems.push(Problem::at(
                &path,
                Some(e.line),
                Some("name"),
                format!(
                    "{} is not a plain file name of the folder",
                    krapte_problem::echo(&e.name)
                ),
            ));
            continue;
        }
        match krapte_problem::read::read_file(&file, krapte_problem::read::MAX_CSV_BYTES, Some(dir))
        {
            Ok(bytes) => {
                let mut rdr = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(bytes.as_slice());
                let mut rec = csv::ByteRecord::new();
                let mut rows = 0u64;
                while let Ok(true) = rdr.read_byte_record(&mut rec) {
                    rows += 1;
                }
                problems.append(krapte_problem::manifest::check(&file, &e, &bytes, rows));
            }
            Err(why) => problems.push(Problem::at(
                &path,
                Some(e.line),
                Some("name"),
                format!("listed file \"{}\" {why}", e.name),
            )),
        }
    }
}

/// Loads and validates the registry in `dir`.
pub fn load_registry(dir: &Path) -> Result<Registry, Problems> {
    let mut problems = Problems::new();
    check_manifest(dir, &mut problems);
    let mut reg = Registry::default();
    let sources_path = dir.join("sources.csv");
    let sname = sources_path.display().to_string();
    for (line, r) in rows(
        &sources_path,
        &["source_id", "title", "publisher", "url", "license"],
        &mut problems,
    ) {
        let id = r["source_id"].clone();
        if id.is_empty() {
            problems.push(Problem::at(
                &sname,
                Some(line),
                Some("source_id"),
                "must not be empty",
            ));
            continue;
        }
        if reg.sources.contains_key(&id) {
            problems.push(Problem::at(
                &sname,
                Some(line),
                Some("source_id"),
                format!("\"{id}\" is listed twice"),
            ));
        }
        reg.sources.insert(
            id,
            Source {
                title: r["title"].clone(),
                publisher: r["publisher"].clone(),
                url: r["url"].clone(),
                license: r["license"].clone(),
            },
        );
    }
    let ipath = dir.join("indicators.csv");
    let iname = ipath.display().to_string();
    let cols = [
        "id",
        "name_nl",
        "name_en",
        "pillar",
        "unit",
        "definition",
        "source_id",
        "definition_version",
        "periodicity",
        "target_value",
        "target_year",
        "direction",
        "min_plausible",
        "max_plausible",
    ];
    let mut seen = HashSet::new();
    for (line, r) in rows(&ipath, &cols, &mut problems) {
        let mut bad = |field: &str, msg: String| {
            problems.push(Problem::at(&iname, Some(line), Some(field), msg));
        };
        let id = r["id"].clone();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            bad(
                "id",
                format!("expected a lowercase snake_case id, found \"{id}\""),
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            bad("id", format!("\"{id}\" is listed twice"));
            continue;
        }
        let pillar = match r["pillar"].as_str() {
            "onderwijs" => Some(Pillar::Onderwijs),
            "arbeidsmarkt" => Some(Pillar::Arbeidsmarkt),
            "innovatie" => Some(Pillar::Innovatie),
            other => {
                bad(
                    "pillar",
                    format!("expected onderwijs, arbeidsmarkt or innovatie, found \"{other}\""),
                );
                None
            }
        };
        let unit = r["unit"].clone();
        if !UNITS.contains(&unit.as_str()) {
            bad(
                "unit",
                format!("expected one of {}, found \"{unit}\"", UNITS.join(", ")),
            );
        }
        let periodicity = r["periodicity"].clone();
        if !["year", "quarter", "school_year"].contains(&periodicity.as_str()) {
            bad(
                "periodicity",
                format!("expected year, quarter or school_year, found \"{periodicity}\""),
            );
        }
        let direction = match r["direction"].as_str() {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            "none" | "" => Some(Direction::None),
            other => {
                bad(
                    "direction",
                    format!("expected up, down or none, found \"{other}\""),
                );
                None
            }
        };
        let num = |field: &str, bad: &mut dyn FnMut(&str, String)| -> Option<Option<f64>> {
            let raw = r[field].as_str();
            if raw.is_empty() {
                return Some(None);
            }
            match raw.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(Some(v)),
                _ => {
                    bad(field, format!("expected a number, found \"{raw}\""));
                    None
                }
            }
        };
        let tv = num("target_value", &mut bad);
        let ty = match r["target_year"].as_str() {
            "" => Some(None),
            raw => match raw.parse::<u16>() {
                Ok(y) if (2000..=2100).contains(&y) => Some(Some(y)),
                _ => {
                    bad("target_year", format!("expected a year, found \"{raw}\""));
                    None
                }
            },
        };
        let target = match (tv, ty) {
            (Some(Some(v)), Some(Some(y))) => Some(Some((v, y))),
            (Some(None), Some(None)) => Some(None),
            (Some(_), Some(_)) => {
                bad(
                    "target_year",
                    "target_value and target_year go together".into(),
                );
                None
            }
            _ => None,
        };
        let lo = num("min_plausible", &mut bad);
        let hi = num("max_plausible", &mut bad);
        let plausible = match (lo, hi) {
            (Some(Some(a)), Some(Some(b))) if a < b => Some((a, b)),
            (Some(Some(_)), Some(Some(_))) => {
                bad("max_plausible", "must be above min_plausible".into());
                None
            }
            (Some(_), Some(_)) => {
                bad("min_plausible", "both plausible bounds are needed".into());
                None
            }
            _ => None,
        };
        let source_id = r["source_id"].clone();
        if !reg.sources.contains_key(&source_id) && !reg.sources.is_empty() {
            bad(
                "source_id",
                format!("unknown source \"{source_id}\" (not in sources.csv)"),
            );
        }
        for f in ["name_nl", "name_en", "definition", "definition_version"] {
            if r[f].is_empty() {
                bad(f, "must not be empty".into());
            }
        }
        if let (Some(pillar), Some(direction), Some(target), Some(plausible)) =
            (pillar, direction, target, plausible)
        {
            reg.indicators.push(Indicator {
                id,
                name_nl: r["name_nl"].clone(),
                name_en: r["name_en"].clone(),
                pillar,
                unit,
                definition: r["definition"].clone(),
                source_id,
                definition_version: r["definition_version"].clone(),
                periodicity,
                target,
                direction,
                plausible,
            });
        }
    }
    let bpath = dir.join("breaks.csv");
    if bpath.is_file() {
        let bname = bpath.display().to_string();
        for (line, r) in rows(
            &bpath,
            &["indicator", "period", "description"],
            &mut problems,
        ) {
            match (seen.contains(&r["indicator"]), Period::parse(&r["period"])) {
                (true, Some(p)) => {
                    reg.breaks
                        .push((r["indicator"].clone(), p, r["description"].clone()))
                }
                (false, _) => problems.push(Problem::at(
                    &bname,
                    Some(line),
                    Some("indicator"),
                    format!("unknown indicator \"{}\"", r["indicator"]),
                )),
                (_, None) => problems.push(Problem::at(
                    &bname,
                    Some(line),
                    Some("period"),
                    format!(
                        "expected a period like 2023, 2023Q4 or 2019/20, found \"{}\"",
                        r["period"]
                    ),
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(reg)
    } else {
        Err(problems)
    }
}
