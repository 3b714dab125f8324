//! CSV reports: UTF-8 with a byte-order mark (so Chinese Excel reads it as
//! UTF-8), RFC 4180 quoting, CRLF line ends. Each table is a section: its
//! name on a line, its header, its rows, then an empty line. A cell that
//! Excel or WPS would run as a formula is neutralised (OWASP's advice: a
//! leading `'`), so data from a bundle never runs at HQ.

use super::Sheet;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Whether a text is a plain decimal number (`-2`, `+3.5`): shown as it is,
/// although it starts with a sign.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// A cell as a spreadsheet will not run it: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s);
    if risky {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// One field, neutralised, and quoted when it holds a comma, a quote, a
/// line break or leading/trailing space; quotes inside are doubled.
pub fn field(s: &str) -> String {
    let s = neutralise(s);
    let s = s.as_ref();
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

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"点此\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\""
        );
        assert_eq!(field("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(field("\r=1"), "\"'\r=1\"");
        // Numbers with a sign stay numbers; ordinary text is untouched.
        assert_eq!(field("-2"), "-2");
        assert_eq!(field("+3.5"), "+3.5");
        assert_eq!(field("人员紧张 = 2 人"), "人员紧张 = 2 人");
    }
}
