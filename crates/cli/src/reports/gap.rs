//! Tables of `krapte gap`: demand, supply and gap per year for technicians
//! and ICT professionals, the two goal verdicts for 2030, the gap by
//! education and province, the digital-skills count per definition, the
//! supply flows and the check against ROA's national totals.

use krapte_model::inputs::bracket::Bracket;

use krapte_model::reference::gap::{
    Dim, GapResult, Quantity, Shortage, DIGITAL_GOAL_PERSONS, GOAL_YEAR,
};
use krapte_model::reference::supply::Flow;
use krapte_model::{Dataset, Direction, Education, Level, Variant, Year};

use crate::table::{Column, Table, R3};

/// What the gap tables need.
pub struct GapView<'a> {
    pub dataset: &'a Dataset,
    pub result: &'a GapResult,
    /// "net" or "gross": the basis of the climate demand.
    pub basis: &'static str,
}

fn r3(b: Bracket) -> R3 {
    R3::new(b.low, b.central, b.high)
}

/// Members of an occupation set, empty when the dataset lacks it.
fn members(ds: &Dataset, set: &str) -> Vec<usize> {
    ds.occupation_set(set)
        .map(|s| s.members.clone())
        .unwrap_or_default()
}

fn set_title(ds: &Dataset, set: &str) -> String {
    let label = match set {
        "technician" => "Technicians",
        "ict" => "ICT professionals",
        other => other,
    };
    match ds.occupation_set(set) {
        Some(s) => format!("{label} (set {} {})", s.id, s.version),
        None => label.to_string(),
    }
}

/// Required (baseline + climate), available and gap per year for a set.
pub fn years_table(v: &GapView<'_>, set: &str) -> Table {
    let ds = v.dataset;
    let m = members(ds, set);
    let mut t = Table::new(
        &format!("{set}_gap_years"),
        format!(
            "{}: required, available and gap per year",
            set_title(ds, set)
        ),
        "fte",
        None,
        v.basis,
    )
    .keys(&["year"])
    .columns(vec![
        Column::ranged("baseline_required_fte", "baseline required"),
        Column::ranged("climate_demand_fte", "climate demand"),
        Column::ranged("required_fte", "required"),
        Column::ranged("available_fte", "available"),
        Column::ranged("gap_fte", "gap"),
    ]);
    for &year in &v.result.years {
        let q = |q: Quantity| {
            v.result
                .total(year, q, Some(&m))
                .map_or(R3::point(f64::NAN), r3)
        };
        t.push(
            vec![year.to_string()],
            vec![
                q(Quantity::RequiredBaseline),
                q(Quantity::Climate),
                q(Quantity::Required),
                q(Quantity::Available),
                q(Quantity::Gap),
            ],
        );
    }
    t.notes.push(format!(
        "baseline required = employment in the base year {} + ROA expansion demand; climate demand = the scenario's {} demand ({}); available = the supply model's stock averaged over the year; gap = required - available (positive = shortage)",
        v.result.base_year,
        v.basis,
        climate_label(v.result)
    ));
    t.notes.push(
        "low gap = low demand with high supply, high gap = high demand with low supply".into(),
    );
    t
}

fn climate_label(r: &GapResult) -> String {
    match r.options.climate {
        krapte_model::reference::gap::ClimateOnTop::Full => {
            "all of it on top of the baseline, as PBL-ROA".into()
        }
        krapte_model::reference::gap::ClimateOnTop::GrowthAfterStart => format!(
            "only its growth after the scenario's first year {} on top of the baseline; a different first year gives a different reference",
            r.years.first().copied().unwrap_or(r.base_year)
        ),
    }
}

fn certainty_word(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "not met"
    }
}

/// The two goals for 2030: the technician gap and the digital count under
/// every definition (one row each, never summed or mixed).
pub fn verdict_table(v: &GapView<'_>) -> Table {
    let ds = v.dataset;
    let mut t = Table::new(
        "verdicts",
        "The plan's goals in 2030",
        "fte or persons (see unit)",
        Some(GOAL_YEAR),
        v.basis,
    )
    .keys(&["goal", "definition", "unit", "verdict", "certainty"])
    .columns(vec![
        Column::ranged("value", "value"),
        Column::plain("target", "target"),
    ]);
    let tech = members(ds, "technician");
    match v.result.technician_verdict(GOAL_YEAR, &tech) {
        Some(tv) => {
            t.push(
                vec![
                    "technicians: gap closed".into(),
                    set_title(ds, "technician"),
                    "fte gap".into(),
                    certainty_word(tv.met).into(),
                    tv.certainty.label().into(),
                ],
                vec![r3(tv.gap), R3::point(0.0)],
            );
            t.notes.push(format!(
                "technician gap {GOAL_YEAR} = required {:.0} fte ({:.0} of it climate demand) - available {:.0} fte; without the climate demand the gap would be {:.0} fte",
                tv.required.central, tv.climate.central, tv.available.central, tv.baseline_gap.central
            ));
        }
        None => t.notes.push(format!(
            "the scenario does not reach {GOAL_YEAR}: no technician verdict"
        )),
    }
    if let Some(sd) = &ds.supply {
        for def in &sd.digital_definitions {
            let Some(dv) = v.result.digital_verdict(ds, def, GOAL_YEAR) else {
                t.notes.push(format!(
                    "{}: not computable here (the run does not cover {GOAL_YEAR}{})",
                    def.label(),
                    def.anchor
                        .map(|(y, _)| format!(" and the anchor year {y}"))
                        .unwrap_or_default()
                ));
                continue;
            };
            {
                t.push(
                    vec![
                        "1 million digitally skilled".into(),
                        format!("{} ({})", dv.definition, def.title),
                        "persons".into(),
                        certainty_word(dv.met).into(),
                        dv.certainty.label().into(),
                    ],
                    vec![r3(dv.count), R3::point(DIGITAL_GOAL_PERSONS)],
                );
            }
        }
    }
    t.notes.push("a goal is met when the central value meets the target; 'certainty' says whether that holds across the whole low–high range".into());
    t.notes.push("the seeds fix no definition of 'digitally skilled': each definition is a separate row and a separate series (see the digital table and docs/MODEL.md)".into());
    t
}

fn shortage_cols() -> Vec<Column> {
    vec![
        Column::ranged("required_fte", "required"),
        Column::ranged("available_fte", "available"),
        Column::ranged("gap_fte", "gap"),
    ]
}

/// Ratio with its bracket as text, and the class of the central ratio.
fn shortage_keys(ds: &Dataset, s: [Shortage; 3]) -> (String, String) {
    let ratios = s.map(|x| x.ratio);
    let b = Bracket {
        low: ratios[0].min(ratios[2]),
        central: ratios[1],
        high: ratios[0].max(ratios[2]),
    };
    let fmt = |x: f64| {
        if x.is_finite() {
            format!("{x:.2}")
        } else {
            "no openings".to_string()
        }
    };
    let text = if b.low == b.high {
        fmt(b.central)
    } else {
        format!("{} ({}–{})", fmt(b.central), fmt(b.low), fmt(b.high))
    };
    let class = ds
        .supply
        .as_ref()
        .and_then(|sd| sd.shortage_class(b.central))
        .map_or(String::new(), |c| c.label.clone());
    (text, class)
}

/// Shortage indicators per group of `dim`, runs low/central/high.
fn shortages(
    v: &GapView<'_>,
    year: Year,
    m: Option<&[usize]>,
    dim: Dim,
) -> Option<Vec<[Shortage; 3]>> {
    let r = v.result;
    let (a, b, c) = (
        r.shortage(Variant::Low, year, m, dim)?,
        r.shortage(Variant::Central, year, m, dim)?,
        r.shortage(Variant::High, year, m, dim)?,
    );
    Some(
        a.into_iter()
            .zip(b)
            .zip(c)
            .map(|((a, b), c)| [a, b, c])
            .collect(),
    )
}

fn indicator_note(v: &GapView<'_>, year: Year) -> Vec<String> {
    let mut notes = vec![format!(
        "shortage indicator = expected inflow {}–{year} (school-leavers, side-entrants, migration and re-entry) / job openings (everyone leaving + growth of what is required, climate demand included); below 1 the inflow does not fill the openings",
        v.result.years.first().copied().unwrap_or(year)
    )];
    if let Some(sd) = &v.dataset.supply {
        let classes: Vec<String> = sd
            .shortage_classes
            .iter()
            .map(|c| format!("{} from {:.2}", c.label, c.min_ratio))
            .collect();
        notes.push(format!(
            "classes (a ratio exactly on a boundary belongs to the class that starts there): {}",
            classes.join("; ")
        ));
    }
    notes
}

/// The gap of a set in one year by education (level subtotals, or all 18 cells).
pub fn education_table(v: &GapView<'_>, set: &str, year: Year, cells: bool) -> Option<Table> {
    let ds = v.dataset;
    let m = members(ds, set);
    let dim = if cells { Dim::Education } else { Dim::Level };
    let q = |q: Quantity| v.result.breakdown(year, q, Some(&m), dim);
    let (req, avail, gap) = (
        q(Quantity::Required)?,
        q(Quantity::Available)?,
        q(Quantity::Gap)?,
    );
    let sh = shortages(v, year, Some(&m), dim)?;
    let (id, title) = if cells {
        (
            format!("{set}_gap_education"),
            format!(
                "{}: gap by education (level x direction)",
                set_title(ds, set)
            ),
        )
    } else {
        (
            format!("{set}_gap_level"),
            format!("{}: gap by education level", set_title(ds, set)),
        )
    };
    let keys: &[&str] = if cells {
        &["level", "direction", "shortage ratio", "shortage class"]
    } else {
        &["level", "shortage ratio", "shortage class"]
    };
    let mut t = Table::new(&id, title, "fte", Some(year), v.basis)
        .keys(keys)
        .columns(shortage_cols());
    for i in 0..req.len() {
        if req[i].high.abs() < 0.5 && avail[i].high.abs() < 0.5 {
            continue;
        }
        let (ratio, class) = shortage_keys(ds, sh[i]);
        let mut k = if cells {
            let e = Education::from_index(i);
            vec![e.level.code().to_string(), e.direction.code().to_string()]
        } else {
            vec![Level::ALL[i].code().to_string()]
        };
        k.extend([ratio, class]);
        t.push(k, vec![r3(req[i]), r3(avail[i]), r3(gap[i])]);
    }
    t.notes.extend(indicator_note(v, year));
    t.notes.push("education by occupation rests partly on assumptions (`krapte data check`): read levels as orders of magnitude".into());
    Some(t)
}

/// The gap of the technician and ICT sets by province in one year.
pub fn province_table(v: &GapView<'_>, year: Year) -> Option<Table> {
    let ds = v.dataset;
    let mut t = Table::new(
        "gap_provinces",
        "Gap by province: technicians and ICT professionals",
        "fte",
        Some(year),
        v.basis,
    )
    .keys(&[
        "code",
        "province",
        "technicians shortage ratio",
        "technicians class",
    ])
    .columns(vec![
        Column::ranged("technicians_required_fte", "technicians required"),
        Column::ranged("technicians_gap_fte", "technicians gap"),
        Column::ranged("ict_required_fte", "ICT required"),
        Column::ranged("ict_gap_fte", "ICT gap"),
    ]);
    let (tech, ict) = (members(ds, "technician"), members(ds, "ict"));
    let b = |m: &[usize], q: Quantity| v.result.breakdown(year, q, Some(m), Dim::Region);
    let (tr, tg, ir, ig) = (
        b(&tech, Quantity::Required)?,
        b(&tech, Quantity::Gap)?,
        b(&ict, Quantity::Required)?,
        b(&ict, Quantity::Gap)?,
    );
    let sh = shortages(v, year, Some(&tech), Dim::Region)?;
    for (r, p) in ds.regions.iter().enumerate() {
        let (ratio, class) = shortage_keys(ds, sh[r]);
        t.push(
            vec![p.code().into(), p.name().into(), ratio, class],
            vec![r3(tr[r]), r3(tg[r]), r3(ir[r]), r3(ig[r])],
        );
    }
    t.notes.extend(indicator_note(v, year));
    t.notes.push("provinces: the stock is spread by each occupation's employment by sector and province; school-leavers are placed where that education works; commuting between provinces is not modelled".into());
    Some(t)
}

/// The gap and shortage indicator per occupation, with ROA's ITKB class.
pub fn occupation_table(v: &GapView<'_>, year: Year) -> Option<Table> {
    let ds = v.dataset;
    let sd = ds.supply.as_ref()?;
    let q = |q: Quantity| v.result.breakdown(year, q, None, Dim::Occupation);
    let (req, avail, gap) = (
        q(Quantity::Required)?,
        q(Quantity::Available)?,
        q(Quantity::Gap)?,
    );
    let sh = shortages(v, year, None, Dim::Occupation)?;
    let (tech, ict) = (members(ds, "technician"), members(ds, "ict"));
    let mut t = Table::new(
        "gap_occupations",
        "Gap and shortage indicator by occupation (BRC 2014), largest gap first",
        "fte",
        Some(year),
        v.basis,
    )
    .keys(&[
        "code",
        "occupation",
        "set",
        "shortage ratio",
        "shortage class",
        "ROA ITKB 2030",
    ])
    .columns(shortage_cols());
    let mut order: Vec<usize> = (0..req.len()).collect();
    order.sort_by(|a, b| gap[*b].central.total_cmp(&gap[*a].central));
    for o in order {
        let occ = &ds.occupations[o];
        let set = if tech.contains(&o) {
            "technician"
        } else if ict.contains(&o) {
            "ict"
        } else {
            ""
        };
        let (ratio, class) = shortage_keys(ds, sh[o]);
        let roa = &sd.occupations[o];
        let itkb = match (&roa.roa_itkb_class, roa.roa_itkb) {
            (Some(c), Some(x)) => format!("{c} ({x:.3})"),
            (Some(c), None) => c.clone(),
            _ => String::new(),
        };
        t.push(
            vec![
                occ.code.to_string(),
                occ.name.clone(),
                set.into(),
                ratio,
                class,
                itkb,
            ],
            vec![r3(req[o]), r3(avail[o]), r3(gap[o])],
        );
    }
    t.notes.extend(indicator_note(v, year));
    t.notes.push("ROA ITKB 2030 (AIS editie 2026) is shown for comparison: ROA's own indicator of future bottlenecks (lower = larger), with its published class".into());
    Some(t)
}

/// The digital-skills count per definition and year: one series per definition.
pub fn digital_table(v: &GapView<'_>) -> Option<Table> {
    let ds = v.dataset;
    let sd = ds.supply.as_ref()?;
    let mut t = Table::new(
        "digital",
        "Digitally skilled people per definition and year",
        "persons",
        None,
        "",
    )
    .keys(&["definition", "title", "year"])
    .columns(vec![Column::ranged("persons", "persons")]);
    for def in &sd.digital_definitions {
        for &year in &v.result.years {
            let one = |var| v.result.digital_count(ds, def, var, year);
            let (Some(a), Some(b), Some(c)) =
                (one(Variant::High), one(Variant::Central), one(Variant::Low))
            else {
                continue;
            };
            t.push(
                vec![def.label(), def.title.clone(), year.to_string()],
                vec![R3::new(a, b, c)],
            );
        }
        let anchor = match def.anchor {
            Some((y, n)) => format!("anchored to {n:.0} persons in {y}, moving with the model"),
            None => "the model's count itself".to_string(),
        };
        let basis = match def.basis {
            krapte_model::DigitalBasis::OccupationSet(k) => format!(
                "people employed in occupation set {}",
                ds.occupation_sets.get(k).map_or("?", |s| s.id.as_str())
            ),
            krapte_model::DigitalBasis::EducationDirection(d) => {
                format!("people in work with education direction {}", d.code())
            }
        };
        t.notes.push(format!(
            "{}: {}; {basis}; {anchor}; source {}",
            def.label(),
            def.description,
            if def.source_id.is_empty() {
                "none (assumption)"
            } else {
                &def.source_id
            }
        ));
    }
    t.notes.push("counts are of persons: the supply stock in fte divided by fte per person; a year's count is the average of 1 January of that year and the next".into());
    Some(t)
}

/// Supply flows of a set per year (central run), with the pipeline's weglek.
pub fn flows_table(v: &GapView<'_>, set: &str) -> Table {
    let ds = v.dataset;
    let m = members(ds, set);
    let run = &v.result.runs[Variant::Central as usize];
    let mut t = Table::new(
        &format!("{set}_flows"),
        format!("{}: supply flows per year (central)", set_title(ds, set)),
        "fte",
        None,
        "",
    )
    .keys(&["year"])
    .columns(vec![
        Column::plain("stock_1jan_fte", "stock 1 Jan"),
        Column::plain("graduates_fte", "school-leavers in"),
        Column::plain("side_entry_fte", "side-entry"),
        Column::plain("migration_fte", "migration & re-entry"),
        Column::plain("retirement_fte", "retirement"),
        Column::plain("switch_out_fte", "switch-out"),
        Column::plain("other_exit_fte", "other exits"),
    ]);
    for year in run.supply.years() {
        let f = |flow: Flow| {
            run.supply
                .flow(year, flow, Some(&m))
                .map_or(f64::NAN, |b| b.total.value())
        };
        let stock = run
            .supply
            .stock(year, Some(&m))
            .map_or(f64::NAN, |b| b.total.value());
        t.push(
            vec![year.to_string()],
            [
                stock,
                f(Flow::GraduateInflow),
                f(Flow::SideEntry),
                f(Flow::Migration),
                f(Flow::Retirement),
                f(Flow::SwitchOut),
                f(Flow::OtherExit),
            ]
            .map(R3::point)
            .to_vec(),
        );
    }
    if let Some(p) = run.supply.pipeline(v.result.base_year) {
        // Weglek: school-leavers with a technical education who do not enter
        // a technician occupation.
        let tech_into_set: f64 = run
            .supply
            .flow(v.result.base_year, Flow::GraduateInflow, Some(&m))
            .map_or(0.0, |b| {
                Education::all()
                    .filter(|e| e.direction == Direction::Techniek)
                    .map(|e| b.by_education[e.index()].value())
                    .sum()
            });
        let tech_fte_all: f64 = run
            .supply
            .flow(v.result.base_year, Flow::GraduateInflow, None)
            .map_or(0.0, |b| {
                Education::all()
                    .filter(|e| e.direction == Direction::Techniek)
                    .map(|e| b.by_education[e.index()].value())
                    .sum()
            });
        let graduates: f64 = p.graduates.iter().map(|x| x.value()).sum();
        let entering: f64 = p.entering.iter().map(|x| x.value()).sum();
        if set == "technician" && tech_fte_all > 0.0 {
            t.notes.push(format!(
                "weglek {}: {:.0}% of school-leavers with a technical (techniek) education who start work take a job outside the technician set",
                v.result.base_year,
                100.0 * (1.0 - tech_into_set / tech_fte_all)
            ));
        }
        t.notes.push(format!(
            "pipeline {}: {graduates:.0} graduates (persons), of whom {entering:.0} enter work; the rest study on",
            v.result.base_year
        ));
    }
    if let Some(sd) = &ds.supply {
        // Women among first-year students of technical programmes (reported,
        // not a flow: the model has no gender dimension beyond switch-out).
        let k = usize::from(v.result.base_year.saturating_sub(sd.enrolment_first_year));
        let (mut n, mut w) = (0.0, 0.0);
        for e in Education::all().filter(|e| e.direction == Direction::Techniek) {
            let students = sd
                .enrolment
                .get(k * Education::COUNT + e.index())
                .copied()
                .unwrap_or(0.0);
            n += students;
            w += students
                * sd.pipeline
                    .get(e.index())
                    .map_or(0.0, |c| c.women_share_inflow);
        }
        if n > 0.0 {
            t.notes.push(format!(
                "women are {:.0}% of first-year students in technical (techniek) programmes in {} (education_pipeline.csv); the model has no migration-background dimension (the seeds: 18% of youth with a migration background choose a technical mbo direction against 30% with a Dutch background)",
                100.0 * w / n,
                v.result.base_year
            ));
        }
    }
    t.notes.push("side-entry = ratio x switch-out of the base-year stock; migration & re-entry = rate x base-year stock; retirement and other exits = ROA replacement rate (see docs/MODEL.md)".into());
    t
}

/// Years in ROA's forecast period (2025-2030).
const ROA_YEARS: f64 = 6.0;
/// ROA's published school-leavers entering the labour market, 2021-2026
/// (issue 4; ROA, De arbeidsmarkt naar opleiding en beroep tot 2026).
const ROA_SCHOOL_LEAVERS_2021_2026: f64 = 1_600_000.0;

/// National yearly averages against ROA's published totals (persons).
pub fn roa_check_table(v: &GapView<'_>) -> Option<Table> {
    let ds = v.dataset;
    let sd = ds.supply.as_ref()?;
    let run = &v.result.runs[Variant::Central as usize];
    let years: Vec<Year> = run
        .supply
        .years()
        .filter(|t| (2025..=2030).contains(t))
        .collect();
    if years.is_empty() {
        return None;
    }
    let n = years.len() as f64;
    let no = ds.n_occupations();
    let persons = |flow: Flow| -> f64 {
        years
            .iter()
            .filter_map(|&t| run.supply.flow(t, flow, None))
            .map(|b| {
                (0..no)
                    .map(|o| b.by_occupation[o].value() / run.fte_per_person[o])
                    .sum::<f64>()
            })
            .sum::<f64>()
            / n
    };
    let replacement = persons(Flow::Retirement) + persons(Flow::OtherExit);
    let expansion: f64 = sd
        .occupations
        .iter()
        .map(|o| o.expansion_persons_per_year)
        .sum();
    let openings: f64 = sd
        .occupations
        .iter()
        .map(|o| o.expansion_persons_per_year.max(0.0))
        .sum::<f64>()
        + replacement;
    let leavers: f64 = years
        .iter()
        .filter_map(|&t| run.supply.pipeline(t))
        .map(|p| p.entering.iter().map(|x| x.value()).sum::<f64>())
        .sum::<f64>()
        / n;
    // ROA's own figures, from the data: job openings as published per group,
    // replacement = openings - positive expansion (ROA's identity).
    let roa_rows: Vec<(f64, f64)> = sd
        .occupations
        .iter()
        .filter_map(|o| {
            o.roa_job_openings_persons
                .map(|jo| (jo, o.expansion_persons_per_year))
        })
        .collect();
    if roa_rows.len() < sd.occupations.len() / 2 {
        // Too few groups with ROA figures for a national comparison.
        return None;
    }
    let roa_openings: f64 = roa_rows.iter().map(|(jo, _)| jo / ROA_YEARS).sum();
    let roa_replacement: f64 = roa_rows
        .iter()
        .map(|(jo, x)| jo / ROA_YEARS - x.max(0.0))
        .sum();
    let mut t = Table::new(
        "roa_check",
        "Baseline check: national yearly averages against ROA",
        "persons per year",
        None,
        "",
    )
    .keys(&["figure", "ROA source"])
    .columns(vec![
        Column::plain("krapte", "krapte (central)"),
        Column::plain("roa", "ROA"),
    ]);
    let rows: [(&str, &str, f64, f64); 4] = [
        (
            "job openings",
            "AIS editie 2026 per group, 6-year total / 6 (supply_occupations.csv)",
            openings,
            roa_openings,
        ),
        (
            "replacement demand",
            "AIS editie 2026: openings - positive expansion",
            replacement,
            roa_replacement,
        ),
        (
            "expansion demand",
            "AIS editie 2026 (an input of krapte)",
            expansion,
            expansion,
        ),
        (
            "school-leavers entering work",
            "ROA, 2021-2026: about 1.6 million / 6",
            leavers,
            ROA_SCHOOL_LEAVERS_2021_2026 / ROA_YEARS,
        ),
    ];
    for (name, src, ours, roa) in rows {
        t.push(
            vec![name.into(), src.into()],
            vec![R3::point(ours), R3::point(roa)],
        );
    }
    t.notes.push(format!(
        "krapte: averages over {}–{} of the central supply run (all occupations, persons); replacement = retirement + other exits; switching between occupations is outside ROA's replacement demand here and nets out when side-entry per switch-out is 1",
        years[0],
        years[years.len() - 1]
    ));
    Some(t)
}
