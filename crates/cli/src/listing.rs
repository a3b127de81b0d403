//! `krapte scenarios` and `krapte policies`: each preset with its name to
//! pass on the command line, its title, its years and its description.

use std::path::Path;

use crate::session::Session;

/// One preset.
pub struct Entry {
    pub id: String,
    pub title: String,
    pub years: String,
    pub description: String,
}

/// Indents and wraps `text` to `width` (no limit: one line).
fn wrapped(text: &str, indent: &str, width: Option<usize>) -> String {
    // Line breaks and tabs become spaces; a double space (after the name)
    // stays.
    let text: String = text
        .split(['\n', '\t', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let Some(w) = width else {
        return format!("{indent}{text}\n");
    };
    let room = w.saturating_sub(indent.len()).max(20);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

/// The entries as text.
pub fn text(kind: &str, entries: &[Entry], width: Option<usize>) -> String {
    let mut out = format!(
        "{} {kind} (pass the name, e.g. `{}`):\n",
        entries.len(),
        entries.first().map_or("", |e| e.id.as_str())
    );
    for e in entries {
        out.push('\n');
        out.push_str(&wrapped(
            &format!("{}  {} ({})", e.id, e.title, e.years),
            "  ",
            width,
        ));
        out.push_str(&wrapped(&e.description, "      ", width));
    }
    out
}

/// The scenario presets in `dir`, each checked against the dataset.
pub fn scenarios(s: &Session, dir: &Path, names: &[String]) -> Vec<Entry> {
    names
        .iter()
        .map(|id| {
            let path = dir.join(format!("{id}.toml"));
            match krapte_data::load_scenario(&path, &s.loaded.dataset) {
                Ok(l) => Entry {
                    id: id.clone(),
                    title: l.scenario.name.clone(),
                    years: format!("{}–{}", l.scenario.start_year, l.scenario.horizon),
                    description: l.scenario.description.clone(),
                },
                Err(e) => Entry {
                    id: id.clone(),
                    title: "(does not load)".into(),
                    years: "-".into(),
                    description: format!("{} problem(s); `krapte gap {id}` lists them", e.total()),
                },
            }
        })
        .collect()
}

/// The policy presets in `dir`, each checked against the dataset.
pub fn policies(s: &Session, dir: &Path, names: &[String]) -> Vec<Entry> {
    names
        .iter()
        .map(|id| {
            let path = dir.join(format!("{id}.toml"));
            match krapte_data::load_policy(&path, &s.loaded.dataset) {
                Ok(l) => Entry {
                    id: id.clone(),
                    title: l.policy.name.clone(),
                    years: format!(
                        "evaluated for {}; {} levers, {} campaigns",
                        krapte_model::reference::gap::GOAL_YEAR,
                        l.policy.levers.len(),
                        l.policy.campaigns.len()
                    ),
                    description: l.policy.description.clone(),
                },
                Err(e) => Entry {
                    id: id.clone(),
                    title: "(does not load)".into(),
                    years: "-".into(),
                    description: format!("{} problem(s); `krapte plan {id}` lists them", e.total()),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_wrap_to_the_width() {
        let e = Entry {
            id: "referentie-55".into(),
            title: "Referentiepad 55%".into(),
            years: "2024–2030".into(),
            description: "word ".repeat(40),
        };
        let t = text("scenarios", &[e], Some(50));
        assert!(t.lines().all(|l| l.chars().count() <= 50), "{t}");
        assert!(t.contains("referentie-55  Referentiepad 55% (2024–2030)"));
    }
}
