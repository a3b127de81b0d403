//! Turns model results into labelled tables: the summary of `krapte run`
//! (demand per year, and for the focus year technicians by education and
//! province, top occupations, measures, sectors) and the differences of
//! `krapte compare`. Every value is run three times (low, central, high
//! variant) so each cell carries its bracket.

use krapte_model::{Basis, Dataset, DemandResult, Education, Scenario, Year};

use crate::table::{Column, Table, R3};

/// The three variant runs of one scenario.
pub struct Runs<'a> {
    pub dataset: &'a Dataset,
    pub scenario: &'a Scenario,
    /// Indexed by `Variant as usize`.
    pub results: [DemandResult; 3],
}

impl Runs<'_> {
    /// Applies `f` to each variant's result and brackets the answers.
    fn r3(&self, f: impl Fn(&DemandResult) -> f64) -> R3 {
        let [lo, mid, hi] = &self.results;
        R3::new(f(lo), f(mid), f(hi))
    }

    fn r3_vec(&self, f: impl Fn(&DemandResult) -> Vec<f64>) -> Vec<R3> {
        let [lo, mid, hi] = &self.results;
        let (a, b, c) = (f(lo), f(mid), f(hi));
        a.iter()
            .zip(&b)
            .zip(&c)
            .map(|((a, b), c)| R3::new(*a, *b, *c))
            .collect()
    }
}

const GN: &str = "gross and net";

/// Id and path label of every measure slot of a run: the dataset's measures,
/// then the scenario's direct investments per product group.
fn measure_labels(runs: &Runs<'_>) -> Vec<(String, &'static str)> {
    let ds = runs.dataset;
    let mut out: Vec<(String, &'static str)> = ds
        .measures
        .iter()
        .map(|m| {
            let path = match m.path {
                krapte_model::Path::BottomUp { .. } => "bottom-up",
                krapte_model::Path::Spending { .. } => "spending (IO)",
            };
            (m.id.clone(), path)
        })
        .collect();
    for inv in &runs.scenario.investments {
        let code = ds.sectors.get(inv.sector).map_or("?", |s| s.code.as_str());
        out.push((format!("invest_{code}"), "investment (IO)"));
    }
    out
}

/// Demand per year: gross, fossil losses, crowding-out, net; for all
/// occupations and for the technician and ICT sets.
pub fn years_table(runs: &Runs<'_>) -> Table {
    let ds = runs.dataset;
    let tech = ds.occupation_set("technician").map(|s| s.members.clone());
    let mut t = Table::new(
        "years",
        "Climate-transition labour demand per year",
        "fte",
        None,
        GN,
    )
    .keys(&["year"])
    .columns(vec![
        Column::ranged("gross_fte", "gross"),
        Column::ranged("fossil_losses_fte", "fossil losses"),
        Column::ranged("crowding_out_fte", "crowding-out"),
        Column::ranged("net_fte", "net"),
        Column::ranged("technicians_gross_fte", "technicians gross"),
        Column::ranged("technicians_net_fte", "technicians net"),
    ]);
    for year in runs.scenario.years() {
        let techs = |b: Basis| {
            let m = tech.clone();
            runs.r3(move |r| {
                r.by_region(year, b, m.as_deref())
                    .iter()
                    .map(|x| x.value())
                    .sum()
            })
        };
        t.push(
            vec![year.to_string()],
            vec![
                runs.r3(|r| r.total(year, Basis::Gross).value()),
                runs.r3(|r| r.losses_total(year).value()),
                runs.r3(|r| r.crowding_out_total(year).value()),
                runs.r3(|r| r.total(year, Basis::Net).value()),
                techs(Basis::Gross),
                techs(Basis::Net),
            ],
        );
    }
    t.notes.push("gross = labour the measures need (direct + indirect); net = gross - fossil job losses - crowding-out".into());
    t
}

/// Demand for an occupation set by education level x direction in a year.
pub fn set_education_table(runs: &Runs<'_>, set_id: &str, year: Year) -> Option<Table> {
    let set = runs.dataset.occupation_set(set_id)?;
    let mut t = Table::new(
        &format!("{set_id}_education"),
        format!(
            "{} demand by education ({} {})",
            set_label(set_id),
            set.id,
            set.version
        ),
        "fte",
        Some(year),
        GN,
    )
    .keys(&["level", "direction"])
    .columns(vec![
        Column::ranged("gross_fte", "gross"),
        Column::ranged("net_fte", "net"),
    ]);
    let members = set.members.clone();
    let sum_regions = |b: Basis| {
        let m = members.clone();
        runs.r3_vec(move |r| {
            let re = r.region_education(year, b, Some(&m));
            (0..Education::COUNT)
                .map(|e| {
                    (0..r.n_regions)
                        .map(|reg| re[reg * Education::COUNT + e])
                        .sum()
                })
                .collect()
        })
    };
    let (g, n) = (sum_regions(Basis::Gross), sum_regions(Basis::Net));
    for e in Education::all() {
        let i = e.index();
        if g[i].high.abs() < 0.5 && n[i].low.abs() < 0.5 {
            continue;
        }
        t.push(
            vec![e.level.code().into(), e.direction.code().into()],
            vec![g[i], n[i]],
        );
    }
    // Level subtotals help the reader: the cabinet's question is "with which education".
    for level in krapte_model::Level::ALL {
        let idx: Vec<usize> = krapte_model::Direction::ALL
            .iter()
            .map(|d| {
                Education {
                    level,
                    direction: *d,
                }
                .index()
            })
            .collect();
        let sum = |v: &[R3]| {
            idx.iter().fold(R3::point(0.0), |a, &i| {
                R3::new(
                    a.low + v[i].low,
                    a.central + v[i].central,
                    a.high + v[i].high,
                )
            })
        };
        t.push(
            vec![level.code().into(), "all".into()],
            vec![sum(&g), sum(&n)],
        );
    }
    t.notes.push(
        "education shares per occupation are partly assumptions (see `krapte data check`)".into(),
    );
    Some(t)
}

fn set_label(id: &str) -> &str {
    match id {
        "technician" => "Technician",
        "ict" => "ICT professional",
        other => other,
    }
}

/// Demand by province, all occupations and per set.
pub fn province_table(runs: &Runs<'_>, year: Year) -> Table {
    let ds = runs.dataset;
    let tech = ds.occupation_set("technician").map(|s| s.members.clone());
    let mut t = Table::new("provinces", "Demand by province", "fte", Some(year), GN)
        .keys(&["code", "province"])
        .columns(vec![
            Column::ranged("gross_fte", "all gross"),
            Column::ranged("net_fte", "all net"),
            Column::ranged("technicians_gross_fte", "technicians gross"),
            Column::ranged("technicians_net_fte", "technicians net"),
        ]);
    let all_g = runs.r3_vec(|r| {
        r.by_region(year, Basis::Gross, None)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let all_n = runs.r3_vec(|r| {
        r.by_region(year, Basis::Net, None)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let tg = {
        let m = tech.clone();
        runs.r3_vec(move |r| {
            r.by_region(year, Basis::Gross, m.as_deref())
                .iter()
                .map(|x| x.value())
                .collect()
        })
    };
    let tn = {
        let m = tech.clone();
        runs.r3_vec(move |r| {
            r.by_region(year, Basis::Net, m.as_deref())
                .iter()
                .map(|x| x.value())
                .collect()
        })
    };
    for (i, p) in ds.regions.iter().enumerate() {
        t.push(
            vec![p.code().into(), p.name().into()],
            vec![all_g[i], all_n[i], tg[i], tn[i]],
        );
    }
    t
}

/// The occupations with the largest gross demand in a year.
pub fn occupation_table(runs: &Runs<'_>, year: Year, top: usize) -> Table {
    let ds = runs.dataset;
    let g = runs.r3_vec(|r| {
        r.by_occupation(year, Basis::Gross)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let n = runs.r3_vec(|r| {
        r.by_occupation(year, Basis::Net)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let mut order: Vec<usize> = (0..ds.n_occupations()).collect();
    order.sort_by(|a, b| g[*b].central.total_cmp(&g[*a].central));
    let title = if top < ds.n_occupations() {
        format!("Top {top} occupations (BRC 2014)")
    } else {
        "Demand by occupation (BRC 2014)".to_string()
    };
    let mut t = Table::new("occupations", title, "fte", Some(year), GN)
        .keys(&["brc", "occupation", "sets"])
        .columns(vec![
            Column::ranged("gross_fte", "gross"),
            Column::ranged("net_fte", "net"),
        ]);
    for &o in order.iter().take(top) {
        let occ = &ds.occupations[o];
        let sets: Vec<&str> = ds
            .occupation_sets
            .iter()
            .filter(|s| s.members.contains(&o))
            .map(|s| s.id.as_str())
            .collect();
        t.push(
            vec![occ.code.to_string(), occ.name.clone(), sets.join(",")],
            vec![g[o], n[o]],
        );
    }
    t
}

/// Gross demand per measure: direct, indirect, total.
pub fn measure_table(runs: &Runs<'_>, year: Year, assumption_measures: &[String]) -> Table {
    let d = runs.r3_vec(|r| r.by_measure(year).iter().map(|x| x.0.value()).collect());
    let i = runs.r3_vec(|r| r.by_measure(year).iter().map(|x| x.1.value()).collect());
    let mut t = Table::new(
        "measures",
        "Gross demand by climate measure",
        "fte",
        Some(year),
        "gross",
    )
    .keys(&["measure", "path", "rests_on_assumptions"])
    .columns(vec![
        Column::ranged("direct_fte", "direct"),
        Column::ranged("indirect_fte", "indirect"),
        Column::ranged("gross_fte", "total"),
    ]);
    let labels = measure_labels(runs);
    let mut order: Vec<usize> = runs
        .scenario
        .measures
        .iter()
        .map(|m| m.measure)
        .chain(runs.scenario.investments.iter().map(|i| i.spend.measure))
        .filter(|m| *m < labels.len() && *m < d.len())
        .collect();
    order.sort_by(|a, b| {
        (d[*b].central + i[*b].central).total_cmp(&(d[*a].central + i[*a].central))
    });
    order.dedup();
    for m in order {
        let (id, path) = &labels[m];
        let assumed = if assumption_measures.contains(id) {
            "yes"
        } else {
            "no"
        };
        let tot = R3::new(
            d[m].low + i[m].low,
            d[m].central + i[m].central,
            d[m].high + i[m].high,
        );
        t.push(
            vec![id.clone(), (*path).into(), assumed.into()],
            vec![d[m], i[m], tot],
        );
    }
    t.notes.push(format!(
        "indirect = supply-chain jobs through the Leontief inverse of the {} input-output table",
        runs.dataset.io_year
    ));
    t
}

/// Gross and net demand by sector.
pub fn sector_table(runs: &Runs<'_>, year: Year) -> Table {
    let ds = runs.dataset;
    let g = runs.r3_vec(|r| {
        r.by_sector(year, Basis::Gross)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let n = runs.r3_vec(|r| {
        r.by_sector(year, Basis::Net)
            .iter()
            .map(|x| x.value())
            .collect()
    });
    let mut t = Table::new(
        "sectors",
        "Demand by sector (input-output industries)",
        "fte",
        Some(year),
        GN,
    )
    .keys(&["sector", "name"])
    .columns(vec![
        Column::ranged("gross_fte", "gross"),
        Column::ranged("net_fte", "net"),
    ]);
    let mut order: Vec<usize> = (0..ds.n_sectors()).collect();
    order.sort_by(|a, b| g[*b].central.total_cmp(&g[*a].central));
    for s in order {
        if g[s].high.abs() < 0.5 && n[s].low.abs() < 0.5 {
            continue;
        }
        t.push(
            vec![ds.sectors[s].code.clone(), ds.sectors[s].name.clone()],
            vec![g[s], n[s]],
        );
    }
    t
}

/// Differences B - A per year, gross and net, for all and for technicians.
pub fn compare_years(a: &Runs<'_>, b: &Runs<'_>) -> Table {
    let ta = years_table(a);
    let tb = years_table(b);
    let mut t = Table::new(
        "compare_years",
        format!(
            "Difference per year: {} minus {}",
            b.scenario.name, a.scenario.name
        ),
        "fte",
        None,
        GN,
    )
    .keys(&["year"])
    .columns(vec![
        Column::ranged("a_gross_fte", "A gross"),
        Column::ranged("b_gross_fte", "B gross"),
        Column::ranged("diff_gross_fte", "B-A gross"),
        Column::ranged("diff_net_fte", "B-A net"),
        Column::ranged("diff_technicians_gross_fte", "B-A technicians gross"),
    ]);
    for ra in &ta.rows {
        let Some(rb) = tb.rows.iter().find(|r| r.keys == ra.keys) else {
            continue;
        };
        t.push(
            ra.keys.clone(),
            vec![
                ra.values[0],
                rb.values[0],
                rb.values[0].sub(ra.values[0]),
                rb.values[3].sub(ra.values[3]),
                rb.values[4].sub(ra.values[4]),
            ],
        );
    }
    t.notes
        .push("the bracket of a difference pairs low with low and high with high".into());
    t
}

/// Differences per measure (gross, focus year).
pub fn compare_measures(a: &Runs<'_>, b: &Runs<'_>, year: Year) -> Table {
    let ga = a.r3_vec(|r| {
        r.by_measure(year)
            .iter()
            .map(|x| x.0.value() + x.1.value())
            .collect()
    });
    let gb = b.r3_vec(|r| {
        r.by_measure(year)
            .iter()
            .map(|x| x.0.value() + x.1.value())
            .collect()
    });
    let mut t = Table::new(
        "compare_measures",
        "Gross demand by measure: A, B and B-A",
        "fte",
        Some(year),
        "gross",
    )
    .keys(&["measure"])
    .columns(vec![
        Column::ranged("a_gross_fte", "A"),
        Column::ranged("b_gross_fte", "B"),
        Column::ranged("diff_gross_fte", "B-A"),
    ]);
    let (la, lb) = (measure_labels(a), measure_labels(b));
    let mut ids: Vec<&String> = la.iter().map(|l| &l.0).collect();
    ids.extend(
        lb.iter()
            .map(|l| &l.0)
            .filter(|id| !la.iter().any(|l| &l.0 == *id)),
    );
    let zero = R3::point(0.0);
    for id in ids {
        let va = la
            .iter()
            .position(|l| &l.0 == id)
            .and_then(|m| ga.get(m))
            .copied()
            .unwrap_or(zero);
        let vb = lb
            .iter()
            .position(|l| &l.0 == id)
            .and_then(|m| gb.get(m))
            .copied()
            .unwrap_or(zero);
        if va.central == 0.0 && vb.central == 0.0 {
            continue;
        }
        t.push(vec![id.clone()], vec![va, vb, vb.sub(va)]);
    }
    t
}

/// Differences for technicians by education level (focus year).
pub fn compare_education(a: &Runs<'_>, b: &Runs<'_>, year: Year) -> Option<Table> {
    let ta = set_education_table(a, "technician", year)?;
    let tb = set_education_table(b, "technician", year)?;
    let mut t = Table::new(
        "compare_technician_education",
        "Technicians by education level: B-A",
        "fte",
        Some(year),
        GN,
    )
    .keys(&["level"])
    .columns(vec![
        Column::ranged("diff_gross_fte", "B-A gross"),
        Column::ranged("diff_net_fte", "B-A net"),
    ]);
    for rb in tb.rows.iter().filter(|r| r.keys[1] == "all") {
        let zero = [R3::point(0.0), R3::point(0.0)];
        let va = ta
            .rows
            .iter()
            .find(|r| r.keys == rb.keys)
            .map_or(&zero[..], |r| &r.values[..]);
        t.push(
            vec![rb.keys[0].clone()],
            vec![rb.values[0].sub(va[0]), rb.values[1].sub(va[1])],
        );
    }
    Some(t)
}
