//! XLSX reports (rust_xlsxwriter): one worksheet per table, a bold header
//! row frozen in place, numbers as numbers (`0` for counts, `0.0` for
//! scores, `0.0%` for shares), column widths fitted to Chinese text.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::{Cell, ReportError, Sheet};

/// Excel's limit on a sheet name, in characters.
const MAX_SHEET_NAME: usize = 31;
/// Widest column set, in Excel character units.
const MAX_WIDTH: f64 = 60.0;

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}

/// A name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(MAX_SHEET_NAME)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut candidate = clean.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!(" ({n})");
        let keep = MAX_SHEET_NAME.saturating_sub(suffix.chars().count());
        candidate = format!("{}{suffix}", clean.chars().take(keep).collect::<String>());
        n += 1;
    }
    candidate
}

/// Display width of a text in Excel units (CJK counts double), for the
/// widest line.
fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| unicode_width::UnicodeWidthStr::width(l) as f64)
        .fold(0.0, f64::max)
}

/// The workbook of some tables, as XLSX bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("#E8EEF5");
    let int = Format::new().set_num_format("0");
    let dec = Format::new().set_num_format("0.0");
    let pct = Format::new().set_num_format("0.0%");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut taken = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &taken);
        taken.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        ws.set_paper_size(9); // A4
        let mut widths: Vec<f64> = sheet.header.iter().map(|h| text_width(h) + 2.0).collect();
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) if s.contains('\n') => {
                        ws.write_string_with_format(r, col, s, &wrap)?;
                    }
                    Cell::Text(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number_with_format(r, col, *n, &int)?;
                    }
                    Cell::Num(n) => {
                        ws.write_number_with_format(r, col, *n, &dec)?;
                    }
                    Cell::Pct(p) => {
                        ws.write_number_with_format(r, col, *p, &pct)?;
                    }
                    Cell::Empty => {}
                }
                let w = match cell {
                    Cell::Text(s) => text_width(s) + 2.0,
                    _ => 8.0,
                };
                match widths.get_mut(c) {
                    Some(old) => *old = old.max(w),
                    None => widths.push(w),
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, w.clamp(6.0, MAX_WIDTH))?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_unique() {
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        let long = "问".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let taken = vec!["汇总表".to_string()];
        assert_eq!(sheet_name("汇总表", &taken), "汇总表 (2)");
    }
}
