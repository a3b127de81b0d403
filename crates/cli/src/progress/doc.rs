//! The report as a list of blocks (headings, paragraphs, tables, figures),
//! built once and rendered twice: as HTML ([`Doc::html`]) and as the JSON
//! the typst template typesets into the PDF ([`Doc::to_json`]). So the two
//! say the same, word for word.

use std::fmt::Write as _;

use krapte_present::{esc, Lang};
use serde::Serialize;

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

/// Text made of runs.
pub type Rich = Vec<Run>;

pub fn plain(s: impl Into<String>) -> Rich {
    vec![Run {
        text: s.into(),
        bold: false,
    }]
}

pub fn bold(s: impl Into<String>) -> Run {
    Run {
        text: s.into(),
        bold: true,
    }
}

pub fn run(s: impl Into<String>) -> Run {
    Run {
        text: s.into(),
        bold: false,
    }
}

/// How a table column aligns and how much room it gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Col {
    pub header: String,
    /// Numbers align right.
    pub numeric: bool,
    /// Relative width (text columns take more).
    pub weight: f64,
}

impl Col {
    pub fn text(header: &str, weight: f64) -> Col {
        Col {
            header: header.into(),
            numeric: false,
            weight,
        }
    }
    pub fn num(header: &str) -> Col {
        Col {
            header: header.into(),
            numeric: true,
            weight: 1.0,
        }
    }
}

/// One block of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A section heading; level 1 starts a new page in the PDF.
    Heading {
        level: u8,
        text: String,
        id: String,
    },
    Para {
        runs: Rich,
    },
    /// Smaller, grey: units, sources, caveats.
    Note {
        runs: Rich,
    },
    Bullets {
        items: Vec<Rich>,
    },
    /// The headline: label and sentence per line, boxed.
    Headline {
        lines: Vec<(String, String)>,
    },
    Table {
        caption: String,
        cols: Vec<Col>,
        rows: Vec<Vec<String>>,
        note: String,
    },
    /// An SVG chart; `width` is its share of the text width (0–1).
    Figure {
        svg: String,
        caption: String,
        width: f64,
    },
    /// Scorecard: indicator, latest, target, verdict (with a class for colour).
    Scorecard {
        caption: String,
        cols: Vec<Col>,
        rows: Vec<(Vec<String>, String)>,
    },
    /// Small multiples: a title, a few lines, a chart and a note each, two
    /// to a row.
    Cards {
        cards: Vec<Card>,
    },
}

/// One small multiple.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    pub title: String,
    pub lines: Vec<String>,
    pub svg: String,
    pub note: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    pub date: String,
    /// Running footer text (page numbers are added).
    pub footer: String,
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn new(lang: Lang, title: &str, subtitle: &str, date: &str, footer: &str) -> Doc {
        Doc {
            lang: lang.code().into(),
            title: title.into(),
            subtitle: subtitle.into(),
            date: date.into(),
            footer: footer.into(),
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    pub fn h1(&mut self, id: &str, text: &str) {
        self.push(Block::Heading {
            level: 1,
            text: text.into(),
            id: id.into(),
        });
    }

    pub fn h2(&mut self, id: &str, text: &str) {
        self.push(Block::Heading {
            level: 2,
            text: text.into(),
            id: id.into(),
        });
    }

    pub fn para(&mut self, runs: Rich) {
        self.push(Block::Para { runs });
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.push(Block::Note { runs: plain(s) });
    }

    // The PDF's input (and a test's); unused in a build without `pdf`.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }

    /// Every heading's text, in order.
    #[cfg(test)]
    pub fn headings(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The report as one self-contained HTML file (no scripts, no
    /// external files; prints on A4).
    pub fn html(&self) -> String {
        let mut s = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p class=\"sub\">{}</p><p class=\"date\">{}</p></header><main>",
            self.lang,
            esc(&self.title),
            esc(&self.title),
            esc(&self.subtitle),
            esc(&self.date)
        );
        let mut first_h1 = true;
        for b in &self.blocks {
            match b {
                Block::Heading { level, text, id } => {
                    let class = if *level == 1 && !first_h1 {
                        " class=\"newpage\""
                    } else {
                        ""
                    };
                    if *level == 1 {
                        first_h1 = false;
                    }
                    let tag = (*level + 1).min(4);
                    let _ = write!(
                        s,
                        "<h{tag} id=\"{}\"{class}>{}</h{tag}>",
                        esc(id),
                        esc(text)
                    );
                }
                Block::Para { runs } => {
                    let _ = write!(s, "<p>{}</p>", rich_html(runs));
                }
                Block::Note { runs } => {
                    let _ = write!(s, "<p class=\"note\">{}</p>", rich_html(runs));
                }
                Block::Bullets { items } => {
                    s.push_str("<ul>");
                    for i in items {
                        let _ = write!(s, "<li>{}</li>", rich_html(i));
                    }
                    s.push_str("</ul>");
                }
                Block::Headline { lines } => {
                    s.push_str("<dl class=\"headline\">");
                    for (label, text) in lines {
                        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(text));
                    }
                    s.push_str("</dl>");
                }
                Block::Table {
                    caption,
                    cols,
                    rows,
                    note,
                } => {
                    s.push_str(&table_html(
                        caption,
                        cols,
                        rows.iter().map(|r| (r, "")),
                        note,
                    ));
                }
                Block::Scorecard {
                    caption,
                    cols,
                    rows,
                } => {
                    s.push_str(&table_html(
                        caption,
                        cols,
                        rows.iter().map(|(r, c)| (r, c.as_str())),
                        "",
                    ));
                }
                Block::Figure {
                    svg,
                    caption,
                    width,
                } => {
                    let _ = write!(
                        s,
                        "<figure style=\"max-width:{:.0}%\">{svg}<figcaption>{}</figcaption></figure>",
                        width * 100.0,
                        esc(caption)
                    );
                }
                Block::Cards { cards } => {
                    s.push_str("<div class=\"cards\">");
                    for c in cards {
                        let _ = write!(s, "<section class=\"card\"><h4>{}</h4>", esc(&c.title));
                        for l in &c.lines {
                            let _ = write!(s, "<p>{}</p>", esc(l));
                        }
                        let _ = write!(
                            s,
                            "{}<p class=\"note\">{}</p></section>",
                            c.svg,
                            esc(&c.note)
                        );
                    }
                    s.push_str("</div>");
                }
            }
        }
        let _ = write!(
            s,
            "</main><footer><p class=\"note\">{}</p></footer></body></html>",
            esc(&self.footer)
        );
        s
    }
}

fn rich_html(runs: &Rich) -> String {
    runs.iter()
        .map(|r| {
            if r.bold {
                format!("<strong>{}</strong>", esc(&r.text))
            } else {
                esc(&r.text)
            }
        })
        .collect()
}

fn table_html<'a>(
    caption: &str,
    cols: &[Col],
    rows: impl Iterator<Item = (&'a Vec<String>, &'a str)>,
    note: &str,
) -> String {
    let mut s = format!(
        "<div class=\"tw\"><table><caption>{}</caption><thead><tr>",
        esc(caption)
    );
    for c in cols {
        let class = if c.numeric { " class=\"n\"" } else { "" };
        let _ = write!(s, "<th scope=\"col\"{class}>{}</th>", esc(&c.header));
    }
    s.push_str("</tr></thead><tbody>");
    for (r, class) in rows {
        s.push_str("<tr>");
        for (k, (cell, c)) in r.iter().zip(cols).enumerate() {
            let mut classes = Vec::new();
            if c.numeric {
                classes.push("n");
            }
            if k == r.len() - 1 && !class.is_empty() {
                classes.push(class);
            }
            let attr = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", classes.join(" "))
            };
            let _ = write!(s, "<td{attr}>{}</td>", esc(cell));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    if !note.is_empty() {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(note));
    }
    s
}

const STYLE: &str = "body{font-family:Lato,'Open Sans',system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
header h1{font-size:1.7rem;color:#154273;margin-bottom:.2rem}.sub{font-size:1.1rem;margin:.2rem 0}.date{color:#545454;margin:.2rem 0 1.5rem}
h2{color:#154273;border-bottom:2px solid #154273;margin-top:2.5rem}h3{color:#154273;margin-top:1.8rem}h4{margin-top:1.2rem}
dl.headline{border-left:5px solid #154273;background:#eef3f9;padding:.6rem 1rem;margin:1rem 0}
dl.headline dt{font-weight:700;margin-top:.4rem}dl.headline dd{margin:0 0 .2rem 0}
.tw{overflow-x:auto}table{border-collapse:collapse;margin:1rem 0;font-size:.85rem;width:100%}
caption{text-align:left;font-weight:700;padding-bottom:.3rem}th{text-align:left;border-bottom:2px solid #154273;padding:.25rem .4rem;vertical-align:bottom}
td{border-bottom:1px solid #ddd;padding:.25rem .4rem;vertical-align:top}.n{text-align:right;white-space:nowrap}
td.on{color:#1a7f37;font-weight:700}td.off{color:#b42318;font-weight:700}td.mid{color:#8a5a00;font-weight:700}
figure{margin:1rem 0}figure svg{width:100%;height:auto}figcaption{font-size:.85rem;color:#545454}
.note{font-size:.85rem;color:#545454;margin:.3rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}.card{break-inside:avoid}.card h4{margin:.6rem 0 .2rem;color:#154273}.card p{margin:.1rem 0;font-size:.9rem}.card svg{width:100%;height:auto}
@page{size:A4;margin:2cm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}.newpage{break-before:page}h2,h3{break-after:avoid}figure,table,dl.headline{break-inside:avoid}.tw{overflow:visible}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_json_hold_the_same_blocks() {
        let mut d = Doc::new(
            Lang::Nl,
            "Voortgangsrapportage",
            "sub",
            "1 mei 2026",
            "voet",
        );
        d.h1("samenvatting", "Samenvatting");
        d.para(vec![bold("Tekort: "), run("42.300 fte <geschat>")]);
        d.push(Block::Table {
            caption: "Tabel".into(),
            cols: vec![Col::text("niveau", 2.0), Col::num("fte")],
            rows: vec![vec!["mbo 4".into(), "−1.200".into()]],
            note: "eenheid: fte".into(),
        });
        let html = d.html();
        assert!(html.contains("<strong>Tekort: </strong>42.300 fte &lt;geschat&gt;"));
        assert!(html.contains("<td class=\"n\">−1.200</td>"));
        let json = d.to_json().expect("json");
        assert!(json.contains("\"kind\":\"heading\"") && json.contains("−1.200"));
        assert_eq!(d.headings(), vec!["Samenvatting"]);
    }
}
