//! Attachments as answers hold them: a `photo` or `file` item's value is a
//! list of `{sha256, name, size, caption?, taken_at?, gps?}`. The file
//! itself lives in the data folder, addressed by its SHA-256 (see
//! `store::attach`); the answer only names it. Parsing and checking here
//! are pure and never panic on what a bundle or a hand-edited file holds.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ids::is_control;

/// Most attachments one item holds.
pub const MAX_PER_ITEM: usize = 200;
/// Longest file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 500;

/// One attached file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// SHA-256 of the content, 64 lowercase hex digits.
    pub sha256: String,
    /// The file's name when it was attached (no folder, no control
    /// characters).
    pub name: String,
    /// Bytes.
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// When a photo was taken, from its EXIF: `YYYY-MM-DDTHH:MM:SS`, the
    /// camera's local time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_at: Option<String>,
    /// Where a photo was taken, from its EXIF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gps: Option<Gps>,
}

/// A position in degrees (WGS 84, as cameras record it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
}

impl Gps {
    /// Whether the position is on Earth.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// Whether `s` is a SHA-256 as kept: 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Attachment {
    /// Whether every field is sane: a real hash, a name without control
    /// characters or folders, a short caption, a real time and position.
    pub fn is_valid(&self) -> bool {
        let name_ok = !self.name.trim().is_empty()
            && self.name.chars().count() <= MAX_NAME_CHARS
            && !self
                .name
                .chars()
                .any(|c| is_control(c) || c == '/' || c == '\\');
        let caption_ok = self
            .caption
            .as_deref()
            .is_none_or(|c| c.chars().count() <= MAX_CAPTION_CHARS && !c.chars().any(is_control));
        let taken_ok = self
            .taken_at
            .as_deref()
            .is_none_or(|t| t.len() == 19 && t.parse::<jiff::civil::DateTime>().is_ok());
        is_sha256(&self.sha256)
            && name_ok
            && caption_ok
            && taken_ok
            && self.gps.is_none_or(|g| g.is_valid())
    }
}

/// The attachments a value holds, or `None` when it is not a valid list
/// (not an array, too many, a field missing or wrong). `Null` is an empty
/// list.
pub fn list(value: &Value) -> Option<Vec<Attachment>> {
    if value.is_null() {
        return Some(Vec::new());
    }
    let items = value.as_array()?;
    if items.len() > MAX_PER_ITEM {
        return None;
    }
    items
        .iter()
        .map(|v| {
            serde_json::from_value::<Attachment>(v.clone())
                .ok()
                .filter(Attachment::is_valid)
        })
        .collect()
}

/// Every attachment a value names, wherever it sits: an answer's list, or
/// the lists inside rows of a repeat written as one value. Used where the
/// form is not at hand (a revision in a bundle); what is not a valid list
/// names nothing.
pub fn referenced(value: &Value) -> Vec<Attachment> {
    let mut out = Vec::new();
    walk(value, &mut out, 0);
    out
}

fn walk(value: &Value, out: &mut Vec<Attachment>, depth: usize) {
    // Answers nest a row or two deep; a hostile value cannot recurse far.
    if depth > 8 {
        return;
    }
    match value {
        // A list of attachments is a list of objects naming a hash; other
        // arrays (choices, rows) are only looked into.
        Value::Array(items) => match items.first() {
            Some(Value::Object(first)) if first.contains_key("sha256") => {
                out.extend(list(value).unwrap_or_default());
            }
            _ => items
                .iter()
                .filter(|v| v.is_array() || v.is_object())
                .for_each(|v| walk(v, out, depth + 1)),
        },
        Value::Object(fields) => fields
            .values()
            .filter(|v| v.is_array() || v.is_object())
            .for_each(|v| walk(v, out, depth + 1)),
        _ => {}
    }
}

/// A list as an answer's value (`Null` when empty: unanswered).
pub fn to_value(list: &[Attachment]) -> Value {
    if list.is_empty() {
        return Value::Null;
    }
    serde_json::to_value(list).unwrap_or(Value::Null)
}

/// A file name as kept: the last part of a path, control characters
/// dropped, at most `MAX_NAME_CHARS`; `file` when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|c| !is_control(*c))
        .take(MAX_NAME_CHARS)
        .collect();
    match kept.trim() {
        "" | "." | ".." => "file".to_string(),
        k => k.to_string(),
    }
}

/// A size for people: `812 B`, `3.4 KB`, `2.1 MB` (1 KB = 1024 B).
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one() -> Value {
        json!({"sha256": "ab".repeat(32), "name": "岗位牌.jpg", "size": 2048})
    }

    #[test]
    fn a_list_reads_back_and_null_is_empty() {
        let got = list(&json!([one()])).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "岗位牌.jpg");
        assert_eq!(got[0].size, 2048);
        assert_eq!(to_value(&got), json!([one()]));
        assert_eq!(list(&Value::Null), Some(vec![]));
        assert_eq!(to_value(&[]), Value::Null);
    }

    #[test]
    fn bad_lists_are_refused() {
        let with = |k: &str, v: Value| {
            let mut a = one();
            a[k] = v;
            json!([a])
        };
        for bad in [
            json!("岗位牌.jpg"),
            json!([1]),
            with("sha256", json!("AB".repeat(32))),
            with("sha256", json!("ab")),
            with("name", json!("a\u{1b}[2Jb.jpg")),
            with("name", json!("../etc/passwd")),
            with("name", json!(" ")),
            with("size", json!(-1)),
            with("caption", json!("x".repeat(MAX_CAPTION_CHARS + 1))),
            with("taken_at", json!("2013:11:26 10:32:05")),
            with("gps", json!({"lat": 91.0, "lon": 0.0})),
            with("extra", json!(1)),
            Value::Array(vec![one(); MAX_PER_ITEM + 1]),
        ] {
            assert_eq!(list(&bad), None, "{bad}");
        }
        assert!(list(&with("taken_at", json!("2013-11-26T10:32:05"))).is_some());
    }

    #[test]
    fn attachments_are_found_in_answers_and_rows() {
        let two = json!({"sha256": "cd".repeat(32), "name": "b.pdf", "size": 9});
        assert_eq!(referenced(&json!([one()])).len(), 1);
        let rows = json!([{"photo": [one()], "note": "x"}, {"photo": [two]}]);
        let got: Vec<String> = referenced(&rows).into_iter().map(|a| a.name).collect();
        assert_eq!(got, vec!["岗位牌.jpg", "b.pdf"]);
        assert!(referenced(&json!("ab")).is_empty());
        assert!(referenced(&json!([{"sha256": "x"}])).is_empty());
    }

    #[test]
    fn names_lose_folders_and_controls() {
        assert_eq!(clean_name("/home/a/照片/IMG_1.jpg"), "IMG_1.jpg");
        assert_eq!(clean_name(r"C:\Users\a\IMG_2.JPG"), "IMG_2.JPG");
        assert_eq!(clean_name("a\u{1b}[31mb.png"), "a[31mb.png");
        assert_eq!(clean_name("/"), "file");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(size_text(812), "812 B");
        assert_eq!(size_text(3482), "3.4 KB");
        assert_eq!(size_text(50 << 20), "50.0 MB");
    }
}
