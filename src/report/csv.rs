//! CSV reports: UTF-8 with a byte-order mark (so Chinese Excel reads it as
//! UTF-8), RFC 4180 quoting, CRLF line ends. Each table is a section: its
//! name on a line, its header, its rows, then an empty line.

use super::Sheet;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// One field, quoted when it holds a comma, a quote, a line break or
/// leading/trailing space; quotes inside are doubled.
pub fn field(s: &str) -> String {
    let needs = s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The CSV document of some tables.
pub fn document(sheets: &[Sheet]) -> Vec<u8> {
    let mut out = String::from(BOM);
    for (i, sheet) in sheets.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        line(&mut out, [sheet.name.clone()]);
        line(&mut out, sheet.header.iter().cloned());
        for row in &sheet.rows {
            line(&mut out, row.iter().map(|c| c.display()));
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_by_rfc_4180() {
        assert_eq!(field("超编"), "超编");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("他说“好”\"x\""), "\"他说“好”\"\"x\"\"\"");
        assert_eq!(field("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(field(" x"), "\" x\"");
    }
}
