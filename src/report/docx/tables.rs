//! The tables of the Word style: a table with a header row repeated on
//! every page (numbers right-aligned, the wide ones small and tight), a
//! table of labels and values, an empty box and an empty table to write
//! in by hand; their columns sized by their texts. No row splits across
//! pages.

use docx_rs::{
    AlignmentType, HeightRule, Paragraph, Shading, Table, TableCell, TableCellMargins, TableRow,
    WidthType,
};

use super::{BODY_FONT, HEADER_MARK_HEIGHT, SIZE_SMALL, SIZE_TABLE, WIDE, Word, run};
use crate::report::Cell;

/// The narrowest column (twips): two characters of a wide table and the
/// cell's margins (`NARROW_MARGIN` each side).
const MIN_COLUMN: usize = 480;
/// A wide table's cell margins (twips), left and right: 1 mm.
const NARROW_MARGIN: usize = 57;

/// Column widths (twips) filling the text width, each by the longest text
/// of its column (a header may wrap onto two lines), none narrower than
/// `MIN_COLUMN`.
fn column_widths(header: &[String], rows: &[Vec<Cell>], text_w: usize) -> Vec<usize> {
    let width = |s: &str| {
        s.lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    let weights: Vec<usize> = (0..header.len())
        .map(|c| {
            let head = header.get(c).map_or(0, |h| width(h).div_ceil(2));
            let body = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|v| width(&v.display()))
                .max()
                .unwrap_or(0);
            head.max(body).clamp(4, 40)
        })
        .collect();
    // Columns that would be too narrow get the least; the others share
    // what is left by their weights (again, until none is too narrow).
    let mut narrow = vec![false; weights.len()];
    loop {
        let fixed = narrow.iter().filter(|n| **n).count() * MIN_COLUMN;
        let room = text_w.saturating_sub(fixed);
        let rest: usize = weights
            .iter()
            .zip(&narrow)
            .filter(|(_, n)| !**n)
            .map(|(w, _)| w)
            .sum::<usize>()
            .max(1);
        let widths: Vec<usize> = weights
            .iter()
            .zip(&narrow)
            .map(|(w, n)| if *n { MIN_COLUMN } else { room * w / rest })
            .collect();
        let mut changed = false;
        for (n, w) in narrow.iter_mut().zip(&widths) {
            if !*n && *w < MIN_COLUMN {
                *n = true;
                changed = true;
            }
        }
        if !changed {
            // Too many columns even at their narrowest: all shrink alike.
            let sum: usize = widths.iter().sum::<usize>().max(1);
            return if sum > text_w {
                widths.iter().map(|w| w * text_w / sum).collect()
            } else {
                widths
            };
        }
    }
}

impl Word {
    /// A table with a header row repeated on every page; numbers are
    /// right-aligned, no row splits across pages.
    pub fn table(&mut self, header: &[String], rows: &[Vec<Cell>]) -> &mut Word {
        let size = if header.len() > WIDE {
            SIZE_SMALL
        } else {
            SIZE_TABLE
        };
        let widths = column_widths(header, rows, self.text_w);
        let cell = |text: &str, c: usize, right: bool, bold: bool| {
            let r = run(text, BODY_FONT, size);
            let p = Paragraph::new().add_run(if bold { r.bold() } else { r });
            let p = if right {
                p.align(AlignmentType::Right)
            } else {
                p
            };
            TableCell::new()
                .width(widths.get(c).copied().unwrap_or(0), WidthType::Dxa)
                .add_paragraph(p)
        };
        let mut table_rows = vec![
            self.header_row(
                header
                    .iter()
                    .enumerate()
                    .map(|(c, h)| cell(h, c, false, true).shading(Shading::new().fill("E7E6E6")))
                    .collect(),
            ),
        ];
        table_rows.extend(rows.iter().map(|row| {
            TableRow::new(
                (0..header.len())
                    .map(|c| match row.get(c) {
                        Some(v @ (Cell::Int(_) | Cell::Num(_) | Cell::Pct(_))) => {
                            cell(&v.display(), c, true, false)
                        }
                        Some(v) => cell(&v.display(), c, false, false),
                        None => cell("", c, false, false),
                    })
                    .collect(),
            )
            .cant_split()
        }));
        let mut table = Table::new(table_rows)
            .set_grid(widths.clone())
            .width(self.text_w, WidthType::Dxa);
        if header.len() > WIDE {
            table =
                table.margins(TableCellMargins::new().margin(0, NARROW_MARGIN, 0, NARROW_MARGIN));
        }
        self.add_table(table)
    }

    /// A table of labels and values, without a header row (an overview, a
    /// record's facts); labels in bold, rows never split.
    pub fn pairs(&mut self, pairs: &[(&str, &str)]) -> &mut Word {
        let widths = [self.text_w * 3 / 10, self.text_w - self.text_w * 3 / 10];
        let rows = pairs
            .iter()
            .map(|(l, v)| {
                TableRow::new(vec![
                    TableCell::new()
                        .width(widths[0], WidthType::Dxa)
                        .add_paragraph(
                            Paragraph::new().add_run(run(l, BODY_FONT, SIZE_TABLE).bold()),
                        ),
                    TableCell::new()
                        .width(widths[1], WidthType::Dxa)
                        .add_paragraph(Paragraph::new().add_run(run(v, BODY_FONT, SIZE_TABLE))),
                ])
                .cant_split()
            })
            .collect();
        self.add_table(
            Table::new(rows)
                .set_grid(widths.to_vec())
                .width(self.text_w, WidthType::Dxa),
        )
    }

    /// An empty bordered box `height` twips high, to write in by hand.
    pub fn answer_box(&mut self, height: u32) -> &mut Word {
        let row = TableRow::new(vec![
            TableCell::new()
                .width(self.text_w, WidthType::Dxa)
                .add_paragraph(Paragraph::new()),
        ])
        .row_height(height as f32)
        .height_rule(HeightRule::AtLeast)
        .cant_split();
        self.add_table(
            Table::new(vec![row])
                .set_grid(vec![self.text_w])
                .width(self.text_w, WidthType::Dxa),
        )
    }

    /// An empty table to fill by hand: the columns as a repeated header,
    /// then `rows` empty rows `height` twips high.
    pub fn blank_table(&mut self, header: &[String], rows: usize, height: u32) -> &mut Word {
        let widths = column_widths(header, &[], self.text_w);
        let cell = |c: usize, p: Paragraph| {
            TableCell::new()
                .width(widths.get(c).copied().unwrap_or(0), WidthType::Dxa)
                .add_paragraph(p)
        };
        let mut table_rows = vec![
            self.header_row(
                header
                    .iter()
                    .enumerate()
                    .map(|(c, h)| {
                        cell(
                            c,
                            Paragraph::new().add_run(run(h, BODY_FONT, SIZE_TABLE).bold()),
                        )
                        .shading(Shading::new().fill("E7E6E6"))
                    })
                    .collect(),
            ),
        ];
        for _ in 0..rows {
            table_rows.push(
                TableRow::new(
                    (0..header.len())
                        .map(|c| cell(c, Paragraph::new()))
                        .collect(),
                )
                .row_height(height as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split(),
            );
        }
        self.add_table(
            Table::new(table_rows)
                .set_grid(widths.clone())
                .width(self.text_w, WidthType::Dxa),
        )
    }

    /// A header row: marked for `finish`, never split.
    fn header_row(&mut self, cells: Vec<TableCell>) -> TableRow {
        self.header_rows += 1;
        TableRow::new(cells)
            .row_height(HEADER_MARK_HEIGHT)
            .height_rule(HeightRule::Auto)
            .cant_split()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Body, HEADER_MARK};
    use super::*;
    use crate::report::docx::TEXT_W;

    fn document(word: Word) -> String {
        let mut xml = word.doc.build();
        String::from_utf8(std::mem::take(&mut xml.document)).unwrap()
    }

    #[test]
    fn a_header_row_carries_the_marker_and_rows_do_not_split() {
        let mut w = Word::new(Body::Report);
        w.table(
            &["甲".to_string(), "乙".to_string()],
            &[vec![Cell::text("1"), Cell::Int(2.0)]],
        );
        let xml = document(w);
        assert_eq!(xml.matches(HEADER_MARK).count(), 1, "{xml}");
        assert_eq!(xml.matches("<w:cantSplit />").count(), 2, "{xml}");
    }

    #[test]
    fn no_column_is_too_narrow_and_together_they_fill_the_page() {
        let header: Vec<String> = (0..16).map(|n| format!("列{n}")).collect();
        let widths = column_widths(&header, &[vec![Cell::text("县人口和计划生育局")]], TEXT_W);
        assert!(widths.iter().all(|w| *w >= MIN_COLUMN), "{widths:?}");
        assert!(widths.iter().sum::<usize>() <= TEXT_W, "{widths:?}");
        assert!(widths[0] > widths[1], "{widths:?}");
    }
}
