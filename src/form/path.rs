//! Field paths of answers: `item` for a top-level item, `rep[rowid]` for the
//! marker of a repeat row (its value orders the rows), `rep[rowid].item` for
//! an item in that row. Rows have stable ids, never indexes, so concurrent
//! edits of different rows merge.

/// A parsed field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    Item(String),
    Row {
        repeat: String,
        row: String,
    },
    RowItem {
        repeat: String,
        row: String,
        item: String,
    },
}

impl FieldPath {
    /// Parses `a`, `a[r1]` or `a[r1].b`; `None` when malformed (names and
    /// row ids are 1–64 ASCII letters, digits or `_`).
    pub fn parse(s: &str) -> Option<FieldPath> {
        let name_ok = |n: &str| {
            !n.is_empty()
                && n.len() <= crate::domain::ids::MAX_ID_LEN
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        match s.split_once('[') {
            None => name_ok(s).then(|| FieldPath::Item(s.to_string())),
            Some((repeat, rest)) => {
                let (row, after) = rest.split_once(']')?;
                if !name_ok(repeat) || !name_ok(row) {
                    return None;
                }
                if after.is_empty() {
                    return Some(FieldPath::Row {
                        repeat: repeat.into(),
                        row: row.into(),
                    });
                }
                let item = after.strip_prefix('.')?;
                name_ok(item).then(|| FieldPath::RowItem {
                    repeat: repeat.into(),
                    row: row.into(),
                    item: item.into(),
                })
            }
        }
    }

    /// The id of the item this path holds a value of (the repeat for a row marker).
    pub fn item_id(&self) -> &str {
        match self {
            FieldPath::Item(i) => i,
            FieldPath::Row { repeat, .. } => repeat,
            FieldPath::RowItem { item, .. } => item,
        }
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Item(i) => write!(f, "{i}"),
            FieldPath::Row { repeat, row } => write!(f, "{repeat}[{row}]"),
            FieldPath::RowItem { repeat, row, item } => write!(f, "{repeat}[{row}].{item}"),
        }
    }
}

/// The path of a row marker.
pub fn row_path(repeat: &str, row: &str) -> String {
    format!("{repeat}[{row}]")
}

/// The path of an item in a row.
pub fn row_item_path(repeat: &str, row: &str, item: &str) -> String {
    format!("{repeat}[{row}].{item}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_three_shapes() {
        assert_eq!(FieldPath::parse("a_1"), Some(FieldPath::Item("a_1".into())));
        assert_eq!(
            FieldPath::parse("bodies[r7]"),
            Some(FieldPath::Row {
                repeat: "bodies".into(),
                row: "r7".into()
            })
        );
        assert_eq!(
            FieldPath::parse("bodies[r7].body_name"),
            Some(FieldPath::RowItem {
                repeat: "bodies".into(),
                row: "r7".into(),
                item: "body_name".into()
            })
        );
        for bad in [
            "",
            "a[",
            "a[]",
            "a[r1]x",
            "a[r1].",
            "a b",
            "a[r1].b.c",
            "中",
            "a[r1\0x].b",
            &format!("a[r{}]", "0".repeat(64)),
        ] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(rep in "[a-z][a-z0-9_]{0,8}", row in "r[0-9a-f]{1,10}", item in "[a-z][a-z0-9_]{0,8}") {
            for p in [
                FieldPath::Item(item.clone()),
                FieldPath::Row { repeat: rep.clone(), row: row.clone() },
                FieldPath::RowItem { repeat: rep.clone(), row: row.clone(), item: item.clone() },
            ] {
                prop_assert_eq!(FieldPath::parse(&p.to_string()), Some(p));
            }
        }

        #[test]
        fn whatever_parses_prints_back(s in "[a-z\\[\\]._0-9中 +]{0,24}") {
            if let Some(p) = FieldPath::parse(&s) {
                prop_assert_eq!(p.to_string(), s);
            }
        }
    }
}
