//! The last check before a figure leaves the CLI: a result that is not a
//! finite number is never printed as a figure or a verdict. Infinite values
//! and a NaN beside finite ends of its own range (a computation that broke,
//! not a deliberate "n/a") are an error that names the table, the row and
//! the inputs that produced it. The plausibility bounds of the dataset
//! (`plausibility.csv`) refuse the inputs that lead here; this is the net
//! under them.

use crate::table::Report;

/// `Ok` when every figure of `report` is finite or a deliberate n/a.
pub fn check(report: &Report) -> Result<(), String> {
    for t in &report.all_tables() {
        for row in &t.rows {
            for (k, v) in row.values.iter().enumerate() {
                let vals = [v.low, v.central, v.high];
                let broken = vals.iter().any(|x| x.is_infinite())
                    || (vals.iter().any(|x| x.is_nan()) && vals.iter().any(|x| x.is_finite()));
                if broken {
                    let col = t.columns.get(k).map_or("value", |c| c.header.as_str());
                    let m = &report.meta;
                    return Err(format!(
                        "the result is not a finite number, so it is not shown: table \"{}\", row {}, column {col} (low {}, central {}, high {}). It comes from the inputs: dataset {} (edition {}), scenario {} ({}). Check them with `krapte data check` and the scenario's values; a value far outside its plausible range is the usual cause",
                        t.title,
                        row.keys.join(" / "),
                        v.low,
                        v.central,
                        v.high,
                        m.dataset_dir,
                        m.dataset_edition,
                        m.scenario,
                        m.scenario_file
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Column, Meta, Table, R3};

    fn report(v: R3) -> Report {
        let mut t = Table::new("gap", "Technician gap", "fte", Some(2030), "net")
            .keys(&["level"])
            .columns(vec![Column::ranged("gap", "gap")]);
        t.push(vec!["mbo4".into()], vec![v]);
        Report {
            meta: Meta {
                command: "gap".into(),
                dataset_edition: "e1".into(),
                dataset_dir: "data/default".into(),
                base_year: 2024,
                io_year: 2014,
                scenario: "S".into(),
                scenario_file: "s.toml".into(),
                lines: Vec::new(),
                ..Meta::default()
            },
            tables: vec![t],
        }
    }

    #[test]
    fn infinite_and_broken_figures_are_refused_n_a_is_not() {
        assert!(check(&report(R3::new(1.0, 2.0, 3.0))).is_ok());
        assert!(check(&report(R3::point(f64::NAN))).is_ok());
        let e = check(&report(R3::new(1.0, f64::INFINITY, 3.0))).expect_err("inf");
        assert!(
            e.contains("table \"Technician gap\", row mbo4, column gap"),
            "{e}"
        );
        assert!(e.contains("scenario S (s.toml)"), "{e}");
        assert!(check(&report(R3 {
            low: 1.0,
            central: f64::NAN,
            high: 3.0
        }))
        .is_err());
    }
}
