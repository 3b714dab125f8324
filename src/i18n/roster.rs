//! Strings of the 实名制 roster: its import, its report, its findings.

use super::{Lang, lang};

texts! {
    roster_missing_columns(cols: &str) => "花名册缺少必需的列：{cols}。请在表头加上（每行一人：姓名、单位、编制类型）", "the roster lacks required columns: {cols}. Add them to the header (one person per row: 姓名, 单位, 编制类型)";
    roster_no_header(file: &str) => "{file} 中找不到花名册表头（至少要有“姓名”“单位”“编制类型”列，每行一人）。单位名单请用 kaocha units import。未作任何修改。", "{file} has no roster header (at least 姓名, 单位 and 编制类型 columns, one person per row). Import unit lists with kaocha units import. Nothing was changed.";
    roster_too_many(unit: &str, max: usize) => "“{unit}”的人员超过 {max} 人，不像一个单位的花名册。请检查“单位”列", "“{unit}” has more than {max} people, too many for one unit's roster. Check the 单位 column";
    roster_name_empty() => "姓名为空（这一行有其他内容）。请填写姓名或删去这一行", "the name is empty but the row has other values. Fill in the name or delete the row";
    roster_unit_empty() => "单位为空。请填写此人编制所在单位的全称", "the unit is empty. Fill in the full name of the unit holding the person's 编制";
    roster_kind_empty() => "编制类型为空。请填：行政、事业、工勤或其他", "the 编制 kind is empty. Enter 行政, 事业, 工勤 or 其他";
    roster_bad_kind(text: &str) => "“{text}”不是可识别的编制类型。请填：行政、事业、工勤或其他（编外人员不列入花名册）", "“{text}” is not a known 编制 kind. Enter 行政, 事业, 工勤 or 其他 (people outside the 编制 do not belong in the roster)";
    roster_bad_leader(text: &str) => "“{text}”不是“是”或“否”。请填“是”或“否”", "“{text}” is neither 是 nor 否. Enter 是 or 否";
    sync_plan_bad_roster(unit: &str) => "任务包中单位“{unit}”的花名册有误（不是本组单位、重复或格式不对），未导入任何内容。请向考核委索取新的任务包。", "The plan's roster of unit “{unit}” is wrong (not a unit of the team, repeated or malformed); nothing was imported. Ask HQ for a new plan.";
    sync_need_bundle_passphrase() => "这个数据包用口令加密（含花名册等个人信息）。请向考核委索取口令，在终端运行 kaocha import 时输入，或设置环境变量 KAOCHA_BUNDLE_PASSPHRASE。未导入任何内容。", "This bundle is encrypted under a passphrase (it holds personal data such as rosters). Ask HQ for the passphrase and enter it when kaocha import asks in a terminal, or set KAOCHA_BUNDLE_PASSPHRASE. Nothing was imported.";
    sync_wrong_bundle_passphrase() => "口令不对，无法解密这个数据包。请核对考核委给的口令再试。未导入任何内容。", "Wrong passphrase: the bundle cannot be decrypted. Check the passphrase HQ gave and try again. Nothing was imported.";
    sync_ask_bundle_passphrase() => "数据包口令：", "Bundle passphrase: ";
    sync_ask_new_bundle_passphrase() => "为任务包设置口令（另行告知考核组）：", "Passphrase for the plan (tell the team separately): ";
    hq_bad_roster_names(value: &str) => "roster_names 的值“{value}”应为 true（问题与报告写出花名册中的姓名）或 false（只写姓，如“张*”）。未作任何修改。", "“{value}” for roster_names should be true (findings and reports name the roster's people) or false (family names only, e.g. 张*). Nothing was changed.";
    a_roster_works_at(place: &str) => "实际在{place}", "working at {place}";
    a_roster_person(name: &str, why: &str) => "{name}（{why}）", "{name} ({why})";
    a_roster_post(kind: &str, post: &str) => "{kind}编制，在{post}岗位", "{kind} 编制 in a {post} post";
    a_roster_inst_in_body(body: &str) => "事业编制，在{body}", "事业编制 in {body}";
    a_roster_admin_without_quota() => "行政编制，本单位无行政编制", "行政编制 in a unit without any";
    a_evidence_roster(source: &str, at: &str, rows: &str) => "花名册（{source}，{at} 导入）{rows}", "roster ({source}, imported {at}) {rows}";
    a_gap_roster(title: &str, missing: &str) => "无法判断“{title}”：花名册中有领导职务人员，但缺少{missing}（单位名单未导入）；请导入单位名单", "Cannot judge “{title}”: the roster lists leaders but {missing} is missing (not in the imported unit list); import the unit list";
    ui_choose_unit_list_title() => "导入单位名单：选择 Excel 或 CSV 文件", "Import a unit list: choose an Excel or CSV file";
    ui_choose_roster_title() => "导入实名制花名册：选择 Excel 或 CSV 文件", "Import a 实名制 roster: choose an Excel or CSV file";
    ui_roster_imported(people: usize, units: usize, unknown: usize) => "已导入花名册：{units} 个单位 {people} 人；{unknown} 行不是本任务的单位，未导入。", "Roster imported: {people} people of {units} units; {unknown} rows of units outside the campaign not imported.";
    ui_units_imported(added: usize, updated: usize, sheets: usize, skipped: usize) => "已导入单位名单：新增 {added} 个，更新 {updated} 个（读了 {sheets} 个工作表，跳过合计/标题行 {skipped} 行）。", "Unit list imported: {added} added, {updated} updated ({sheets} sheets read, {skipped} total/heading rows skipped).";
    k_import_units() => "导入名单", "import units";
    k_import_roster() => "导入花名册", "import roster";
    h_import_units() => "从 Excel/CSV 导入单位名单（考核委）", "import a unit list from Excel/CSV (HQ)";
    h_switch_campaign() => "切换到本机的下一个评估任务（如演示的绩效考核任务）", "switch to the next campaign in this folder (such as the demo's 绩效考核)";
    h_import_roster() => "从 Excel/CSV 导入实名制花名册（考核委）", "import a 实名制 roster from Excel/CSV (HQ)";
    roster_not_hq(campaign: &str) => "花名册只在考核委导入（本机不是“{campaign}”的考核委）。考核组从任务包中得到所访单位的花名册。未作任何修改。", "Rosters are imported at HQ only (this folder is not HQ of “{campaign}”). A team gets its units' rosters in its plan. Nothing was changed.";
    roster_bad_id() => "身份证号格式不对（应为 18 位，末位可为 X）。请改正或清空该格", "the 身份证号 is malformed (18 characters, the last may be X). Correct it or clear the cell";
}

texts! {
    roster_summary(file: &str, people: usize, units: usize) => "{file}：{people} 人，{units} 个单位的花名册。", "{file}: {people} people, rosters of {units} units.";
    roster_sheet(sheet: &str, header: usize, people: usize) => "  工作表“{sheet}”：表头在第 {header} 行，{people} 人", "  worksheet “{sheet}”: header at row {header}, {people} people";
    roster_sheet_csv(header: usize, people: usize) => "  表头在第 {header} 行，{people} 人", "  header at row {header}, {people} people";
    roster_unit_line(unit: &str, people: usize, admin: u32, inst: u32, worker: u32, other: u32) => "  {unit}：{people} 人（行政 {admin}，事业 {inst}，工勤 {worker}，其他 {other}）", "  {unit}: {people} people (行政 {admin}, 事业 {inst}, 工勤 {worker}, 其他 {other})";
    roster_leaders(leaders: u32, body: u32) => "，部门领导 {leaders}，内设机构领导 {body}", ", unit leaders {leaders}, 内设机构 leaders {body}";
    roster_no_leaders() => "  注意：没有“是否领导职务”列，领导实配未统计。", "  note: no 是否领导职务 column; leaders are not counted.";
    roster_unknown(rows: &str) => "  不是本任务被评估单位、未导入的行：{rows}", "  rows of units this campaign does not assess, not imported: {rows}";
    roster_unknown_row(row: usize, unit: &str) => "第{row}行“{unit}”", "row {row} “{unit}”";
    roster_unknown_meant(row: usize, unit: &str, meant: &str) => "第{row}行“{unit}”（是指“{meant}”吗？）", "row {row} “{unit}” (did you mean “{meant}”?)";
    roster_dry() => "试运行：以上为将要导入的花名册，未写入。去掉 --dry-run 即导入。", "Dry run: these rosters would be imported; nothing was written. Drop --dry-run to import.";
    roster_none(unit: &str) => "“{unit}”还没有花名册。用 kaocha roster import 花名册.xlsx 导入。", "“{unit}” has no roster yet. Import one with kaocha roster import ROSTER.xlsx.";
    roster_show_head(unit: &str, source: &str, at: &str) => "{unit} 花名册（{source}，{at} 导入）", "{unit} roster ({source}, imported {at})";
    roster_yes() => "领导", "leader";
}

/// Beside an item the roster prefills: what the roster counts, and whether
/// the answer differs from it.
pub fn ui_from_roster(n: u32, differs: bool) -> String {
    match (lang(), differs) {
        (Lang::Zh, false) => format!("花名册：{n} 人（由花名册预填，可修改）"),
        (Lang::Zh, true) => format!("花名册：{n} 人，与填写的不同，请核实"),
        (Lang::En, false) => format!("roster: {n} (filled in from the roster; may be changed)"),
        (Lang::En, true) => format!("roster: {n}, differs from the answer; please check"),
    }
}

/// Rows of a roster (of one sheet): `工作表“花名册”第 5、7 行`.
pub fn a_roster_rows(sheet: Option<&str>, rows: &str) -> String {
    match (lang(), sheet) {
        (Lang::Zh, Some(s)) => format!("工作表“{s}”第 {rows} 行"),
        (Lang::Zh, None) => format!("第 {rows} 行"),
        (Lang::En, Some(s)) => format!("worksheet “{s}” rows {rows}"),
        (Lang::En, None) => format!("rows {rows}"),
    }
}

/// A unit list or roster refused on the screen: how many problems, the
/// first, and where to see them all.
pub fn ui_sheet_refused(file: &str, n: usize, first: &str, roster: bool) -> String {
    let cmd = if roster { "roster" } else { "units" };
    match lang() {
        Lang::Zh => format!(
            "{file} 有 {n} 处问题，未导入。第一处：{first}。全部问题：kaocha {cmd} import 文件 --dry-run"
        ),
        Lang::En => format!(
            "{file} has {n} problems; nothing imported. First: {first}. All of them: kaocha {cmd} import FILE --dry-run"
        ),
    }
}
