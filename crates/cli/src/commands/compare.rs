//! `krapte compare`: scenario B minus scenario A.

use krapte_model::Year;

use crate::commands::run::run_all;
use crate::session::{emit, focus_year, meta, model, scenario, Session};
use crate::table::Report;
use crate::OutputArgs;
use crate::{compare_gap, reports};

pub(crate) fn run(
    s: &Session,
    a: &str,
    b: &str,
    year: Option<Year>,
    (draws, seed): (usize, u64),
    output: &OutputArgs,
) -> Result<(), crate::error::Error> {
    let (sa, fa) = scenario(s, Some(a))?;
    let (sb, fb) = scenario(s, Some(b))?;
    let year = focus_year(&sa, year)?;
    focus_year(&sb, Some(year))?;
    let model = model(s)?;
    let (ra, rb) = (run_all(&model, &sa), run_all(&model, &sb));
    let mut m = meta(s, "compare", &sa, &fa);
    m.scenario = format!("{} vs {}", sa.name, sb.name);
    m.scenario_file = format!("{} vs {}", fa.display(), fb.display());
    m.lines[1] = format!(
        "A: {} ({})\nB: {} ({})",
        sa.name,
        fa.display(),
        sb.name,
        fb.display()
    );
    // Each scenario's own options: they may differ.
    let options_b = meta(s, "compare", &sb, &fb).lines[3].clone();
    m.lines[3] = format!("A {}\nB {}", m.lines[3], options_b);
    let mut tables = Vec::new();
    tables.extend(compare_gap::table(&model, &sa, &sb, draws, seed)?);
    tables.push(reports::demand::compare_years(&ra, &rb));
    tables.push(reports::demand::compare_measures(&ra, &rb, year));
    tables.extend(reports::demand::compare_education(&ra, &rb, year));
    emit(&Report::new(m, tables), output)
}
