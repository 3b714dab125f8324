//! Strings of the 绩效考核's 考核预告 (the notice of the visit to a unit),
//! the 公示 of the grades, objections to them (异议, `kaocha objection`),
//! and of where a unit's grade stands.

use super::{Lang, lang};

/// Picks the `n`th name of `zh` or `en` by the language.
fn pick(n: usize, zh: &[&str], en: &[&str]) -> String {
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.get(n).copied().unwrap_or_default().to_string()
}

/// Where a unit's grade stands (by `GradeState`): 暂定, 公示中, 有异议待处理,
/// 已确定.
pub fn pb_grade_state(n: usize) -> String {
    pick(
        n,
        &["暂定", "公示中", "有异议待处理", "已确定"],
        &["provisional", "in publicity", "objection pending", "final"],
    )
}

/// An objection's state (by `ObjectionState`): 待处理, 异议成立, 异议不成立.
pub fn ob_state(n: usize) -> String {
    pick(
        n,
        &["待处理", "异议成立", "异议不成立"],
        &["open", "upheld", "rejected"],
    )
}

// ---- 考核预告 -------------------------------------------------------------
texts! {
    nt_title(unit: &str, year: i32) => "关于对{unit}开展{year}年度绩效考核实地考察的通知", "Notice of the {year} performance review visit to {unit}";
    nt_title_no_year(unit: &str) => "关于对{unit}开展绩效考核实地考察的通知", "Notice of the performance review visit to {unit}";
    nt_to(unit: &str) => "{unit}：", "To {unit}:";
    nt_opening(campaign: &str) => "根据{campaign}工作安排，考核组将到你单位开展实地考察。现将有关事项通知如下：", "As part of {campaign}, the review team will visit your unit. The arrangements follow.";
    nt_h_time(n: &str) => "{n}、考察时间", "{n}. When";
    nt_h_team(n: &str) => "{n}、考核组", "{n}. The review team";
    nt_h_materials(n: &str) => "{n}、需准备的材料", "{n}. What to prepare";
    nt_h_contact(n: &str) => "{n}、联系方式", "{n}. Contact";
    nt_range(from: &str, to: &str) => "{from}至{to}", "{from} to {to}";
    nt_from_day(from: &str) => "{from}起", "from {from}";
    nt_until_day(to: &str) => "{to}前", "by {to}";
    nt_undecided() => "未定，另行通知。", "Not set yet; you will be told.";
    nt_team() => "考核组", "Team";
    nt_members() => "成员", "Members";
    nt_member(name: &str, role: &str) => "{name}（{role}）", "{name} ({role})";
    nt_material(n: usize, what: &str) => "{n}. {what}", "{n}. {what}";
    nt_selfcheck(date: &str) => "自评表（请于{date}前报送）", "The self-assessment form (send it by {date})";
    nt_closing() => "请你单位按上述要求做好准备，并安排专人负责联络。", "Please prepare as set out above and name a person to keep in touch with the team.";
    nt_end() => "特此通知。", "Yours faithfully,";
    nt_only_jx() => "考核预告只用于事业单位绩效考核（jx）任务，当前任务是机构编制评估。未写入任何文件。", "A notice of the visit (考核预告) is for performance review (jx) campaigns only; this campaign is an establishment assessment. No file was written.";
    nt_file() => "考核预告", "notice";
}

// ---- 公示 ----------------------------------------------------------------
texts! {
    pb_title(campaign: &str) => "{campaign}结果公示", "{campaign}: results for public notice";
    pb_intro(campaign: &str) => "根据{campaign}工作安排，经自查自评、实地考察、社会评价和专业评审，确定了各单位的考核等次，现将考核结果予以公示。", "As part of {campaign}, after self-assessment, visits, public evaluation and expert review, each unit's grade has been set. The results are published below.";
    pb_period(from: &str, to: &str) => "公示期：{from}至{to}。", "Public notice period: {from} to {to}.";
    pb_period_undecided() => "公示期：未定。", "Public notice period: not set yet.";
    pb_objections_to(place: &str) => "公示期间，对考核结果有异议的，请向{place}反映。", "Objections to a result during the period go to {place}.";
    pb_contact(contact: &str) => "联系人及电话：{contact}。", "Contact: {contact}.";
    pb_h_no() => "序号", "No.";
    pb_h_unit() => "单位", "Unit";
    pb_h_score() => "总分", "Score";
    pb_h_grade() => "等次", "Grade";
    pb_h_note() => "备注", "Note";
    pb_unscored() => "未评分", "not scored";
    pb_counts(total: usize, scored: usize, unscored: usize) => "共{total}个单位：已评分{scored}个，未评分{unscored}个（未评分的单位不定等次，列于表末）。", "{total} units: {scored} scored, {unscored} not scored (no grade; listed last).";
    pb_counts_all(total: usize) => "共{total}个单位，均已评分。", "{total} units, all scored.";
    pb_states(date: &str, counts: &str) => "截至{date}，各单位等次：{counts}。", "As of {date}, the grades stand: {counts}.";
    pb_state_count(state: &str, n: usize) => "{state}{n}个", "{state} {n}";
    pb_only_jx() => "公示只用于事业单位绩效考核（jx）任务，当前任务是机构编制评估。未写入任何文件。", "The 公示 of grades is for performance review (jx) campaigns only; this campaign is an establishment assessment. No file was written.";
    pb_file() => "公示", "publicity";
    pb_bad_today(date: &str) => "--today “{date}” 不是日期：请写成 2014-01-08 这样的形式。未写入任何文件，未作任何修改。", "--today “{date}” is no date: write it like 2014-01-08. Nothing was written or changed.";
}

// ---- 异议 ----------------------------------------------------------------
texts! {
    ob_not_hq(campaign: &str) => "异议只在考核委登记和处理（本机不是“{campaign}”的考核委）。未作任何修改。", "Objections are recorded and decided at HQ only (this folder is not HQ of “{campaign}”). Nothing was changed.";
    ob_unknown_unit(unit: &str) => "没有名为“{unit}”的被评估单位，异议未登记。用 kaocha units 查看单位列表。未作任何修改。", "No unit “{unit}”, so the objection was not recorded. `kaocha units` lists the units. Nothing was changed.";
    ob_empty_text() => "异议内容是空的：请用 --text 写明对哪一项、为什么有异议。未作任何修改。", "The objection is empty: say with --text what is objected to and why. Nothing was changed.";
    ob_too_long(max: usize) => "文字超过 {max} 个字：请精简后重试。未作任何修改。", "The text is longer than {max} characters: shorten it and try again. Nothing was changed.";
    ob_bad_date(date: &str) => "日期“{date}”不对：请写成 2014-01-08 这样的形式。未作任何修改。", "“{date}” is no date: write it like 2014-01-08. Nothing was changed.";
    ob_unknown_id(id: &str) => "没有编号为 {id} 的异议。用 kaocha objection list 查看异议及编号。未作任何修改。", "No objection {id}. `kaocha objection list` lists them with their numbers. Nothing was changed.";
    ob_already_decided(id: u32, state: &str, date: &str) => "异议 #{id} 已于 {date} 处理（{state}），不能再次处理。未作任何修改。", "Objection #{id} was decided on {date} ({state}); it cannot be decided again. Nothing was changed.";
    ob_empty_outcome() => "处理结果是空的：请用 --outcome 写明处理意见（如“经复核，维持原等次”）。未作任何修改。", "The outcome is empty: write the decision with --outcome. Nothing was changed.";
    ob_need_decision() => "请用 --upheld（异议成立）或 --rejected（异议不成立）写明处理结论。未作任何修改。", "Say with --upheld or --rejected whether the objection stands. Nothing was changed.";
    ob_decided_before(decided: &str, received: &str) => "处理日期 {decided} 早于收到异议的日期 {received}：请核对 --date。未作任何修改。", "The decision date {decided} is before the objection was received ({received}): check --date. Nothing was changed.";
    ob_added(id: u32, unit: &str, date: &str) => "已登记异议 #{id}：{unit}（收到 {date}）。处理时运行 kaocha objection decide {id} --upheld 或 --rejected --outcome 处理意见。", "Recorded objection #{id}: {unit} (received {date}). Decide it with kaocha objection decide {id} --upheld or --rejected --outcome TEXT.";
    ob_decided(id: u32, unit: &str, state: &str) => "异议 #{id}（{unit}）已处理：{state}。", "Objection #{id} ({unit}) decided: {state}.";
    ob_none() => "还没有登记异议。", "No objection recorded.";
    ob_period(from: &str, to: &str, today: &str) => "公示期 {from} 至 {to}（今天 {today}）", "Public notice {from} to {to} (today {today})";
    ob_no_period(today: &str) => "公示期未定（今天 {today}）", "Public notice period not set (today {today})";
    ob_unit_head(unit: &str, grade: &str, state: &str) => "{unit}：等次 {grade}，{state}", "{unit}: grade {grade}, {state}";
    ob_line(id: u32, state: &str, received: &str, from: &str) => "  #{id} [{state}] 收到 {received}{from}", "  #{id} [{state}] received {received}{from}";
    ob_from(who: &str) => "，来自 {who}", ", from {who}";
    ob_text(text: &str) => "      {text}", "      {text}";
    ob_outcome(date: &str, text: &str) => "      处理（{date}）：{text}", "      decided ({date}): {text}";
    ob_total(n: usize, open: usize, upheld: usize, rejected: usize) => "共 {n} 条异议：待处理 {open}，异议成立 {upheld}，异议不成立 {rejected}。", "{n} objections: {open} open, {upheld} upheld, {rejected} rejected.";
}
