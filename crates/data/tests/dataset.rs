//! Loading datasets: the toy fixture loads exactly as written, and every kind
//! of data problem is reported with its file, line and field, all in one run.

mod common;

use common::{edit, expect, fixture, list, problems, toy, toy_copy, toy_with};
use krapte_model::{
    Direction, Education, IntensityUnit, Level, Path as MPath, Province, Quality, Region,
};

#[test]
fn toy_loads_and_passes_invariants() {
    let loaded = toy();
    let ds = &loaded.dataset;
    assert!(ds.check_invariants().is_empty());
    assert!(loaded.warnings.is_empty(), "{}", list(&loaded.warnings));
    assert_eq!(
        (
            ds.edition.as_str(),
            ds.base_year,
            ds.io_year,
            ds.io_currency.as_str()
        ),
        ("toy-1", 2024, 2024, "EUR")
    );
    assert_eq!(ds.params.fte_hours_per_year.central, 1000.0);
    let codes: Vec<&str> = ds.sectors.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["S1", "S2"]);
    assert_eq!(ds.region_groups, ["G1", "G2"]);
    assert_eq!(
        (
            ds.sectors[1].region_group,
            ds.sectors[1].gross_output,
            ds.sectors[1].import_share
        ),
        (1, 200.0, 0.5)
    );
    // Row = from, column = to: S2 -> S1 is 20.
    assert_eq!(ds.io_domestic, [10.0, 40.0, 20.0, 50.0]);
    assert_eq!(
        ds.regions,
        [
            Region::of(Province::NoordHolland),
            Region::of(Province::ZuidHolland)
        ]
    );
    assert_eq!(ds.region_shares, [0.6, 0.4, 0.25, 0.75]);
    assert_eq!(ds.occupation_shares, [0.8, 0.2, 0.3, 0.7]);
    let hbo_ict = Education {
        level: Level::Hbo,
        direction: Direction::Ict,
    };
    assert_eq!(ds.education_share(1, hbo_ict), 0.4);
    assert_eq!(
        ds.occupation_set("technician").map(|s| s.members.clone()),
        Some(vec![0])
    );
    assert_eq!(
        ds.occupation_set("ict").map(|s| s.members.clone()),
        Some(vec![1])
    );
    assert_eq!(ds.fossil_losses[0].fte_lost.high, 20.0);
    assert_eq!(
        (
            ds.fossil_losses[0].start_year,
            ds.fossil_losses[0].full_year
        ),
        (2024, 2028)
    );
}

#[test]
fn toy_measures_have_their_paths() {
    let ds = toy().dataset;
    let spend = &ds.measures[0];
    assert_eq!(
        (spend.id.as_str(), spend.unit.as_str()),
        ("spend_x", "MEUR")
    );
    let MPath::Spending {
        cost_per_unit,
        products,
    } = &spend.path
    else {
        panic!("spend_x is a spending measure")
    };
    assert_eq!(cost_per_unit.central, 1.0);
    let p: Vec<(usize, f64, f64)> = products
        .iter()
        .map(|p| (p.sector, p.share, p.import_share))
        .collect();
    assert_eq!(p, [(0, 0.5, 0.0), (1, 0.5, 0.5)]);
    let MPath::BottomUp { activities } = &ds.measures[1].path else {
        panic!("plant is bottom-up")
    };
    let construction = &activities[0];
    assert_eq!(construction.unit, IntensityUnit::JobYearsPerUnit);
    assert_eq!(
        (
            construction.intensity.low,
            construction.intensity.central,
            construction.intensity.high
        ),
        (1.0, 2.0, 3.0)
    );
    assert_eq!(
        (
            construction.build_years,
            construction.ref_year,
            construction.sectors.clone()
        ),
        (2, 2024, vec![(0, 1.0)])
    );
    assert_eq!(
        (activities[1].unit, activities[1].sectors.clone()),
        (IntensityUnit::FtePerUnitStock, vec![(1, 1.0)])
    );
}

#[test]
fn assumptions_and_quality_are_listed() {
    let loaded = toy();
    let keys: Vec<&str> = loaded.assumptions.iter().map(|a| a.key.as_str()).collect();
    for key in [
        "parameters.csv:fte_hours_per_year",
        "activities.csv:plant/construction",
        "fossil_losses.csv:oil",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    let fte = loaded
        .assumptions
        .iter()
        .find(|a| a.key == "parameters.csv:fte_hours_per_year");
    assert_eq!(
        fte.map(|a| (a.line, a.value.as_str(), a.reason.as_str())),
        Some((Some(2), "1000", "round number for hand calculation"))
    );
    let construction = loaded
        .assumptions
        .iter()
        .find(|a| a.key == "activities.csv:plant/construction");
    assert_eq!(
        construction.map(|a| a.value.as_str()),
        Some("2 (1–3) job_years_per_unit")
    );
    // Share tables: one entry per (file, reason) with a row count.
    let shares = loaded
        .assumptions
        .iter()
        .find(|a| a.key == "occupation_shares.csv");
    assert_eq!(
        shares.map(|a| (a.rows, a.value.as_str(), a.line)),
        Some((4, "4 rows", Some(2)))
    );
    assert!(loaded.quality_summary.contains(&(
        "parameters.csv".to_string(),
        Quality::Assumption,
        4
    )));
    assert!(loaded.quality_summary.contains(&(
        "education_shares.csv".to_string(),
        Quality::Assumption,
        5
    )));
}

#[test]
fn misspelt_code_suggests_the_right_one() {
    let ps = problems(&fixture("bad/misspelt_code"));
    let p = expect(
        &ps,
        "occupation_shares.csv",
        Some(4),
        Some("sector"),
        "unknown sector \"s2\"",
    );
    assert!(p.message.ends_with("did you mean \"S2\"?"), "{p}");
    // S2 then lacks that row, which is the second consequence of the typo.
    expect(
        &ps,
        "occupation_shares.csv",
        Some(5),
        Some("share"),
        "shares of sector \"S2\" sum to 0.7",
    );
}

#[test]
fn share_group_not_summing_to_one() {
    let ps = problems(&fixture("bad/share_sum"));
    let p = expect(
        &ps,
        "region_shares.csv",
        Some(4),
        Some("share"),
        "shares of region group \"G2\" sum to 0.9",
    );
    assert!(p.message.ends_with("expected 1"), "{p}");
    assert_eq!(ps.len(), 1, "{}", list(&ps));
}

#[test]
fn non_numeric_and_out_of_range_values() {
    let ps = problems(&fixture("bad/not_a_number"));
    expect(
        &ps,
        "sectors.csv",
        Some(3),
        Some("gross_output"),
        "expected a number >= 0, found \"2OO\"",
    );
    let p = expect(&ps, "sectors.csv", Some(3), Some("import_share"), "");
    let shown = p.to_string();
    assert!(
        shown.ends_with("bad/not_a_number/sectors.csv:3: field 'import_share': expected a number between 0 and 1, found \"1.3\""),
        "{shown}"
    );
    assert_eq!(ps.len(), 2, "{}", list(&ps));
}

#[test]
fn many_problems_in_one_run() {
    let ps = problems(&fixture("bad/multi"));
    let p = expect(
        &ps,
        "products.csv",
        Some(1),
        Some("import_shar"),
        "unknown column",
    );
    assert!(p.message.contains("did you mean \"import_share\"?"), "{p}");
    expect(
        &ps,
        "products.csv",
        Some(1),
        Some("import_share"),
        "required column is missing",
    );
    expect(&ps, "fossil_losses.csv", None, None, "file is missing");
    expect(
        &ps,
        "manifest.toml",
        Some(65),
        Some("name"),
        "listed file \"fossil_losses.csv\" does not exist",
    );
    expect(
        &ps,
        "activities.csv",
        Some(2),
        Some("central"),
        "range is not ordered",
    );
    expect(
        &ps,
        "parameters.csv",
        Some(5),
        Some("reason"),
        "an assumption needs a one-line reason",
    );
    let p = expect(
        &ps,
        "occupation_shares.csv",
        Some(2),
        Some("source_id"),
        "unknown source \"TOYY\"",
    );
    assert!(p.message.contains("did you mean \"TOY\"?"), "{p}");
}

#[test]
fn missing_and_repeated_columns() {
    let dir = toy_with("regions.csv", "code,name", "code");
    let ps = problems(dir.path());
    expect(
        &ps,
        "regions.csv",
        Some(1),
        Some("name"),
        "required column is missing",
    );
    let dir = toy_with("regions.csv", "code,name", "code,name,name");
    let ps = problems(dir.path());
    expect(
        &ps,
        "regions.csv",
        Some(1),
        Some("name"),
        "column appears twice",
    );
}

#[test]
fn wrong_field_count_is_reported_with_its_line() {
    let dir = toy_with(
        "occupations.csv",
        "0811,Software- en applicatieontwikkelaars,500,",
        "0811,Software, en applicatieontwikkelaars,500,",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "occupations.csv",
        Some(3),
        None,
        "expected 6 fields like the header, found 7",
    );
}

#[test]
fn comments_and_blank_lines_keep_line_numbers() {
    let dir = toy_with(
        "sectors.csv",
        "S2,Industrie,G2,200,",
        "# a comment\n\nS2,Industrie,G2,-200,",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "sectors.csv",
        Some(5),
        Some("gross_output"),
        "expected a number >= 0, found \"-200\"",
    );
}

#[test]
fn duplicates_are_errors() {
    let dir = toy_with("sectors.csv", "S2,Industrie", "S1,Industrie");
    let ps = problems(dir.path());
    expect(
        &ps,
        "sectors.csv",
        Some(3),
        Some("code"),
        "duplicate sector \"S1\" (first on line 2)",
    );
    let dir = toy_with("io_domestic.csv", "S2,S2,50", "S2,S1,5");
    let ps = problems(dir.path());
    expect(
        &ps,
        "io_domestic.csv",
        Some(5),
        None,
        "duplicate row for from \"S2\" to \"S1\" (first on line 3)",
    );
}

#[test]
fn non_finite_numbers_are_rejected() {
    let dir = toy_with("occupations.csv", "1000", "inf");
    let ps = problems(dir.path());
    expect(
        &ps,
        "occupations.csv",
        Some(2),
        Some("employed_persons"),
        "found \"inf\"",
    );
    let dir = toy_with("io_domestic.csv", "S1,S1,10", "S1,S1,NaN");
    let ps = problems(dir.path());
    expect(
        &ps,
        "io_domestic.csv",
        Some(2),
        Some("value"),
        "found \"NaN\"",
    );
}

#[test]
fn codes_are_checked() {
    let dir = toy_with("regions.csv", "PV28,", "PV32,");
    let ps = problems(dir.path());
    expect(
        &ps,
        "regions.csv",
        Some(3),
        Some("code"),
        "expected a province code PV20..PV31, found \"PV32\"",
    );
    let dir = toy_with("region_shares.csv", "G1,PV28", "G1,PV29");
    let ps = problems(dir.path());
    expect(
        &ps,
        "region_shares.csv",
        Some(3),
        Some("region"),
        "unknown region \"PV29\" (not in regions.csv)",
    );
    let dir = toy_with("occupations.csv", "0811,Software", "811,Software");
    let ps = problems(dir.path());
    expect(
        &ps,
        "occupations.csv",
        Some(3),
        Some("code"),
        "expected a four-digit BRC 2014 code, found \"811\"",
    );
    let dir = toy_with("education_shares.csv", "0731,mbo3,", "0731,mbo33,");
    let ps = problems(dir.path());
    expect(
        &ps,
        "education_shares.csv",
        Some(2),
        Some("level"),
        "did you mean \"mbo3\"?",
    );
    let dir = toy_with("education_shares.csv", "hbo,ict", "hbo,ictt");
    let ps = problems(dir.path());
    expect(
        &ps,
        "education_shares.csv",
        Some(5),
        Some("direction"),
        "did you mean \"ict\"?",
    );
    let dir = toy_with(
        "sectors.csv",
        "S1,Bouw,G1,100,200000,0,assumption",
        "S1,Bouw,G1,100,200000,0,asumption",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "sectors.csv",
        Some(2),
        Some("quality"),
        "did you mean \"assumption\"?",
    );
}

#[test]
fn io_column_sums_must_stay_below_gross_output() {
    let dir = toy_with("io_domestic.csv", "S2,S1,20", "S2,S1,95");
    let ps = problems(dir.path());
    expect(
        &ps,
        "io_domestic.csv",
        None,
        Some("value"),
        "domestic inputs into sector \"S1\" sum to 105, not below its gross output 100",
    );
}

#[test]
fn fossil_loss_may_not_exceed_sector_employment() {
    // S2 employs 100000 h / 1000 h/fte = 100 fte.
    let dir = toy_with("fossil_losses.csv", "5,10,20", "5,10,120");
    let ps = problems(dir.path());
    expect(
        &ps,
        "fossil_losses.csv",
        Some(2),
        Some("high"),
        "high loss 120 fte exceeds the employment of sector \"S2\" (100 fte",
    );
    let dir = toy_with("fossil_losses.csv", "2024,2028", "2028,2024");
    let ps = problems(dir.path());
    expect(
        &ps,
        "fossil_losses.csv",
        Some(2),
        Some("full_year"),
        "must be after start_year 2028",
    );
}

#[test]
fn required_occupation_sets() {
    let dir = toy_with(
        "occupation_sets.csv",
        "ict,v1,ICT professionals in the toy dataset,0811\n",
        "",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "occupation_sets.csv",
        None,
        None,
        "required occupation set \"ict\" is missing",
    );
}

#[test]
fn measure_paths_need_their_files() {
    let dir = toy_with("activities.csv", "plant,construction", "plant,construction");
    edit(
        dir.path(),
        "activities.csv",
        "plant,construction,job_years_per_unit,1,2,3,2,2024,no,,assumption,TOY,toy numbers\n",
        "",
    );
    edit(
        dir.path(),
        "activities.csv",
        "plant,om,fte_per_unit_stock,0.1,0.1,0.1,1,2024,no,,assumption,TOY,toy numbers\n",
        "",
    );
    edit(dir.path(), "activity_sectors.csv", "plant,construction,S1,1,assumption,TOY,toy numbers\nplant,om,S2,1,assumption,TOY,toy numbers\n", "");
    let ps = problems(dir.path());
    expect(
        &ps,
        "measures.csv",
        Some(3),
        Some("path"),
        "bottom_up measure \"plant\" has no rows in activities.csv",
    );

    let dir = toy_with("products.csv", "spend_x,S2,0.5,0.5", "plant,S2,0.5,0.5");
    let ps = problems(dir.path());
    expect(
        &ps,
        "products.csv",
        Some(3),
        Some("measure"),
        "measure \"plant\" is not a spending measure",
    );
    expect(
        &ps,
        "products.csv",
        Some(2),
        Some("share"),
        "shares of measure \"spend_x\" sum to 0.5",
    );
}

#[test]
fn measure_rows_are_checked() {
    let dir = toy_with("measures.csv", "MW,bottom_up,0,,,", "MW,bottom_up,0,1,1,1");
    let ps = problems(dir.path());
    expect(
        &ps,
        "measures.csv",
        Some(3),
        Some("cost_low"),
        "must be empty for a bottom_up measure",
    );
    let dir = toy_with(
        "measures.csv",
        "MEUR,spending,0,1,1,1",
        "MEUR,spending,0,1,2,3",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "measures.csv",
        Some(2),
        Some("cost_central"),
        "a measure in MEUR costs 1 MEUR per unit",
    );
    let dir = toy_with("measures.csv", "MW,bottom_up", "MW,bottomup");
    let ps = problems(dir.path());
    expect(
        &ps,
        "measures.csv",
        Some(3),
        Some("path"),
        "did you mean \"bottom_up\"?",
    );
    let dir = toy_with("activities.csv", "job_years_per_unit", "job_years");
    let ps = problems(dir.path());
    expect(
        &ps,
        "activities.csv",
        Some(2),
        Some("unit"),
        "expected one of job_years_per_unit",
    );
    // The sector a direct figure buys its supply chain from must exist, and a
    // figure that counts its supply chain names none.
    let dir = toy_with("activities.csv", "1,2024,no,,", "1,2024,no,S9,");
    let ps = problems(dir.path());
    expect(
        &ps,
        "activities.csv",
        Some(3),
        Some("supply_chain_sector"),
        "unknown sector \"S9\"",
    );
    let dir = toy_with("activities.csv", "1,2024,no,,", "1,2024,yes,S1,");
    let ps = problems(dir.path());
    expect(
        &ps,
        "activities.csv",
        Some(3),
        Some("supply_chain_sector"),
        "must be empty when includes_supply_chain is yes",
    );
    let dir = toy_with(
        "activity_sectors.csv",
        "plant,construction,S1",
        "plant,constructon,S1",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "activity_sectors.csv",
        Some(2),
        Some("activity"),
        "did you mean \"construction\"?",
    );
}

#[test]
fn manifest_file_list_matches_folder() {
    let dir = toy_copy();
    std::fs::write(dir.path().join("sector.csv"), "code\n").expect("write");
    let ps = problems(dir.path());
    let p = expect(
        &ps,
        "manifest.toml",
        None,
        None,
        "file \"sector.csv\" is in the folder but not listed",
    );
    assert!(p.message.contains("did you mean \"sectors.csv\"?"), "{p}");

    let dir = toy_with(
        "manifest.toml",
        "name = \"products.csv\"",
        "name = \"product.csv\"",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "manifest.toml",
        Some(61),
        Some("name"),
        "listed file \"product.csv\" does not exist",
    );
    expect(
        &ps,
        "manifest.toml",
        None,
        None,
        "required file \"products.csv\" is not listed",
    );

    let dir = toy_with("manifest.toml", "base_year = 2024", "base_yaer = 2024");
    let ps = problems(dir.path());
    expect(
        &ps,
        "manifest.toml",
        Some(4),
        None,
        "unknown field `base_yaer`",
    );
}

#[test]
fn optional_measure_regions_are_read() {
    let dir = toy_copy();
    let rows = "measure,region,share,quality,source_id,reason\nplant,PV27,1,assumption,TOY,port\n";
    std::fs::write(dir.path().join("measure_regions.csv"), rows).expect("write");
    edit(
        dir.path(),
        "manifest.toml",
        "[[file]]\nname = \"fossil_losses.csv\"",
        "[[file]]\nname = \"measure_regions.csv\"\n\n[[file]]\nname = \"fossil_losses.csv\"",
    );
    let loaded = krapte_data::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.dataset.measures[1].regions, [(0, 1.0)]);
    assert!(loaded.dataset.measures[0].regions.is_empty());
}

#[test]
fn missing_folder_and_garbage_never_panic() {
    let ps = problems(std::path::Path::new("/nonexistent/krapte/dataset"));
    assert_eq!(ps.len(), 1);
    // Invalid UTF-8 everywhere.
    let dir = toy_copy();
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        std::fs::write(&path, b"\xff\xfe,\"unterminated\n;;;\n\0,1e999,-0\n").expect("write");
    }
    let ps = problems(dir.path());
    expect(
        &ps,
        "sectors.csv",
        Some(1),
        None,
        "byte 1 of the line (0xFF) is not valid UTF-8",
    );
    // Correct headers, junk in every field of every row.
    let dir = toy_copy();
    let junk = [
        "", "1e999", "-0", "NaN", "x;y", "S1", "PV27", "0731", "2024", "plant", "\u{0}",
    ];
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let Some(header) = text
            .lines()
            .next()
            .filter(|_| path.extension().is_some_and(|e| e == "csv"))
        else {
            continue;
        };
        let width = header.split(',').count();
        let rows: String = (0..junk.len())
            .map(|k| {
                (0..width)
                    .map(|i| junk[(k + i) % junk.len()])
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\n"
            })
            .collect();
        std::fs::write(&path, format!("{header}\n{rows}")).expect("write");
    }
    let ps = problems(dir.path());
    assert!(ps.len() > 50, "{}", list(&ps));
}

/// A toy copy with `uncertainty.csv` holding `rows` (after the header),
/// listed in the manifest.
fn toy_with_uncertainty(rows: &str) -> tempfile::TempDir {
    let dir = toy_copy();
    let text = format!("slot,distribution,group,correlation,quality,source_id,reason\n{rows}");
    std::fs::write(dir.path().join("uncertainty.csv"), text).expect("write");
    edit(
        dir.path(),
        "manifest.toml",
        "[[file]]\nname = \"fossil_losses.csv\"",
        "[[file]]\nname = \"uncertainty.csv\"\n\n[[file]]\nname = \"fossil_losses.csv\"",
    );
    dir
}

#[test]
fn uncertainty_declarations_are_read_and_resolved() {
    use krapte_model::inputs::uncertainty::Distribution;
    let dir = toy_with_uncertainty(
        "supply_parameters.csv:*,pert,supply,0.5,assumption,TOY,one survey\n\
         supply_parameters.csv:migration_rate,uniform,,,assumption,TOY,no mode known\n\
         activities.csv:plant/construction,,cost,,assumption,TOY,one source\n\
         fossil_losses.csv:oil,triangular,cost,,assumption,TOY,one source\n",
    );
    let loaded = krapte_data::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let u = &loaded.dataset.uncertainty;
    assert_eq!(u.groups.len(), 2);
    assert_eq!(u.groups[0].name, "supply");
    assert_eq!(u.groups[0].correlation, 0.5);
    assert_eq!(u.groups[1].correlation, 1.0);
    // The exact row beats the wildcard.
    let m = u
        .of("supply_parameters.csv:migration_rate")
        .expect("declared");
    assert_eq!((m.distribution, m.group), (Distribution::Uniform, None));
    let w = u
        .of("supply_parameters.csv:switch_out_men")
        .expect("declared");
    assert_eq!((w.distribution, w.group), (Distribution::Pert, Some(0)));
    let c = u.of("activities.csv:plant/construction").expect("declared");
    assert_eq!(
        (c.distribution, c.group),
        (Distribution::Triangular, Some(1))
    );
    // The Monte Carlo's slots carry it.
    let slots = krapte_model::inputs::slots::slots(&loaded.dataset);
    let oil = slots
        .iter()
        .find(|s| s.name == "fossil_losses.csv:oil")
        .expect("slot");
    assert_eq!(oil.group.map(|g| (g.index, g.size)), Some((1, 2)));
    // The rows are assumptions, listed by `data check`.
    assert!(loaded
        .assumptions
        .iter()
        .any(|a| a.key == "uncertainty.csv:activities.csv:plant/construction"));
}

#[test]
fn uncertainty_errors_name_file_line_and_field() {
    let dir = toy_with_uncertainty(
        "activities.csv:plant/constrution,,g,,assumption,TOY,typo\n\
         activities.csv:plant/om,gauss,,,assumption,TOY,bad distribution\n\
         levers.csv:nothing*,,,,assumption,TOY,matches nothing\n\
         fossil_losses.csv:oil,,lonely,,assumption,TOY,group of one\n\
         parameters.csv:*,,,0.5,assumption,TOY,correlation without group\n\
         supply_parameters.csv:migration_rate,,g,1.5,assumption,TOY,out of range\n\
         supply_parameters.csv:migration_rate,,,,assumption,TOY,duplicate\n\
         levers.csv:s*de,,,,assumption,TOY,star inside\n",
    );
    let ps = problems(dir.path());
    let f = "uncertainty.csv";
    let p = expect(
        &ps,
        f,
        Some(2),
        Some("slot"),
        "unknown slot \"activities.csv:plant/constrution\"",
    );
    assert!(
        p.message.contains("\"activities.csv:plant/construction\""),
        "{p}"
    );
    expect(
        &ps,
        f,
        Some(3),
        Some("distribution"),
        "expected one of triangular, uniform, pert",
    );
    expect(
        &ps,
        f,
        Some(4),
        Some("slot"),
        "no slot name starts with \"levers.csv:nothing\"",
    );
    expect(
        &ps,
        f,
        Some(5),
        Some("group"),
        "group \"lonely\" has only one member (fossil_losses.csv:oil)",
    );
    expect(
        &ps,
        f,
        Some(6),
        Some("correlation"),
        "a correlation needs a group",
    );
    expect(
        &ps,
        f,
        Some(7),
        Some("correlation"),
        "expected a number between 0 and 1",
    );
    expect(
        &ps,
        f,
        Some(8),
        Some("slot"),
        "duplicate slot \"supply_parameters.csv:migration_rate\" (first on line 7)",
    );
    expect(&ps, f, Some(9), Some("slot"), "at most one '*', at the end");
}

#[test]
fn uncertainty_on_a_point_is_a_warning() {
    let dir = toy_with_uncertainty("parameters.csv:fte_hours_per_year,pert,,,assumption,TOY,x\n");
    let loaded = krapte_data::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    expect(
        &loaded.warnings,
        "uncertainty.csv",
        Some(2),
        Some("slot"),
        "width zero",
    );
}

#[test]
fn toy_loads_base_year_activity_shortage_and_evidence() {
    use krapte_model::{Evidence, Range3};
    let ds = toy().dataset;
    assert_eq!(
        ds.measures[0].base_year_additions,
        Some(Range3 {
            low: 5.0,
            central: 10.0,
            high: 15.0
        })
    );
    assert_eq!(
        ds.measures[1].base_year_additions.map(|r| r.central),
        Some(1.0)
    );
    let sd = ds.supply.as_ref().expect("supply side");
    let ids: Vec<&str> = sd.evidence.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["TOY_SWITCH", "TOY_RETRAIN"]);
    // switch_out_women is the third supply parameter.
    assert_eq!(sd.param_backing[2].evidence, Evidence::Measured);
    assert_eq!(sd.param_backing[2].ids, ["TOY_SWITCH"]);
    assert_eq!(sd.param_backing[0].evidence, Evidence::None);
    let all = &sd.base_year_shortage[0];
    assert_eq!(
        (all.set, all.skill_level, all.period.as_str()),
        (0, None, "2024Q4")
    );
    assert_eq!(all.structural_persons().central, 50.0);
    assert_eq!(sd.base_year_shortage[1].skill_level, Some(2));
    let pd = ds.policy.as_ref().expect("policy side");
    let side = pd.levers.iter().find(|l| l.id == "side").expect("side");
    assert_eq!(side.backing.evidence, Evidence::Indirect);
    assert_eq!(side.backing.ids, ["TOY_SWITCH", "TOY_RETRAIN"]);
    assert_eq!(pd.campaigns[0].effect_evidence(), Evidence::None);
}

#[test]
fn evidence_columns_are_checked() {
    let dir = toy_copy();
    edit(
        dir.path(),
        "levers.csv",
        "indirect,TOY_SWITCH;TOY_RETRAIN",
        "indirect,TOY_SWITCH;TOY_RETRAINED",
    );
    edit(
        dir.path(),
        "campaigns.csv",
        "toy numbers,none,",
        "toy numbers,proven,",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "levers.csv",
        Some(2),
        Some("evidence_ids"),
        "unknown finding \"TOY_RETRAINED\" (not in evidence.csv)",
    );
    expect(
        &ps,
        "campaigns.csv",
        Some(2),
        Some("evidence"),
        "expected measured, indirect or none, found \"proven\"",
    );
    let dir = toy_with(
        "supply_parameters.csv",
        "migration_rate,share/year,0.01,0.02,0.03,assumption,TOY,toy numbers,none,",
        "migration_rate,share/year,0.01,0.02,0.03,assumption,TOY,toy numbers,measured,",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "supply_parameters.csv",
        Some(8),
        Some("evidence_ids"),
        "evidence \"measured\" needs the findings it rests on",
    );
}

#[test]
fn a_cited_finding_needs_an_evidence_file() {
    let dir = toy_copy();
    std::fs::remove_file(dir.path().join("evidence.csv")).expect("remove");
    edit(
        dir.path(),
        "manifest.toml",
        "[[file]]\nname = \"evidence.csv\"\ndescription = \"Toy findings\"\n",
        "",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "supply_parameters.csv",
        Some(4),
        Some("evidence_ids"),
        "unknown finding \"TOY_SWITCH\"",
    );
}

#[test]
fn base_year_activity_is_checked() {
    let dir = toy_copy();
    edit(
        dir.path(),
        "base_year_activity.csv",
        "plant,MW,0,1,2",
        "plant,GW,0,1,2",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_activity.csv",
        Some(3),
        Some("unit"),
        "expected the measure's unit \"MW\" (measures.csv), found \"GW\"",
    );
    let dir = toy_with(
        "base_year_activity.csv",
        "spend_x,MEUR,5,10,15,assumption,TOY,toy numbers\n",
        "",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_activity.csv",
        None,
        None,
        "measure \"spend_x\" has no base-year activity",
    );
    let dir = toy_with(
        "base_year_activity.csv",
        "plant,MW,0,1,2",
        "plant,MW,0,1,-2",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_activity.csv",
        Some(3),
        Some("high"),
        "expected a number >= 0",
    );
}

#[test]
fn base_year_shortage_is_checked() {
    let dir = toy_with(
        "base_year_shortage.csv",
        "ict,all,2024Q4,20,0.1,0.2,0.3",
        "ict,all,2024Q4,20,0.1,0.2,1.3",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_shortage.csv",
        Some(5),
        Some("structural_high"),
        "expected a share between 0 and 1",
    );
    let dir = toy_with(
        "base_year_shortage.csv",
        "technician,isco3,2024Q4,40",
        "technician,isco3,2024Q4,45",
    );
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_shortage.csv",
        None,
        None,
        "the skill levels of set technician add up to 105 open vacancies",
    );
    let dir = toy_with("base_year_shortage.csv", "ict,all", "digital,all");
    let ps = problems(dir.path());
    expect(
        &ps,
        "base_year_shortage.csv",
        Some(5),
        Some("set"),
        "unknown occupation set \"digital\"",
    );
}
