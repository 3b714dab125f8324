//! Reports: renders analysis results as Markdown, HTML (a printable A4 page
//! with SVG charts), XLSX (one sheet per section), CSV (UTF-8 with BOM) and
//! Word (in the shared style of `docx`); also the 问题反馈函 to a unit
//! (`letter`), the 考核预告 to a unit (`notice`), the 公示 of grades
//! (`publicity`), blank paper forms (`blank`) and the 自评表 workbook a
//! unit fills in (`selfcheck`). `unit_report`,
//! `campaign_report`, `entry_report` and `letter_report` return the file's
//! bytes; the caller writes them (atomically). `gather` reads the store
//! into analyses, `evidence::gather` a unit's attached files (listed in
//! every format, photos embedded downscaled in HTML by `preview`).

pub mod blank;
mod campaign_sheets;
pub mod csv;
mod docx;
pub mod entry;
pub mod evidence;
pub mod gather;
pub mod html;
pub mod letter;
pub mod markdown;
pub mod notice;
pub mod preview;
pub mod publicity;
mod sections;
pub mod selfcheck;
mod selfgap;
mod sheets;
mod svg;
mod word;
pub mod xlsx;

use std::path::Path;

pub use campaign_sheets::campaign_sheets;
pub use gather::{analyse_campaign, analyse_unit, rectify_unit};
pub use sheets::{unit_sheets, unit_sheets_with};

use crate::analysis::{Summary, UnitAnalysis};
use crate::domain::Campaign;
use crate::i18n;

/// A report file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Xlsx,
    Csv,
    /// Word (.docx).
    Docx,
}

impl Format {
    /// Reads `md`, `markdown`, `html`, `htm`, `xlsx`, `csv`, `docx` (any
    /// case).
    pub fn parse(s: &str) -> Option<Format> {
        match s
            .trim()
            .trim_start_matches('.')
            .to_ascii_lowercase()
            .as_str()
        {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The format a file name's extension names.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
    }
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}", i18n::rep_xlsx_failed(.0))]
    Xlsx(String),
    #[error("{}", i18n::rep_docx_failed(.0))]
    Docx(String),
    /// A format this report is not written in (a table for an entry's page
    /// or a letter).
    #[error("{}", i18n::rep_not_in_format(.0))]
    NotInFormat(String),
    /// A letter to a unit (named) that has no recorded finding.
    #[error("{}", i18n::letter_empty(.0))]
    EmptyLetter(String),
    /// A document this campaign does not have (the reason, in words).
    #[error("{0}")]
    Refused(String),
}

/// A cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count or head count (format `0`).
    Int(f64),
    /// A score (format `0.0`).
    Num(f64),
    /// A share, as a fraction of 1 (format `0.0%`).
    Pct(f64),
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell, or empty.
    pub fn int(n: Option<f64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Int)
    }

    /// The cell as plain text (CSV, Markdown).
    pub fn display(&self) -> String {
        use crate::analysis::number_text;
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) | Cell::Num(n) => number_text(*n),
            Cell::Pct(p) => format!("{:.1}%", p * 100.0),
            Cell::Empty => String::new(),
        }
    }
}

/// One table of a report: a sheet in XLSX, a section in CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A unit's report (评估报告) in `format`; `generated` is the time printed
/// on it.
pub fn unit_report(
    campaign: &Campaign,
    unit: &UnitAnalysis,
    format: Format,
    generated: &str,
) -> Result<Vec<u8>, ReportError> {
    unit_report_with(
        campaign,
        unit,
        &evidence::Evidence::default(),
        format,
        generated,
    )
}

/// A unit's report with its evidence (`evidence::gather`): the 佐证材料
/// table with every file's hash, each finding's count of files, and in
/// HTML the photos embedded, downscaled (`preview`).
pub fn unit_report_with(
    campaign: &Campaign,
    unit: &UnitAnalysis,
    ev: &evidence::Evidence,
    format: Format,
    generated: &str,
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::unit(campaign, unit, ev, generated).into_bytes(),
        Format::Html => html::unit(campaign, unit, ev, generated).into_bytes(),
        Format::Xlsx => xlsx::workbook(&unit_sheets_with(campaign, unit, ev, generated))?,
        Format::Csv => csv::document(&unit_sheets_with(campaign, unit, ev, generated)),
        Format::Docx => word::unit(campaign, unit, ev, generated)?,
    })
}

/// The campaign's 汇总表 in `format`: one line per unit, then findings by
/// category, grades and every finding.
pub fn campaign_report(
    summary: &Summary,
    units: &[UnitAnalysis],
    format: Format,
    generated: &str,
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::campaign(summary, units, generated).into_bytes(),
        Format::Html => html::campaign(summary, units, generated).into_bytes(),
        Format::Xlsx => xlsx::workbook(&campaign_sheets(summary, units))?,
        Format::Csv => csv::document(&campaign_sheets(summary, units)),
        Format::Docx => word::campaign(summary, units, generated)?,
    })
}

/// An entry's printable page (记录全文) in `format`: Markdown, HTML or
/// Word.
pub fn entry_report(page: &entry::Page, format: Format) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::entry(page).into_bytes(),
        Format::Html => html::entry(page).into_bytes(),
        Format::Docx => word::entry(page)?,
        Format::Xlsx => return Err(ReportError::NotInFormat("xlsx".into())),
        Format::Csv => return Err(ReportError::NotInFormat("csv".into())),
    })
}

/// The 问题反馈函 to a unit in `format`: Word, Markdown or HTML.
pub fn letter_report(l: &letter::Letter, format: Format) -> Result<Vec<u8>, ReportError> {
    text_document(
        format,
        || letter::docx(l),
        || markdown::letter(l),
        || html::letter(l),
    )
}

/// A document of text (a letter, a notice, a list, a page) in `format`:
/// Word, Markdown or HTML; the spreadsheet formats are refused.
pub(crate) fn text_document(
    format: Format,
    docx: impl FnOnce() -> Result<Vec<u8>, ReportError>,
    markdown: impl FnOnce() -> String,
    html: impl FnOnce() -> String,
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Docx => docx()?,
        Format::Markdown => markdown().into_bytes(),
        Format::Html => html().into_bytes(),
        Format::Xlsx => return Err(ReportError::NotInFormat("xlsx".into())),
        Format::Csv => return Err(ReportError::NotInFormat("csv".into())),
    })
}

/// One line per unit a quota moved from its grade by the lines (确定等次).
pub fn grade_notes(summary: &crate::analysis::Summary) -> Vec<String> {
    summary
        .units
        .iter()
        .filter_map(|u| {
            let why = u.grade_note.as_ref()?;
            Some(i18n::rep_grade_moved(
                &u.name,
                u.grade.as_deref().unwrap_or(""),
                why,
            ))
        })
        .collect()
}
