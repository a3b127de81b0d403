//! The voortgangsrapportage (`krapte report --out rapport.pdf|.html`):
//! the plan's two-yearly progress report, in Dutch (`--lang en`: English).
//!
//! [`gather`] runs the doorrekening (the gap, the plan, the Monte Carlo)
//! and reads the monitor; [`write`] turns the figures into a [`doc::Doc`]
//! of blocks in the report's language; the blocks become one
//! self-contained HTML file or, through typst (`krapte-pdf`), an A4 PDF
//! with the fonts embedded. Both come from the same blocks.

pub mod doc;
mod gather;
mod write;

use std::path::Path;

use krapte_present::Lang;

pub use gather::{gather, Figures, Inputs};

/// The typst layout of the PDF.
#[cfg(feature = "pdf")]
pub const TEMPLATE: &str = include_str!("report.typ");

/// The file kinds the report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Html,
}

impl Kind {
    /// The kind an output path asks for (`None`: a table format).
    pub fn of(path: &Path) -> Option<Kind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "pdf" => Some(Kind::Pdf),
            "html" | "htm" => Some(Kind::Html),
            _ => None,
        }
    }
}

/// The report's blocks in `lang`.
pub fn document(f: &Figures, lang: Lang) -> doc::Doc {
    write::document(f, lang)
}

/// Whether this build has the PDF typesetter (the cargo feature `pdf`,
/// on by default; CI builds its release binary without it, see `.ci/run`).
pub const HAS_PDF: bool = cfg!(feature = "pdf");

/// The report as PDF bytes.
pub fn pdf_bytes(d: &doc::Doc, today: (i32, u8, u8)) -> Result<Vec<u8>, String> {
    #[cfg(feature = "pdf")]
    {
        pdf(d, today).map(|t| t.pdf)
    }
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (d, today);
        Err(NO_PDF.into())
    }
}

/// Why a build without the feature `pdf` writes no PDF.
pub const NO_PDF: &str = "this krapte was built without the PDF typesetter (cargo feature `pdf`, on by default): build it with the default features, or write the report as .html";

/// The report as PDF bytes, with its pages (size and text) for checks.
#[cfg(feature = "pdf")]
pub fn pdf(d: &doc::Doc, today: (i32, u8, u8)) -> Result<krapte_pdf::Typeset, String> {
    let json = d.to_json()?;
    krapte_pdf::typeset(
        TEMPLATE,
        &[krapte_pdf::File {
            path: "data.json",
            bytes: json.as_bytes(),
        }],
        today,
    )
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;
    use krapte_present::Headline;

    fn root() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// The report of the toy dataset, its scenario to 2030 and policy.
    fn toy_figures(dir: &Path, lang: Lang) -> Figures {
        let toy = root().join("tests/fixtures/toy");
        let text = std::fs::read_to_string(toy.join("scenario.toml")).expect("scenario");
        let sc = dir.join("toy2030.toml");
        std::fs::write(&sc, text.replace("horizon = 2028", "horizon = 2030")).expect("write");
        let s = crate::session::load(&toy).expect("toy loads");
        let m = crate::reports::monitor::open(
            &root().join("tests/fixtures/monitor"),
            &dir.join("m.sqlite"),
        )
        .expect("monitor");
        let policy = toy.join("policy.toml");
        gather(&Inputs {
            session: &s,
            scenario: sc.to_str(),
            policy: policy.to_str(),
            monitor: &m,
            draws: 300,
            seed: 7,
            today: (2026, 5, 1),
            lang,
        })
        .expect("figures")
    }

    /// Issue 19's test: the PDF is A4, has a sane number of pages, the Dutch
    /// headings, and its first page states every figure of the headline as
    /// the JSON output holds it.
    #[test]
    fn the_pdf_report_is_dutch_a4_and_says_what_the_json_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = toy_figures(dir.path(), Lang::Nl);
        let d = document(&f, Lang::Nl);
        let out = pdf(&d, (2026, 5, 1)).expect("typeset");
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert!(
            (4..=40).contains(&out.pages.len()),
            "{} pages",
            out.pages.len()
        );
        for (k, p) in out.pages.iter().enumerate() {
            assert!(
                (p.width_pt - 595.28).abs() < 0.5 && (p.height_pt - 841.89).abs() < 0.5,
                "page {} is {} x {} pt, not A4",
                k + 1,
                p.width_pt,
                p.height_pt
            );
        }
        let all: String = out
            .pages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for h in [
            "Voortgangsrapportage Actieplan Groene en Digitale Banen",
            "Samenvatting",
            "In gewone woorden",
            "Wat is er veranderd sinds de vorige rapportage",
            "Doorrekening",
            "Het tekort aan technici per jaar",
            "Technici per opleidingsniveau in 2030",
            "Technici per provincie in 2030",
            "De drie pijlers",
            "Bijlage: methode, aannames en bronnen",
        ] {
            assert!(all.contains(h), "heading '{h}' missing");
        }
        // Page 1: the summary, with every headline figure as the JSON has it.
        let first = &out.pages[0].text;
        let json = serde_json::to_value(&f.headline).expect("json");
        let num = |v: &serde_json::Value| v.as_f64().expect("number");
        let fte = |v: &serde_json::Value| Headline::fte(Lang::Nl, num(v));
        let mut figures = vec![
            fte(&json["climate_need"]["p50"]),
            fte(&json["gap_without"]["p50"]),
            fte(&json["gap_without"]["p5"]),
            fte(&json["gap_without"]["p95"]),
            fte(&json["gap_with"]["p50"]),
            Lang::Nl.pct(num(&json["no_gap_without"])),
            Lang::Nl.pct(num(&json["no_gap_with"])),
        ];
        for d in json["digital"].as_array().expect("digital") {
            figures.push(Headline::persons(Lang::Nl, num(&d["persons"]["p50"])));
            figures.push(Lang::Nl.pct(num(&d["probability"])));
        }
        // Every headline line, the decomposition included, as it is worded.
        for l in f.headline.lines(Lang::Nl) {
            figures.push(l.text);
        }
        // Typst breaks lines between words and hyphenates with soft hyphens:
        // compare without spaces and soft hyphens.
        let squeeze = |s: &str| {
            s.split_whitespace()
                .collect::<String>()
                .replace('\u{ad}', "")
        };
        let first_squeezed = squeeze(first);
        for fig in figures {
            assert!(
                first_squeezed.contains(&squeeze(&fig)),
                "'{fig}' not on page 1: {first}"
            );
        }
        assert!(first.contains("centrale berekening (alle parameters op hun centrale waarde)"));
        // The summary is one page: the next heading opens page 2.
        assert!(
            out.pages[1].text.contains("Doorrekening"),
            "{}",
            out.pages[1].text
        );
    }

    #[test]
    fn nothing_is_called_closed_below_one_half() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = toy_figures(dir.path(), Lang::En);
        let html = document(&f, Lang::En).html();
        let p = f.headline.no_gap_with.unwrap_or(f.headline.no_gap_without);
        if p < 0.5 {
            for w in ["gap closed", "is closed", "goal met", " met in "] {
                assert!(!html.contains(w), "'{w}' with P = {p}");
            }
        }
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("Summary"));
    }
}
