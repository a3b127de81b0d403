//! The two-occupation toy of the unit tests (see docs/MODEL.md, "The toy
//! dataset by hand").

use crate::inputs::bracket::Range3;
use crate::inputs::codes::{BrcCode, Direction, Education, Level, Province, Region};
use crate::inputs::dataset::*;
use crate::inputs::evidence::Backing;
use crate::inputs::policy::*;
use crate::inputs::scenario::*;

const NE: usize = Education::COUNT;

/// The toy dataset of `tests/fixtures/toy`, built in memory: two sectors,
/// two occupations, two provinces, numbers chosen for hand calculation.
pub(crate) fn toy() -> Dataset {
    let r1 = |v: f64| Range3::point(v);
    let mut edu = vec![0.0; 2 * 18];
    let cell = |l: Level, d: Direction| {
        Education {
            level: l,
            direction: d,
        }
        .index()
    };
    use crate::inputs::codes::{Direction, Level};
    edu[cell(Level::Mbo3, Direction::Techniek)] = 0.5;
    edu[cell(Level::Mbo4, Direction::Techniek)] = 0.3;
    edu[cell(Level::Hbo, Direction::Techniek)] = 0.2;
    edu[18 + cell(Level::Hbo, Direction::Ict)] = 0.4;
    edu[18 + cell(Level::Wo, Direction::Ict)] = 0.6;
    let brc = |c: &str| BrcCode::parse(c).expect("valid code");
    Dataset {
        edition: "toy-1".into(),
        base_year: 2024,
        io_year: 2024,
        io_currency: "EUR".into(),
        params: Params {
            fte_hours_per_year: r1(1000.0),
            io_currency_per_eur: r1(1.0),
            price_index_base_vs_io: r1(1.0),
            productivity_growth: r1(0.0),
        },
        sectors: vec![
            Sector {
                code: "S1".into(),
                name: "Bouw".into(),
                region_group: 0,
                gross_output: 100.0,
                hours_worked: 200_000.0,
                import_share: 0.0,
            },
            Sector {
                code: "S2".into(),
                name: "Industrie".into(),
                region_group: 1,
                gross_output: 200.0,
                hours_worked: 100_000.0,
                import_share: 0.5,
            },
        ],
        io_domestic: vec![10.0, 40.0, 20.0, 50.0],
        region_groups: vec!["G1".into(), "G2".into()],
        regions: vec![
            Region::of(Province::NoordHolland),
            Region::of(Province::ZuidHolland),
        ],
        region_shares: vec![0.6, 0.4, 0.25, 0.75],
        occupations: vec![
            Occupation {
                code: brc("0731"),
                name: "Bouwarbeiders ruwbouw".into(),
                employed_persons: 1000.0,
            },
            Occupation {
                code: brc("0811"),
                name: "Software- en applicatieontwikkelaars".into(),
                employed_persons: 500.0,
            },
        ],
        occupation_shares: vec![0.8, 0.2, 0.3, 0.7],
        education_shares: edu,
        occupation_sets: vec![
            OccupationSet {
                id: "technician".into(),
                version: "v1".into(),
                description: String::new(),
                members: vec![0],
            },
            OccupationSet {
                id: "ict".into(),
                version: "v1".into(),
                description: String::new(),
                members: vec![1],
            },
        ],
        measures: vec![
            Measure {
                id: "spend_x".into(),
                name: "Spending on X".into(),
                unit: "MEUR".into(),
                base_stock: 0.0,
                path: Path::Spending {
                    cost_per_unit: r1(1.0),
                    products: vec![
                        ProductShare {
                            sector: 0,
                            share: 0.5,
                            import_share: 0.0,
                        },
                        ProductShare {
                            sector: 1,
                            share: 0.5,
                            import_share: 0.5,
                        },
                    ],
                },
                regions: vec![],
                // tests/fixtures/toy/base_year_activity.csv
                base_year_additions: Some(Range3 {
                    low: 5.0,
                    central: 10.0,
                    high: 15.0,
                }),
            },
            Measure {
                id: "plant".into(),
                name: "Power plant".into(),
                unit: "MW".into(),
                base_stock: 0.0,
                path: Path::BottomUp {
                    activities: vec![
                        Activity {
                            name: "construction".into(),
                            unit: IntensityUnit::JobYearsPerUnit,
                            intensity: Range3 {
                                low: 1.0,
                                central: 2.0,
                                high: 3.0,
                            },
                            build_years: 2,
                            ref_year: 2024,
                            sectors: vec![(0, 1.0)],
                            includes_supply_chain: false,
                            supply_chain_sector: None,
                        },
                        Activity {
                            name: "om".into(),
                            unit: IntensityUnit::FtePerUnitStock,
                            intensity: r1(0.1),
                            build_years: 1,
                            ref_year: 2024,
                            sectors: vec![(1, 1.0)],
                            includes_supply_chain: false,
                            supply_chain_sector: None,
                        },
                    ],
                },
                regions: vec![],
                base_year_additions: Some(Range3 {
                    low: 0.0,
                    central: 1.0,
                    high: 2.0,
                }),
            },
        ],
        fossil_losses: vec![FossilLoss {
            id: "oil".into(),
            name: "Oil refining".into(),
            sector: 1,
            fte_lost: Range3 {
                low: 5.0,
                central: 10.0,
                high: 20.0,
            },
            start_year: 2024,
            full_year: 2028,
        }],
        supply: None,
        policy: None,
        uncertainty: Default::default(),
        plausibility: Default::default(),
    }
}

pub(crate) fn toy_scenario(scale: f64) -> Scenario {
    Scenario {
        name: "toy".into(),
        description: String::new(),
        start_year: 2024,
        horizon: 2028,
        options: Options::default(),
        measures: vec![
            ScenarioMeasure {
                measure: 0,
                trajectory: Trajectory::Additions(vec![(2025, 100.0)]),
                after_last: AfterLast::Stop,
                regions: None,
                scale,
            },
            ScenarioMeasure {
                measure: 1,
                trajectory: Trajectory::Stock(vec![(2024, 0.0), (2026, 10.0)]),
                after_last: AfterLast::Stop,
                regions: None,
                scale,
            },
        ],
        investments: vec![],
    }
}

/// The supply side of `tests/fixtures/toy` (see crates/cli/tests/gap.rs).
pub(crate) fn toy_supply() -> SupplyData {
    let r = |low: f64, central: f64, high: f64| Range3 { low, central, high };
    let mut pipeline = vec![
        PipelineCell {
            programme_years: 1,
            dropout: 0.0,
            labour_market_entry: 1.0,
            women_share_inflow: 0.1,
        };
        NE
    ];
    let mbo3 = Education {
        level: Level::Mbo3,
        direction: Direction::Techniek,
    }
    .index();
    let hbo_ict = Education {
        level: Level::Hbo,
        direction: Direction::Ict,
    }
    .index();
    pipeline[mbo3] = PipelineCell {
        programme_years: 2,
        dropout: 0.2,
        labour_market_entry: 0.5,
        women_share_inflow: 0.1,
    };
    pipeline[hbo_ict] = PipelineCell {
        programme_years: 4,
        dropout: 0.2,
        labour_market_entry: 1.0,
        women_share_inflow: 0.1,
    };
    let mut enrolment = vec![0.0; 11 * NE];
    for k in 0..11 {
        enrolment[k * NE + mbo3] = 100.0;
        enrolment[k * NE + hbo_ict] = 50.0;
    }
    SupplyData {
        params: SupplyParams {
            fte_per_person_women: r(0.9, 1.0, 1.0),
            fte_per_person_men: r(0.9, 1.0, 1.0),
            switch_out_women: r(0.05, 0.05, 0.08),
            switch_out_men: r(0.05, 0.05, 0.08),
            retirement_share_of_replacement: r(0.5, 0.5, 0.5),
            side_entry_per_switch_out: r(0.5, 1.0, 1.0),
            migration_rate: r(0.01, 0.02, 0.03),
        },
        occupations: vec![
            SupplyOccupation {
                women_share: 0.2,
                replacement_rate: 0.1,
                expansion_persons_per_year: 50.0,
                roa_job_openings_persons: None,
                roa_itkb: None,
                roa_itkb_class: None,
            },
            SupplyOccupation {
                women_share: 0.5,
                replacement_rate: 0.04,
                expansion_persons_per_year: 10.0,
                roa_job_openings_persons: None,
                roa_itkb: None,
                roa_itkb_class: None,
            },
        ],
        pipeline,
        enrolment_first_year: 2020,
        enrolment,
        digital_definitions: vec![
            DigitalDefinition {
                id: "ict-occupations".into(),
                version: "v1".into(),
                title: String::new(),
                basis: DigitalBasis::OccupationSet(1),
                anchor: None,
                source_id: String::new(),
                description: String::new(),
            },
            DigitalDefinition {
                id: "ict-anchored".into(),
                version: "v1".into(),
                title: String::new(),
                basis: DigitalBasis::OccupationSet(1),
                anchor: Some((2025, 700.0)),
                source_id: String::new(),
                description: String::new(),
            },
            DigitalDefinition {
                id: "ict-educated".into(),
                version: "v1".into(),
                title: String::new(),
                basis: DigitalBasis::EducationDirection(Direction::Ict),
                anchor: None,
                source_id: String::new(),
                description: String::new(),
            },
        ],
        shortage_classes: vec![
            ShortageClass {
                id: "short".into(),
                label: "shortage".into(),
                min_ratio: 0.0,
            },
            ShortageClass {
                id: "ok".into(),
                label: "no shortage".into(),
                min_ratio: 1.0,
            },
        ],
        param_backing: Default::default(),
        // tests/fixtures/toy/base_year_shortage.csv (the sets' rows).
        base_year_shortage: vec![
            BaseYearShortage {
                set: 0,
                skill_level: None,
                period: "2024Q4".into(),
                open_vacancies: 100.0,
                structural_share: Range3 {
                    low: 0.4,
                    central: 0.5,
                    high: 0.6,
                },
            },
            BaseYearShortage {
                set: 1,
                skill_level: None,
                period: "2024Q4".into(),
                open_vacancies: 20.0,
                structural_share: Range3 {
                    low: 0.1,
                    central: 0.2,
                    high: 0.3,
                },
            },
        ],
        evidence: Vec::new(),
    }
}

pub(crate) fn toy_with_supply() -> Dataset {
    let mut ds = toy();
    ds.supply = Some(toy_supply());
    ds
}

pub(crate) fn lever(id: &str, flow: LeverFlow, target: LeverTarget, effect: f64) -> Lever {
    Lever {
        id: id.into(),
        measure: id.into(),
        name: id.into(),
        flow,
        target,
        effect: Range3 {
            low: effect * 0.5,
            central: effect,
            high: effect * 1.5,
        },
        effect_unit: String::new(),
        intensity_unit: "MEUR/year".into(),
        default_intensity: 10.0,
        cost_eur_per_year: 10e6,
        payer: "Rijk".into(),
        start_year: 2025,
        lag_years: 0,
        duration_years: 0,
        region: None,
        backing: Backing::default(),
    }
}

/// The toy dataset with supply and a small lever catalogue: side-entry
/// of 10 technicians a year (mbo3), a governance lever, retention of
/// women, a productivity lever and an enrolment lever; one campaign that
/// yields 100 side-entrants per MEUR a year.
pub(crate) fn toy_with_policy() -> Dataset {
    let mut ds = toy_with_supply();
    let mbo3 = Education {
        level: Level::Mbo3,
        direction: Direction::Techniek,
    }
    .index();
    let r = |x: f64| Range3::point(x);
    ds.policy = Some(PolicyData {
        levers: vec![
            lever(
                "side",
                LeverFlow::SideEntry,
                LeverTarget::SetLevel {
                    set: 0,
                    level: Level::Mbo3,
                },
                10.0,
            ),
            Lever {
                effect: r(0.0),
                ..lever("gov", LeverFlow::None, LeverTarget::Nothing, 0.0)
            },
            lever(
                "retain",
                LeverFlow::Retention,
                LeverTarget::Retention(RetentionGroup::Women),
                0.5,
            ),
            lever("prod", LeverFlow::Productivity, LeverTarget::All, 0.01),
            Lever {
                lag_years: 1,
                ..lever(
                    "enrol",
                    LeverFlow::Enrolment,
                    LeverTarget::Cells(vec![mbo3]),
                    0.1,
                )
            },
        ],
        campaigns: vec![Campaign {
            id: "zij".into(),
            target_group: "side-entrants".into(),
            flow: LeverFlow::SideEntry,
            target: LeverTarget::SetLevel {
                set: 0,
                level: Level::Mbo3,
            },
            reach_per_meur: r(100_000.0),
            interest_share: r(0.1),
            application_share: r(0.1),
            conversion_share: r(0.1),
            lag_years: r(1.0),
            default_budget_meur_per_year: r(1.0),
            default_years: r(3.0),
            target_group_persons: 1e12,
            backing: Default::default(),
        }],
    });
    ds
}
