//! The model crate's layout, checked on its own source: dependencies run one
//! way between the folders (inputs <- kernel <- reference <- fast <- mc <-
//! the `Model` facade), no two modules import each other through any
//! chain (no import cycle), and every fast path names what it equals, what
//! checks it and what it falls back to.
//!
//! `cargo test -p krapte-model --test layout` shows it; on failure the
//! message names the modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The source files of the crate, as module paths (`reference::gap`) with
/// their text up to the unit tests (tests may use anything).
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).expect("under src");
        let mut name = rel.with_extension("").to_string_lossy().replace('/', "::");
        if let Some(parent) = name.strip_suffix("::mod") {
            name = parent.to_string();
        }
        let text = std::fs::read_to_string(&f).expect("readable source");
        let code = match text
            .find("#[cfg(test)]\nmod tests")
            .or_else(|| text.find("#[cfg(test)]\npub(crate) mod tests"))
        {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        out.insert(name, code);
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The modules a module's code refers to through `crate::...` paths
/// (imports and inline paths; comments left out), resolved to the longest
/// module path that exists.
fn references(code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                .collect();
            // `crate::a::{b, c}` or `crate::a::b::Item`: the first segments
            // that name modules.
            let parts: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let mut best = None;
            for k in 1..=parts.len() {
                let candidate = parts[..k].join("::");
                if known.contains(&candidate) {
                    best = Some(candidate);
                }
            }
            if let Some(m) = best {
                out.insert(m);
            }
            // Grouped imports one level down: `crate::reference::{demand, gap}`.
            if let Some(brace) = rest.find('{') {
                let head = &rest[..brace];
                if head.ends_with("::") && !head.contains(' ') {
                    let inner =
                        &rest[brace + 1..rest[brace..].find('}').map_or(rest.len(), |j| brace + j)];
                    for item in inner.split(',') {
                        let item = item.trim().split("::").next().unwrap_or("").trim();
                        let candidate = format!("{}{}", head, item);
                        if known.contains(&candidate) {
                            out.insert(candidate);
                        }
                    }
                }
            }
        }
    }
    out
}

/// The folder layer of a module: its rank in the one-way order.
fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or(module);
    match top {
        // The error type says what went wrong in any layer; it uses none.
        "inputs" | "error" => Some(0),
        "kernel" => Some(1),
        "reference" => Some(2),
        "fast" => Some(3),
        "mc" => Some(4),
        "model" => Some(5),
        _ => None,
    }
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    mods.iter()
        .map(|(m, code)| {
            let mut refs = references(code, &known);
            refs.remove(m);
            // A folder's `mod.rs` declares its children: not a dependency.
            refs.retain(|r| !r.starts_with(&format!("{m}::")));
            (m.clone(), refs)
        })
        .collect()
}

#[test]
fn folders_depend_one_way() {
    let g = graph();
    let mut wrong = Vec::new();
    for (m, refs) in &g {
        if m == "lib" || m == "toy" {
            continue;
        }
        let Some(own) = layer(m) else {
            wrong.push(format!("{m} is in no folder of the layout"));
            continue;
        };
        for r in refs {
            match layer(r) {
                Some(l) if l <= own => {}
                _ => wrong.push(format!("{m} uses {r}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the layout (inputs <- kernel <- reference <- fast <- mc <- model):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_import_cycle() {
    let g = graph();
    // Depth-first search with colours; a grey node reached again closes a cycle.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        colour.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for r in g.get(m).into_iter().flatten() {
            match colour.get(r).copied().unwrap_or(0) {
                0 => visit(r, g, colour, stack, cycles),
                1 => {
                    let from = stack.iter().position(|s| s == r).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(r.clone());
                    cycles.push(cycle.join(" -> "));
                }
                _ => {}
            }
        }
        stack.pop();
        colour.insert(m.to_string(), 2);
    }
    let mut colour = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in g.keys().filter(|m| *m != "lib") {
        if colour.get(m).copied().unwrap_or(0) == 0 {
            visit(m, &g, &mut colour, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles:\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn every_fast_path_says_what_it_equals() {
    let mods = modules();
    let mut missing = Vec::new();
    for (m, code) in mods.iter().filter(|(m, _)| m.starts_with("fast::")) {
        let head: String = code
            .lines()
            .map_while(|l| l.strip_prefix("//!"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let ok = head.contains("Equals [`crate::reference")
            && head.contains("Checked by")
            && head.contains("Falls back to");
        if !ok {
            missing.push(m.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "fast paths whose module docs do not open with \"Equals [`crate::reference::...`]; Checked by ...; Falls back to ...\": {missing:?}"
    );
}
