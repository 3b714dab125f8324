//! Strings of 自查自评: the self-check workbook (`kaocha selfcheck
//! template`), reading it back (`selfcheck import`), the comparison with
//! the assessed scores (`selfcheck show`, the unit report's section).

use super::{Lang, lang};

// ---- reading a returned workbook ---------------------------------------
texts! {
    sc_too_long(max: usize) => "文字过长（最多 {max} 字）", "text too long (at most {max} characters)";
    sc_id_label_differ(id: &str, label: &str, written: &str) => "编号 {id} 是“{label}”，而这一行的指标写的是“{written}”：请核对是哪一项", "id {id} is “{label}” but the row's indicator reads “{written}”: check which one is meant";
    sc_unknown_indicator(what: &str) => "“{what}”不是自评表的指标，这一行的自评分无从对应", "“{what}” is no indicator of the self-assessment, so the row's score belongs nowhere";
    sc_duplicate_indicator(label: &str, row: usize) => "“{label}”在第 {row} 行已填过，同一指标只填一行", "“{label}” is already filled in row {row}; one row per indicator";
    sc_not_a_score(text: &str) => "“{text}”不是分数（写数字，如 8.5）", "“{text}” is not a score (write a number, e.g. 8.5)";
    sc_negative() => "自评分不能为负数", "a self score cannot be negative";
    sc_above_max(n: &str, max: &str) => "自评分 {n} 超过满分 {max}", "self score {n} is above the maximum {max}";
    sc_too_many_rows(max: usize) => "超过 {max} 行，请合并或删减", "more than {max} rows; merge or shorten the list";
    sc_award_empty() => "项目为空（写明表彰奖励名称）", "the award is empty (name it)";
    sc_level_empty(options: &str) => "级别为空（可填：{options}）", "the level is empty (one of: {options})";
    sc_unknown_level(level: &str, options: &str) => "级别“{level}”不可识别（可填：{options}）", "level “{level}” is not known (one of: {options})";
    sc_level_needs_points(level: &str, points: &str) => "“{level}”有 {points} 分几档，请在分值一栏写明", "“{level}” counts {points} points; write which in the points column";
    sc_points_differ(level: &str, points: &str, written: &str) => "{level}加 {points} 分，表中写的是 {written} 分", "{level} adds {points} points, the sheet says {written}";
    sc_material_empty() => "材料名称为空", "the document's name is empty";
}

// ---- importing -----------------------------------------------------------
texts! {
    sc_not_hq(campaign: &str) => "自评表只在考核委导入（本机不是“{campaign}”的考核委）。未作任何修改。", "Self-assessments are imported at HQ only (this folder is not HQ of “{campaign}”). Nothing was changed.";
    sc_jx_only() => "自查自评只用于事业单位绩效考核（jx）任务。未作任何修改。", "Self-assessment is for 绩效考核 (jx) campaigns only. Nothing was changed.";
    sc_no_header(file: &str) => "{file} 中找不到自评表的表头（要有“自评分”一栏，以及“指标”或“编号”一栏）。请用 kaocha selfcheck template 生成的自评表填写。未作任何修改。", "{file} has no self-assessment header (a “自评分” column and an “指标” or “编号” one). Have the unit fill the workbook kaocha selfcheck template writes. Nothing was changed.";
    sc_nothing_filled(file: &str) => "{file} 中没有填写任何自评分、自评说明、加分项或佐证材料：单位还没有填写？未作任何修改。", "{file} holds no self score, note, bonus item or document: has the unit filled it in? Nothing was changed.";
    sc_bad_head(file: &str, n: usize) => "{file} 有 {n} 处问题，未导入。请单位改正后重新导入（未作任何修改）：", "{file} has {n} problems; nothing was imported. Have them corrected and import again (nothing was changed):";
    sc_more_problems() => "……问题太多，其余未列出。请单位核对整张表后重新交回。", "… too many problems; the rest are not listed. Have the unit check the whole workbook and return it again.";
    sc_unit_differs(in_file: &str, given: &str) => "文件是“{in_file}”的自评表，而 --unit 指定的是“{given}”。请核对文件。未作任何修改。", "The file is the self-assessment of “{in_file}”, but --unit names “{given}”. Check the file. Nothing was changed.";
    sc_unit_unknown(name: &str) => "文件写的单位“{name}”不是本任务的被评估单位。用 --unit 指明单位（kaocha units 查看名单）。未作任何修改。", "The unit the file names, “{name}”, is not assessed in this campaign. Name the unit with --unit (kaocha units lists them). Nothing was changed.";
    sc_no_unit() => "文件中找不到单位名称。用 --unit 指明是哪个单位的自评表。未作任何修改。", "The file names no unit. Say whose self-assessment it is with --unit. Nothing was changed.";
    sc_units_ambiguous(names: &str) => "文件中写了几个单位（{names}）。用 --unit 指明是哪一个。未作任何修改。", "The file names several units ({names}). Say which with --unit. Nothing was changed.";
    sc_conflicted(unit: &str) => "{unit}的自评记录有冲突，请先解决（kaocha conflicts）。未作任何修改。", "The self-assessment entry of {unit} is in conflict; resolve it first (kaocha conflicts). Nothing was changed.";
    sc_value_refused(path: &str) => "自评表中 {path} 的值不符合表单（程序缺陷）。未作任何修改。", "The value of {path} does not fit the form (a bug). Nothing was changed.";
    sc_reason(file: &str) => "据单位交回的自评表导入：{file}", "imported from the unit's self-assessment: {file}";
    sc_bad_gap(gap: f64) => "self_gap {gap} 不合理：应为大于 0、不超过 1 的比例（0.1 表示自评分与考核得分相差达该项满分的 10% 时提示，至少 1 分）。未作任何修改。", "self_gap {gap} does not fit: a share above 0 and at most 1 (0.1: flag a self score that differs from the assessed one by 10% of the indicator's maximum, at least 1 point). Nothing was changed.";
}

/// Every problem of a workbook, one per line.
pub fn sc_bad_cells(file: &str, problems: &[String]) -> String {
    let mut out = vec![sc_bad_head(file, problems.len())];
    out.extend(problems.iter().map(|p| format!("  {p}")));
    out.join("\n")
}

/// The name of a block of the workbook: 指标, 加分项, 佐证材料.
pub fn sc_block_name(n: usize) -> String {
    let (zh, en) = match n {
        0 => ("指标", "indicators"),
        1 => ("加分项", "bonus items"),
        _ => ("佐证材料", "documents"),
    };
    match lang() {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

texts! {
    sc_import_head(file: &str, unit: &str) => "{file}：{unit}的自评表", "{file}: the self-assessment of {unit}";
    sc_import_block(sheet: &str, row: usize, kind: &str, rows: usize) => "  工作表“{sheet}”第 {row} 行表头：{kind} {rows} 行", "  sheet “{sheet}”, header in row {row}: {kind}, {rows} rows";
    sc_import_block_csv(row: usize, kind: &str, rows: usize) => "  第 {row} 行表头：{kind} {rows} 行", "  header in row {row}: {kind}, {rows} rows";
    sc_import_scored(n: usize, of: usize, sum: &str) => "  已自评 {n}/{of} 项指标，合计 {sum} 分", "  {n} of {of} indicators self-scored, {sum} points in all";
    sc_import_scores(list: &str) => "  自评分：{list}", "  self scores: {list}";
    sc_import_unscored(labels: &str) => "  未自评（空白，不按 0 分计）：{labels}", "  not self-scored (blank, not counted as 0): {labels}";
    sc_import_cleared(labels: &str) => "  原有的自评分将清除：{labels}", "  earlier self scores taken away: {labels}";
    sc_import_lists(bonus: usize, materials: usize) => "  申报加分项 {bonus} 项，佐证材料 {materials} 份", "  {bonus} bonus items claimed, {materials} documents listed";
    sc_import_created(id: &str) => "已新建自评记录 {id}。", "Created the self-assessment entry {id}.";
    sc_import_amended(id: &str, n: usize) => "已更新自评记录 {id}（{n} 处修改）。", "Updated the self-assessment entry {id} ({n} changes).";
    sc_import_unchanged(id: &str) => "与已导入的自评记录 {id} 相同，未作修改。", "Same as the self-assessment entry {id} already imported; nothing changed.";
    sc_import_dry_create() => "试运行：将新建自评记录，未写入。去掉 --dry-run 即导入。", "Dry run: a self-assessment entry would be created; nothing was written. Drop --dry-run to import.";
    sc_import_dry_amend(id: &str, n: usize) => "试运行：将修改自评记录 {id} 的 {n} 处，未写入。去掉 --dry-run 即导入。", "Dry run: {n} changes to the self-assessment entry {id} would be made; nothing was written. Drop --dry-run to import.";
}

// ---- the template workbook -------------------------------------------------
texts! {
    sc_template_xlsx(path: &str) => "自评表只写成 Excel 文件：请把 {path} 改为以 .xlsx 结尾。未写入任何文件。", "The self-assessment workbook is written as Excel only: give {path} an .xlsx name. No file was written.";
    sc_template_written(unit: &str, path: &str, bytes: usize) => "已写出{unit}的自评表：{path}（{bytes} 字节）。发给单位填写，交回后用 kaocha selfcheck import 导入。", "Wrote the self-assessment workbook of {unit}: {path} ({bytes} bytes). Send it to the unit; import the returned file with kaocha selfcheck import.";
    sc_sep() => "、", ", ";
    sc_sheet_heading(label: &str, hint: &str) => "{label}（{hint}）", "{label} ({hint})";
    sc_sheet_main() => "自评表", "Self-assessment";
    sc_sheet_bonus() => "加分项", "Bonus items";
    sc_sheet_materials() => "佐证材料", "Documents";
    sc_sheet_help() => "填表说明", "Instructions";
    sc_title(campaign: &str) => "{campaign}自查自评表", "{campaign}: self-assessment";
    sc_title_unit(unit: &str) => "被考核单位：{unit}", "Unit: {unit}";
    sc_title_due(date: &str) => "截止日期：{date}", "Return by: {date}";
    sc_col_id() => "编号", "ID";
    sc_col_no() => "序号", "No.";
    sc_col_indicator() => "指标", "Indicator";
    sc_col_max() => "满分", "Max";
    sc_col_score() => "自评分", "Self score";
    sc_col_note() => "自评说明", "Notes";
    sc_col_award() => "项目", "Award";
    sc_col_level() => "级别", "Level";
    sc_col_points() => "分值", "Points";
    sc_col_proof() => "证明材料", "Proof";
    sc_col_material() => "材料名称", "Document";
    sc_col_material_note() => "说明", "Note";
    sc_dv_score_title() => "自评分", "Self score";
    sc_dv_score(max: &str) => "填 0 到 {max} 之间的数字；未自评的留空。", "A number from 0 to {max}; leave it blank when not self-scored.";
    sc_dv_level() => "从列表中选择级别。", "Pick the level from the list.";
}

/// A section's sub-heading in the workbook: 一、共性指标（20分）.
pub fn sc_section(index: usize, title: &str, max: &str) -> String {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match lang() {
        Lang::Zh => {
            let n = NUMERALS.get(index).copied().unwrap_or("");
            format!("{n}、{title}（{max}分）")
        }
        Lang::En => format!("{}. {title} ({max} points)", index + 1),
    }
}

/// The 填表说明 sheet, one paragraph per line.
pub fn sc_help(due: Option<&str>, max_note: usize) -> Vec<String> {
    let due_zh = due.map_or(String::new(), |d| format!("请于 {d} 前"));
    let due_en = due.map_or(String::new(), |d| format!(" by {d}"));
    match lang() {
        Lang::Zh => vec![
            "填表说明".into(),
            "1. 在“自评表”中逐项填写自评分和自评说明（黄色单元格）。自评分填 0 到满分之间的数字，可带小数；尚未自评的项目留空，留空不按 0 分计。".into(),
            format!("2. 自评说明写明完成情况、失分事项及依据，每项不超过 {max_note} 字。"),
            "3. 不要改动“编号”“指标”“满分”各栏；可以调整列宽、行高，不要合并单元格。".into(),
            "4. 在“加分项”中每行填写一项表彰奖励：项目、级别（从列表中选择）、分值和证明材料。同一事项或同类表彰只按最高级别填一次。".into(),
            "5. 在“佐证材料”中每行列出一份材料及其佐证的指标。".into(),
            format!("6. 填好后保存为 Excel 文件（.xlsx），{due_zh}交回考核委办公室。"),
        ],
        Lang::En => vec![
            "Instructions".into(),
            "1. In the self-assessment sheet, fill in a self score and notes for each indicator (the yellow cells). A score is a number from 0 to the maximum, decimals allowed; leave an indicator blank when it is not self-scored: a blank is not 0.".into(),
            format!("2. The notes say what was done, what lost points and why, at most {max_note} characters each."),
            "3. Leave the ID, indicator and maximum columns as they are; column widths and row heights may change; do not merge cells.".into(),
            "4. In the bonus sheet, one award per row: the award, its level (from the list), its points and its proof. The same award or kind of award counts once, at its highest level.".into(),
            "5. In the documents sheet, one document per row, with the indicator it supports.".into(),
            format!("6. Save as an Excel workbook (.xlsx) and return it to HQ{due_en}."),
        ],
    }
}

// ---- self against assessed ----------------------------------------------
texts! {
    sc_show_head(unit: &str, entry: &str) => "{unit}：自查自评与考核得分对比（自评记录 {entry}）", "{unit}: self-assessment against the assessment (self-assessment entry {entry})";
    sc_show_line(mark: &str, label: &str, max: &str, own: &str, given: &str, diff: &str) => "{mark} {label}  满分 {max}  自评 {own}  考核 {given}  差 {diff}", "{mark} {label}  max {max}  self {own}  assessed {given}  difference {diff}";
    sc_show_flag_note(pct: &str) => "！ 相差达该项满分的 {pct}%（至少 1 分）", "! differs by {pct}% of the maximum or more (at least 1 point)";
    sc_show_none(unit: &str) => "{unit}还没有自评记录。用 kaocha selfcheck import 文件 导入单位交回的自评表。", "{unit} has no self-assessment yet. Import the workbook the unit returns with kaocha selfcheck import FILE.";
    sc_not_assessed() => "考核组尚未评分，只列出自评分。", "Not assessed yet: only the self scores are listed.";
    sc_unscored(labels: &str) => "未自评：{labels}", "not self-scored: {labels}";
    sc_flagged_count(n: usize) => "指标中差异较大的 {n} 项", "{n} indicators differ widely";
    sc_h_compare() => "自评与考核对比", "Self-assessment against the assessment";
    sc_col_self() => "自评分", "Self score";
    sc_col_assessed() => "考核得分", "Assessed";
    sc_col_diff() => "差（自评−考核）", "Difference (self − assessed)";
    sc_col_flag() => "提示", "Note";
    sc_flag_large() => "⚠ 差异较大", "⚠ large difference";
    sc_rep_intro(pct: &str, n: usize) => "单位自评分与考核得分逐项对照；相差达该项满分的 {pct}%（至少 1 分）的标为差异较大，共 {n} 项。", "The unit's self scores beside the assessed ones; a difference of {pct}% of the indicator's maximum or more (at least 1 point) is marked large: {n} in all.";
    sc_rep_large_head() => "差异较大的指标：", "Large differences:";
    sc_rep_large(label: &str, own: &str, given: &str, diff: &str) => "{label}：自评 {own}，考核 {given}，差 {diff}", "{label}: self {own}, assessed {given}, difference {diff}";
}

/// A total's name: 共性指标合计, 个性指标合计, 加分项, 总分 (by
/// `TotalKind` order).
pub fn sc_total_name(n: usize) -> String {
    let zh = ["共性指标合计", "个性指标合计", "加分项", "总分"];
    let en = ["Common indicators", "Specific indicators", "Bonus", "Total"];
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.get(n).copied().unwrap_or_default().to_string()
}
