//! Reading a spreadsheet into rows of text: XLSX (and XLS, ODS) through
//! calamine, CSV in UTF-8 (with or without BOM), GBK (what Chinese Excel
//! writes when it saves CSV) or UTF-16 ("Unicode text"). Rows keep the
//! number a person sees in the spreadsheet, so errors can point at them.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::HqError;
use crate::i18n;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// Largest file read (a unit list is a few hundred rows).
const MAX_BYTES: u64 = 50 << 20;

/// One row: its number in the spreadsheet (1-based) and its cells as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A sheet as text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The worksheet read (workbooks only).
    pub sheet: Option<String>,
    /// Spreadsheet column index of the first cell of each row (0 = A).
    pub first_column: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// The spreadsheet column letter of cell `index` (A, B, … Z, AA …).
    pub fn column_letter(&self, index: usize) -> String {
        column_letter(self.first_column + index)
    }

    /// Whether no row has any text.
    pub fn is_blank(&self) -> bool {
        self.rows
            .iter()
            .all(|r| r.cells.iter().all(|c| c.trim().is_empty()))
    }
}

/// A column letter from a 0-based index.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

/// Reads a file: every sheet of a workbook in its order, or only `sheet`;
/// a CSV file as one table.
pub fn read_all(path: &Path, sheet: Option<&str>) -> Result<Vec<Table>, HqError> {
    let file = path.display().to_string();
    let io = |e: std::io::Error| HqError::Invalid(i18n::hq_cannot_read(&file, &e.to_string()));
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_BYTES {
        return Err(HqError::Invalid(i18n::hq_file_too_large(&file)));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let workbook = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "xlsb")
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if workbook {
        read_workbook(&file, bytes, sheet)
    } else {
        if let Some(s) = sheet {
            return Err(HqError::Invalid(i18n::hq_sheet_in_csv(s)));
        }
        Ok(vec![read_csv(&file, &bytes)?])
    }
}

fn read_workbook(file: &str, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<Table>, HqError> {
    let bad = |e: &dyn std::fmt::Display| {
        HqError::Invalid(i18n::hq_not_spreadsheet(file, &e.to_string()))
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(HqError::Invalid(i18n::hq_file_empty(file)));
    }
    let wanted: Vec<String> = match sheet {
        Some(want) => vec![
            names
                .iter()
                .find(|n| n.trim() == want.trim())
                .cloned()
                .ok_or_else(|| HqError::Invalid(i18n::hq_no_sheet(want, &names.join("、"))))?,
        ],
        None => names,
    };
    let mut tables = Vec::with_capacity(wanted.len());
    for name in &wanted {
        let range = book.worksheet_range(name).map_err(|e| bad(&e))?;
        let merged = merged_cells(&mut book, name);
        tables.push(table_of(name, &range, &merged));
    }
    Ok(tables)
}

/// The merged cells of a sheet (XLSX and XLS; none for the others, or
/// when they cannot be read: the sheet then reads as without merges).
fn merged_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<RS>,
    name: &str,
) -> Vec<calamine::Dimensions> {
    match book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A sheet as text. A merged cell's text stands in every cell it covers,
/// as a person reads it: 考核组 merged over four units is each one's team.
fn table_of(name: &str, range: &calamine::Range<Data>, merged: &[calamine::Dimensions]) -> Table {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            number: row0 as usize + i + 1,
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect();
    for m in merged {
        let at = |r: u32, c: u32| {
            Some((
                usize::try_from(r.checked_sub(row0)?).ok()?,
                usize::try_from(c.checked_sub(col0)?).ok()?,
            ))
        };
        let Some((r, c)) = at(m.start.0, m.start.1) else {
            continue;
        };
        let Some(text) = rows.get(r).and_then(|row| row.cells.get(c)).cloned() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        for row in m.start.0..=m.end.0 {
            for col in m.start.1..=m.end.1 {
                if let Some(cell) = at(row, col)
                    .and_then(|(r, c)| rows.get_mut(r).and_then(|row| row.cells.get_mut(c)))
                    && cell.trim().is_empty()
                {
                    cell.clone_from(&text);
                }
            }
        }
    }
    Table {
        sheet: Some(name.to_string()),
        first_column: col0 as usize,
        rows,
    }
}

/// A cell as the text a person sees; whole numbers without ".0".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => float_text(d.as_f64()),
        Data::Error(e) => format!("#{e}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The text of a CSV file: UTF-16 (by BOM), UTF-8 (BOM stripped), else GBK.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, HqError> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(HqError::Invalid(i18n::hq_bad_encoding(file)));
        }
        return Ok(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| HqError::Invalid(i18n::hq_bad_encoding(file))),
    }
}

/// Line numbers of records, counted as the reader goes (records come in
/// order, so each count starts where the last one stopped).
struct Lines<'t> {
    text: &'t [u8],
    /// Bytes counted so far, and the line breaks among them.
    at: usize,
    breaks: usize,
}

impl Lines<'_> {
    /// The line a record starts on: the reader places a record where the
    /// line break before it (and any blank lines) begin.
    fn line_at(&mut self, mut at: usize) -> usize {
        while matches!(self.text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        if at < self.at {
            self.at = 0;
            self.breaks = 0;
        }
        if let Some(between) = self.text.get(self.at..at) {
            self.breaks += between.iter().filter(|&&c| c == b'\n').count();
            self.at = at;
        }
        self.breaks + 1
    }
}

fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, HqError> {
    let text = decode(file, bytes)?;
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        breaks: 0,
    };
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| HqError::Invalid(i18n::hq_bad_csv(file, &e.to_string())))?;
        let number = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .map_or(i + 1, |b| lines.line_at(b));
        rows.push(Row {
            number,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(Table {
        sheet: None,
        first_column: 0,
        rows,
    })
}

/// A table of rows given as text (for tests), numbered from 1.
#[cfg(test)]
pub(super) fn of_rows(rows: &[&[&str]]) -> Table {
    Table {
        sheet: None,
        first_column: 0,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                number: i + 1,
                cells: r.iter().map(|s| (*s).to_string()).collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn encodings() {
        let text = "单位名称,行政编制\n县审计局,15\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode("f", &gbk).unwrap(), text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode("f", &bom).unwrap(), text);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode("f", &utf16).unwrap(), text);
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let text = "标题\r\n\r\n单位名称,行政编制\r\n\"县审计局\",15\r\n县科技局,8\r\n";
        let t = read_csv("f", text.as_bytes()).unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 5]);
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(12.0), "12");
        assert_eq!(float_text(12.5), "12.5");
    }
}
