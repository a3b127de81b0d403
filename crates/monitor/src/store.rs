//! The monitor's store: one SQLite file (rusqlite, SQLite bundled: nothing
//! to install), in WAL mode so that readers during an import see the state
//! before or after it, never a mix. Schema changes go through numbered
//! migrations (`PRAGMA user_version`). An import is one transaction: it
//! lands whole or not at all, also when the process is killed.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::import::Observation;
use crate::period::Period;
use crate::MonitorError;

/// Migrations, in order; `user_version` says how many have run. Append,
/// never edit one that has shipped.
const MIGRATIONS: [&str; 4] = [
    "
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
",
    "
    -- 2: a value may be a bracket (the model's projections: low and high
    -- next to the central value); published figures leave both NULL.
    ALTER TABLE observation ADD COLUMN low REAL;
    ALTER TABLE observation ADD COLUMN high REAL;
",
    "
    -- 3: a wrong figure is withdrawn by a new vintage that says so (the
    -- value repeats the withdrawn one; nothing is deleted).
    ALTER TABLE observation ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
",
    "
    -- 4: a model run is identified by what it used: scenario, policy (NULL:
    -- none), dataset edition and framing. Published figures and runs
    -- recorded before this migration leave them NULL (their note says what
    -- they used). One run per indicator may be declared official.
    ALTER TABLE observation ADD COLUMN run_scenario TEXT;
    ALTER TABLE observation ADD COLUMN run_policy TEXT;
    ALTER TABLE observation ADD COLUMN run_edition TEXT;
    ALTER TABLE observation ADD COLUMN run_framing TEXT;
    CREATE TABLE official_run (
        indicator TEXT PRIMARY KEY,
        scenario TEXT NOT NULL,
        policy TEXT,
        edition TEXT NOT NULL,
        framing TEXT NOT NULL,
        declared_at TEXT NOT NULL
    );
",
];

/// A new value this many times the previous one (or a tenth of it) is a
/// jump: likely a unit slip, imported only when confirmed.
pub const JUMP_FACTOR: f64 = 10.0;

/// How an import runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// Store values that jump by [`JUMP_FACTOR`] or more against the
    /// previous value (`--accept-jumps`).
    pub accept_jumps: bool,
    /// Check and report what would change, then roll back (`--dry-run`).
    pub dry_run: bool,
}

/// What one observation of an import does.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub indicator: String,
    pub region: String,
    pub period: Period,
    pub vintage: String,
    /// The latest stored value of the period before the import.
    pub before: Option<f64>,
    pub after: f64,
}

/// An import's result: counts, the new and revised values, and whether it
/// was committed (not in a dry run).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    pub summary: ImportSummary,
    /// New and revised values (unchanged ones are counted only).
    pub changes: Vec<Change>,
    pub committed: bool,
}

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
    /// Low and high end of the latest vintage's value, when it is a bracket.
    pub bracket: Option<(f64, f64)>,
    /// Vintages of this period before the latest, oldest first.
    pub earlier: Vec<(String, f64)>,
}

/// One stored observation, any vintage: a row of the full series.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub region: String,
    pub period: Period,
    pub value: f64,
    pub bracket: Option<(f64, f64)>,
    pub source_id: String,
    pub vintage: String,
    pub note: String,
    /// Whether this is the latest vintage of its region and period.
    pub latest: bool,
    /// Whether this vintage withdraws the period's figure.
    pub withdrawn: bool,
    /// A model run's keys; None for published figures and for runs
    /// recorded before runs had keys.
    pub run: Option<RunKey>,
}

/// What identifies a recorded model run: the scenario, the policy (None:
/// the gap without a policy), the dataset edition and the framing. Two
/// recordings with the same keys are vintages of the same run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunKey {
    pub scenario: String,
    pub policy: Option<String>,
    pub edition: String,
    pub framing: String,
}

impl std::fmt::Display for RunKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "scenario {}, policy {}, dataset edition {}, framing {}",
            self.scenario,
            self.policy.as_deref().unwrap_or("none"),
            self.edition,
            self.framing
        )
    }
}

/// The recorded runs of an indicator: the official one's latest vintage
/// (None when no run is declared), and each other run's latest vintage,
/// never shown as the official figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Runs {
    pub official: Option<(Official, Row)>,
    pub others: Vec<Row>,
}

/// The run declared official for an indicator, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub key: RunKey,
    /// When it was declared (as given to [`Store::set_official`]).
    pub declared_at: String,
}

fn run_key(
    scenario: Option<String>,
    policy: Option<String>,
    edition: Option<String>,
    framing: Option<String>,
) -> Option<RunKey> {
    Some(RunKey {
        scenario: scenario?,
        policy,
        edition: edition?,
        framing: framing?,
    })
}

/// Whether `new` is [`JUMP_FACTOR`] times `prev` or more, or a
/// [`JUMP_FACTOR`]th or less (values of opposite signs or zero excepted).
fn is_jump(prev: f64, new: f64) -> bool {
    if prev == 0.0 || new == 0.0 || prev.signum() != new.signum() {
        return false;
    }
    let r = new / prev;
    !(1.0 / JUMP_FACTOR..JUMP_FACTOR).contains(&r)
}

fn ratio_words(prev: f64, new: f64) -> String {
    let r = new / prev;
    if r >= 1.0 {
        format!("{r:.0} times")
    } else {
        format!("1/{:.0} of", 1.0 / r)
    }
}

/// The kill test's seam: hold an import's transaction open for
/// `KRAPTE_TEST_IMPORT_PAUSE_MS` milliseconds. Compiled only with the
/// `test-hooks` feature, which test builds switch on; a release binary has
/// no such variable.
#[cfg(feature = "test-hooks")]
fn test_pause() {
    if let Some(ms) = std::env::var("KRAPTE_TEST_IMPORT_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(not(feature = "test-hooks"))]
fn test_pause() {}

/// What recording a model run did.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// Stored as a new vintage.
    New { vintage: String },
    /// The same inputs (note) with the same value were stored before, as
    /// this vintage: nothing written.
    Unchanged { vintage: String },
}

pub struct Store {
    conn: Connection,
}

fn bracket(low: Option<f64>, high: Option<f64>) -> Option<(f64, f64)> {
    low.zip(high)
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
            // IMMEDIATE: a second process waits its busy timeout for the
            // write lock instead of failing at once ("database is locked").
            let tx = rusqlite::Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
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
        let opts = ImportOptions {
            accept_jumps: true,
            dry_run: false,
        };
        let r = self.import_tx("built-in series", obs, Some(edition), opts)?;
        Ok(Some(r.summary))
    }

    /// Imports observations in one transaction. A value that differs from a
    /// stored value of the same vintage is refused (a revision needs a new
    /// vintage), and then nothing is written.
    pub fn import(
        &mut self,
        file: &str,
        obs: &[Observation],
    ) -> Result<ImportSummary, MonitorError> {
        Ok(self
            .import_tx(file, obs, None, ImportOptions::default())?
            .summary)
    }

    /// Imports with options: jumps refused unless accepted, a dry run rolled
    /// back. Returns what changed (or would).
    pub fn import_with(
        &mut self,
        file: &str,
        obs: &[Observation],
        opts: ImportOptions,
    ) -> Result<ImportReport, MonitorError> {
        self.import_tx(file, obs, None, opts)
    }

    fn import_tx(
        &mut self,
        file: &str,
        obs: &[Observation],
        seeded: Option<&str>,
        opts: ImportOptions,
    ) -> Result<ImportReport, MonitorError> {
        // IMMEDIATE: the write lock is taken at once, so a concurrent import
        // waits its busy timeout instead of failing with "database is locked".
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut report = ImportReport::default();
        let mut conflicts = crate::Problems::new();
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
                    report.summary.unchanged += 1;
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
            if !opts.accept_jumps {
                // Against the period's latest value, or the latest value of
                // the period before it.
                let previous: Option<(f64, String)> = match latest {
                    Some(v) => Some((v, period.clone())),
                    None => tx
                        .query_row(
                            "SELECT value, period FROM observation WHERE indicator=?1 AND region=?2 AND position<?3 ORDER BY position DESC, vintage DESC LIMIT 1",
                            params![o.indicator, o.region, o.period.position()],
                            |r| Ok((r.get::<_, f64>(0)?, r.get::<_, String>(1)?)),
                        )
                        .optional()?,
                };
                if let Some((prev, prev_period)) = previous {
                    if is_jump(prev, o.value) {
                        conflicts.push(crate::Problem::at(
                            file,
                            None,
                            Some("value"),
                            format!(
                                "{} {} {}: {} is {} the stored {prev} of {prev_period}: a unit slip (thousands, a separator)? If the figure is right, import with --accept-jumps",
                                o.indicator,
                                o.region,
                                period,
                                o.value,
                                ratio_words(prev, o.value)
                            ),
                        ));
                        continue;
                    }
                }
            }
            match latest {
                None => report.summary.new += 1,
                Some(v) if v == o.value => report.summary.unchanged += 1,
                Some(_) => report.summary.revised += 1,
            }
            if latest != Some(o.value) {
                report.changes.push(Change {
                    indicator: o.indicator.clone(),
                    region: o.region.clone(),
                    period: o.period,
                    vintage: o.vintage.clone(),
                    before: latest,
                    after: o.value,
                });
            }
            tx.execute(
                "INSERT INTO observation (indicator, region, period, position, value, source_id, vintage, note, low, high) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![o.indicator, o.region, period, o.period.position(), o.value, o.source_id, o.vintage, o.note, o.bracket.map(|b| b.0), o.bracket.map(|b| b.1)],
            )?;
        }
        if !conflicts.is_empty() {
            // Dropping the transaction rolls it back.
            return Err(MonitorError::Input(conflicts));
        }
        if opts.dry_run {
            tx.rollback()?;
            return Ok(report);
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let s = report.summary;
        tx.execute(
            "INSERT INTO import_log (file, at_unix, new, revised, unchanged) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![file, now, s.new as i64, s.revised as i64, s.unchanged as i64],
        )?;
        if let Some(edition) = seeded {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', ?1)",
                params![edition],
            )?;
        }
        test_pause();
        tx.commit()?;
        report.committed = true;
        Ok(report)
    }

    /// Withdraws the latest value of a period as a new vintage that says so
    /// (nothing is deleted: `rows` still lists the withdrawn figure, `series`
    /// no longer shows the period unless a later vintage gives it again).
    pub fn withdraw(
        &mut self,
        indicator: &str,
        region: &str,
        period: Period,
        vintage: &str,
        note: &str,
    ) -> Result<f64, MonitorError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let p = period.to_string();
        let latest: Option<(f64, String, String, bool)> = tx
            .query_row(
                "SELECT value, vintage, source_id, withdrawn FROM observation WHERE indicator=?1 AND region=?2 AND period=?3 ORDER BY vintage DESC LIMIT 1",
                params![indicator, region, p],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0)),
            )
            .optional()?;
        let Some((value, last, source, withdrawn)) = latest else {
            return Err(MonitorError::Input(
                crate::Problem::in_file(
                    "withdraw",
                    format!("{indicator} {region} {p} has no stored value to withdraw"),
                )
                .into(),
            ));
        };
        if withdrawn {
            return Err(MonitorError::Input(
                crate::Problem::in_file(
                    "withdraw",
                    format!("{indicator} {region} {p} was already withdrawn in vintage {last}"),
                )
                .into(),
            ));
        }
        if vintage <= last.as_str() {
            return Err(MonitorError::Input(
                crate::Problem::in_file(
                    "withdraw",
                    format!(
                        "the withdrawal's vintage {vintage} must come after the latest vintage {last} of {indicator} {region} {p}"
                    ),
                )
                .into(),
            ));
        }
        tx.execute(
            "INSERT INTO observation (indicator, region, period, position, value, source_id, vintage, note, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
            params![indicator, region, p, period.position(), value, source, vintage, note],
        )?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        tx.execute(
            "INSERT INTO import_log (file, at_unix, new, revised, unchanged) VALUES (?1, ?2, 0, 1, 0)",
            params![format!("withdraw {indicator} {region} {p}"), now],
        )?;
        tx.commit()?;
        Ok(value)
    }

    /// The series of an indicator in a region: per period the latest
    /// vintage, with earlier vintages listed; in time order. For an
    /// indicator krapte computes, use [`Store::series_shown`]: this is every
    /// recorded run, the last one latest.
    pub fn series(&self, indicator: &str, region: &str) -> Result<Vec<Point>, MonitorError> {
        self.series_of(indicator, region, None)
    }

    /// The series an output shows: for an indicator krapte computes
    /// ([`crate::Indicator::is_model`]) the official run's vintages only
    /// (empty when no run is declared official), otherwise
    /// [`Store::series`].
    pub fn series_shown(
        &self,
        ind: &crate::Indicator,
        region: &str,
    ) -> Result<Vec<Point>, MonitorError> {
        if !ind.is_model() {
            return self.series(&ind.id, region);
        }
        match self.official(&ind.id)? {
            Some(o) => self.series_of(&ind.id, region, Some(&o.key)),
            None => Ok(Vec::new()),
        }
    }

    fn series_of(
        &self,
        indicator: &str,
        region: &str,
        run: Option<&RunKey>,
    ) -> Result<Vec<Point>, MonitorError> {
        let filter = if run.is_some() {
            " AND run_scenario=?3 AND run_policy IS ?4 AND run_edition=?5 AND run_framing=?6"
        } else {
            " AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT period, value, vintage, low, high, withdrawn FROM observation WHERE indicator=?1 AND region=?2{filter} ORDER BY position, vintage"
        ))?;
        let rows = stmt.query_map(
            params![
                indicator,
                region,
                run.map(|k| &k.scenario),
                run.and_then(|k| k.policy.as_ref()),
                run.map(|k| &k.edition),
                run.map(|k| &k.framing)
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, String>(2)?,
                    bracket(r.get(3)?, r.get(4)?),
                    r.get::<_, i64>(5)? != 0,
                ))
            },
        )?;
        let mut out: Vec<Point> = Vec::new();
        // Whether each point's latest vintage is a withdrawal.
        let mut gone: Vec<bool> = Vec::new();
        for row in rows {
            let (p, value, vintage, br, withdrawn) = row?;
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
                    last.bracket = br;
                    if let Some(g) = gone.last_mut() {
                        *g = withdrawn;
                    }
                }
                _ => {
                    out.push(Point {
                        period,
                        value,
                        vintage,
                        bracket: br,
                        earlier: Vec::new(),
                    });
                    gone.push(withdrawn);
                }
            }
        }
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !gone.get(k - 1).copied().unwrap_or(false)
        });
        Ok(out)
    }

    /// Regions with observations of an indicator: `NL` first, then the
    /// others in code order.
    pub fn regions(&self, indicator: &str) -> Result<Vec<String>, MonitorError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT region FROM observation WHERE indicator=?1 ORDER BY region <> 'NL', region",
        )?;
        let rows = stmt.query_map(params![indicator], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every stored observation of an indicator, all regions and vintages:
    /// by region (`NL` first), period, then vintage.
    pub fn rows(&self, indicator: &str) -> Result<Vec<Row>, MonitorError> {
        let mut stmt = self.conn.prepare(
            "SELECT region, period, value, low, high, source_id, vintage, note, withdrawn, run_scenario, run_policy, run_edition, run_framing FROM observation WHERE indicator=?1 ORDER BY region <> 'NL', region, position, vintage",
        )?;
        let rows = stmt.query_map(params![indicator], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
                bracket(r.get(3)?, r.get(4)?),
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)? != 0,
                run_key(r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?),
            ))
        })?;
        let mut out: Vec<Row> = Vec::new();
        for row in rows {
            let (region, p, value, br, source_id, vintage, note, withdrawn, run) = row?;
            let Some(period) = Period::parse(&p) else {
                return Err(MonitorError::Store(format!(
                    "unreadable period \"{p}\" in the store"
                )));
            };
            if let Some(prev) = out.last_mut() {
                if prev.region == region && prev.period == period {
                    prev.latest = false;
                }
            }
            out.push(Row {
                region,
                period,
                value,
                bracket: br,
                source_id,
                vintage,
                note,
                latest: true,
                withdrawn,
                run,
            });
        }
        Ok(out)
    }

    /// Records a model run's result, identified by `run` (scenario, policy,
    /// dataset edition, framing): when a stored vintage of the same
    /// indicator, region, period and run has the same value and bracket,
    /// nothing is written (recording again is a no-op). Otherwise it is a
    /// new vintage `o.vintage` (suffixed ` #2`, ` #3`, ... when that label
    /// is taken), in one transaction with its line in the import log.
    /// Recording never changes which run is official.
    pub fn record(
        &mut self,
        what: &str,
        o: &Observation,
        run: &RunKey,
    ) -> Result<Recorded, MonitorError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let period = o.period.to_string();
        let same: Option<String> = {
            let mut stmt = tx.prepare(
                "SELECT vintage, value, low, high FROM observation WHERE indicator=?1 AND region=?2 AND period=?3 AND run_scenario=?4 AND run_policy IS ?5 AND run_edition=?6 AND run_framing=?7 ORDER BY vintage DESC",
            )?;
            let rows = stmt.query_map(
                params![
                    o.indicator,
                    o.region,
                    period,
                    run.scenario,
                    run.policy,
                    run.edition,
                    run.framing
                ],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, f64>(1)?,
                        bracket(r.get(2)?, r.get(3)?),
                    ))
                },
            )?;
            let mut found = None;
            for row in rows {
                let (v, value, br) = row?;
                if value == o.value && br == o.bracket {
                    found = Some(v);
                    break;
                }
            }
            found
        };
        if let Some(vintage) = same {
            return Ok(Recorded::Unchanged { vintage });
        }
        let taken = |v: &str| -> Result<bool, rusqlite::Error> {
            tx.query_row(
                "SELECT COUNT(*) FROM observation WHERE indicator=?1 AND region=?2 AND period=?3 AND vintage=?4",
                params![o.indicator, o.region, period, v],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
        };
        let mut vintage = o.vintage.clone();
        let mut k = 2;
        while taken(&vintage)? {
            vintage = format!("{} #{k}", o.vintage);
            k += 1;
        }
        let revised = tx
            .query_row(
                "SELECT COUNT(*) FROM observation WHERE indicator=?1 AND region=?2 AND period=?3",
                params![o.indicator, o.region, period],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)?;
        tx.execute(
            "INSERT INTO observation (indicator, region, period, position, value, source_id, vintage, note, low, high, run_scenario, run_policy, run_edition, run_framing) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![o.indicator, o.region, period, o.period.position(), o.value, o.source_id, vintage, o.note, o.bracket.map(|b| b.0), o.bracket.map(|b| b.1), run.scenario, run.policy, run.edition, run.framing],
        )?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        tx.execute(
            "INSERT INTO import_log (file, at_unix, new, revised, unchanged) VALUES (?1, ?2, ?3, ?4, 0)",
            params![what, now, i64::from(!revised), i64::from(revised)],
        )?;
        tx.commit()?;
        Ok(Recorded::New { vintage })
    }

    /// Declares the run `run` of `indicator` official (replacing an earlier
    /// declaration), at `declared_at`. Refused when no vintage of that run
    /// is stored: a run is recorded before it is declared.
    pub fn set_official(
        &mut self,
        indicator: &str,
        run: &RunKey,
        declared_at: &str,
    ) -> Result<(), MonitorError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n: i64 = tx.query_row(
            "SELECT COUNT(*) FROM observation WHERE indicator=?1 AND run_scenario=?2 AND run_policy IS ?3 AND run_edition=?4 AND run_framing=?5",
            params![indicator, run.scenario, run.policy, run.edition, run.framing],
            |r| r.get(0),
        )?;
        if n == 0 {
            return Err(MonitorError::Input(
                crate::Problem::in_file(
                    "set-official",
                    format!("no run of {indicator} with {run} is recorded: record it first (record-model), then declare it official"),
                )
                .into(),
            ));
        }
        tx.execute(
            "INSERT OR REPLACE INTO official_run (indicator, scenario, policy, edition, framing, declared_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![indicator, run.scenario, run.policy, run.edition, run.framing, declared_at],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The run declared official for `indicator`, if any.
    pub fn official(&self, indicator: &str) -> Result<Option<Official>, MonitorError> {
        Ok(self
            .conn
            .query_row(
                "SELECT scenario, policy, edition, framing, declared_at FROM official_run WHERE indicator=?1",
                params![indicator],
                |r| {
                    Ok(Official {
                        key: RunKey {
                            scenario: r.get(0)?,
                            policy: r.get(1)?,
                            edition: r.get(2)?,
                            framing: r.get(3)?,
                        },
                        declared_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every declaration of an official run, as one string that changes
    /// when one does (a cache key).
    pub fn official_stamp(&self) -> Result<String, MonitorError> {
        let mut stmt = self.conn.prepare(
            "SELECT indicator || ' ' || declared_at || ' ' || scenario FROM official_run ORDER BY indicator",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?.join("; "))
    }

    /// The recorded runs of `indicator` in `region`: per run (keys) its
    /// latest vintage, in recording order (a run recorded before runs had
    /// keys is listed per vintage, with `run` None).
    pub fn runs(&self, indicator: &str, region: &str) -> Result<Vec<Row>, MonitorError> {
        let mut out: Vec<Row> = Vec::new();
        let mut rows: Vec<Row> = self
            .rows(indicator)?
            .into_iter()
            .filter(|r| r.region == region)
            .collect();
        rows.sort_by(|a, b| a.vintage.cmp(&b.vintage));
        for r in rows {
            match out.iter().position(|o| o.run.is_some() && o.run == r.run) {
                Some(k) => {
                    out.remove(k);
                    out.push(r);
                }
                None => out.push(r),
            }
        }
        Ok(out)
    }

    /// [`Store::runs`] split into the run declared official (with its
    /// declaration) and the other runs.
    pub fn runs_split(&self, indicator: &str, region: &str) -> Result<Runs, MonitorError> {
        let official = self.official(indicator)?;
        let mut out = Runs {
            official: None,
            others: Vec::new(),
        };
        for r in self.runs(indicator, region)? {
            match &official {
                Some(o) if r.run.as_ref() == Some(&o.key) => out.official = Some((o.clone(), r)),
                _ => out.others.push(r),
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
            bracket: None,
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

    #[test]
    fn a_model_run_is_recorded_once_with_its_bracket() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("m.sqlite")).expect("opens");
        let run = |value: f64, note: &str| Observation {
            bracket: Some((value - 10.0, value + 20.0)),
            note: note.into(),
            ..obs(Period::Year(2030), value, "2026-11-23 e1 / s1 / none")
        };
        let key = RunKey {
            scenario: "s1".into(),
            policy: None,
            edition: "e1".into(),
            framing: "base-year".into(),
        };
        let first = s
            .record("model", &run(100.0, "e1; s1; none"), &key)
            .expect("records");
        assert_eq!(
            first,
            Recorded::New {
                vintage: "2026-11-23 e1 / s1 / none".into()
            }
        );
        // Same inputs, same result: nothing new, also on another day.
        let again = Observation {
            vintage: "2026-12-01 e1 / s1 / none".into(),
            ..run(100.0, "e1; s1; none")
        };
        assert_eq!(
            s.record("model", &again, &key).expect("no-op"),
            Recorded::Unchanged {
                vintage: "2026-11-23 e1 / s1 / none".into()
            }
        );
        assert_eq!(s.count().expect("counts"), 1);
        // Same label, another result (a changed file): a new vintage, suffixed.
        let changed = s
            .record("model", &run(90.0, "e1; s1; none"), &key)
            .expect("records");
        assert_eq!(
            changed,
            Recorded::New {
                vintage: "2026-11-23 e1 / s1 / none #2".into()
            }
        );
        let series = s.series("x", "NL").expect("reads");
        assert_eq!(series.len(), 1);
        assert_eq!(series[0].value, 90.0);
        assert_eq!(series[0].bracket, Some((80.0, 110.0)));
        assert_eq!(series[0].earlier.len(), 1);
        let rows = s.rows("x").expect("rows");
        assert_eq!(rows.len(), 2);
        assert!(!rows[0].latest && rows[1].latest);
        assert_eq!(rows[0].bracket, Some((90.0, 120.0)));
        assert_eq!(rows[1].run.as_ref(), Some(&key));
    }

    fn model_indicator() -> crate::Indicator {
        crate::Indicator {
            id: "x".into(),
            name_nl: "x".into(),
            name_en: "x".into(),
            pillar: crate::Pillar::Arbeidsmarkt,
            unit: "fte".into(),
            definition: String::new(),
            source_id: crate::registry::MODEL_SOURCE.into(),
            definition_version: "v1".into(),
            periodicity: "year".into(),
            target: Some((0.0, 2030)),
            direction: crate::Direction::Down,
            plausible: (-1e6, 1e6),
        }
    }

    /// Recording another run after a declaration leaves the official run's
    /// figure as the series shown; a run never recorded cannot be declared.
    #[test]
    fn the_official_run_is_declared_not_the_last_recorded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("m.sqlite")).expect("opens");
        let ind = model_indicator();
        let key = |sc: &str| RunKey {
            scenario: sc.into(),
            policy: None,
            edition: "e1".into(),
            framing: "base-year".into(),
        };
        let o = |v: f64, vintage: &str| obs(Period::Year(2030), v, vintage);
        s.record("model", &o(100.0, "2026-12-01T10"), &key("s55"))
            .expect("records");
        assert!(s.official("x").expect("reads").is_none());
        // Without a declaration nothing is shown, whatever was recorded.
        assert!(s.series_shown(&ind, "NL").expect("reads").is_empty());
        let err = s
            .set_official("x", &key("s60"), "2026-12-01")
            .expect_err("never recorded");
        assert!(
            err.to_string().contains("no run of x with scenario s60"),
            "{err}"
        );
        s.set_official("x", &key("s55"), "2026-12-01")
            .expect("declares");
        s.record("model", &o(200.0, "2026-12-02T10"), &key("s60"))
            .expect("records");
        let shown = s.series_shown(&ind, "NL").expect("reads");
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].value, 100.0);
        assert!(shown[0].earlier.is_empty());
        // The raw series is every run, the last one latest.
        assert_eq!(s.series("x", "NL").expect("reads")[0].value, 200.0);
        let official = s.official("x").expect("reads").expect("declared");
        assert_eq!(official.key, key("s55"));
        assert_eq!(official.declared_at, "2026-12-01");
        let runs = s.runs("x", "NL").expect("runs");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].run, Some(key("s55")));
        // A new vintage of the official run is shown, the old one earlier.
        s.record("model", &o(110.0, "2026-12-03T10"), &key("s55"))
            .expect("records");
        let shown = s.series_shown(&ind, "NL").expect("reads");
        assert_eq!(shown[0].value, 110.0);
        assert_eq!(shown[0].earlier.len(), 1);
        let runs = s.runs("x", "NL").expect("runs");
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].value, 110.0);
    }

    /// A store of schema 3 with a model run recorded before runs had keys
    /// opens, keeps the row (without keys) and has no official run.
    #[test]
    fn a_version_three_store_with_an_old_run_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let c = Connection::open(&path).expect("opens");
            for m in &MIGRATIONS[..3] {
                c.execute_batch(m).expect("old schema");
            }
            c.execute(
                "INSERT INTO observation (indicator, region, period, position, value, source_id, vintage, note, low, high) VALUES ('x', 'NL', '2030', 2030.5, 42.0, 'krapte', '2026-11-01T10 run', 'dataset edition e0; scenario s55; policy none', 40.0, 50.0)",
                [],
            )
            .expect("row");
            c.pragma_update(None, "user_version", 3).expect("version");
        }
        let mut s = Store::open(&path).expect("migrates");
        let rows = s.rows("x").expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].run, None);
        assert_eq!(rows[0].bracket, Some((40.0, 50.0)));
        assert_eq!(s.runs("x", "NL").expect("runs").len(), 1);
        assert!(s.official("x").expect("reads").is_none());
        assert!(s
            .series_shown(&model_indicator(), "NL")
            .expect("reads")
            .is_empty());
        // The old run has no keys: it cannot be declared official.
        let key = RunKey {
            scenario: "s55".into(),
            policy: None,
            edition: "e0".into(),
            framing: "base-year".into(),
        };
        assert!(s.set_official("x", &key, "2026-12-01").is_err());
    }

    /// A store written by the first schema opens, gains the bracket columns
    /// and keeps its rows.
    #[test]
    fn a_version_one_store_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let c = Connection::open(&path).expect("opens");
            c.execute_batch(MIGRATIONS[0]).expect("v1 schema");
            c.execute(
                "INSERT INTO observation VALUES ('x', 'PV20', '2023', 2023.5, 5.0, 'S', '2024-01-01', '')",
                [],
            )
            .expect("row");
            c.pragma_update(None, "user_version", 1).expect("version");
        }
        let s = Store::open(&path).expect("migrates");
        let rows = s.rows("x").expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].bracket, None);
        assert_eq!(s.regions("x").expect("regions"), vec!["PV20".to_string()]);
    }
}
