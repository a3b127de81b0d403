//! Dutch and English names of what the data names by id (measures, levers,
//! campaigns, scenarios, policies, digital definitions), from the
//! translation table `data/labels/labels.csv` (`kind,id,nl,en`; an empty
//! `en` keeps the data's own name), compiled in. A name the table lacks
//! falls back to the data's own, so another dataset still shows its names.
//! (The website's `labels` module reads the same table and checks that the
//! built-in data lack none.)

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::num::Lang;

const LABELS: &str = include_str!("../../../data/labels/labels.csv");

fn table() -> &'static HashMap<(String, String), (String, String)> {
    static T: OnceLock<HashMap<(String, String), (String, String)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut map = HashMap::new();
        let mut r = csv::Reader::from_reader(LABELS.as_bytes());
        for row in r.records().flatten() {
            if let (Some(kind), Some(id), Some(nl), Some(en)) =
                (row.get(0), row.get(1), row.get(2), row.get(3))
            {
                map.insert(
                    (kind.to_string(), id.to_string()),
                    (nl.to_string(), en.to_string()),
                );
            }
        }
        map
    })
}

/// The name of `id` of `kind` (the table's `kind` column: `measure`,
/// `lever`, `campaign`, `definition`, ...) in `lang`, or `fallback`.
pub fn name(lang: Lang, kind: &str, id: &str, fallback: &str) -> String {
    match table().get(&(kind.to_string(), id.to_string())) {
        Some((nl, _)) if lang == Lang::Nl => nl.clone(),
        Some((_, en)) if !en.is_empty() => en.clone(),
        _ => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_table_and_fallbacks() {
        assert_eq!(
            name(Lang::Nl, "measure", "offshore_wind", "Offshore wind"),
            "Windparken op zee"
        );
        // An empty English column keeps the data's own name.
        assert_eq!(
            name(Lang::En, "measure", "offshore_wind", "Offshore wind farms"),
            "Offshore wind farms"
        );
        assert_eq!(name(Lang::Nl, "measure", "nope", "fallback"), "fallback");
    }
}
