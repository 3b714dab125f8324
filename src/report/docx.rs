//! The Word style every .docx kaocha writes shares (`Word`): an A4 page
//! with the margins of official documents, 仿宋 body text, 黑体 headings, a
//! centred 方正小标宋 title (宋体 where it is missing), `第 X 页` in the
//! footer (a PAGE field), tables whose header row repeats on every page and
//! whose rows never split across pages. The documents (entry page, unit
//! report, summary, letter, blank form) are written through it.
//!
//! docx-rs 0.4 writes neither a table header row (`w:tblHeader`) nor font
//! fallbacks, so `finish` edits two parts of the package before it is
//! zipped: header rows are built with a marker row height that it replaces
//! by `<w:tblHeader />` (and checks it replaced every one), and the font
//! table is kaocha's own, naming each Chinese font's fallback (`altName`).

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table,
};

use super::ReportError;
use crate::i18n;

mod tables;

/// Body text: 仿宋 (仿宋_GB2312 where 仿宋 is missing).
pub(crate) const BODY_FONT: &str = "仿宋";
/// Headings: 黑体.
pub(crate) const HEADING_FONT: &str = "黑体";
/// The title: 方正小标宋简体 (宋体 where it is missing).
pub(crate) const TITLE_FONT: &str = "方正小标宋简体";
/// Latin letters and digits.
const LATIN_FONT: &str = "Times New Roman";

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins of official documents (GB/T 9704): top 37 mm, bottom 35 mm,
/// left 28 mm, right 26 mm.
const MARGIN_TOP: i32 = 2098;
const MARGIN_BOTTOM: i32 = 1984;
const MARGIN_LEFT: i32 = 1588;
const MARGIN_RIGHT: i32 = 1474;
/// The width tables fill.
#[cfg(test)]
pub(crate) const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// Font sizes in half-points: 二号, 三号, 四号, 五号, 小五.
const SIZE_TITLE: usize = 44;
const SIZE_HEADING: usize = 32;
const SIZE_SUBHEADING: usize = 28;
const SIZE_TABLE: usize = 21;
const SIZE_SMALL: usize = 18;

/// Tables with more columns than this get the small size.
const WIDE: usize = 8;

/// The row height that marks a table's header row until `finish` makes
/// it a repeated header (`w:trHeight` with `auto` sets no height, so a
/// marker left behind would change nothing on the page).
const HEADER_MARK_HEIGHT: f32 = 1.0;
const HEADER_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="auto" />"#;
const TBL_HEADER: &str = "<w:tblHeader />";

/// How large the body text of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// 四号 (14 pt): reports and forms.
    Report,
    /// 三号 (16 pt): a letter, as official documents are set.
    Letter,
}

/// A Word document being written in kaocha's style.
pub(crate) struct Word {
    doc: Docx,
    body: usize,
    /// Header rows built, each to be marked `w:tblHeader`.
    header_rows: usize,
    /// The width tables fill (twips): narrower on portrait pages.
    text_w: usize,
}

/// Fonts of a run: `east_asia` for Chinese, Times New Roman for the rest.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
}

/// Text as XML can hold it: no control character but line breaks and
/// tabs (a stray one would make Word refuse the whole file).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| {
            matches!(c, '\n' | '\t') || !(c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}'))
        })
        .collect()
}

/// A run of `text` in `font` at `size`, its lines kept as line breaks.
pub(crate) fn run(text: &str, font: &str, size: usize) -> Run {
    let mut r = Run::new().fonts(fonts(font)).size(size);
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line.trim_end_matches('\r'));
    }
    r
}

/// The footer: `第 X 页`, centred.
fn footer() -> Footer {
    let page = Run::new()
        .fonts(fonts(BODY_FONT))
        .size(SIZE_SUBHEADING)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(&i18n::docx_page_before(), BODY_FONT, SIZE_SUBHEADING))
            .add_run(page)
            .add_run(run(&i18n::docx_page_after(), BODY_FONT, SIZE_SUBHEADING)),
    )
}

/// The font table: each font kaocha names, the Chinese ones with the font
/// Word takes where they are not installed.
fn font_table() -> Vec<u8> {
    // (name, fallback, panose, charset, family, pitch)
    let fonts = [
        (
            LATIN_FONT,
            "",
            "02020603050405020304",
            "00",
            "roman",
            "variable",
        ),
        (
            BODY_FONT,
            "仿宋_GB2312",
            "02010609060101010101",
            "86",
            "modern",
            "fixed",
        ),
        (
            HEADING_FONT,
            "SimHei",
            "02010609060101010101",
            "86",
            "modern",
            "fixed",
        ),
        (
            TITLE_FONT,
            "宋体",
            "02000000000000000000",
            "86",
            "auto",
            "variable",
        ),
        (
            "宋体",
            "SimSun",
            "02010600030101010101",
            "86",
            "auto",
            "variable",
        ),
    ];
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, panose, charset, family, pitch) in fonts {
        xml.push_str(&format!(r#"<w:font w:name="{name}">"#));
        if !alt.is_empty() {
            xml.push_str(&format!(r#"<w:altName w:val="{alt}" />"#));
        }
        xml.push_str(&format!(
            r#"<w:panose1 w:val="{panose}" /><w:charset w:val="{charset}" /><w:family w:val="{family}" /><w:pitch w:val="{pitch}" /></w:font>"#
        ));
    }
    xml.push_str("</w:fonts>");
    xml.into_bytes()
}

impl Word {
    /// A new A4 document with the footer and the body size of `body`.
    pub fn new(body: Body) -> Word {
        Word::on_page(body, false)
    }

    /// The same on landscape A4 pages, for tables too wide for portrait.
    pub fn landscape(body: Body) -> Word {
        Word::on_page(body, true)
    }

    fn on_page(body: Body, landscape: bool) -> Word {
        let size = match body {
            Body::Report => 28,
            Body::Letter => 32,
        };
        let (w, h) = if landscape {
            (PAGE_H, PAGE_W)
        } else {
            (PAGE_W, PAGE_H)
        };
        let mut doc = Docx::new().page_size(w, h);
        if landscape {
            doc = doc.page_orient(docx_rs::PageOrientationType::Landscape);
        }
        let doc = doc
            .page_margin(PageMargin {
                top: MARGIN_TOP,
                left: MARGIN_LEFT,
                bottom: MARGIN_BOTTOM,
                right: MARGIN_RIGHT,
                header: 851,
                footer: 992,
                gutter: 0,
            })
            .default_fonts(fonts(BODY_FONT))
            .default_size(size)
            .footer(footer());
        Word {
            doc,
            body: size,
            header_rows: 0,
            text_w: (w as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize,
        }
    }

    /// A first-line indent of two characters of body text.
    fn two_chars(&self) -> SpecialIndentType {
        // Half-points × 2 characters × 10 twips per half-point.
        SpecialIndentType::FirstLine(self.body as i32 * 20)
    }

    fn add(&mut self, p: Paragraph) -> &mut Word {
        self.doc = std::mem::take(&mut self.doc).add_paragraph(p);
        self
    }

    fn add_table(&mut self, t: Table) -> &mut Word {
        self.doc = std::mem::take(&mut self.doc).add_table(t);
        // A paragraph between two tables, so Word does not join them.
        self.add(Paragraph::new().size(SIZE_SMALL))
    }

    /// The document's title: centred, 方正小标宋 二号.
    pub fn title(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240))
                .add_run(run(text, TITLE_FONT, SIZE_TITLE)),
        )
    }

    /// A line under the title (the campaign, when it was written): centred.
    pub fn meta(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(240))
                .add_run(run(text, BODY_FONT, SIZE_TABLE)),
        )
    }

    /// A heading of the first level: 黑体 三号, kept with what follows.
    pub fn heading(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .outline_lvl(0)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(240).after(120))
                .add_run(run(text, HEADING_FONT, SIZE_HEADING)),
        )
    }

    /// A heading of the second level: 黑体 四号, kept with what follows.
    pub fn subheading(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .outline_lvl(1)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(120).after(60))
                .add_run(run(text, HEADING_FONT, SIZE_SUBHEADING)),
        )
    }

    /// A paragraph of body text.
    pub fn para(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .line_spacing(LineSpacing::new().after(60))
                .add_run(run(text, BODY_FONT, self.body)),
        )
    }

    /// A paragraph of body text whose first line is indented two
    /// characters, as a letter's paragraphs are.
    pub fn indented(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .indent(None, Some(self.two_chars()), None, None)
                .add_run(run(text, BODY_FONT, self.body)),
        )
    }

    /// `label：value`, the label in bold.
    pub fn labelled(&mut self, label: &str, value: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .indent(None, Some(self.two_chars()), None, None)
                .add_run(run(&format!("{label}："), BODY_FONT, self.body).bold())
                .add_run(run(value, BODY_FONT, self.body)),
        )
    }

    /// An item of a list: `· text`, hanging.
    pub fn bullet(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .indent(Some(840), None, None, None)
                .add_run(run(&format!("· {text}"), BODY_FONT, self.body)),
        )
    }

    /// Small text (a form item's hint).
    pub fn small(&mut self, text: &str) -> &mut Word {
        self.add(Paragraph::new().add_run(run(text, BODY_FONT, SIZE_SMALL)))
    }

    /// A right-aligned line (a letter's signature and date).
    pub fn right(&mut self, text: &str) -> &mut Word {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(run(text, BODY_FONT, self.body)),
        )
    }

    /// An empty line.
    pub fn blank(&mut self) -> &mut Word {
        self.add(Paragraph::new())
    }

    /// A paragraph built by the caller (runs of its own).
    pub fn paragraph(&mut self, p: Paragraph) -> &mut Word {
        self.add(p)
    }

    /// The document's bytes (.docx).
    pub fn finish(self) -> Result<Vec<u8>, ReportError> {
        let mut xml = self.doc.build();
        let document = String::from_utf8(std::mem::take(&mut xml.document))
            .map_err(|e| ReportError::Docx(e.to_string()))?;
        let marked = document.matches(HEADER_MARK).count();
        if marked != self.header_rows {
            return Err(ReportError::Docx(format!(
                "{marked} of {} table header rows found",
                self.header_rows
            )));
        }
        xml.document = document.replace(HEADER_MARK, TBL_HEADER).into_bytes();
        xml.font_table = font_table();
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out)
            .map_err(|e| ReportError::Docx(e.to_string()))?;
        Ok(out.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_file() {
        assert_eq!(
            clean("县\u{1b}[2J审计局\n第二行\u{7}\u{ffff}"),
            "县[2J审计局\n第二行"
        );
    }

    #[test]
    fn finish_replaces_every_marker() {
        let mut w = Word::new(Body::Report);
        w.table(&["甲".to_string()], &[])
            .blank_table(&["乙".to_string()], 2, 400);
        assert_eq!(w.header_rows, 2);
        assert!(w.finish().is_ok());
    }
}
