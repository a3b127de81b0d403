//! The monitor's store: one SQLite file (rusqlite, SQLite bundled: nothing
//! to install), in WAL mode so that readers during an import see the state
//! before or after it, never a mix. Schema changes go through numbered
//! migrations (`PRAGMA user_version`). An import is one transaction: it
//! lands whole or not at all, also when the process is killed.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::import::Observation;
use crate::period::Period;
use crate::MonitorError;

/// Migrations, in order; `user_version` says how many have run.
const MIGRATIONS: [&str; 1] = ["
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE observation (
        indicator TEXT NOT NULL,
        region TEXT NOT NULL,
        period TEXT NOT NULL,
        position REAL NOT NULL,
        value REAL NOT NULL,
        source_id TEXT NOT NULL,
        vintage TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (indicator, region, period, vintage)
    );
    CREATE TABLE import_log (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        at_unix INTEGER NOT NULL,
        new INTEGER NOT NULL,
        revised INTEGER NOT NULL,
        unchanged INTEGER NOT NULL
    );
"];

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Observations for a period that had none.
    pub new: usize,
    /// New vintages with another value than the latest one: revisions.
    pub revised: usize,
    /// Already stored, or a new vintage repeating the latest value.
    pub unchanged: usize,
}

/// One point of a series: the latest vintage of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: Period,
    pub value: f64,
    pub vintage: String,
    /// Vintages of this period before the latest, oldest first.
    pub earlier: Vec<(String, f64)>,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    pub fn open(path: &Path) -> Result<Store, MonitorError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let done = usize::try_from(version).unwrap_or(0);
        if done > MIGRATIONS.len() {
            return Err(MonitorError::Store(format!(
                "{} has schema version {done}, newer than this krapte ({}): use a newer krapte",
                path.display(),
                MIGRATIONS.len()
            )));
        }
        for (k, sql) in MIGRATIONS.iter().enumerate().skip(done) {
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (k + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Store { conn })
    }

    /// Whether the built-in series were loaded (and which edition).
    pub fn seeded(&self) -> Result<Option<String>, MonitorError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Loads the built-in series on first use (one transaction).
    pub fn seed(
        &mut self,
        edition: &str,
        obs: &[Observation],
    ) -> Result<Option<ImportSummary>, MonitorError> {
        if self.seeded()?.is_some() {
            return Ok(None);
        }
        let s = self.import_tx("built-in series", obs, Some(edition))?;
        Ok(Some(s))
    }

    /// Imports observations in one transaction. A value that differs from a
    /// stored value of the same vintage is refused (a revision needs a new
    /// vintage), and then nothing is written.
    pub fn import(
        &mut self,
        file: &str,
        obs: &[Observation],
    ) -> Result<ImportSummary, MonitorError> {
        self.import_tx(file, obs, None)
    }

    fn import_tx(
        &mut self,
        file: &str,
        obs: &[Observation],
        seeded: Option<&str>,
    ) -> Result<ImportSummary, MonitorError> {
        let tx = self.conn.transaction()?;
        let mut summary = ImportSummary::default();
        let mut conflicts = Vec::new();
        for o in obs {
            let period = o.period.to_string();
            let same: Option<f64> = tx
                .query_row(
                    "SELECT value FROM observation WHERE indicator=?1 AND region=?2 AND period=?3 AND vintage=?4",
                    params![o.indicator, o.region, period, o.vintage],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(v) = same {
                if v == o.value {
                    summary.unchanged += 1;
                } else {
                    conflicts.push(crate::Problem::at(
                        file,
                        None,
                        None,
                        format!(
                            "{} {} {} vintage {} is stored as {v}, the file says {}: a revised figure needs a new vintage",
                            o.indicator, o.region, period, o.vintage, o.value
                        ),
                    ));
                }
                continue;
            }
            let latest: Option<f64> = tx
                .query_row(
                    "SELECT value FROM observation WHERE indicator=?1 AND region=?2 AND period=?3 ORDER BY vintage DESC LIMIT 1",
                    params![o.indicator, o.region, period],
                    |r| r.get(0),
                )
                .optional()?;
            match latest {
                None => summary.new += 1,
                Some(v) if v == o.value => summary.unchanged += 1,
                Some(_) => summary.revised += 1,
            }
            tx.execute(
                "INSERT INTO observation (indicator, region, period, position, value, source_id, vintage, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![o.indicator, o.region, period, o.period.position(), o.value, o.source_id, o.vintage, o.note],
            )?;
        }
        if !conflicts.is_empty() {
            // Dropping the transaction rolls it back.
            return Err(MonitorError::Input(conflicts));
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        tx.execute(
            "INSERT INTO import_log (file, at_unix, new, revised, unchanged) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![file, now, summary.new as i64, summary.revised as i64, summary.unchanged as i64],
        )?;
        if let Some(edition) = seeded {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?1)",
                params![edition],
            )?;
        }
        // For the kill test only: hold the transaction open (see docs/MONITOR.md).
        if let Some(ms) = std::env::var("KRAPTE_TEST_IMPORT_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The series of an indicator in a region: per period the latest
    /// vintage, with earlier vintages listed; in time order.
    pub fn series(&self, indicator: &str, region: &str) -> Result<Vec<Point>, MonitorError> {
        let mut stmt = self.conn.prepare(
            "SELECT period, value, vintage FROM observation WHERE indicator=?1 AND region=?2 ORDER BY position, vintage",
        )?;
        let rows = stmt.query_map(params![indicator, region], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out: Vec<Point> = Vec::new();
        for row in rows {
            let (p, value, vintage) = row?;
            let Some(period) = Period::parse(&p) else {
                return Err(MonitorError::Store(format!(
                    "unreadable period \"{p}\" in the store"
                )));
            };
            match out.last_mut() {
                Some(last) if last.period == period => {
                    last.earlier
                        .push((std::mem::take(&mut last.vintage), last.value));
                    last.value = value;
                    last.vintage = vintage;
                }
                _ => out.push(Point {
                    period,
                    value,
                    vintage,
                    earlier: Vec::new(),
                }),
            }
        }
        Ok(out)
    }

    /// Number of stored observations (all vintages).
    pub fn count(&self) -> Result<usize, MonitorError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM observation", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(period: Period, value: f64, vintage: &str) -> Observation {
        Observation {
            indicator: "x".into(),
            region: "NL".into(),
            period,
            value,
            source_id: "S".into(),
            vintage: vintage.into(),
            note: String::new(),
        }
    }

    #[test]
    fn revisions_are_new_vintages_and_old_ones_stay() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("m.sqlite");
        let mut s = Store::open(&path).expect("opens");
        let first = s
            .seed(
                "e1",
                &[
                    obs(Period::Year(2022), 10.0, "2023-01-01"),
                    obs(Period::Year(2023), 11.0, "2024-01-01"),
                ],
            )
            .expect("seeds");
        assert_eq!(first.map(|x| x.new), Some(2));
        assert_eq!(s.seed("e1", &[]).expect("no-op"), None);
        let sum = s
            .import(
                "f.csv",
                &[
                    obs(Period::Year(2023), 12.0, "2025-01-01"),
                    obs(Period::Year(2022), 10.0, "2023-01-01"),
                ],
            )
            .expect("imports");
        assert_eq!(
            sum,
            ImportSummary {
                new: 0,
                revised: 1,
                unchanged: 1
            }
        );
        let series = s.series("x", "NL").expect("reads");
        assert_eq!(series.len(), 2);
        assert_eq!(series[1].value, 12.0);
        assert_eq!(series[1].earlier, vec![("2024-01-01".to_string(), 11.0)]);
        // A conflicting value for an existing vintage changes nothing.
        let before = s.count().expect("counts");
        let err = s.import(
            "g.csv",
            &[
                obs(Period::Year(2024), 13.0, "2025-01-01"),
                obs(Period::Year(2023), 99.0, "2025-01-01"),
            ],
        );
        assert!(matches!(err, Err(MonitorError::Input(_))));
        assert_eq!(s.count().expect("counts"), before);
        // Reopening keeps everything and runs no migration twice.
        drop(s);
        let s = Store::open(&path).expect("reopens");
        assert_eq!(s.count().expect("counts"), before);
    }
}
