//! # krapte-pdf
//!
//! Typesets a document with [typst](https://typst.app) used as a library:
//! this crate is typst's `World` for one document. The typst source and the
//! files it reads (the report's data as JSON) are handed in; the fonts
//! (Lato, SIL Open Font License, `fonts/`) are compiled into the binary.
//! Nothing is read from disk or the network at run time and no browser is
//! involved. Besides the PDF, [`typeset`] returns each page's size and text,
//! so that tests can check what a reader sees.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The embedded fonts: Lato regular, bold and italic (`fonts/PROVENANCE.md`).
const FONTS: [&[u8]; 3] = [
    include_bytes!("../fonts/Lato-Regular.ttf"),
    include_bytes!("../fonts/Lato-Bold.ttf"),
    include_bytes!("../fonts/Lato-Italic.ttf"),
];

/// The family name of the embedded fonts, for `#set text(font: ..)` and SVG.
pub const FONT_FAMILY: &str = "Lato";

/// The licence of the embedded fonts (to ship beside a binary).
pub const FONT_LICENCE: &str = include_str!("../fonts/OFL.txt");

/// One typeset page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Size in points (A4: 595.28 x 841.89).
    pub width_pt: f64,
    pub height_pt: f64,
    /// The page's text in reading order of the layout (runs joined by spaces).
    pub text: String,
}

/// The typeset document.
#[derive(Debug, Clone)]
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: Vec<Page>,
}

/// A file the document can read, by its path in the document's folder.
pub struct File<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
}

/// The parsed fonts, once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS_LOADED: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS_LOADED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

struct Doc {
    main: FileId,
    sources: Vec<(FileId, Source)>,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("file path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| FileError::NotFound(std::path::PathBuf::from(format!("{id:?}"))))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((_, s)) = self.sources.iter().find(|(i, _)| *i == id) {
            return Ok(Bytes::from_string(s.clone()));
        }
        self.files
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| FileError::NotFound(std::path::PathBuf::from(format!("{id:?}"))))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// A diagnostic as one line: the message and where in the source.
fn diagnostic(world: &Doc, d: &SourceDiagnostic) -> String {
    let place = d.span.id().and_then(|id| {
        let (_, src) = world.sources.iter().find(|(i, _)| *i == id)?;
        let range = world.range(d.span)?;
        let line = src.text().get(..range.start)?.matches('\n').count() + 1;
        Some(format!("line {line}: "))
    });
    format!("{}{}", place.unwrap_or_default(), d.message)
}

/// Typesets `main` (typst markup) that may read `files`; `today` is the
/// date `datetime.today()` gives (year, month, day).
pub fn typeset(main: &str, files: &[File<'_>], today: (i32, u8, u8)) -> Result<Typeset, String> {
    let main_id = file_id("/main.typ")?;
    let sources = vec![(main_id, Source::new(main_id, main.to_string()))];
    let mut data = Vec::with_capacity(files.len());
    for f in files {
        data.push((
            file_id(&format!("/{}", f.path))?,
            Bytes::new(f.bytes.to_vec()),
        ));
    }
    let doc = Doc {
        main: main_id,
        sources,
        files: data,
        today: Datetime::from_ymd(today.0, today.1, today.2),
    };
    let warned = typst::compile::<PagedDocument>(&doc);
    let document = warned.output.map_err(|errs| {
        let lines: Vec<String> = errs.iter().take(10).map(|d| diagnostic(&doc, d)).collect();
        format!("the report could not be typeset:\n  {}", lines.join("\n  "))
    })?;
    let pdf = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errs| {
        let lines: Vec<String> = errs
            .iter()
            .take(10)
            .map(|d| d.message.to_string())
            .collect();
        format!("the PDF could not be written:\n  {}", lines.join("\n  "))
    })?;
    let pages = document
        .pages()
        .iter()
        .map(|p| {
            let mut text = String::new();
            collect_text(&p.frame, &mut text);
            Page {
                width_pt: p.frame.width().to_pt(),
                height_pt: p.frame.height().to_pt(),
                text,
            }
        })
        .collect();
    Ok(Typeset { pdf, pages })
}

fn collect_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => collect_text(&g.frame, out),
            FrameItem::Text(t) => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(&t.text);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_a4_page_with_embedded_lato_and_an_svg() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 40\" width=\"100\" height=\"40\"><text x=\"5\" y=\"20\" font-family=\"Lato\" font-size=\"12\">−1.000.000</text></svg>";
        let main = "#set page(paper: \"a4\")\n#set text(font: \"Lato\", lang: \"nl\")\n= Samenvatting\nHet tekort: −2.546 fte. #json(\"data.json\").at(\"x\")\n#image(\"chart.svg\", width: 5cm)\n#pagebreak()\nTweede pagina, #datetime.today().display()";
        let out = typeset(
            main,
            &[
                File {
                    path: "data.json",
                    bytes: b"{\"x\": \"uit JSON\"}",
                },
                File {
                    path: "chart.svg",
                    bytes: svg.as_bytes(),
                },
            ],
            (2026, 5, 1),
        )
        .expect("typeset");
        assert_eq!(out.pages.len(), 2);
        let p = &out.pages[0];
        assert!((p.width_pt - 595.28).abs() < 0.1 && (p.height_pt - 841.89).abs() < 0.1);
        assert!(p.text.contains("Samenvatting"), "{}", p.text);
        assert!(p.text.contains("−2.546"), "{}", p.text);
        assert!(p.text.contains("uit JSON"), "{}", p.text);
        assert!(
            out.pages[1].text.contains("2026-05-01"),
            "{}",
            out.pages[1].text
        );
        assert!(out.pdf.starts_with(b"%PDF-"));
        // The font is embedded (a font file stream), not referenced.
        let pdf = String::from_utf8_lossy(&out.pdf);
        assert!(
            pdf.contains("/FontFile2") || pdf.contains("/FontFile3"),
            "no embedded font"
        );
        assert!(pdf.contains("Lato"));
    }

    #[test]
    fn an_error_names_its_line() {
        let err = typeset("= Kop\n#nonexistent()", &[], (2026, 1, 1)).expect_err("fails");
        assert!(err.contains("line 2"), "{err}");
    }
}
