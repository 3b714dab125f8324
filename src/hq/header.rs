//! Where a sheet's header is and what each of its columns holds. A title
//! may stand above it, a 填表说明 sheet may come before it, and it may take
//! two rows: 编制数 over 行政/事业/工勤, 领导职数 over 正职/副职, the group
//! either merged across its columns or written once over the first. Each
//! column is then named as a person reads it, `编制数/行政`, and recognised
//! from both rows. Generic over what a column holds, so unit lists and
//! rosters share it.

use super::table::{HEADER_SEARCH_ROWS, Row, Table};

/// A header: where it is, each column's name as read, and what each holds.
#[derive(Debug, Clone)]
pub(super) struct Header<C> {
    /// Index (in the table's rows) of its first row.
    pub index: usize,
    /// How many rows it takes (1 or 2).
    pub height: usize,
    /// Its first row's number, as the spreadsheet shows it.
    pub number: usize,
    /// Each column's name as a person reads it (`编制数/行政`).
    pub names: Vec<String>,
    pub columns: Vec<Option<C>>,
}

impl<C> Header<C> {
    /// Index of the first row below the header.
    pub fn data_start(&self) -> usize {
        self.index + self.height
    }

    /// The name of column `i`, as read.
    pub fn name(&self, i: usize) -> String {
        self.names.get(i).cloned().unwrap_or_default()
    }
}

/// How a sheet's columns are recognised: `read(top, sub)` names the
/// column of a header cell (`sub` empty for a one-row header), `key` says
/// which column a header must have (单位名称, 姓名).
pub(super) struct Recognizer<'a, C> {
    pub read: &'a dyn Fn(&str, &str) -> Option<C>,
    pub key: &'a dyn Fn(&C) -> bool,
}

/// The first header among the top rows with a key column and at least
/// `min` recognised columns.
pub(super) fn find<C: Copy>(t: &Table, r: &Recognizer<'_, C>, min: usize) -> Option<Header<C>> {
    (0..t.rows.len().min(HEADER_SEARCH_ROWS)).find_map(|index| {
        let h = at(t, index, r)?;
        let known = h.columns.iter().flatten().count();
        (known >= min).then_some(h)
    })
}

/// The header starting at row `index`, if that row has a key column: two
/// rows when the row below it is a second header row, else one.
fn at<C: Copy>(t: &Table, index: usize, r: &Recognizer<'_, C>) -> Option<Header<C>> {
    let top = t.rows.get(index)?;
    let key_at = top
        .cells
        .iter()
        .position(|c| (r.read)(c, "").is_some_and(|col| (r.key)(&col)))?;
    let sub = t
        .rows
        .get(index + 1)
        .filter(|below| is_second_row(top, below, key_at));
    let width = top.cells.len().max(sub.map_or(0, |s| s.cells.len()));
    let (names, columns) = match sub {
        None => (0..width)
            .map(|i| {
                let text = cell(top, i).trim().to_string();
                let col = (r.read)(&text, "");
                (text, col)
            })
            .unzip(),
        Some(sub) => {
            let tops = group_names(top, sub, width);
            (0..width)
                .map(|i| {
                    let (upper, lower) = (tops[i].as_str(), cell(sub, i).trim());
                    (joined(upper, lower), (r.read)(upper, lower))
                })
                .unzip()
        }
    };
    Some(Header {
        index,
        height: if sub.is_some() { 2 } else { 1 },
        number: top.number,
        names,
        columns,
    })
}

/// Whether `below` continues the header `top`: it names sub-columns
/// (行政, 正职 …), nothing under the key column but the key column's own
/// name (merged down), and no number (a unit row has a name, a data row
/// numbers).
fn is_second_row(top: &Row, below: &Row, key_at: usize) -> bool {
    let key = cell(below, key_at).trim();
    let filled: Vec<&str> = below
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    (key.is_empty() || key == cell(top, key_at).trim())
        && !filled.is_empty()
        && filled.iter().all(|c| !is_number(c))
        // At least one cell under a column the top row names differently:
        // a row that only repeats the top (all merged down) adds nothing.
        && (0..below.cells.len()).any(|i| {
            let s = cell(below, i).trim();
            !s.is_empty() && s != cell(top, i).trim()
        })
}

/// A cell that is a number (a data row's, or a 栏次 row's 1 2 3).
fn is_number(cell: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let s: String = cell.nfkc().collect();
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The top row's name over each column: a group written once over its
/// first column (CSV, or an unmerged sheet) stands over every column after
/// it that has a sub-name and no name of its own.
fn group_names(top: &Row, sub: &Row, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(width);
    let mut group: Option<String> = None;
    for i in 0..width {
        let upper = cell(top, i).trim();
        let lower = cell(sub, i).trim();
        if !upper.is_empty() {
            // A group has sub-names under it; a column merged down has none
            // (or its own name again).
            group = (!lower.is_empty() && lower != upper).then(|| upper.to_string());
            out.push(upper.to_string());
        } else if !lower.is_empty() {
            out.push(group.clone().unwrap_or_default());
        } else {
            group = None;
            out.push(String::new());
        }
    }
    out
}

/// A two-row column's name: `编制数/行政`, or one of them alone when the
/// other is empty or the same (merged down).
pub(super) fn joined(upper: &str, lower: &str) -> String {
    match (upper.trim(), lower.trim()) {
        (u, l) if l.is_empty() || u == l => u.to_string(),
        ("", l) => l.to_string(),
        (u, l) => format!("{u}/{l}"),
    }
}

/// The text of a row's cell `i` (empty past the row's end).
pub(super) fn cell(row: &Row, i: usize) -> &str {
    row.cells.get(i).map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::table::of_rows as table;

    /// Recognises `名称` as the key and any other non-empty cell.
    fn read(top: &str, sub: &str) -> Option<&'static str> {
        match joined(top, sub).as_str() {
            "名称" => Some("key"),
            "" | "序号" => None,
            _ => Some("other"),
        }
    }

    fn rec() -> Recognizer<'static, &'static str> {
        Recognizer {
            read: &read,
            key: &|c: &&str| *c == "key",
        }
    }

    #[test]
    fn a_group_written_once_stands_over_its_sub_columns() {
        let t = table(&[
            &["单位编制情况表"],
            &["序号", "名称", "编制数", "", "", "备注"],
            &["", "", "行政", "事业", "工勤", ""],
            &["1", "县审计局", "12", "3", "1", ""],
        ]);
        let h = find(&t, &rec(), 1).unwrap();
        assert_eq!((h.index, h.height, h.number), (1, 2, 2));
        assert_eq!(
            h.names,
            [
                "序号",
                "名称",
                "编制数/行政",
                "编制数/事业",
                "编制数/工勤",
                "备注"
            ]
        );
        assert_eq!(h.data_start(), 3);
    }

    #[test]
    fn merged_cells_read_the_same_as_a_group_written_once() {
        // As a merged sheet reads once merges are filled in.
        let t = table(&[
            &["名称", "编制数", "编制数", "领导职数", "领导职数"],
            &["名称", "行政", "事业", "正职", "副职"],
            &["县审计局", "12", "3", "1", "2"],
        ]);
        let h = find(&t, &rec(), 1).unwrap();
        assert_eq!(h.height, 2);
        assert_eq!(
            h.names,
            [
                "名称",
                "编制数/行政",
                "编制数/事业",
                "领导职数/正职",
                "领导职数/副职"
            ]
        );
    }

    #[test]
    fn a_unit_row_or_a_row_of_numbers_is_not_a_second_header_row() {
        let t = table(&[&["名称", "编制数"], &["县审计局", "12"]]);
        assert_eq!(find(&t, &rec(), 1).unwrap().height, 1);
        let t = table(&[&["名称", "编制数"], &["", "1"], &["县审计局", "12"]]);
        assert_eq!(find(&t, &rec(), 1).unwrap().height, 1);
        let t = table(&[&["名称", "编制数"], &["名称", "编制数"]]);
        assert_eq!(find(&t, &rec(), 1).unwrap().height, 1);
    }

    #[test]
    fn a_column_without_a_group_keeps_its_own_name() {
        let t = table(&[&["名称", "规格", "编制数", ""], &["", "", "行政", "事业"]]);
        let h = find(&t, &rec(), 1).unwrap();
        assert_eq!(h.names, ["名称", "规格", "编制数/行政", "编制数/事业"]);
    }
}
