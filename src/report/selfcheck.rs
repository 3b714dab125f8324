//! The 自评表 a unit fills in (`kaocha selfcheck template`): an XLSX
//! workbook of the self-check form's indicators by section (序号, 指标,
//! 满分, 自评分, 自评说明, the id in a hidden column so reading back is
//! exact), a 加分项 sheet, a 佐证材料 sheet and a 填表说明 sheet. What the
//! unit fills is unlocked and yellow; the indicator sheet is protected
//! (no password) so labels and maxima stay as written. Every cell is
//! written as a string or a number, never as a formula.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet,
};

use super::ReportError;
use crate::domain::{Campaign, Unit};
use crate::form::Form;
use crate::hq::selfcheck_sheet::{BONUS_LEVEL, MATERIAL_NAME, MAX_NOTE, num, sections};
use crate::i18n;

/// Empty rows laid out for bonus items and for documents.
const BONUS_ROWS: u32 = 20;
const MATERIAL_ROWS: u32 = 30;
/// The row of the header on every sheet (0-based): title and unit above.
const HEADER: u32 = 2;

/// The formats of the workbook.
struct Styles {
    title: Format,
    meta: Format,
    header: Format,
    section: Format,
    cell: Format,
    number: Format,
    fill: Format,
    fill_wrap: Format,
    id: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        let yellow = || {
            border(Format::new())
                .set_background_color("#FFF2CC")
                .set_unlocked()
        };
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            meta: Format::new(),
            header: border(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#E8EEF5"),
            section: border(Format::new())
                .set_bold()
                .set_background_color("#F2F2F2"),
            cell: border(Format::new()).set_text_wrap(),
            number: border(Format::new()).set_align(FormatAlign::Center),
            fill: yellow(),
            fill_wrap: yellow().set_text_wrap().set_align(FormatAlign::Top),
            id: Format::new().set_font_color("#808080"),
        }
    }
}

/// The workbook for `unit` of `campaign`, from the self-check `form`.
pub fn template(campaign: &Campaign, unit: &Unit, form: &Form) -> Result<Vec<u8>, ReportError> {
    let due = campaign
        .procedure
        .as_ref()
        .and_then(|p| p.selfcheck_due.clone());
    let s = Styles::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(i18n::sc_sheet_main())?;
    indicators(ws, &s, campaign, unit, due.as_deref(), form)?;
    let ws = wb.add_worksheet();
    ws.set_name(i18n::sc_sheet_bonus())?;
    bonus(ws, &s, unit, form)?;
    let ws = wb.add_worksheet();
    ws.set_name(i18n::sc_sheet_materials())?;
    materials(ws, &s, unit, form)?;
    let ws = wb.add_worksheet();
    ws.set_name(i18n::sc_sheet_help())?;
    help(ws, &s, due.as_deref())?;
    Ok(wb.save_to_buffer()?)
}

/// Title and unit rows; the unit's id in column A (hidden on the
/// indicator sheet), its name after 被考核单位：.
fn heading(
    ws: &mut Worksheet,
    s: &Styles,
    title: &str,
    unit: &Unit,
    last_col: u16,
) -> Result<(), ReportError> {
    ws.merge_range(0, 1, 0, last_col, title, &s.title)?;
    ws.write_string_with_format(1, 0, &unit.id, &s.id)?;
    ws.write_string_with_format(1, 1, i18n::sc_title_unit(&unit.name), &s.meta)?;
    Ok(())
}

fn header(ws: &mut Worksheet, s: &Styles, names: &[String]) -> Result<(), ReportError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(HEADER, c as u16, h, &s.header)?;
    }
    ws.set_freeze_panes(HEADER + 1, 0)?;
    Ok(())
}

fn indicators(
    ws: &mut Worksheet,
    s: &Styles,
    campaign: &Campaign,
    unit: &Unit,
    due: Option<&str>,
    form: &Form,
) -> Result<(), ReportError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    heading(ws, s, &i18n::sc_title(&campaign.name), unit, 5)?;
    if let Some(d) = due {
        ws.write_string_with_format(1, 5, i18n::sc_title_due(d), &s.meta)?;
    }
    header(
        ws,
        s,
        &[
            i18n::sc_col_id(),
            i18n::sc_col_no(),
            i18n::sc_col_indicator(),
            i18n::sc_col_max(),
            i18n::sc_col_score(),
            i18n::sc_col_note(),
        ],
    )?;
    let mut r = HEADER + 1;
    let mut n = 0;
    for (index, section) in sections(form).iter().enumerate() {
        let max: f64 = section.indicators.iter().map(|i| i.max).sum();
        for c in 1..=5 {
            ws.write_blank(r, c, &s.section)?;
        }
        let heading = i18n::sc_section(index, &section.title, &num(max));
        ws.write_string_with_format(r, 2, heading, &s.section)?;
        r += 1;
        for i in &section.indicators {
            n += 1;
            ws.write_string_with_format(r, 0, &i.id, &s.id)?;
            ws.write_number_with_format(r, 1, f64::from(n), &s.number)?;
            ws.write_string_with_format(r, 2, &i.label, &s.cell)?;
            ws.write_number_with_format(r, 3, i.max, &s.number)?;
            ws.write_blank(r, 4, &s.fill)?;
            ws.write_blank(r, 5, &s.fill_wrap)?;
            let rule = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, i.max))
                .set_input_title(i18n::sc_dv_score_title())?
                .set_input_message(i18n::sc_dv_score(&num(i.max)))?
                .set_error_message(i18n::sc_dv_score(&num(i.max)))?;
            ws.add_data_validation(r, 4, r, 4, &rule)?;
            ws.set_row_height(r, 45)?;
            r += 1;
        }
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_hidden(0)?;
    ws.set_column_width(1, 6)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(3, 8)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, 60)?;
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    Ok(())
}

fn bonus(ws: &mut Worksheet, s: &Styles, unit: &Unit, form: &Form) -> Result<(), ReportError> {
    let repeat = form.repeat_of(BONUS_LEVEL);
    let title = repeat.map_or_else(i18n::sc_sheet_bonus, |r| match r.ui_hint() {
        Some(h) => i18n::sc_sheet_heading(r.ui_label(), h),
        None => r.ui_label().to_string(),
    });
    heading(ws, s, &title, unit, 4)?;
    header(
        ws,
        s,
        &[
            i18n::sc_col_no(),
            i18n::sc_col_award(),
            i18n::sc_col_level(),
            i18n::sc_col_points(),
            i18n::sc_col_proof(),
        ],
    )?;
    let levels: Vec<String> = form
        .item(BONUS_LEVEL)
        .map(|i| {
            i.choices()
                .iter()
                .map(|c| c.ui_label().to_string())
                .collect()
        })
        .unwrap_or_default();
    for k in 0..BONUS_ROWS {
        let r = HEADER + 1 + k;
        ws.write_number_with_format(r, 0, f64::from(k + 1), &s.number)?;
        for c in 1..=4 {
            ws.write_blank(r, c, &s.fill_wrap)?;
        }
    }
    if !levels.is_empty() {
        let rule = DataValidation::new()
            .allow_list_strings(&levels)?
            .set_input_message(i18n::sc_dv_level())?;
        ws.add_data_validation(HEADER + 1, 2, HEADER + BONUS_ROWS, 2, &rule)?;
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width(3, 8)?;
    ws.set_column_width(4, 36)?;
    Ok(())
}

fn materials(ws: &mut Worksheet, s: &Styles, unit: &Unit, form: &Form) -> Result<(), ReportError> {
    let title = form
        .repeat_of(MATERIAL_NAME)
        .map_or_else(i18n::sc_sheet_materials, |r| match r.ui_hint() {
            Some(h) => i18n::sc_sheet_heading(r.ui_label(), h),
            None => r.ui_label().to_string(),
        });
    heading(ws, s, &title, unit, 2)?;
    header(
        ws,
        s,
        &[
            i18n::sc_col_no(),
            i18n::sc_col_material(),
            i18n::sc_col_material_note(),
        ],
    )?;
    for k in 0..MATERIAL_ROWS {
        let r = HEADER + 1 + k;
        ws.write_number_with_format(r, 0, f64::from(k + 1), &s.number)?;
        ws.write_blank(r, 1, &s.fill_wrap)?;
        ws.write_blank(r, 2, &s.fill_wrap)?;
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 48)?;
    ws.set_column_width(2, 48)?;
    Ok(())
}

fn help(ws: &mut Worksheet, s: &Styles, due: Option<&str>) -> Result<(), ReportError> {
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (r, line) in i18n::sc_help(due, MAX_NOTE).iter().enumerate() {
        let format = if r == 0 { &s.title } else { &wrap };
        ws.write_string_with_format(r as u32, 0, line, format)?;
    }
    ws.set_column_width(0, 100)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn the_workbook_lists_every_indicator_under_its_section() {
        let form = crate::form::builtin::forms()
            .unwrap()
            .into_iter()
            .find(|f| f.def.id == "jx.selfcheck")
            .unwrap();
        let campaign: Campaign = serde_json::from_value(serde_json::json!({
            "id": "c", "name": "=2024年绩效考核", "kind": "jx",
            "units": [{"id": "u1", "name": "县人民医院"}],
            "procedure": {"selfcheck_due": "2024-03-31"},
        }))
        .unwrap();
        let bytes = template(&campaign, &campaign.units[0], &form).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            ["自评表", "加分项", "佐证材料", "填表说明"]
        );
        let sheet = book.worksheet_range("自评表").unwrap();
        let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            _ => String::new(),
        };
        // A formula-like name stays text.
        assert_eq!(text(0, 1), "=2024年绩效考核自查自评表");
        assert_eq!(text(1, 0), "u1");
        assert_eq!(text(1, 1), "被考核单位：县人民医院");
        assert_eq!(text(1, 5), "截止日期：2024-03-31");
        let header: Vec<String> = (0..6).map(|c| text(2, c)).collect();
        assert_eq!(
            header,
            ["编号", "序号", "指标", "满分", "自评分", "自评说明"]
        );
        let rows: Vec<[String; 4]> = (3..11)
            .map(|r| [text(r, 0), text(r, 1), text(r, 2), text(r, 3)])
            .collect();
        let want = [
            ["", "", "一、共性指标（20分）", ""],
            ["reg_mgmt", "1", "登记管理", "10"],
            ["social_eval", "2", "社会评价", "10"],
            ["", "", "二、个性指标（80分）", ""],
            ["main_business", "3", "主体业务开展情况", "50"],
            ["econ_social", "4", "经济社会效益", "20"],
            ["mgmt_ops", "5", "管理运行状况", "10"],
            ["", "", "", ""],
        ];
        assert_eq!(rows, want.map(|r| r.map(str::to_string)));
    }
}
