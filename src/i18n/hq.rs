//! Strings of the HQ commands: campaign setup, unit lists, teams,
//! assignments and review.

use super::{Lang, lang};

// ---- reading unit lists -------------------------------------------------
texts! {
    hq_unknown_column(header: &str) => "没有“{header}”这一项（可用的列名见 README）。", "There is no field “{header}” (the README lists the column names).";
    hq_unit_name_taken(name: &str) => "单位名称“{name}”为空或已存在。", "The unit name “{name}” is empty or already taken.";
}

texts! {
    hq_cannot_read(file: &str, error: &str) => "无法读取 {file}：{error}。请检查路径和权限。", "Cannot read {file}: {error}. Check the path and the permissions.";
    hq_file_too_large(file: &str) => "{file} 过大（超过 50 MB），不像单位名单。请只保留单位名单那一页。", "{file} is too large (over 50 MB) for a unit list. Keep only the sheet with the units.";
    hq_sheet_in_csv(sheet: &str) => "CSV 文件没有工作表，去掉 --sheet {sheet} 再试。", "A CSV file has no sheets; drop --sheet {sheet} and try again.";
    hq_not_spreadsheet(file: &str, detail: &str) => "{file} 无法作为 Excel 表格读取（{detail}）。请用 Excel/WPS 另存为 .xlsx 或 .csv 再导入。", "{file} cannot be read as a spreadsheet ({detail}). Save it again as .xlsx or .csv in Excel/WPS and import that.";
    hq_file_empty(file: &str) => "{file} 中没有任何工作表。", "{file} has no worksheets.";
    hq_no_sheet(sheet: &str, names: &str) => "没有名为“{sheet}”的工作表。文件中的工作表：{names}。", "No worksheet “{sheet}”. The file's worksheets: {names}.";
    hq_bad_encoding(file: &str) => "{file} 既不是 UTF-8 也不是 GBK 编码的文本。请用 Excel/WPS 另存为“CSV UTF-8”或 .xlsx。", "{file} is neither UTF-8 nor GBK text. Save it as “CSV UTF-8” or .xlsx in Excel/WPS.";
    hq_bad_csv(file: &str, detail: &str) => "{file} 不是有效的 CSV（{detail}）。", "{file} is not valid CSV ({detail}).";
    hq_cell_at(row: usize, column: &str, problem: &str) => "第 {row} 行，列“{column}”：{problem}", "row {row}, column “{column}”: {problem}";
    hq_cell_at_letter(row: usize, column: &str, letter: &str, problem: &str) => "第 {row} 行，列“{column}”（{letter} 列）：{problem}", "row {row}, column “{column}” ({letter}): {problem}";
    hq_empty_file() => "文件是空的。第一行应是表头，至少要有“单位名称”列，下面每行一个单位", "the file is empty. The first row should hold the headers, with at least a “单位名称” column, then one row per unit";
    hq_missing_name_column(synonyms: &str) => "找不到必需的列（也可写作：{synonyms}）。请在表头加上这一列", "the required column is missing (also accepted: {synonyms}). Add it to the header row";
    hq_duplicate_column(first: &str, letter: &str) => "与“{first}”（{letter} 列）是同一项，请删去其中一列", "means the same as “{first}” (column {letter}); delete one of them";
    hq_name_empty() => "单位名称为空（这一行有其他内容）。请填写单位名称或删去这一行", "the unit name is empty but the row has other values. Fill in the name or delete the row";
    hq_in_sheet(sheet: &str, at: &str) => "工作表“{sheet}”{at}", "worksheet “{sheet}”, {at}";
    hq_duplicate_unit_sheet(name: &str, sheet: &str, first: usize) => "“{name}”与工作表“{sheet}”第 {first} 行重复。每个单位只能出现一次", "“{name}” repeats row {first} of worksheet “{sheet}”. Each unit may appear only once";
    hq_parent_self(name: &str) => "“{name}”不能是自己的上级单位。请填写它所属的单位，或留空", "“{name}” cannot be listed under itself. Enter the unit it belongs to, or leave it empty";
    hq_parent_unknown(name: &str) => "没有单位“{name}”（表中上面的行和本任务的单位里都没有）。请先列出上级单位，或改正名称", "there is no unit “{name}” (neither in the rows above nor in the campaign). List the parent unit first, or correct the name";
    hq_parent_loop(name: &str) => "上级单位形成了循环（“{name}”最终成了自己的上级）。请改正上级单位。未作任何修改。", "The 上级单位 go round in a loop (“{name}” ends up under itself). Correct them. Nothing was changed.";
    hq_part_of(field: &str) => "{field}（各列相加）", "{field} (columns added up)";
    hq_looks_like_roster(file: &str, sheet: &str) => "{file} {sheet} 看来是实名制花名册（每行一人，有“姓名”列），不是单位名单。花名册请用 kaocha roster import 导入；单位名单每行一个单位。未作任何修改。", "{file} {sheet} looks like a 实名制 roster (one person per row, with a 姓名 column), not a unit list. Import rosters with kaocha roster import; a unit list has one unit per row. Nothing was changed.";
    hq_duplicate_unit(name: &str, first: usize) => "“{name}”与第 {first} 行重复。每个单位只能出现一次", "“{name}” repeats row {first}. Each unit may appear only once";
    hq_no_units() => "表头下面没有任何单位。每行填一个单位", "there are no units below the header. Put one unit per row";
    hq_not_count(text: &str) => "“{text}”不是整数。请填 0 或正整数，如 12", "“{text}” is not a whole number. Enter 0 or a positive whole number, e.g. 12";
    hq_too_large(text: &str) => "“{text}”太大", "“{text}” is too large";
    hq_bad_level(text: &str) => "“{text}”不是可识别的机构规格。可填：正处级、副处级、正科级、副科级、股级", "“{text}” is not a known level. Use one of: 正处级, 副处级, 正科级, 副科级, 股级";
    hq_bad_funding(text: &str) => "“{text}”不是可识别的经费形式。可填：全额拨款、差额补贴、经费自理", "“{text}” is not a known funding form. Use one of: 全额拨款, 差额补贴, 经费自理";
    hq_team_meant(team: &str, meant: &str) => "没有考核组“{team}”，是指“{meant}”吗？请在表中把组名改为“{meant}”", "there is no team “{team}”; did you mean “{meant}”? Write “{meant}” in the file";
    hq_unknown_team_cell(team: &str) => "没有考核组“{team}”。先运行 kaocha teams add {team}，或改正组名", "there is no team “{team}”. Run kaocha teams add {team} first, or correct the name";
    hq_bad_rows_head(file: &str, n: usize) => "{file} 有 {n} 处问题，未导入任何单位。改正后重新导入：", "{file} has {n} problems; no unit was imported. Correct them and import again:";
}

/// One problem of a unit list, with its sheet, row and column.
pub fn hq_cell_error(
    sheet: Option<&str>,
    row: usize,
    column: &str,
    letter: Option<&str>,
    problem: &str,
) -> String {
    let at = match letter {
        Some(l) => hq_cell_at_letter(row, column, l, problem),
        None => hq_cell_at(row, column, problem),
    };
    match sheet {
        Some(s) => hq_in_sheet(s, &at),
        None => at,
    }
}

/// Every problem of a unit list, one per line.
pub fn hq_bad_rows(file: &str, problems: &[String]) -> String {
    let mut out = vec![hq_bad_rows_head(file, problems.len())];
    out.extend(problems.iter().map(|p| format!("  {p}")));
    out.join("\n")
}

// ---- unit list report --------------------------------------------------
texts! {
    hq_units_summary(file: &str, added: usize, updated: usize, unchanged: usize) => "{file}：新增 {added} 个单位，更新 {updated} 个，无变化 {unchanged} 个。", "{file}: {added} units added, {updated} updated, {unchanged} unchanged.";
    hq_units_parents(pairs: &str) => "  下属单位：{pairs}", "  listed under another unit: {pairs}";
    hq_unit_under(unit: &str, parent: &str) => "{unit}（属{parent}）", "{unit} (under {parent})";
    hq_units_normalised(names: &str) => "  名称已规范：{names}", "  names normalised: {names}";
    hq_name_normalised(row: usize, written: &str, kept: &str) => "第{row}行“{written}”→“{kept}”", "row {row} “{written}” → “{kept}”";
    hq_units_passed_over(sheets: &str) => "未读取的工作表（没有单位名单表头，如填表说明）：{sheets}", "worksheets not read (no unit list header, e.g. instructions): {sheets}";
    hq_units_added(names: &str) => "  新增：{names}", "  added: {names}";
    hq_units_updated(names: &str) => "  更新：{names}", "  updated: {names}";
    hq_units_kept(names: &str) => "  文件中没有、保留不变的单位：{names}", "  not in the file, kept as they are: {names}";
    hq_units_ignored(columns: &str) => "  未识别、已忽略的列：{columns}（可用的列名见 README）", "  columns not understood, ignored: {columns} (the README lists the accepted headers)";
    hq_units_skipped(rows: &str) => "  已跳过合计、小计或分类标题行：第 {rows} 行", "  total, subtotal or section rows skipped: {rows}";
    hq_units_understood(cols: &str) => "  读到的列：{cols}", "  columns read: {cols}";
    hq_column_read(letter: &str, header: &str, field: &str) => "{letter}列“{header}”→{field}", "column {letter} “{header}” → {field}";
    hq_units_similar(new: &str, old: &str) => "  注意：新单位“{new}”与已有单位“{old}”名称相近", "  note: the new unit “{new}” is close to the existing “{old}”";
    hq_similar_pair(new: &str, old: &str) => "“{new}”与已有的“{old}”", "“{new}” and the existing “{old}”";
    hq_similar_refused(pairs: &str) => "名单中有单位与已有单位名称相近：{pairs}。若是同一单位，请在表中改用已有名称再导入；确是不同单位的，加 --add-similar 重新导入。未作任何修改。", "Some units are close to existing ones: {pairs}. If they are the same unit, use the existing name in the file and import again; if they are different units, import again with --add-similar. Nothing was changed.";
    hq_units_blank_zero(cells: &str) => "  空白的编制数、职数按 0 计：{cells}", "  blank counts read as 0: {cells}";
    hq_blank_cell(row: usize, column: &str) => "第{row}行 {column}", "row {row} {column}";
    hq_units_dry() => "试运行：以上为将要作的修改，未写入。去掉 --dry-run 即导入。", "Dry run: these are the changes that would be made; nothing was written. Drop --dry-run to import.";
}

// ---- campaign ------------------------------------------------------------
texts! {
    hq_bad_kind(text: &str) => "“{text}”不是任务类型。请用 jgbz（机构编制评估）或 jx（事业单位绩效考核）。", "“{text}” is not a campaign kind. Use jgbz (机构编制评估) or jx (事业单位绩效考核).";
    hq_empty_name() => "名称不能为空。", "The name cannot be empty.";
    hq_campaign_exists(name: &str, id: &str) => "已有名为“{name}”的评估任务（编号 {id}）。请换一个名称。", "A campaign named “{name}” exists already (id {id}). Choose another name.";
    hq_bad_campaign_json(detail: &str) => "评估任务文件有误：{detail}。格式同 kaocha campaign show --json 的输出。未作任何修改。", "The campaign file is wrong: {detail}. Use the shape kaocha campaign show --json prints. Nothing was changed.";
    hq_not_object() => "应为一个 JSON 对象 {{…}}", "it should be one JSON object {{…}}";
    hq_bad_year(text: &str) => "“{text}”不是有效的年份（如 2024）。", "“{text}” is not a year (e.g. 2024).";
    hq_unknown_key(key: &str) => "无法设置“{key}”。可设置：name=名称、year=年份、stage.表单=最少份数（空值删除该阶段）、grading.项目=数值（绩效考核：a_line、b_line、fail_line、bonus_cap，等次比例 a_quota、b_quota 如 0.3）、roster_names=true|false（问题与报告是否写出花名册姓名）。未作任何修改。", "Cannot set “{key}”. Settable: name=NAME, year=YEAR, stage.FORM=MIN (empty removes the stage), grading.FIELD=NUMBER (绩效考核: a_line, b_line, fail_line, bonus_cap, a_quota, b_quota), roster_names=true|false. Nothing was changed.";
    hq_no_stage(form: &str) => "本任务没有 {form} 阶段，无需删除。", "The campaign has no {form} stage to remove.";
    hq_bad_min(form: &str, value: &str) => "stage.{form} 的值“{value}”不是最少份数（0 或正整数；0 表示可选）。未作任何修改。", "“{value}” for stage.{form} is not a minimum count (0 or a positive whole number; 0 means optional). Nothing was changed.";
    hq_unknown_stage_form(form: &str) => "没有表单 {form}，不能作为阶段。用 kaocha forms list 查看表单。未作任何修改。", "There is no form {form} to use as a stage. kaocha forms list lists the forms. Nothing was changed.";
    hq_duplicate_stage(form: &str) => "表单 {form} 在阶段中出现了两次。每个表单只能有一个阶段。未作任何修改。", "Form {form} appears twice in the stages; a form has one stage. Nothing was changed.";
    hq_procedure_for_jx() => "考核程序设置（procedure）只用于事业单位绩效考核（jx）任务。未作任何修改。", "Procedure settings apply to 绩效考核 (jx) campaigns only. Nothing was changed.";
    hq_unknown_procedure(field: &str, names: &str) => "考核程序设置中没有“{field}”。可设置：{names}。未作任何修改。", "The procedure has no “{field}”. Settable: {names}. Nothing was changed.";
    hq_bad_procedure_date(field: &str, value: &str) => "{field} 应为日期，如 2013-11-04，而不是“{value}”。未作任何修改。", "{field} must be a date such as 2013-11-04, not “{value}”. Nothing was changed.";
    hq_procedure_dates_reversed(from: &str, to: &str) => "开始日期 {from} 晚于结束日期 {to}。未作任何修改。", "The first day {from} is after the last day {to}. Nothing was changed.";
    hq_bad_procedure_value(field: &str, value: &str) => "{field} 的值“{value}”不合理：权重为 0 到 1 的数（如 satisfied:0.8），分档为满意度（0 到 1）:分值（如 0.9:10,0.8:8），人数为整数，表单和题目用编号。未作任何修改。", "“{value}” does not fit {field}: weights are numbers from 0 to 1 (satisfied:0.8), bands are satisfaction (0 to 1):points (0.9:10,0.8:8), a sample is a whole number, forms and items are ids. Nothing was changed.";
    hq_grading_for_jx() => "评分设置（grading）只用于事业单位绩效考核（jx）任务。未作任何修改。", "Grading settings apply to 绩效考核 (jx) campaigns only. Nothing was changed.";
    hq_unknown_grading(field: &str, names: &str) => "评分设置中没有“{field}”。可设置：{names}。未作任何修改。", "Grading has no “{field}”. Settable: {names}. Nothing was changed.";
    hq_bad_grading_value(field: &str, value: &str) => "grading.{field} 的值“{value}”不是有效的分数（非负数，如 90 或 2.5）。未作任何修改。", "“{value}” for grading.{field} is not a valid score (a non-negative number, e.g. 90 or 2.5). Nothing was changed.";
    hq_bad_lines(a: f64, b: f64, fail: f64) => "等次分数线不合理（A {a}、B {b}、不合格线 {fail}）：应为 0 ≤ 不合格线 < B < A ≤ 100。未作任何修改。", "The grade lines do not fit (A {a}, B {b}, fail line {fail}): they must be 0 ≤ fail < B < A ≤ 100. Nothing was changed.";
    hq_bad_bonus_cap(cap: f64) => "加分上限 {cap} 不合理：应在 0 到 100 之间。未作任何修改。", "The bonus cap {cap} does not fit: it must be between 0 and 100. Nothing was changed.";
    hq_kind_differs() => "文件中的任务类型（kind）与当前任务不同；任务类型不能更改。请新建一个任务。未作任何修改。", "The file's kind differs from the current campaign's; a campaign's kind cannot change. Create a new campaign instead. Nothing was changed.";
    hq_campaign_created(name: &str, id: &str) => "已新建评估任务“{name}”（编号 {id}），并设为当前任务。\n下一步：kaocha teams add 第一组 --members \"张三(组长),李四\"；kaocha units import 单位名单.xlsx", "Created the campaign “{name}” (id {id}) and made it current.\nNext: kaocha teams add 第一组 --members \"张三(组长),李四\"; kaocha units import UNITS.xlsx";
    hq_campaign_line(mark: &str, name: &str, id: &str, kind: &str) => "{mark} {name}（{kind}，编号 {id}）", "{mark} {name} ({kind}, id {id})";
    hq_campaign_current(name: &str, id: &str) => "当前任务：{name}（编号 {id}）。", "Current campaign: {name} (id {id}).";
    hq_no_such_campaign(key: &str, ids: &str) => "本机没有任务“{key}”。已有：{ids}。用 kaocha campaign list 查看。未作任何修改。", "No campaign “{key}” here. There are: {ids}. See kaocha campaign list. Nothing was changed.";
    hq_campaign_updated() => "已保存评估任务设置。", "Campaign settings saved.";
    hq_campaign_imported(file: &str) => "已从 {file} 更新评估任务的名称、年份、阶段和评分设置。", "Updated the campaign's name, year, stages and grading from {file}.";
    hq_units_teams_not_imported() => "注意：文件中的单位（units）和考核组（teams）未导入；请用 kaocha units import 与 kaocha teams add。", "Note: the file's units and teams were not imported; use kaocha units import and kaocha teams add.";
    hq_show_head(name: &str, kind: &str, year: &str, id: &str, mark: &str) => "评估任务：{name}{mark}（{kind}{year}）  编号 {id}", "Campaign: {name}{mark} ({kind}{year})  id {id}";
    hq_show_stages(stages: &str) => "阶段：{stages}", "Stages: {stages}";
    hq_show_grading(a: f64, b: f64, fail: &str, cap: f64) => "评分：A ≥ {a} · B ≥ {b} · 不合格线 {fail} · 加分上限 {cap}", "Grading: A ≥ {a} · B ≥ {b} · fail line {fail} · bonus cap {cap}";
    hq_show_teams(n: usize) => "考核组（{n}）：", "Teams ({n}):";
    hq_show_units(n: usize) => "被评估单位（{n}）：", "Units ({n}):";
    hq_show_no_teams() => "  还没有考核组：kaocha teams add 名称 --members \"张三(组长),李四\"", "  No teams yet: kaocha teams add NAME --members \"张三(组长),李四\"";
    hq_show_no_units() => "  还没有单位：kaocha units import 单位名单.xlsx", "  No units yet: kaocha units import UNITS.xlsx";
    hq_stage_optional(title: &str) => "{title}（可选）", "{title} (optional)";
}

/// 机构编制评估 / 事业单位绩效考核 (`jx`: `true`).
pub fn hq_kind_name(jx: bool) -> String {
    match (lang(), jx) {
        (Lang::Zh, false) => "机构编制评估".into(),
        (Lang::Zh, true) => "事业单位绩效考核".into(),
        (Lang::En, false) => "establishment evaluation".into(),
        (Lang::En, true) => "performance assessment".into(),
    }
}

/// `，2024 年` after the kind, or nothing.
pub fn hq_year_suffix(year: Option<i32>) -> String {
    match (lang(), year) {
        (_, None) => String::new(),
        (Lang::Zh, Some(y)) => format!("，{y} 年"),
        (Lang::En, Some(y)) => format!(", {y}"),
    }
}

// ---- teams ---------------------------------------------------------------
texts! {
    hq_bad_member(text: &str) => "“{text}”缺少姓名。成员写法：张三(组长),李四", "“{text}” has no name. Write members as 张三(组长),李四";
    hq_duplicate_member(name: &str) => "成员“{name}”写了两次。", "Member “{name}” is listed twice.";
    hq_empty_team_name() => "考核组名称不能为空。", "The team name cannot be empty.";
    hq_team_exists(name: &str) => "已有考核组“{name}”。用 kaocha teams list 查看考核组。", "There is a team “{name}” already. kaocha teams list shows the teams.";
    hq_unknown_team(team: &str) => "没有考核组“{team}”。用 kaocha teams list 查看，或先 kaocha teams add {team}。未作任何修改。", "There is no team “{team}”. kaocha teams list shows the teams; or run kaocha teams add {team} first. Nothing was changed.";
    hq_unknown_units(units: &str) => "没有这些被评估单位：{units}。用 kaocha campaign show 查看单位。未作任何修改。", "No such units: {units}. kaocha campaign show lists the units. Nothing was changed.";
    hq_team_added(name: &str, id: &str, members: &str) => "已添加考核组“{name}”（{id}），成员：{members}。", "Added the team “{name}” ({id}), members: {members}.";
    hq_team_line(name: &str, id: &str, members: &str, units: &str) => "  {name}（{id}）：{members} — 单位：{units}", "  {name} ({id}): {members} — units: {units}";
    hq_no_teams() => "还没有考核组。", "No teams yet.";
    hq_assigned(n: usize, team: &str, id: &str) => "已把 {n} 个单位分给{team}（{id}）。导出任务包：kaocha plan export --team {id} -o 文件", "Assigned {n} units to {team} ({id}). Export its plan: kaocha plan export --team {id} -o FILE";
    hq_none() => "—", "—";
}

/// A member with the role in brackets.
pub fn hq_member(name: &str, role: Option<&str>) -> String {
    match (lang(), role) {
        (_, None) => name.to_string(),
        (Lang::Zh, Some(r)) => format!("{name}（{r}）"),
        (Lang::En, Some(r)) => format!("{name} ({r})"),
    }
}

// ---- review ----------------------------------------------------------------
texts! {
    hq_comment_too_long(max: usize) => "意见过长（最多 {max} 字）。", "The comment is too long (at most {max} characters).";
    hq_review_deleted() => "该记录已删除，不能审核。", "This entry is deleted and cannot be reviewed.";
    hq_return_needs_comment() => "退回需要写明意见：--comment \"请补充…\"。未作任何修改。", "Returning an entry needs a comment: --comment \"please add …\". Nothing was changed.";
    hq_approve_needs_final() => "该记录尚未定稿，不能审核通过。等考核组定稿，或用 --return --comment 退回。未作任何修改。", "This entry is not final, so it cannot be approved. Wait until the team finalises it, or return it with --return --comment. Nothing was changed.";
    hq_approve_conflicted() => "该记录有未解决的冲突，先用 kaocha conflicts 解决再审核。未作任何修改。", "This entry has unresolved conflicts; resolve them with kaocha conflicts before approving. Nothing was changed.";
    hq_reviewed(id: &str, state: &str) => "{state}：{id}。下次导出的任务包会把审核结果带给考核组。", "{state}: {id}. The next plan bundle carries the review to the team.";
}

/// 已审核 / 退回.
pub fn hq_review_state(returned: bool) -> String {
    match (lang(), returned) {
        (Lang::Zh, false) => "已审核".into(),
        (Lang::Zh, true) => "退回".into(),
        (Lang::En, false) => "approved".into(),
        (Lang::En, true) => "returned".into(),
    }
}

fn changed_note(changed: bool) -> &'static str {
    match (lang(), changed) {
        (_, false) => "",
        (Lang::Zh, true) => "，审核后已修改",
        (Lang::En, true) => ", changed since",
    }
}

/// 〔已审核〕 / 〔退回：意见〕, for entry lists.
pub fn hq_review_mark(returned: bool, comment: &str, changed: bool) -> String {
    let state = hq_review_state(returned);
    let note = changed_note(changed);
    match (lang(), comment.is_empty()) {
        (Lang::Zh, true) => format!("〔{state}{note}〕"),
        (Lang::Zh, false) => format!("〔{state}：{comment}{note}〕"),
        (Lang::En, true) => format!("[{state}{note}]"),
        (Lang::En, false) => format!("[{state}: {comment}{note}]"),
    }
}

/// The review line of `entry show`.
pub fn hq_review_line(returned: bool, comment: &str, by: &str, at: &str, changed: bool) -> String {
    let state = hq_review_state(returned);
    let note = changed_note(changed);
    match (lang(), comment.is_empty()) {
        (Lang::Zh, true) => format!("审核：{state}（{by} {at}{note}）"),
        (Lang::Zh, false) => format!("审核：{state}（{by} {at}{note}）意见：{comment}"),
        (Lang::En, true) => format!("Review: {state} ({by} {at}{note})"),
        (Lang::En, false) => format!("Review: {state} ({by} {at}{note}) comment: {comment}"),
    }
}

// ---- reviews in bundles ------------------------------------------------------
texts! {
    hq_bad_review_in_bundle(entry: &str) => "任务包中记录 {entry} 的审核结果有误", "the review of entry {entry} in the plan is malformed";
}

/// How a sheet was read: its header row and the rows taken as units.
pub fn hq_units_sheet_read(sheet: Option<&str>, header: usize, rows: &str) -> String {
    match (sheet, lang()) {
        (Some(s), Lang::Zh) => format!("工作表“{s}”：表头在第 {header} 行，单位在第 {rows} 行"),
        (None, Lang::Zh) => format!("表头在第 {header} 行，单位在第 {rows} 行"),
        (Some(s), Lang::En) => {
            format!("worksheet “{s}”: header at row {header}, units in rows {rows}")
        }
        (None, Lang::En) => format!("header at row {header}, units in rows {rows}"),
    }
}
