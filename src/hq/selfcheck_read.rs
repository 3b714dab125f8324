//! Reading a returned 自评表 (self-check workbook) into values, checked
//! cell by cell: every sheet (or block of a sheet) is found by its header
//! row wherever it stands: indicators (自评分), 加分项 (级别) and 佐证材料
//! (材料名称). An indicator row is matched by its id column or, without
//! one, by its label, so moved rows, extra columns and a deleted id column
//! read the same. Scores may be text (`８.５`, ` 9 `, `9分`); a blank is
//! not scored. Nothing here writes: `selfcheck` turns the result into an
//! entry.

use std::collections::BTreeMap;

use super::CellError;
use super::header::cell;
use super::names;
use super::selfcheck_sheet::{
    BONUS_COLS, Block, Col, INDICATOR_COLS, MATERIAL_COLS, MAX_BONUS_ROWS, MAX_MATERIAL_ROWS,
    MAX_NAME, MAX_NOTE, SheetIndicator, kept_text, norm, num, resolve_level, score_number,
    sections, shown, unnumbered,
};
use super::table::{Row, Table};
use crate::domain::ids::clean_label;
use crate::form::Form;
use crate::i18n;

/// One indicator read from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadIndicator {
    pub id: String,
    pub score: Option<f64>,
    pub note: Option<String>,
    pub sheet: Option<String>,
    pub row: usize,
}

/// One bonus row: the award, its level (option value) and proof.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBonus {
    pub item: String,
    pub level: String,
    pub proof: Option<String>,
}

/// One supporting document.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadMaterial {
    pub name: String,
    pub note: Option<String>,
}

/// A block found: its sheet, kind and header row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BlockRead {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub kind: Block,
    pub header_row: usize,
    pub rows: usize,
}

/// Rows at the top of a sheet read as its title (where the unit is named).
const TITLE_ROWS: usize = 20;
/// Reading stops after this many problems (a file that is wholly wrong
/// need not be listed cell by cell).
pub const MAX_ERRORS: usize = 100;

/// What a workbook holds.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Texts above the first header of each sheet (the title rows).
    pub titles: Vec<String>,
    pub indicators: Vec<ReadIndicator>,
    pub bonus: Vec<ReadBonus>,
    pub materials: Vec<ReadMaterial>,
    pub blocks: Vec<BlockRead>,
    pub errors: Vec<CellError>,
    /// Each indicator's first row, refused or not (a second row of it is
    /// refused).
    seen: BTreeMap<String, usize>,
}

/// A header row: its block and the column of each field.
struct Header {
    kind: Block,
    at: BTreeMap<Col, usize>,
    names: Vec<String>,
}

fn recognise(cols: &[(Col, &[&str])], text: &str) -> Option<Col> {
    let s = norm(text);
    cols.iter()
        .find(|(_, names)| names.iter().any(|n| norm(n) == s))
        .map(|(c, _)| *c)
}

/// The header a row is, if any: indicators need 自评分 and 指标 or 编号;
/// 加分项 needs 级别 and 项目; 佐证材料 needs 材料名称 and one more.
fn header_of(row: &Row) -> Option<Header> {
    let try_kind = |kind: Block, cols: &[(Col, &[&str])], need: &[&[Col]]| {
        let mut at = BTreeMap::new();
        for (i, c) in row.cells.iter().enumerate() {
            if let Some(col) = recognise(cols, c) {
                at.entry(col).or_insert(i);
            }
        }
        let ok = need
            .iter()
            .all(|any| any.iter().any(|c| at.contains_key(c)));
        ok.then(|| Header {
            kind,
            at,
            names: row.cells.iter().map(|c| c.trim().to_string()).collect(),
        })
    };
    try_kind(
        Block::Indicators,
        INDICATOR_COLS,
        &[&[Col::Score], &[Col::Indicator, Col::Id]],
    )
    .or_else(|| try_kind(Block::Bonus, BONUS_COLS, &[&[Col::Level], &[Col::Award]]))
    .or_else(|| {
        try_kind(
            Block::Materials,
            MATERIAL_COLS,
            &[&[Col::Material], &[Col::No, Col::MaterialNote]],
        )
    })
}

/// Reads every sheet of a workbook against the self-check form.
pub fn read(form: &Form, tables: &[Table]) -> Book {
    let indicators: Vec<SheetIndicator> = sections(form)
        .into_iter()
        .flat_map(|s| s.indicators)
        .collect();
    let mut book = Book::default();
    for t in tables {
        let mut header: Option<Header> = None;
        for (index, row) in t.rows.iter().enumerate() {
            if book.errors.len() >= MAX_ERRORS {
                return book;
            }
            if let Some(h) = header_of(row) {
                book.blocks.push(BlockRead {
                    sheet: t.sheet.clone(),
                    kind: h.kind,
                    header_row: row.number,
                    rows: 0,
                });
                header = Some(h);
                continue;
            }
            let Some(h) = &header else {
                if index >= TITLE_ROWS {
                    continue;
                }
                book.titles.extend(
                    row.cells
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .map(str::to_string),
                );
                continue;
            };
            if row.cells.iter().all(|c| c.trim().is_empty())
                || row.cells.iter().any(|c| names::is_total(c))
            {
                continue;
            }
            let at = Cells { t, h, row };
            let read = match h.kind {
                Block::Indicators => at.indicator(&indicators, &mut book),
                Block::Bonus => at.bonus(form, &mut book),
                Block::Materials => at.material(&mut book),
            };
            if read && let Some(b) = book.blocks.last_mut() {
                b.rows += 1;
            }
        }
    }
    book
}

/// One data row under its header.
struct Cells<'a> {
    t: &'a Table,
    h: &'a Header,
    row: &'a Row,
}

impl Cells<'_> {
    /// The column index and trimmed text of a field (empty when absent).
    fn get(&self, col: Col) -> Option<(usize, &str)> {
        let i = *self.h.at.get(&col)?;
        Some((i, cell(self.row, i).trim()))
    }

    fn text(&self, col: Col) -> &str {
        self.get(col).map_or("", |(_, s)| s)
    }

    fn error(&self, col: Col, problem: String) -> CellError {
        let i = self.h.at.get(&col).copied();
        CellError {
            sheet: self.t.sheet.clone(),
            row: self.row.number,
            column: i
                .and_then(|i| self.h.names.get(i).cloned())
                .unwrap_or_default(),
            letter: i.map(|i| self.t.column_letter(i)),
            problem,
        }
    }

    /// An indicator row; false when the row is none (a section heading).
    fn indicator(&self, known: &[SheetIndicator], book: &mut Book) -> bool {
        let id_text = self.text(Col::Id);
        let label_text = self.text(Col::Indicator);
        let by_id = known
            .iter()
            .find(|i| !id_text.is_empty() && i.id == id_text);
        let label = norm(unnumbered(label_text));
        let by_label = known
            .iter()
            .find(|i| !label.is_empty() && i.names.contains(&label));
        let score_text = self.text(Col::Score);
        let found = match (by_id, by_label) {
            (Some(a), Some(b)) if a.id != b.id => {
                book.errors.push(self.error(
                    Col::Id,
                    i18n::sc_id_label_differ(&a.id, &a.label, &shown(label_text)),
                ));
                return false;
            }
            (Some(a), _) | (None, Some(a)) => a,
            (None, None) if score_text.is_empty() => return false,
            (None, None) => {
                let (col, what) = if id_text.is_empty() {
                    (Col::Indicator, label_text)
                } else {
                    (Col::Id, id_text)
                };
                book.errors
                    .push(self.error(col, i18n::sc_unknown_indicator(&shown(what))));
                return false;
            }
        };
        if let Some(first) = book.seen.get(&found.id) {
            let problem = i18n::sc_duplicate_indicator(&found.label, *first);
            book.errors.push(self.error(Col::Score, problem));
            return false;
        }
        book.seen.insert(found.id.clone(), self.row.number);
        let before = book.errors.len();
        let score = if score_text.is_empty() {
            None
        } else {
            match score_number(score_text) {
                None => {
                    book.errors
                        .push(self.error(Col::Score, i18n::sc_not_a_score(&shown(score_text))));
                    None
                }
                Some(n) if n < 0.0 => {
                    book.errors
                        .push(self.error(Col::Score, i18n::sc_negative()));
                    None
                }
                Some(n) if n > found.max => {
                    let max = num(found.max);
                    book.errors
                        .push(self.error(Col::Score, i18n::sc_above_max(&num(n), &max)));
                    None
                }
                Some(n) => Some(n),
            }
        };
        let note = match kept_text(self.text(Col::Note), MAX_NOTE) {
            Ok(n) => n,
            Err(problem) => {
                book.errors.push(self.error(Col::Note, problem));
                None
            }
        };
        if book.errors.len() > before {
            return false;
        }
        book.indicators.push(ReadIndicator {
            id: found.id.clone(),
            score,
            note,
            sheet: self.t.sheet.clone(),
            row: self.row.number,
        });
        true
    }

    /// A bonus row: an award, its level (and the points, which must be the
    /// level's), its proof.
    fn bonus(&self, form: &Form, book: &mut Book) -> bool {
        let (award, level, points, proof) = (
            self.text(Col::Award),
            self.text(Col::Level),
            self.text(Col::Points),
            self.text(Col::Proof),
        );
        if [award, level, points, proof].iter().all(|s| s.is_empty()) {
            return false;
        }
        if book.bonus.len() >= MAX_BONUS_ROWS {
            book.errors
                .push(self.error(Col::Award, i18n::sc_too_many_rows(MAX_BONUS_ROWS)));
            return false;
        }
        let before = book.errors.len();
        let item = match kept_text(award, MAX_NAME) {
            Ok(Some(s)) => Some(clean_label(&s)),
            Ok(None) => {
                book.errors
                    .push(self.error(Col::Award, i18n::sc_award_empty()));
                None
            }
            Err(p) => {
                book.errors.push(self.error(Col::Award, p));
                None
            }
        };
        let proof = kept_text(proof, MAX_NAME).unwrap_or_else(|p| {
            book.errors.push(self.error(Col::Proof, p));
            None
        });
        let level = self.level(form, level, points, book);
        if book.errors.len() > before {
            return false;
        }
        let (Some(item), Some(level)) = (item, level) else {
            return false;
        };
        book.bonus.push(ReadBonus { item, level, proof });
        true
    }

    /// The option a level names (see `resolve_level`), or its problem
    /// at its cell.
    fn level(&self, form: &Form, level: &str, points: &str, book: &mut Book) -> Option<String> {
        match resolve_level(form, level, points) {
            Ok(value) => Some(value),
            Err((col, problem)) => {
                book.errors.push(self.error(col, problem));
                None
            }
        }
    }

    /// A supporting document: its name (needed when anything is written)
    /// and its note.
    fn material(&self, book: &mut Book) -> bool {
        let (name, note) = (self.text(Col::Material), self.text(Col::MaterialNote));
        if name.is_empty() && note.is_empty() {
            return false;
        }
        if book.materials.len() >= MAX_MATERIAL_ROWS {
            book.errors
                .push(self.error(Col::Material, i18n::sc_too_many_rows(MAX_MATERIAL_ROWS)));
            return false;
        }
        let before = book.errors.len();
        let name = match kept_text(name, MAX_NAME) {
            Ok(Some(s)) => Some(clean_label(&s)),
            Ok(None) => {
                book.errors
                    .push(self.error(Col::Material, i18n::sc_material_empty()));
                None
            }
            Err(p) => {
                book.errors.push(self.error(Col::Material, p));
                None
            }
        };
        let note = kept_text(note, MAX_NOTE).unwrap_or_else(|p| {
            book.errors.push(self.error(Col::MaterialNote, p));
            None
        });
        match name {
            Some(name) if book.errors.len() == before => {
                book.materials.push(ReadMaterial { name, note });
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::selfcheck_sheet::{BONUS_LEVEL, FORM, option_points, short_label};
    use super::super::table::of_rows;
    use super::*;

    fn form(id: &str) -> Form {
        crate::form::builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == id)
            .unwrap()
    }

    fn read_rows(rows: &[&[&str]]) -> Book {
        read(&form(FORM), &[of_rows(rows)])
    }

    fn problems(book: &Book) -> Vec<String> {
        book.errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_self_check_form_mirrors_the_scoring_forms_indicators() {
        let own = sections(&form(FORM));
        let scoring = sections(&form("jx.scoring"));
        assert_eq!(own, scoring, "same sections, ids, labels and maxima");
        let ids: Vec<&str> = own
            .iter()
            .flat_map(|s| s.indicators.iter().map(|i| i.id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                "reg_mgmt",
                "social_eval",
                "main_business",
                "econ_social",
                "mgmt_ops"
            ]
        );
        let children = |f: &Form| -> Vec<String> {
            f.repeat_of(BONUS_LEVEL)
                .unwrap()
                .children()
                .iter()
                .map(|c| c.id.clone())
                .collect()
        };
        assert_eq!(children(&form(FORM)), children(&form("jx.scoring")));
        assert_eq!(option_points(&form(FORM), "national"), 2.0);
        assert_eq!(option_points(&form(FORM), "provincial1"), 1.0);
    }

    #[test]
    fn scores_written_as_text() {
        assert_eq!(score_number("８.５"), Some(8.5));
        assert_eq!(score_number(" 9 "), Some(9.0));
        assert_eq!(score_number("9分"), Some(9.0));
        assert_eq!(score_number("９ 分"), Some(9.0));
        assert_eq!(score_number("7.5 points"), Some(7.5));
        assert_eq!(score_number("-1"), Some(-1.0));
        assert_eq!(score_number("九"), Some(9.0));
        assert_eq!(score_number("约9分"), None);
        assert_eq!(score_number("1e3"), None);
        assert_eq!(score_number("#DIV/0!"), None);
    }

    #[test]
    fn labels_match_with_numbering_and_without_their_maximum() {
        assert_eq!(unnumbered("1.登记管理"), "登记管理");
        assert_eq!(unnumbered("（一）登记管理"), "登记管理");
        assert_eq!(unnumbered("二、社会评价"), "社会评价");
        assert_eq!(unnumbered("2024年工作"), "2024年工作");
        assert_eq!(short_label("登记管理（满分10分）"), "登记管理");
        assert_eq!(short_label("Registration (max 10)"), "Registration");
    }

    #[test]
    fn rows_are_found_by_id_or_by_label_in_any_order() {
        let book = read_rows(&[
            &["某某单位自查自评表"],
            &["被考核单位：县人民医院"],
            &["编号", "序号", "指标", "满分", "自评分", "自评说明"],
            &["", "", "一、共性指标（20分）", "", "", ""],
            &["social_eval", "2", "社会评价", "10", "９分", "满意度 92%"],
            &["", "1", "1. 登记管理", "10", " 10 ", ""],
            &["", "", "二、个性指标（80分）", "", "", ""],
            &["main_business", "3", "", "50", "", "未自评"],
            &["", "", "合计", "100", "19", ""],
        ]);
        assert!(book.errors.is_empty(), "{:?}", problems(&book));
        assert_eq!(
            book.titles,
            ["某某单位自查自评表", "被考核单位：县人民医院"]
        );
        let got: Vec<(&str, Option<f64>, Option<&str>, usize)> = book
            .indicators
            .iter()
            .map(|r| (r.id.as_str(), r.score, r.note.as_deref(), r.row))
            .collect();
        assert_eq!(
            got,
            [
                ("social_eval", Some(9.0), Some("满意度 92%"), 5),
                ("reg_mgmt", Some(10.0), None, 6),
                ("main_business", None, Some("未自评"), 8),
            ]
        );
        assert_eq!(book.blocks[0].header_row, 3);
        assert_eq!(book.blocks[0].rows, 3);
    }

    #[test]
    fn bad_cells_are_named_by_row_column_and_letter() {
        let book = read_rows(&[
            &["序号", "指标", "满分", "自评分", "自评说明"],
            &["1", "登记管理", "10", "11", ""],
            &["2", "社会评价", "10", "-1", ""],
            &["3", "主体业务开展情况", "50", "很好", ""],
            &["4", "宣传工作", "5", "5", ""],
            &["5", "登记管理", "10", "9", ""],
        ]);
        assert_eq!(
            problems(&book),
            [
                "第 2 行，列“自评分”（D 列）：自评分 11 超过满分 10",
                "第 3 行，列“自评分”（D 列）：自评分不能为负数",
                "第 4 行，列“自评分”（D 列）：“很好”不是分数（写数字，如 8.5）",
                "第 5 行，列“指标”（B 列）：“宣传工作”不是自评表的指标，这一行的自评分无从对应",
                "第 6 行，列“自评分”（D 列）：“登记管理”在第 2 行已填过，同一指标只填一行",
            ]
        );
    }

    #[test]
    fn an_id_that_names_another_indicator_than_the_label_is_refused() {
        let book = read_rows(&[&["编号", "指标", "自评分"], &["reg_mgmt", "社会评价", "9"]]);
        assert_eq!(
            problems(&book),
            [
                "第 2 行，列“编号”（A 列）：编号 reg_mgmt 是“登记管理”，而这一行的指标写的是“社会评价”：请核对是哪一项"
            ]
        );
    }

    #[test]
    fn bonus_levels_are_read_by_label_and_the_points_pick_between_equal_names() {
        let book = read_rows(&[
            &["编号", "指标", "自评分"],
            &["项目", "级别", "分值", "证明材料"],
            &["全国文明单位", "国家级", "2", "文明委〔2020〕1号"],
            &["省级青年文明号", "省级", "1", ""],
            &["市级先进集体", "市级（+1分）", "", ""],
            &["省级先进", "省级", "", ""],
            &["省级标兵", "国家级", "1", ""],
            &["", "区级", "", ""],
        ]);
        let got: Vec<(&str, &str)> = book
            .bonus
            .iter()
            .map(|b| (b.item.as_str(), b.level.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("全国文明单位", "national"),
                ("省级青年文明号", "provincial1"),
                ("市级先进集体", "city"),
            ]
        );
        assert_eq!(
            problems(&book),
            [
                "第 6 行，列“分值”（C 列）：“省级”有 2、1 分几档，请在分值一栏写明",
                "第 7 行，列“分值”（C 列）：国家级加 2 分，表中写的是 1 分",
                "第 8 行，列“项目”（A 列）：项目为空（写明表彰奖励名称）",
                "第 8 行，列“级别”（B 列）：级别“区级”不可识别（可填：国家级、省级、市级）",
            ]
        );
    }

    #[test]
    fn documents_need_a_name_and_long_text_is_refused() {
        let long = "很".repeat(MAX_NOTE + 1);
        let book = read_rows(&[
            &["编号", "指标", "自评分", "自评说明"],
            &["reg_mgmt", "", "9", &long],
            &["序号", "材料名称", "说明"],
            &["1", "2023年度报告", "登记管理"],
            &["2", "", "缺名称"],
        ]);
        assert_eq!(book.materials.len(), 1);
        assert_eq!(
            problems(&book),
            [
                "第 2 行，列“自评说明”（D 列）：文字过长（最多 2000 字）",
                "第 5 行，列“材料名称”（B 列）：材料名称为空",
            ]
        );
    }

    #[test]
    fn a_wholly_wrong_file_stops_at_a_hundred_problems() {
        let names: Vec<String> = (0..150).map(|n| format!("宣传工作{n}")).collect();
        let mut rows: Vec<Vec<&str>> = vec![vec!["指标", "自评分"]];
        rows.extend(names.iter().map(|n| vec![n.as_str(), "5"]));
        let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let book = read_rows(&refs);
        assert_eq!(book.errors.len(), MAX_ERRORS);
        assert_eq!(book.errors.last().map(|e| e.row), Some(101));
    }
}
