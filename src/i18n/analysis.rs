//! Strings of the analysis layer (rules files, findings, tallies, scores),
//! the reports and their commands (`kaocha findings`, `kaocha report`).

use super::{Lang, lang};

// ---- rules files -------------------------------------------------------
texts! {
    r_rule(rule: &str) => "规则 {rule}：", "rule {rule}: ";
    r_too_large() => "文件过大（超过 1 MiB）", "file too large (over 1 MiB)";
    r_json(detail: &str) => "不是有效的 JSON：{detail}", "not valid JSON: {detail}";
    r_schema(detail: &str) => "结构不符合规则文件格式：{detail}", "does not fit the rules file format: {detail}";
    r_format(format: &str, version: u32) => "format 应为 \"kaocha-rules\"、version 应为 1（现为 \"{format}\"、{version}）", "format must be \"kaocha-rules\" and version 1 (found \"{format}\", {version})";
    r_duplicate_id() => "规则编号重复", "duplicate rule id";
    r_bad_id() => "规则编号不合格（小写字母开头，只含小写字母、数字、_ 和 .）", "malformed rule id (lowercase letter first, then lowercase letters, digits, _ and .)";
    r_unknown_form(id: &str) => "没有表单 {id}", "no form {id}";
    r_unknown_category(c: &str) => "未知的问题类型“{c}”", "unknown finding category “{c}”";
    r_bad_severity(s: &str) => "严重程度“{s}”不合格（应为 minor、major 或 severe）", "severity “{s}” must be minor, major or severe";
    r_unknown_kind(k: &str) => "未知的规则种类“{k}”（应为 entry、rows、share、tagged 或 roster）", "unknown rule kind “{k}” (entry, rows, share, tagged or roster)";
    r_unknown_roster_check(c: &str) => "未知的花名册检查“{c}”（应为 mixed、away、overlead 或 overlead_body）", "unknown roster check “{c}” (mixed, away, overlead or overlead_body)";
    r_key_not_for_kind(key: &str, kind: &str) => "{kind} 规则不能有 {key}", "a {kind} rule cannot have {key}";
    r_missing_key(key: &str) => "缺少 {key}", "missing {key}";
    r_unknown_placeholder(name: &str, column: usize) => "facts 第 {column} 列：{{{name}}} 不是本规则的数值", "facts, column {column}: {{{name}}} is not a number of this rule";
    r_not_a_repeat(name: &str) => "{name} 不是重复表", "{name} is not a repeat";
    r_bad_number_name(name: &str) => "数值名“{name}”不合格（小写字母开头，只含小写字母、数字和 _，且不能与表单项目同名）", "number name “{name}” is malformed (lowercase letter first, then lowercase letters, digits and _; not an item id of the form)";
    r_number_cycle(cycle: &str) => "数值互相引用，形成循环：{cycle}", "numbers refer to each other in a cycle: {cycle}";
    r_unknown_option(value: &str, item: &str) => "{value} 不是 {item} 的选项", "{value} is not an option of {item}";
    r_not_a_choice(item: &str) => "{item} 不是表单中的单选题", "{item} is not a single-choice item of the form";
    r_bad_share() => "min_share 应大于 0 且不大于 1", "min_share must be above 0 and at most 1";
    r_no_tagged_item(category: &str) => "这些表单中没有能标记“{category}”的项目（带该标签的文字题，或以它为选项的多选题）", "no item of these forms can raise “{category}” (a text item with that tag, or a multi item with it as an option)";
    r_expr(key: &str, column: usize, detail: &str) => "{key} 表达式第 {column} 列：{detail}", "{key} expression, column {column}: {detail}";
    r_unknown_name(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：引用了不存在的项目或数值 {name}", "{key} expression, column {column}: refers to missing item or number {name}";
    r_row_item_outside(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：{name} 是重复表中的项目，只能在 rows 规则的同一行内或用 sum() 引用", "{key} expression, column {column}: {name} is a repeat item; use it in a rows rule over its repeat or through sum()";
    r_unknown_baseline(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：没有三定字段 baseline.{name}", "{key} expression, column {column}: no baseline key baseline.{name}";
    r_not_a_repeat_at(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：{name} 不是重复表", "{key} expression, column {column}: {name} is not a repeat";
    r_self(key: &str, column: usize) => "{key} 表达式第 {column} 列：规则中不能用“.”", "{key} expression, column {column}: “.” cannot be used in rules";
    r_checked(file: &str, rules: usize) => "检查了规则文件 {file}：{rules} 条规则，没有问题。", "Checked the rules file {file}: {rules} rules, no problems.";
    r_file_bad(file: &str) => "✗ {file}", "✗ {file}";
    r_cannot_read(file: &str, detail: &str) => "无法读取规则文件 {file}：{detail}", "Cannot read the rules file {file}: {detail}";
    r_builtin_broken(detail: &str) => "内置规则有误（程序缺陷）：\n{detail}", "The built-in rules are broken (a bug):\n{detail}";
}

// ---- findings ----------------------------------------------------------
texts! {
    a_evidence_entry(form: &str, title: &str) => "《{form}》{title}", "“{form}” {title}";
    a_other_category() => "其他", "other";
    a_recorded_title() => "问题清单记录", "recorded finding";
    a_evidence_row(form: &str, title: &str, label: &str, n: usize) => "《{form}》{title} · {label}第 {n} 行", "“{form}” {title} · {label} row {n}";
    a_evidence_quote(form: &str, title: &str, label: &str, text: &str) => "《{form}》{title} · {label}：{text}", "“{form}” {title} · {label}: {text}";
    a_evidence_share(question: &str, counts: &str, answered: usize) => "问卷“{question}”：{counts}（共 {answered} 份作答）", "Questionnaire “{question}”: {counts} (of {answered} answers)";
    a_option_count(label: &str, n: usize) => "“{label}” {n} 份", "“{label}” {n}";
    a_group_other() => "其他/不分组", "other / not grouped";
    a_state_open() => "待确认", "to decide";
    a_state_accepted() => "已采纳", "accepted";
    a_state_changed() => "已变化", "changed";
    a_state_gone() => "已不成立", "no longer found";
    a_state_recorded() => "手工记录", "recorded by hand";
    a_state_dismissed() => "不采纳", "dismissed";
    a_warn_changed(now: &str) => "记录后数据已变化，自动发现现为“{now}”。请核实后修改或删除本条。", "The data changed after this was recorded; the rule now finds “{now}”. Check it, then edit or delete this finding.";
    a_warn_gone() => "记录后数据已变化，自动规则已不再发现此问题。请核实后修改或删除本条。", "The data changed after this was recorded; the rule no longer finds it. Check it, then edit or delete this finding.";
}

/// The words of a severity code (`minor`, `major`, `severe`).
pub fn severity_label(code: &str) -> String {
    let (zh, en) = match code {
        "minor" => ("一般", "minor"),
        "major" => ("较重", "major"),
        "severe" => ("严重", "severe"),
        other => (other, other),
    };
    match lang() {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

// ---- reports -----------------------------------------------------------
texts! {
    rep_xlsx_failed(detail: &str) => "无法生成 XLSX 文件：{detail}", "Cannot make the XLSX file: {detail}";
    rep_docx_failed(detail: &str) => "无法生成 Word 文件：{detail}", "Cannot make the Word file: {detail}";
    rep_not_in_format(format: &str) => "这种报告不能写成 {format}：单位报告和汇总表可写成 md、html、xlsx、csv 或 docx，记录全文和问题反馈函可写成 md、html 或 docx。", "This report cannot be written as {format}: a unit's report and the summary as md, html, xlsx, csv or docx, an entry's page and a letter as md, html or docx.";
    pg_form() => "表单", "Form";
    pg_status() => "状态", "Status";
    pg_changed() => "最后修改", "Last change";
    pg_changed_by(person: &str, at: &str) => "{person}  {at}", "{person}  {at}";
    pg_review() => "审核", "Review";
    pg_title(form: &str, title: &str) => "《{form}》{title}", "“{form}” {title}";
    rep_demo() => "〔演示数据〕", " [demo data]";
    rep_generated(at: &str) => "生成时间：{at}", "generated {at}";
    rep_unit_title(unit: &str) => "{unit}评估情况报告", "Assessment report: {unit}";
    rep_campaign_title(name: &str) => "{name}汇总表", "{name}: summary";
    rep_campaign_intro(units: usize, findings: usize, open: usize, scored: usize, at: &str) => "共 {units} 个被评估单位，问题清单记录问题 {findings} 个，另有自动发现待确认 {open} 个，已评分 {scored} 个单位。生成时间：{at}。",
        "{units} units, {findings} recorded findings, {open} automatic findings to decide, {scored} units scored. Generated {at}.";
    rep_info_campaign() => "评估任务", "Campaign";
    rep_info_unit() => "被评估单位", "Unit";
    rep_info_team() => "考核组", "Team";
    rep_info_doc() => "“三定”文件", "Baseline document";
    rep_info_registration() => "调查登记表", "Registration table";
    rep_registered() => "已填写", "filled";
    rep_registration_none() => "调查登记表尚未填写，实有数暂缺。", "The registration table is not filled yet; actual figures are missing.";
    rep_info_questionnaires() => "调查问卷", "Questionnaires";
    rep_info_interviews() => "个别访谈", "Interviews";
    rep_info_symposia() => "座谈会", "Symposia";
    rep_info_findings() => "问题", "Findings";
    rep_findings_count(recorded: usize, open: usize) => "问题清单记录 {recorded} 个，自动发现待确认 {open} 个", "{recorded} recorded, {open} automatic to decide";
    rep_info_generated() => "生成时间", "Generated";
    rep_copies(n: usize) => "{n} 份", "{n}";
    rep_sheet_info() => "基本情况", "Overview";
    rep_sheet_table() => "核定与实有", "Approved vs actual";
    rep_sheet_findings() => "问题清单", "Findings";
    rep_sheet_tally() => "问卷统计", "Questionnaires";
    rep_sheet_digests() => "访谈座谈", "Interviews";
    rep_sheet_score() => "评分", "Score";
    rep_sheet_summary() => "汇总表", "Summary";
    rep_sheet_categories() => "问题分类", "Findings by type";
    rep_sheet_grades() => "等次分布", "Grades";
    rep_sheet_all_findings() => "问题明细", "All findings";
    rep_col_item() => "项目", "Item";
    rep_col_value() => "内容", "Content";
    rep_col_quota() => "核定", "Approved";
    rep_col_actual() => "实有", "Actual";
    rep_col_diff() => "差额", "Difference";
    rep_col_no() => "序号", "No.";
    rep_col_category() => "问题类型", "Type";
    rep_col_severity() => "严重程度", "Severity";
    rep_col_facts() => "事实描述", "Facts";
    rep_col_rule() => "依据", "Rule";
    rep_col_evidence() => "证据", "Evidence";
    rep_col_suggestion() => "意见建议", "Suggestion";
    rep_col_question() => "题目", "Question";
    rep_col_option() => "选项", "Option";
    rep_col_count() => "人数", "Count";
    rep_col_percent() => "比例", "Share";
    rep_col_group_count(label: &str, n: usize) => "{label}（{n}人）", "{label} ({n})";
    rep_col_group_percent(label: &str) => "{label}比例", "{label} share";
    rep_col_entry() => "记录", "Entry";
    rep_col_kind() => "类型", "Kind";
    rep_col_indicator() => "指标", "Indicator";
    rep_col_max() => "满分", "Max";
    rep_col_score() => "得分", "Score";
    rep_col_note() => "说明", "Note";
    rep_col_unit() => "被评估单位", "Unit";
    rep_col_team() => "考核组", "Team";
    rep_col_staff_quota(label: &str) => "{label}核定", "{label} approved";
    rep_col_staff_actual(label: &str) => "{label}实有", "{label} actual";
    rep_col_findings() => "问题数", "Findings";
    rep_col_open() => "待确认", "To decide";
    rep_col_state() => "状态", "State";
    rep_col_warning() => "注意", "Note";
    rep_col_questionnaires() => "问卷份数", "Questionnaires";
    rep_col_total() => "总分", "Total";
    rep_col_grade() => "等次", "Grade";
    rep_col_units() => "单位数", "Units";
    rep_col_units_affected() => "涉及单位数", "Units affected";
    rep_rule_ref(title: &str, id: &str) => "自动规则“{title}”（{id}）", "automatic rule “{title}” ({id})";
    rep_answered() => "作答人数", "answered";
    rep_common_total() => "共性指标合计", "Common indicators";
    rep_specific_total() => "个性指标合计", "Specific indicators";
    rep_bonus_row(item: &str, level: &str) => "加分：{item}，{level}", "Bonus: {item}, {level}";
    rep_bonus_dup() => "同一奖项重复申报，只计最高一项", "same award claimed twice; only the highest counts";
    rep_bonus_total() => "加分项合计", "Bonus";
    rep_bonus_note(claimed: &str, counted: &str, cap: &str) => "申报 {claimed} 分，去重后 {counted} 分，封顶 {cap} 分", "claimed {claimed}, {counted} without repeats, capped at {cap}";
    rep_total() => "总分", "Total";
    rep_incomplete() => "尚有指标未评分", "some indicators are not scored yet";
    rep_grade() => "等次", "Grade";
    rep_score_line(total: &str, grade: &str) => "总分 {total} 分，等次 {grade}。", "Total {total}, grade {grade}.";
    rep_no_score() => "未评分。", "Not scored.";
    rep_h_table() => "一、核定与实有", "1. Approved vs actual";
    rep_h_findings() => "二、发现的问题", "2. Findings";
    rep_h_digests() => "三、个别访谈与座谈", "3. Interviews and symposia";
    rep_h_tally() => "四、调查问卷统计", "4. Questionnaires";
    rep_h_score() => "五、评分与等次", "5. Score and grade";
    rep_h_summary() => "一、各单位汇总", "1. Units";
    rep_h_categories() => "二、问题分类统计", "2. Findings by type";
    rep_h_grades() => "三、等次分布", "3. Grades";
    rep_h_all_findings() => "四、问题明细", "4. All findings";
    rep_none() => "无。", "None.";
    rep_no_findings() => "未发现问题。", "No findings.";
    rep_no_digests() => "暂无访谈、座谈记录。", "No interviews or symposia yet.";
    rep_no_tally() => "暂无调查问卷。", "No questionnaires yet.";
    rep_finding_heading(category: &str, title: &str, severity: &str, state: &str) => "【{category}】{title}（{severity}）·{state}", "[{category}] {title} ({severity}) · {state}";
    rep_digest_heading(form: &str, title: &str, status: &str) => "《{form}》{title}（{status}）", "“{form}”: {title} ({status})";
    rep_group(label: &str, n: usize) => "{label} {n} 人", "{label} {n}";
    rep_tally_intro_plain(title: &str, n: usize) => "《{title}》共 {n} 份。各类填写人不足 3 人的不单独统计，本次不分组。", "“{title}”: {n} questionnaires. Groups of fewer than 3 are not shown on their own, so there is no breakdown.";
    rep_tally_too_few(title: &str, n: usize, min: usize) => "《{title}》共 {n} 份，不足 {min} 份：为不让人看出单个填写人的回答，不作统计。", "“{title}”: {n} questionnaires, fewer than {min}: not tallied, so that no one's answers can be read off.";
    rep_tally_intro(title: &str, n: usize, groups: &str) => "《{title}》共 {n} 份，分组：{groups}（不足 3 人的类别并入“其他/不分组”）。", "“{title}”: {n} questionnaires; groups: {groups} (categories of fewer than 3 are merged into “other”).";
    rep_item_heading(label: &str, answered: usize) => "{label}（作答 {answered} 份）", "{label} ({answered} answers)";
    rep_category_bar(findings: usize, units: usize) => "{findings} 个（{units} 个单位）", "{findings} ({units} units)";
}

// ---- rules that cannot be decided, parents --------------------------------
texts! {
    a_gap(title: &str, missing: &str) => "无法判断“{title}”：缺少{missing}（单位名单未导入，登记表也未填）；请导入单位名单，或在登记表中填写", "Cannot judge “{title}”: {missing} is missing (not in the imported unit list, not filled in on the form); import the unit list, or fill it in on the form";
    rep_info_parent() => "上级单位", "Listed under";
    rep_info_gaps() => "无法判断", "Cannot judge";
    rep_gaps_count(n: usize) => "{n} 项（缺少核定数，见“无法判断”）", "{n} (figures missing; see “Cannot judge”)";
    rep_h_gaps() => "无法判断", "Cannot judge";
    rep_gaps_intro() => "以下规则因缺少核定数无法判断，不计入问题：", "These rules could not be decided for want of a figure; they are not findings:";
    rep_sheet_gaps() => "无法判断", "Cannot judge";
    rep_col_missing() => "缺少", "Missing";
    rep_col_gaps() => "无法判断", "Cannot judge";
    rep_col_parent() => "上级单位", "Listed under";
    rep_gaps_total(units: usize, gaps: usize) => "另有 {units} 个单位缺少核定数，{gaps} 项规则无法判断（各单位的“无法判断”列）。", "{units} units lack figures: {gaps} rules could not be decided (the “Cannot judge” column).";
    fd_unit_gaps(n: usize) => "，无法判断 {n} 项", ", {n} cannot be judged";
    fd_gap(text: &str) => "  ⚠ {text}", "  ⚠ {text}";
    fd_gaps_total(units: usize, gaps: usize) => "另有 {units} 个单位的 {gaps} 项规则无法判断（缺少核定数），不计入问题。", "{units} units: {gaps} rules could not be judged (figures missing); not counted as findings.";
}

// ---- commands ----------------------------------------------------------
texts! {
    rep_written(path: &str, bytes: usize) => "已写出报告：{path}（{bytes} 字节）", "Report written: {path} ({bytes} bytes)";
    rep_bad_format(f: &str) => "不认识的报告格式“{f}”：请用 md、html、xlsx、csv 或 docx。", "Unknown report format “{f}”: use md, html, xlsx, csv or docx.";
    rep_need_format() => "请用 --format 指定报告格式（md、html、xlsx、csv 或 docx），或让 -o 的文件名以这些扩展名结尾。", "Give the report format with --format (md, html, xlsx, csv or docx), or end the -o file name with one of these extensions.";
    rep_write_failed(path: &str, detail: &str) => "无法写出报告 {path}：{detail}。已有的同名文件没有被改动。", "Cannot write the report {path}: {detail}. An existing file of that name was left unchanged.";
    fd_unit_heading(unit: &str, n: usize, open: usize) => "{unit}：问题 {n} 个，待确认 {open} 个", "{unit}: {n} findings, {open} to decide";
    fd_line(state: &str, category: &str, severity: &str, facts: &str) => "  〔{state}〕【{category}·{severity}】{facts}", "  ({state}) [{category} · {severity}] {facts}";
    fd_note(text: &str) => "      ⚠ {text}", "      ⚠ {text}";
    fd_dismissed(reason: &str, by: &str) => "      理由：{reason}（{by}）", "      reason: {reason} ({by})";
    fd_source(rule: &str, sources: &str) => "      规则 {rule} · 记录 {sources}", "      rule {rule} · entries {sources}";
    fd_total(units: usize, n: usize, open: usize) => "共 {units} 个单位，问题 {n} 个，待确认 {open} 个。", "{units} units, {n} findings, {open} to decide.";
}
