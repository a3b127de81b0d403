//! Tables of `krapte plan`: the goals with and without the policy, each
//! item's contribution (alone, together, interaction) with cost per fte,
//! contributions by education level, what more would close the technician
//! gap, and the campaign options side by side.

use krapte_model::reference::evaluation::{outcome, Evaluation, Outcome};
use krapte_model::reference::gap::{GapPrep, DIGITAL_GOAL_PERSONS};
use krapte_model::{CampaignChoice, Extra, Item, Policy};
use krapte_model::{Dataset, Evidence, Level, Variant, Year};

use crate::render::fmt_num;
use crate::table::{Column, Table, R3};

fn r3(v: [f64; 3]) -> R3 {
    let b = krapte_model::Bracket::of(v);
    R3::new(b.low, b.central, b.high)
}

/// What the central run says of a goal, without a verdict word: the
/// headline's probability (Monte Carlo) is the verdict.
fn met(v: f64, goal_is_zero_gap: bool) -> &'static str {
    if !v.is_finite() {
        return "not computable";
    }
    match (
        goal_is_zero_gap,
        goal_is_zero_gap && v <= 0.0 || !goal_is_zero_gap && v >= DIGITAL_GOAL_PERSONS,
    ) {
        (true, true) => "gap <= 0 in the central run",
        (true, false) => "gap > 0 in the central run",
        (false, true) => ">= 1 million in the central run",
        (false, false) => "< 1 million in the central run",
    }
}

/// The goals without and with the policy.
pub fn verdicts(ds: &Dataset, ev: &Evaluation, policy: &Policy) -> Table {
    let mut t = Table::new(
        "plan_verdicts",
        format!(
            "The goals in {} without and with \"{}\": central run and extreme corners",
            ev.year, policy.name
        ),
        "fte or persons (see unit)",
        Some(ev.year),
        "net",
    )
    .keys(&["goal", "definition", "unit", "without", "with"])
    .columns(vec![
        Column::ranged("without_policy", "without policy"),
        Column::ranged("with_policy", "with policy"),
        Column::plain("target", "target"),
    ]);
    let (w, p) = (&ev.without, &ev.with);
    t.push(
        vec![
            "technicians: gap".into(),
            ds.occupation_set("technician")
                .map_or("technician".into(), |s| {
                    format!("set {} {}", s.id, s.version)
                }),
            "fte gap".into(),
            met(w.technician_gap[1], true).into(),
            met(p.technician_gap[1], true).into(),
        ],
        vec![r3(w.technician_gap), r3(p.technician_gap), R3::point(0.0)],
    );
    if let Some(sd) = &ds.supply {
        for (k, def) in sd.digital_definitions.iter().enumerate() {
            let (Some(a), Some(b)) = (w.digital.get(k), p.digital.get(k)) else {
                continue;
            };
            // More supply, more people: the low-gap run has the high count.
            t.push(
                vec![
                    "1 million digitally skilled".into(),
                    format!("{} ({})", def.label(), def.title),
                    "persons".into(),
                    met(a[1], false).into(),
                    met(b[1], false).into(),
                ],
                vec![r3(*a), r3(*b), R3::point(DIGITAL_GOAL_PERSONS)],
            );
        }
    }
    t.notes.push("central run (every parameter at its central value) and its extreme corners (low demand with high supply and favourable lever effects, and the reverse), not a verdict: the headline's probabilities (Monte Carlo, on by default) are".into());
    t
}

/// A number with four significant digits and no trailing zeros.
fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let decimals = (3 - x.abs().log10().floor() as i32).clamp(0, 8) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Label, measure, flow, effect, payer and the evidence of an item's effect.
fn describe(ds: &Dataset, item: &Item) -> [String; 6] {
    let Some(pd) = &ds.policy else {
        return Default::default();
    };
    match item {
        Item::Lever { lever, intensity } => {
            let Some(l) = pd.levers.get(*lever) else {
                return Default::default();
            };
            let effect = if !l.flow.acts() {
                "no direct quantified effect".to_string()
            } else {
                let scale = if l.default_intensity > 0.0 {
                    intensity / l.default_intensity
                } else {
                    0.0
                };
                format!(
                    "{} {} at {} {} (from {})",
                    short(l.effect.central * scale),
                    l.effect_unit,
                    intensity,
                    l.intensity_unit,
                    l.start_year + l.lag_years
                )
            };
            let evidence = if !l.flow.acts() {
                "-"
            } else {
                l.backing.evidence.shown_en()
            };
            [
                l.id.clone(),
                l.measure.clone(),
                l.flow.code().into(),
                effect,
                if l.payer.is_empty() {
                    "-".into()
                } else {
                    l.payer.clone()
                },
                evidence.into(),
            ]
        }
        Item::Campaign(c) => {
            let Some(camp) = pd.campaigns.get(c.campaign) else {
                return Default::default();
            };
            [
                format!("campaign {}", camp.id),
                "motie Kröger-Boutkan (option)".into(),
                camp.flow.code().into(),
                format!(
                    "{} MEUR/yr for {} years from {}",
                    c.budget_meur_per_year, c.years, c.start_year
                ),
                "Rijk".into(),
                camp.effect_evidence().shown_en().into(),
            ]
        }
        Item::Extra(_) => Default::default(),
    }
}

/// Each item's contribution to closing the technician gap.
pub fn contributions(ds: &Dataset, ev: &Evaluation) -> Table {
    let defs: Vec<String> = ds
        .supply
        .as_ref()
        .map(|sd| sd.digital_definitions.iter().map(|d| d.label()).collect())
        .unwrap_or_default();
    let mut cols = vec![
        Column::ranged("technician_gap_closed_fte", "technician gap reduced (fte)"),
        Column::plain("cost_to_goal_year_meur", "cost to year (MEUR)"),
        Column::plain("eur_per_fte", "EUR per fte of gap reduced"),
    ];
    for d in &defs {
        cols.push(Column::plain(
            &format!("digital_{d}"),
            &format!("extra digitally skilled ({d}, persons)"),
        ));
    }
    let mut t = Table::new(
        "plan_contributions",
        "Contribution of each measure to the technician gap (one at a time, and all together)",
        "fte (cost in MEUR and EUR)",
        Some(ev.year),
        "net",
    )
    .keys(&["lever", "measure", "flow", "effect", "payer", "evidence"])
    .columns(cols);
    let mut order: Vec<usize> = (0..ev.contributions.len()).collect();
    order.sort_by(|a, b| ev.contributions[*b].alone[1].total_cmp(&ev.contributions[*a].alone[1]));
    for k in order {
        let c = &ev.contributions[k];
        let mut values = vec![
            r3(c.alone),
            R3::point(c.cost_to_goal_year / 1e6),
            R3::point(c.cost_per_fte().unwrap_or(f64::NAN)),
        ];
        values.extend(c.digital.iter().map(|d| R3::point(*d)));
        t.push(describe(ds, &c.item).to_vec(), values);
    }
    let nd = defs.len();
    let total_cost: f64 = ev.contributions.iter().map(|c| c.cost_to_goal_year).sum();
    let together = ev.together();
    let digital_together: Vec<f64> = ev
        .with
        .digital
        .iter()
        .zip(&ev.without.digital)
        .map(|(a, b)| a[1] - b[1])
        .collect();
    let row = |label: &str, v: [f64; 3], cost: f64, digital: Vec<f64>| {
        let mut values = vec![
            r3(v),
            R3::point(cost / 1e6),
            R3::point(if v[1] > 0.0 && cost > 0.0 {
                cost / v[1]
            } else {
                f64::NAN
            }),
        ];
        values.extend(
            digital
                .into_iter()
                .chain(std::iter::repeat(f64::NAN))
                .take(nd)
                .map(R3::point),
        );
        let mut keys = vec![label.to_string()];
        keys.resize(6, String::new());
        (keys, values)
    };
    let sum: [f64; 3] = std::array::from_fn(|k| ev.contributions.iter().map(|c| c.alone[k]).sum());
    let sum_digital: Vec<f64> = (0..nd)
        .map(|d| {
            ev.contributions
                .iter()
                .map(|c| c.digital.get(d).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    for (keys, values) in [
        row(
            "ALL TOGETHER",
            together,
            total_cost,
            digital_together.clone(),
        ),
        row("sum of one at a time", sum, total_cost, sum_digital.clone()),
        row(
            "interaction (together - sum)",
            ev.interaction(),
            0.0,
            digital_together
                .iter()
                .zip(&sum_digital)
                .map(|(a, b)| a - b)
                .collect(),
        ),
    ] {
        t.push(keys, values);
    }
    t.notes.push(format!(
        "technician gap reduced = the {} technician gap without the policy minus the gap with only this item; 'ALL TOGETHER' runs every item at once; the interaction shows how far items overlap (negative: they compete for the same people) or reinforce each other",
        ev.year
    ));
    t.notes.push(format!(
        "cost = public (or stated payer's) cost per year x years active from the start to {}; EUR per fte = that cost / fte of {} gap reduced (central); a lever with no fte effect by {} shows no EUR per fte",
        ev.year, ev.year, ev.year
    ));
    t.notes.push("evidence of each effect (levers.csv, campaigns.csv): 'measured' = a source measures the effect for the Netherlands; 'indirect evidence' = derived from a related measured figure with stated assumptions; 'no evidence' (geen onderbouwing) = a judgement; a campaign shows its weakest funnel stage".into());
    if let Some(pd) = &ds.policy {
        let split = ev.by_evidence(pd);
        let parts: Vec<String> = Evidence::ALL
            .iter()
            .zip(split)
            .map(|(e, v)| format!("{} {}", e.shown_en(), fmt_num(v)))
            .collect();
        match ev.share_without_evidence(pd) {
            Some(share) => t.notes.push(format!(
                "of the {} contribution (sum of one at a time, central, {} fte): {}; {:.0}% rests on effects without evidence",
                ev.year,
                fmt_num(split.iter().sum()),
                parts.join(", "),
                share * 100.0
            )),
            None => t.notes.push(format!(
                "the items close no technician gap in {} one at a time (central), so no share rests on effects without evidence",
                ev.year
            )),
        }
    }
    t
}

/// Contributions per measure of the plan: its levers' one-at-a-time
/// contributions and costs added up (a measure's budget split over its
/// levers is itself an assumption, so the measure is the fairer unit for
/// cost per fte).
pub fn by_measure(ds: &Dataset, ev: &Evaluation) -> Table {
    let mut t = Table::new(
        "plan_measures",
        "Contribution and cost per measure of the plan (its levers added up)",
        "fte (cost in MEUR and EUR)",
        Some(ev.year),
        "net",
    )
    .keys(&["measure", "levers", "payer"])
    .columns(vec![
        Column::ranged("technician_gap_closed_fte", "technician gap reduced (fte)"),
        Column::plain("cost_to_goal_year_meur", "cost to year (MEUR)"),
        Column::plain("eur_per_fte", "EUR per fte of gap reduced"),
    ]);
    // (measure, lever ids, payers, gap closed per run, cost)
    type Group = (String, Vec<String>, Vec<String>, [f64; 3], f64);
    let mut groups: Vec<Group> = Vec::new();
    for c in &ev.contributions {
        let [id, measure, _, _, payer, _] = describe(ds, &c.item);
        let pos = match groups.iter().position(|g| g.0 == measure) {
            Some(p) => p,
            None => {
                groups.push((measure.clone(), Vec::new(), Vec::new(), [0.0; 3], 0.0));
                groups.len() - 1
            }
        };
        let g = &mut groups[pos];
        g.1.push(id);
        if !g.2.contains(&payer) {
            g.2.push(payer);
        }
        for k in 0..3 {
            g.3[k] += c.alone[k];
        }
        g.4 += c.cost_to_goal_year;
    }
    groups.sort_by(|a, b| b.3[1].total_cmp(&a.3[1]));
    for (measure, levers, payers, alone, cost) in groups {
        let per_fte = if alone[1] > 0.0 && cost > 0.0 {
            cost / alone[1]
        } else {
            f64::NAN
        };
        t.push(
            vec![measure, levers.join(" + "), payers.join(", ")],
            vec![r3(alone), R3::point(cost / 1e6), R3::point(per_fte)],
        );
    }
    t.notes.push("a measure's figure adds up its levers one at a time; cost 0 means no budget known or no new money (then no EUR per fte)".into());
    t
}

/// Contributions by education level (central run).
pub fn by_level(ds: &Dataset, ev: &Evaluation) -> Table {
    let cols = Level::ALL
        .iter()
        .map(|l| Column::plain(&format!("{}_fte", l.code()), l.code()))
        .collect();
    let mut t = Table::new(
        "plan_by_level",
        "Technician gap reduced by education level (central, one at a time)",
        "fte",
        Some(ev.year),
        "net",
    )
    .keys(&["lever"])
    .columns(cols);
    for c in &ev.contributions {
        if c.alone.iter().all(|x| *x == 0.0) {
            continue;
        }
        let [id, ..] = describe(ds, &c.item);
        t.push(vec![id], c.by_level.iter().map(|x| R3::point(*x)).collect());
    }
    let together: Vec<f64> = ev.without.gap_by_level[1]
        .iter()
        .zip(&ev.with.gap_by_level[1])
        .map(|(a, b)| a - b)
        .collect();
    t.push(
        vec!["ALL TOGETHER".into()],
        together.into_iter().map(R3::point).collect(),
    );
    t
}

/// What more, on top of the policy, would close the technician gap.
pub fn what_it_takes(ev: &Evaluation) -> Table {
    let mut t = Table::new(
        "plan_what_it_takes",
        format!(
            "What more would close the technician gap in {} (on top of the policy, solved)",
            ev.year
        ),
        "see unit",
        Some(ev.year),
        "net",
    )
    .keys(&["effort", "case", "from", "unit", "reachable"])
    .columns(vec![
        Column::plain("size", "size"),
        Column::plain("gap_after_fte", "gap after (fte)"),
    ]);
    for s in &ev.solved {
        let (name, from, unit, size) = match s.extra {
            Extra::SideEntry {
                persons_per_year,
                from,
            } => (
                "extra side-entrants into technician jobs (mbo4 level)",
                from,
                "persons per year",
                persons_per_year,
            ),
            Extra::TechniekEnrolment { share, from } => (
                "more first-year students in technical (techniek) education",
                from,
                "% more than projected",
                share * 100.0,
            ),
            Extra::Productivity { points, from } => (
                "extra labour-productivity growth (all required labour)",
                from,
                "percentage points per year",
                points * 100.0,
            ),
        };
        let case = match s.variant {
            Variant::High => "pessimistic (high demand, low supply)",
            _ => "central",
        };
        let reachable = if ev.with.technician_gap[s.variant as usize] <= 0.0 {
            "no gap left in this run"
        } else if s.reachable {
            "yes"
        } else {
            "no: not even at the search limit"
        };
        t.push(
            vec![
                name.into(),
                case.into(),
                from.to_string(),
                unit.into(),
                reachable.into(),
            ],
            vec![R3::point(size), R3::point(s.gap_after)],
        );
    }
    t.notes.push("each effort is solved on its own, on top of the whole policy, so that the technician gap in the goal year is zero (to 0.1 fte) in the central run and in the pessimistic run of the bracket; fed back into the model it closes that gap".into());
    t.notes.push("more first-year students reach work only after their programme (2-5 years): by 2030 this route can be slow or impossible".into());
    t
}

/// Campaign options side by side at their default budget, starting in `start`.
pub fn campaigns(
    ds: &Dataset,
    prep: &GapPrep<'_>,
    base: &Outcome,
    year: Year,
    start: Year,
) -> Result<Option<Table>, String> {
    let Some(pd) = &ds.policy else {
        return Ok(None);
    };
    let mut t = Table::new(
        "plan_campaigns",
        format!("National recruitment campaign options (default budget, from {start})"),
        "see columns",
        Some(year),
        "net",
    )
    .keys(&["campaign", "target group", "flow", "lag years", "budget"])
    .columns(vec![
        Column::ranged("persons_per_year", "people a year (funnel)"),
        Column::plain("eur_per_person", "EUR per person (central)"),
        Column::ranged("technician_gap_closed_fte", "technician gap reduced (fte)"),
        Column::plain("cost_meur", "cost (MEUR)"),
    ]);
    for (k, c) in pd.campaigns.iter().enumerate() {
        let budget = c.default_budget_meur_per_year.central;
        let years = c.default_years.central.round().max(1.0) as u16;
        let choice = CampaignChoice {
            campaign: k,
            budget_meur_per_year: budget,
            years,
            start_year: start,
        };
        let o = outcome(prep, vec![Item::Campaign(choice)], year).map_err(|e| e.to_string())?;
        let persons = Variant::ALL.map(|v| c.persons_per_year(budget, v));
        let eur_per_person = if persons[1] > 0.0 {
            budget * 1e6 / persons[1]
        } else {
            f64::NAN
        };
        t.push(
            vec![
                c.id.clone(),
                c.target_group.clone(),
                c.flow.code().into(),
                format!("{:.0}", c.lag_years.central),
                format!("{budget} MEUR/yr x {years} yr"),
            ],
            vec![
                r3(persons),
                R3::point(eur_per_person),
                r3(o.reduction(base)),
                R3::point(budget * f64::from(years)),
            ],
        );
    }
    t.notes.push("funnel: budget x people reached per MEUR x share interested x share applying x share starting (campaigns.csv, with sources and reasons); pupils and parents reach the labour market only after schooling (lag + programme length)".into());
    t.notes.push("the seeds stress that the effect of campaigns on inflow is unproven: the reach figures are measured (e.g. the childcare campaign reached over 5 million people), the step from interest to people starting work is an assumption".into());
    Ok(Some(t))
}
