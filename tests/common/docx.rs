//! Reads a .docx the way the Word tests check it: unzips the package and
//! walks `word/document.xml` (and the footer) as text: paragraphs with
//! their text and properties, tables with their rows and cells. Enough
//! for the XML kaocha writes (no nested tables), nothing more.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;

/// A Word file's parts that the tests read.
pub struct Docx {
    pub document: String,
    pub footers: Vec<String>,
    pub fonts: String,
}

/// One `<w:p>`: its XML and its text (`<w:br/>` as a line break).
#[derive(Debug, Clone)]
pub struct Para {
    pub xml: String,
    pub text: String,
}

/// One `<w:tr>`: its XML and each cell's text.
#[derive(Debug, Clone)]
pub struct Row {
    pub xml: String,
    pub cells: Vec<String>,
}

/// One `<w:tbl>`.
#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    /// Each row's cells.
    pub fn cells(&self) -> Vec<Vec<String>> {
        self.rows.iter().map(|r| r.cells.clone()).collect()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The pieces of `xml` from each `open` (followed by `>` or a space) to
/// the matching `close`, in order (not nested).
fn pieces<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let Some(end) = after.find(close) else { break };
        out.push(&rest[start..start + open.len() + end + close.len()]);
        rest = &after[end + close.len()..];
    }
    out
}

/// The text of a piece of XML: its `<w:t>` texts, `<w:br />` as `\n`.
pub fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag == "w:t" || tag.starts_with("w:t ") {
            let close = rest.find("</w:t>").unwrap_or(rest.len());
            out.push_str(&unescape(&rest[..close]));
            rest = &rest[close..];
        } else if tag.starts_with("w:br") {
            out.push('\n');
        }
    }
    out
}

impl Docx {
    /// Reads the file at `path`.
    pub fn read(path: &Path) -> Docx {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("not a zip: {e}"));
        let mut part = |name: &str| -> Option<String> {
            let mut f = zip.by_name(name).ok()?;
            let mut s = String::new();
            f.read_to_string(&mut s)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            Some(s)
        };
        let document = part("word/document.xml").expect("word/document.xml");
        let fonts = part("word/fontTable.xml").unwrap_or_default();
        let footers = (1..=3)
            .filter_map(|n| part(&format!("word/footer{n}.xml")))
            .collect();
        Docx {
            document,
            footers,
            fonts,
        }
    }

    /// Every paragraph of the body, tables' included, in order.
    pub fn paras(&self) -> Vec<Para> {
        pieces(&self.document, "<w:p", "</w:p>")
            .into_iter()
            .map(|xml| Para {
                xml: xml.to_string(),
                text: text_of(xml),
            })
            .collect()
    }

    /// The texts of the paragraphs that have any, in order: what a reader
    /// sees, one line per paragraph (a table cell's paragraph included).
    pub fn texts(&self) -> Vec<String> {
        self.paras()
            .into_iter()
            .map(|p| p.text)
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    /// What a reader sees, a line each: a paragraph's text, or a table
    /// row as `| cell | cell |`; empty paragraphs left out.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = self.document.as_str();
        loop {
            let table = pieces(rest, "<w:tbl", "</w:tbl>").into_iter().next();
            let para = pieces(rest, "<w:p", "</w:p>").into_iter().next();
            let at = |p: Option<&str>| p.and_then(|p| rest.find(p));
            let piece = match (at(table), at(para)) {
                (Some(t), Some(p)) if t < p => table,
                (Some(_), None) => table,
                (_, Some(_)) => para,
                (None, None) => break,
            };
            let Some(piece) = piece else { break };
            if piece.starts_with("<w:tbl") {
                for r in pieces(piece, "<w:tr", "</w:tr>") {
                    let cells: Vec<String> = pieces(r, "<w:tc", "</w:tc>")
                        .into_iter()
                        .map(|c| text_of(c).replace('\n', "⏎"))
                        .collect();
                    out.push(format!("| {} |", cells.join(" | ")));
                }
            } else {
                let text = text_of(piece);
                if !text.trim().is_empty() {
                    out.push(text);
                }
            }
            let end = rest.find(piece).unwrap_or(0) + piece.len();
            rest = &rest[end..];
        }
        out
    }

    /// The paragraphs of outline level `level` (0: headings, 1: sub).
    pub fn headings(&self, level: u8) -> Vec<Para> {
        let mark = format!("<w:outlineLvl w:val=\"{level}\" />");
        self.paras()
            .into_iter()
            .filter(|p| p.xml.contains(&mark))
            .collect()
    }

    /// Every table, in order.
    pub fn tables(&self) -> Vec<Table> {
        pieces(&self.document, "<w:tbl", "</w:tbl>")
            .into_iter()
            .map(|t| Table {
                rows: pieces(t, "<w:tr", "</w:tr>")
                    .into_iter()
                    .map(|r| Row {
                        xml: r.to_string(),
                        cells: pieces(r, "<w:tc", "</w:tc>")
                            .into_iter()
                            .map(text_of)
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The table whose header row is `header`.
    #[track_caller]
    pub fn table_headed(&self, header: &[&str]) -> Table {
        self.tables()
            .into_iter()
            .find(|t| t.rows.first().is_some_and(|r| r.cells == header))
            .unwrap_or_else(|| panic!("no table headed {header:?}"))
    }

    /// Every `<w:tr>` of the body.
    pub fn rows(&self) -> Vec<Row> {
        self.tables().into_iter().flat_map(|t| t.rows).collect()
    }

    /// Asserts what every kaocha document shares: an A4 page, `第 X 页`
    /// with a PAGE field in the footer, no table row that may split, and
    /// the body font with its fallback.
    #[track_caller]
    pub fn assert_house_style(&self) {
        assert!(
            self.document
                .contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#)
                || self.is_landscape(),
            "not A4"
        );
        assert_eq!(self.footers.len(), 1, "one footer");
        let footer = &self.footers[0];
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert!(
            footer.contains(r#"w:fldCharType="begin""#)
                && footer.contains(r#"w:fldCharType="end""#),
            "{footer}"
        );
        assert_eq!(text_of(footer), "第 1 页", "{footer}");
        for r in &self.rows() {
            assert!(
                r.xml.contains("<w:cantSplit />"),
                "a row may split: {}",
                r.xml
            );
        }
        assert!(
            self.fonts
                .contains(r#"<w:font w:name="仿宋"><w:altName w:val="仿宋_GB2312" />"#),
            "{}",
            self.fonts
        );
    }
}

impl Docx {
    /// Whether the pages are A4 across (landscape).
    pub fn is_landscape(&self) -> bool {
        self.document
            .contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#)
    }
}

impl Para {
    /// Whether every run of the paragraph is set in the East Asian `font`.
    pub fn in_font(&self, font: &str) -> bool {
        let runs = pieces(&self.xml, "<w:r", "</w:r>");
        !runs.is_empty()
            && runs
                .iter()
                .all(|r| r.contains(&format!("w:eastAsia=\"{font}\"")))
    }
}

impl Row {
    /// Whether the row is a header repeated on every page.
    pub fn is_header(&self) -> bool {
        self.xml.contains("<w:tblHeader />")
    }
}

/// Asserts that `table`'s first row, and only it, is a repeated header.
#[track_caller]
pub fn assert_header_repeats(table: &Table) {
    let flags: Vec<bool> = table.rows.iter().map(Row::is_header).collect();
    assert!(
        flags.first() == Some(&true),
        "first row is no header: {flags:?}"
    );
    assert!(
        flags.iter().skip(1).all(|f| !f),
        "a body row is a header: {flags:?}"
    );
}
