//! Plausibility bounds (`plausibility.csv` of a dataset, see docs/DATA.md):
//! per input field, the range outside which a value is a slip rather than a
//! scenario (more homes than the Netherlands has, a workforce larger than
//! the labour force, euros typed where million euros are expected). Pure
//! data: `krapte-data` checks the dataset's files, scenarios and policies
//! against them, with the bound and its reason in every message.

/// One bound: `field` of `file` (a dataset file name, `scenario` or
/// `policy`), for the rows that meet every condition of `when`, lies in
/// `min..=max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub file: String,
    pub field: String,
    /// (column or key, value) pairs a row must match (value `*`: any row
    /// that has the key); empty = every row.
    pub when: Vec<(String, String)>,
    pub min: f64,
    pub max: f64,
    /// Unit of `min` and `max`, as the field is written.
    pub unit: String,
    /// Why the limit lies there (the physical or economic fact).
    pub reason: String,
    /// Line in `plausibility.csv`.
    pub line: u64,
}

/// The bounds of a dataset; empty when it has no `plausibility.csv`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plausibility {
    pub bounds: Vec<Bound>,
}

impl Plausibility {
    /// The bounds on `field` of `file` that apply to a row whose columns
    /// `get` reads (`None` for a column the row does not have).
    pub fn applying<'a>(
        &'a self,
        file: &'a str,
        field: &'a str,
        get: impl Fn(&str) -> Option<&'a str> + 'a,
    ) -> impl Iterator<Item = &'a Bound> + 'a {
        self.bounds.iter().filter(move |b| {
            b.file == file
                && b.field == field
                && b.when
                    .iter()
                    .all(|(k, v)| get(k).is_some_and(|x| v == "*" || x == v))
        })
    }

    /// The first bound on `field` of `file` that `value` breaks.
    pub fn broken<'a>(
        &'a self,
        file: &'a str,
        field: &'a str,
        get: impl Fn(&str) -> Option<&'a str> + 'a,
        value: f64,
    ) -> Option<&'a Bound> {
        self.applying(file, field, get)
            .find(|b| !(b.min..=b.max).contains(&value))
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_apply_to_the_rows_they_name() {
        let b = |when: Vec<(&str, &str)>, max: f64| Bound {
            file: "scenario".into(),
            field: "stock".into(),
            when: when
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            min: 0.0,
            max,
            unit: "MW".into(),
            reason: "r".into(),
            line: 2,
        };
        let p = Plausibility {
            bounds: vec![
                b(vec![("measure", "offshore_wind")], 72_000.0),
                b(vec![], 1e7),
            ],
        };
        let get = |m: &'static str| move |k: &str| (k == "measure").then_some(m);
        assert_eq!(
            p.applying("scenario", "stock", get("offshore_wind"))
                .count(),
            2
        );
        assert_eq!(p.applying("scenario", "stock", get("solar")).count(), 1);
        assert!(p
            .broken("scenario", "stock", get("offshore_wind"), 21_000.0)
            .is_none());
        assert_eq!(
            p.broken("scenario", "stock", get("offshore_wind"), 90_000.0)
                .map(|b| b.max),
            Some(72_000.0)
        );
        assert!(p
            .broken("scenario", "stock", get("solar"), 90_000.0)
            .is_none());
        assert!(p
            .broken("scenario", "additions", get("solar"), 1e300)
            .is_none());
    }
}
