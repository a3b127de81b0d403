//! The one presentation structure of the CLI: a [`Report`] of [`Table`]s.
//! Every table states its unit, year and basis (gross/net) and every value
//! carries its low/central/high bracket, so the same report renders to a
//! terminal table, CSV, JSON and an xlsx workbook without losing a label.

use serde_json::{json, Map, Value};

/// A value with its bracket: every parameter at its low, central or high end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct R3 {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl R3 {
    pub fn new(low: f64, central: f64, high: f64) -> R3 {
        // Net figures can invert (low demand with high losses): keep low <=
        // high. A missing (NaN) end stays missing (min/max would replace
        // it by the other end).
        let (low, high) = if low > high { (high, low) } else { (low, high) };
        R3 { low, central, high }
    }
    pub fn point(v: f64) -> R3 {
        R3 {
            low: v,
            central: v,
            high: v,
        }
    }
    pub fn sub(self, o: R3) -> R3 {
        R3::new(
            self.low - o.low,
            self.central - o.central,
            self.high - o.high,
        )
    }
}

/// What a value column holds.
#[derive(Debug, Clone)]
pub struct Column {
    /// Machine name, e.g. `gross_fte`.
    pub name: String,
    /// Human header, e.g. `gross`.
    pub header: String,
    /// Show low–high next to the central value.
    pub ranged: bool,
}

/// How a value column's numbers read in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// A probability or share 0–1: a percentage.
    Percent,
    /// A count or amount.
    Amount,
}

impl Column {
    /// Probabilities, shares and variance indices are fractions 0–1.
    pub fn kind(&self, table_unit: &str) -> NumberKind {
        let n = self.name.to_ascii_lowercase();
        if n.contains("probability")
            || n.contains("share")
            || n.contains("index")
            || table_unit == "share"
        {
            NumberKind::Percent
        } else {
            NumberKind::Amount
        }
    }
}

impl Column {
    /// A column of single values (counts, ratios) without a bracket.
    pub fn plain(name: &str, header: &str) -> Column {
        Column {
            name: name.into(),
            header: header.into(),
            ranged: false,
        }
    }

    pub fn ranged(name: &str, header: &str) -> Column {
        Column {
            name: name.into(),
            header: header.into(),
            ranged: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub keys: Vec<String>,
    pub values: Vec<R3>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Stable id, used as CSV table name, JSON key and xlsx sheet name.
    pub id: String,
    pub title: String,
    pub unit: String,
    /// The year the table describes (None when it has a year column).
    pub year: Option<u16>,
    /// "gross", "net", "gross and net" or "" for non-fte tables.
    pub basis: String,
    pub key_columns: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Lines printed under the table.
    pub notes: Vec<String>,
    /// Name of its xlsx sheet when the id would not fit 31 characters
    /// readably (None: the id).
    pub sheet: Option<String>,
    /// Too long for a terminal: the text output names it, the CSV, JSON
    /// and xlsx outputs hold it.
    pub files_only: bool,
}

impl Table {
    pub fn new(
        id: &str,
        title: impl Into<String>,
        unit: &str,
        year: Option<u16>,
        basis: &str,
    ) -> Table {
        Table {
            id: id.into(),
            title: title.into(),
            unit: unit.into(),
            year,
            basis: basis.into(),
            key_columns: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            sheet: None,
            files_only: false,
        }
    }

    pub fn keys(mut self, keys: &[&str]) -> Table {
        self.key_columns = keys.iter().map(|k| k.to_string()).collect();
        self
    }

    pub fn columns(mut self, cols: Vec<Column>) -> Table {
        self.columns = cols;
        self
    }

    pub fn push(&mut self, keys: Vec<String>, values: Vec<R3>) {
        debug_assert_eq!(keys.len(), self.key_columns.len());
        debug_assert_eq!(values.len(), self.columns.len());
        self.rows.push(Row { keys, values });
    }

    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let mut o = Map::new();
                for (k, v) in self.key_columns.iter().zip(&r.keys) {
                    o.insert(k.clone(), Value::String(v.clone()));
                }
                for (c, v) in self.columns.iter().zip(&r.values) {
                    let val = if c.ranged {
                        json!({"low": v.low, "central": v.central, "high": v.high})
                    } else {
                        json!(v.central)
                    };
                    o.insert(c.name.clone(), val);
                }
                Value::Object(o)
            })
            .collect();
        json!({
            "id": self.id,
            "title": self.title,
            "unit": self.unit,
            "year": self.year,
            "basis": self.basis,
            "rows": rows,
            "notes": self.notes,
        })
    }
}

/// A labelled assumption of the dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssumptionRef {
    pub file: String,
    pub item: String,
    pub value: String,
    pub reason: String,
}

/// A source of the dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub year: String,
    pub url: String,
}

/// Metadata printed with every result.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub command: String,
    pub dataset_edition: String,
    pub dataset_dir: String,
    pub base_year: u16,
    pub io_year: u16,
    pub scenario: String,
    pub scenario_file: String,
    pub lines: Vec<String>,
    /// The question the output answers (the workbook's "Lees mij").
    pub question: String,
    /// The policy, when the command has one.
    pub policy: String,
    /// The date of the run (YYYY-MM-DD, UTC) and how it was called.
    pub date: String,
    pub command_line: String,
    pub assumptions: Vec<AssumptionRef>,
    pub sources: Vec<SourceRef>,
    /// The five headline lines, when the command ran the Monte Carlo.
    pub headline: Option<krapte_present::Headline>,
    /// The tables the terminal shows without `--full` (ids; empty: all).
    pub short_tables: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// The header, with the headline the output opens with (`gap`, `plan`,
    /// `report`; none with `--draws 0`).
    pub meta: Meta,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn new(meta: Meta, tables: Vec<Table>) -> Report {
        Report { meta, tables }
    }

    pub fn to_json(&self) -> Value {
        let m = &self.meta;
        json!({
            "krapte_version": env!("CARGO_PKG_VERSION"),
            "command": m.command,
            "dataset": {"edition": m.dataset_edition, "dir": m.dataset_dir, "base_year": m.base_year, "io_year": m.io_year},
            "scenario": {"name": m.scenario, "file": m.scenario_file},
            "headline": m.headline.as_ref().map(crate::headline::json),
            "notes": m.lines,
            "tables": self.tables.iter().map(Table::to_json).collect::<Vec<_>>(),
        })
    }

    /// The tables, the headline's first when there is one (CSV, xlsx).
    pub fn all_tables(&self) -> Vec<Table> {
        self.meta
            .headline
            .as_ref()
            .map(crate::headline::table)
            .into_iter()
            .chain(self.tables.iter().cloned())
            .collect()
    }
}
