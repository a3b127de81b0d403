//! Dutch (and English) names for what the data names in English or by id:
//! climate measures, levers, plan measures, campaigns, scenarios, policies,
//! units, lever flows, education levels, pillars, digital definitions and
//! the monitor's indicator definitions,
//! from the translation table `data/labels/labels.csv` (`kind,id,nl,en`;
//! an empty `en` keeps the data's own name), and the glossary of
//! `data/labels/glossary.csv`. Both are embedded at compile time; a name
//! the table lacks falls back to the data's own (so another dataset still
//! shows its names), and a test checks that the built-in data, scenarios
//! and policies lack none.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::Lang;

const LABELS: &str = include_str!("../../../data/labels/labels.csv");
const GLOSSARY: &str = include_str!("../../../data/labels/glossary.csv");

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Measure,
    Unit,
    Flow,
    Level,
    Pillar,
    Lever,
    PlanMeasure,
    Campaign,
    Scenario,
    ScenarioDescription,
    Policy,
    PolicyDescription,
    Definition,
    /// The monitor's indicator definitions (the registry's are English).
    IndicatorDefinition,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::Measure,
        Kind::Unit,
        Kind::Flow,
        Kind::Level,
        Kind::Pillar,
        Kind::Lever,
        Kind::PlanMeasure,
        Kind::Campaign,
        Kind::Scenario,
        Kind::ScenarioDescription,
        Kind::Policy,
        Kind::PolicyDescription,
        Kind::Definition,
        Kind::IndicatorDefinition,
    ];

    /// The `kind` column's word.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Measure => "measure",
            Kind::Unit => "unit",
            Kind::Flow => "flow",
            Kind::Level => "level",
            Kind::Pillar => "pillar",
            Kind::Lever => "lever",
            Kind::PlanMeasure => "plan_measure",
            Kind::Campaign => "campaign",
            Kind::Scenario => "scenario",
            Kind::ScenarioDescription => "scenario_description",
            Kind::Policy => "policy",
            Kind::PolicyDescription => "policy_description",
            Kind::Definition => "definition",
            Kind::IndicatorDefinition => "indicator_definition",
        }
    }
}

#[derive(Debug, Deserialize)]
struct Row {
    kind: String,
    id: String,
    nl: String,
    en: String,
}

/// One glossary entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Term {
    pub id: String,
    pub term_nl: String,
    pub term_en: String,
    pub text_nl: String,
    pub text_en: String,
}

impl Term {
    pub fn term(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.term_nl,
            Lang::En => &self.term_en,
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.text_nl,
            Lang::En => &self.text_en,
        }
    }
}

/// The translation table, parsed.
pub struct Labels {
    map: HashMap<(Kind, String), (String, String)>,
}

/// Parses a table in the format of `labels.csv`: every row's kind must be
/// known, its id and Dutch text non-empty, and no (kind, id) twice.
pub fn parse(text: &str) -> Result<Labels, String> {
    let mut map = HashMap::new();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    for (i, row) in r.deserialize::<Row>().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("labels.csv line {line}: {e}"))?;
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.code() == row.kind)
            .ok_or_else(|| format!("labels.csv line {line}: unknown kind '{}'", row.kind))?;
        if row.id.trim().is_empty() || row.nl.trim().is_empty() {
            return Err(format!(
                "labels.csv line {line}: id and nl must not be empty"
            ));
        }
        if map
            .insert((kind, row.id.clone()), (row.nl, row.en))
            .is_some()
        {
            return Err(format!(
                "labels.csv line {line}: {} '{}' twice",
                row.kind, row.id
            ));
        }
    }
    Ok(Labels { map })
}

impl Labels {
    /// The name of `id` in `lang`; `fallback` (the data's own name) when
    /// the table has none (or, in English, an empty `en`).
    pub fn get<'a>(&'a self, lang: Lang, kind: Kind, id: &str, fallback: &'a str) -> &'a str {
        match self.map.get(&(kind, id.to_string())) {
            Some((nl, _)) if lang == Lang::Nl => nl,
            Some((_, en)) if !en.is_empty() => en,
            _ => fallback,
        }
    }

    /// Whether the table has a Dutch name for `id`.
    pub fn has(&self, kind: Kind, id: &str) -> bool {
        self.map.contains_key(&(kind, id.to_string()))
    }
}

/// The embedded table (checked by a test, so it parses).
pub fn labels() -> &'static Labels {
    static L: OnceLock<Labels> = OnceLock::new();
    L.get_or_init(|| {
        parse(LABELS).unwrap_or(Labels {
            map: HashMap::new(),
        })
    })
}

/// Shorthand: the name of `id` of `kind` in `lang`.
pub fn name<'a>(lang: Lang, kind: Kind, id: &str, fallback: &'a str) -> &'a str {
    labels().get(lang, kind, id, fallback)
}

/// A unit in words (`persons` → `personen`); unknown units unchanged.
pub fn unit(lang: Lang, u: &str) -> &str {
    name(lang, Kind::Unit, u, u)
}

/// The glossary, in the order of the file.
pub fn glossary() -> &'static [Term] {
    static G: OnceLock<Vec<Term>> = OnceLock::new();
    G.get_or_init(|| {
        csv::Reader::from_reader(GLOSSARY.as_bytes())
            .deserialize::<Term>()
            .filter_map(Result::ok)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_falls_back() {
        let l = parse(LABELS).expect("labels.csv parses");
        assert_eq!(
            l.get(Lang::Nl, Kind::Unit, "persons", "persons"),
            "personen"
        );
        assert_eq!(l.get(Lang::En, Kind::Unit, "persons", "x"), "persons");
        // An empty English column keeps the data's name.
        assert_eq!(
            l.get(
                Lang::En,
                Kind::Measure,
                "offshore_wind",
                "Offshore wind farms"
            ),
            "Offshore wind farms"
        );
        assert_eq!(
            l.get(Lang::Nl, Kind::Measure, "no_such", "as in the data"),
            "as in the data"
        );
        assert!(parse("kind,id,nl,en\nplanet,x,y,\n").is_err());
        assert!(parse("kind,id,nl,en\nunit,x,,\n").is_err());
        assert!(parse("kind,id,nl,en\nunit,x,y,\nunit,x,z,\n").is_err());
    }

    #[test]
    fn the_glossary_has_the_terms_readers_meet() {
        let g = glossary();
        let raw = GLOSSARY.lines().count() - 1;
        assert_eq!(g.len(), raw, "every row parses");
        for id in [
            "weglek",
            "zij-instromer",
            "brc",
            "itkb",
            "doorrekening",
            "centraal",
        ] {
            let t = g
                .iter()
                .find(|t| t.id == id)
                .unwrap_or_else(|| panic!("{id}"));
            assert!(!t.text_nl.is_empty() && !t.text_en.is_empty(), "{id}");
        }
    }

    /// The column `col` of a CSV file of the repository.
    fn column(path: &str, col: &str) -> Vec<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
        let mut r = csv::Reader::from_path(format!("{root}{path}")).expect(path);
        let k = r
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == col)
            .expect(col);
        r.records()
            .map(|x| x.expect("row").get(k).unwrap_or("").to_string())
            .collect()
    }

    fn stems(dir: &str) -> Vec<String> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
        std::fs::read_dir(format!("{root}{dir}"))
            .expect(dir)
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect()
    }

    /// Every name the built-in data, scenarios and policies show has a
    /// Dutch label (a new measure, lever or scenario without one fails
    /// here, not on the site).
    #[test]
    fn the_built_in_data_lacks_no_dutch_name() {
        let l = labels();
        let mut missing = Vec::new();
        let mut need = |kind: Kind, ids: Vec<String>| {
            for id in ids {
                if !id.is_empty() && !l.has(kind, &id) {
                    missing.push(format!("{} {id}", kind.code()));
                }
            }
        };
        need(Kind::Measure, column("data/default/measures.csv", "id"));
        need(Kind::Unit, column("data/default/measures.csv", "unit"));
        need(Kind::Lever, column("data/default/levers.csv", "id"));
        need(
            Kind::PlanMeasure,
            column("data/default/levers.csv", "measure"),
        );
        need(Kind::Flow, column("data/default/levers.csv", "flow"));
        need(Kind::Unit, column("data/default/levers.csv", "effect_unit"));
        need(
            Kind::Campaign,
            column("data/default/campaigns.csv", "campaign"),
        );
        need(Kind::Flow, column("data/default/campaigns.csv", "flow"));
        need(Kind::Unit, column("data/monitor/indicators.csv", "unit"));
        need(
            Kind::Pillar,
            column("data/monitor/indicators.csv", "pillar"),
        );
        need(
            Kind::Level,
            column("data/default/education_pipeline.csv", "level"),
        );
        let ids = column("data/default/digital_definitions.csv", "id");
        let versions = column("data/default/digital_definitions.csv", "version");
        need(
            Kind::Definition,
            ids.iter()
                .zip(&versions)
                .map(|(i, v)| format!("{i}@{v}"))
                .collect(),
        );
        need(Kind::Scenario, stems("scenarios"));
        need(Kind::ScenarioDescription, stems("scenarios"));
        need(Kind::Policy, stems("policies"));
        need(Kind::PolicyDescription, stems("policies"));
        assert!(missing.is_empty(), "no Dutch label for: {missing:?}");
    }
}
