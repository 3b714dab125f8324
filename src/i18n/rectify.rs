//! Strings of 整改 follow-up (the states, `kaocha rectify`), of 确定等次
//! by quota, of 社会评价 and of the 专业评审 seal.

use super::{Lang, lang};

/// A 整改 state's name: 待整改, 整改中, 已整改, 逾期 (by `RectifyState`).
pub fn rf_state(n: usize) -> String {
    let zh = ["待整改", "整改中", "已整改", "逾期"];
    let en = ["to do", "in progress", "done", "overdue"];
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.get(n).copied().unwrap_or_default().to_string()
}

texts! {
    rf_unit_head(unit: &str, n: usize, counts: &str) => "{unit}：{n} 项（{counts}）", "{unit}: {n} ({counts})";
    rf_count(state: &str, n: usize) => "{state} {n}", "{state} {n}";
    rf_line(state: &str, deadline: &str, kind: &str, facts: &str) => "  [{state}] 期限 {deadline}  {kind}：{facts}", "  [{state}] due {deadline}  {kind}: {facts}";
    rf_no_deadline() => "未定", "not set";
    rf_detail(label: &str, text: &str) => "      {label}：{text}", "      {label}: {text}";
    rf_requirement() => "整改要求", "requirement";
    rf_responsible() => "责任人", "responsible";
    rf_reply() => "单位回复", "unit's reply";
    rf_evidence() => "佐证材料", "evidence";
    rf_entry() => "记录", "entry";
    rf_total(n: usize, counts: &str) => "共 {n} 项：{counts}。修改用 kaocha entry set 记录编号 rectify_status=done rectify_reply=…", "{n} in all: {counts}. Change one with kaocha entry set ENTRY rectify_status=done rectify_reply=…";
    rf_none() => "还没有记录在问题清单中的问题，无需整改。", "No finding is recorded in a 问题清单 yet: nothing to rectify.";
}

texts! {
    hq_bad_quota(q: f64) => "等次比例 {q} 不合理：应为大于 0、不超过 1 的比例（如 0.3 表示不超过参评单位的 30%）。未作任何修改。", "The grade quota {q} does not fit: it must be a share above 0 and at most 1 (0.3: at most 30% of the units scored). Nothing was changed.";
    rep_grade_moved(unit: &str, grade: &str, why: &str) => "等次调整：{unit} 定为{grade}——{why}。", "Grade moved: {unit} is {grade}: {why}.";
    rep_social_choice(label: &str, n: usize) => "{label}{n}", "{label} {n}";
    rep_social_scored(n: usize, counts: &str, pct: &str, band: &str) => "社会评价问卷{n}份计入（{counts}），满意度{pct}%{band}", "{n} questionnaires counted ({counts}), satisfaction {pct}%{band}";
    rep_social_band(at: &str, points: &str) => "，达到{at}%档，得{points}分", ", reaching the {at}% band: {points} points";
    rep_social_too_few(all: usize, n: usize, min: usize, pct: &str) => "社会评价问卷{all}份，计入{n}份，少于规定的{min}份，未按问卷折算（满意度{pct}%）；得分为考核组所填", "{all} questionnaires, {n} counted, fewer than the {min} required: not scored from them (satisfaction {pct}%); the score is the team's own";
    hq_bad_trim(t: f64) => "review_trim {t} 不合理：应为 0（取平均）、1（去掉一个最高分和一个最低分）、2 或 3。未作任何修改。", "review_trim {t} does not fit: use 0 (the mean), 1 (drop the highest and the lowest), 2 or 3. Nothing was changed.";
    qt_moved(grade: &str, pct: &str, places: usize, scored: usize, rank: usize, next: &str) => "{grade}等次限参评单位的{pct}%（{scored}个单位中{places}个），按总分、共性指标、个性指标得分排第{rank}，调为{next}", "grade {grade} is limited to {pct}% of the units scored ({places} of {scored}); ranked {rank} by total, then common, then specific indicators: moved to {next}";
    qt_moved_tied(grade: &str, pct: &str, places: usize, scored: usize, next: &str) => "{grade}等次限参评单位的{pct}%（{scored}个单位中{places}个），本单位与名额线上的单位总分、共性指标、个性指标得分完全相同，同分单位均不占名额，调为{next}", "grade {grade} is limited to {pct}% of the units scored ({places} of {scored}); this unit is equal on total, common and specific indicators with the unit at the limit, and equal units take no place: moved to {next}";
}

/// How the raters' scores of an indicator became its score.
pub fn rep_review_note(
    n: usize,
    scores: &str,
    dropped: &str,
    spread: &str,
    trimmed: bool,
) -> String {
    match (lang(), trimmed) {
        (Lang::Zh, true) => {
            format!("评委{n}人：{scores}；去掉最高分和最低分（{dropped}）后平均；极差{spread}")
        }
        (Lang::Zh, false) => format!("评委{n}人：{scores}；取平均；极差{spread}"),
        (Lang::En, true) => {
            format!(
                "{n} raters: {scores}; mean without the highest and lowest ({dropped}); spread {spread}"
            )
        }
        (Lang::En, false) => format!("{n} raters: {scores}; mean; spread {spread}"),
    }
}

texts! {
    seal_entry() => "这是其他评委的专业评审表。评委各自独立打分：您对本单位的评审表定稿后才能查看。", "This is another rater's review sheet. Raters score independently: you can see it once your own sheet of this unit is final.";
    seal_report(unit: &str) => "您是{unit}的专业评审评委，您的评审表还没有定稿：定稿后才能查看含其他评委打分的报告。未生成任何文件。", "You are a rater of {unit} and your review sheet is not final yet: reports with other raters' scores open once it is. No file was written.";
    seal_hidden() => "评审中", "sealed";
}

/// A step of the 绩效考核 procedure, by `StepKind`.
pub fn st_name(n: usize) -> String {
    let zh = [
        "自查自评",
        "考核预告",
        "实地考察",
        "社会评价",
        "专业评审",
        "确定等次",
        "公示备案",
    ];
    let en = [
        "self-check",
        "notice",
        "site visit",
        "public rating",
        "expert review",
        "grading",
        "publicity",
    ];
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.get(n).copied().unwrap_or_default().to_string()
}

/// A step's state, by `StepState`.
pub fn st_state(n: usize) -> String {
    let zh = ["未开始", "进行中", "已完成", "逾期"];
    let en = ["to do", "under way", "done", "late"];
    let names = match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.get(n).copied().unwrap_or_default().to_string()
}

texts! {
    st_visit_days(from: &str, to: &str) => "考察 {from} 至 {to}", "visits {from} to {to}";
    st_no_days() => "日期未定", "no dates set";
    st_of(done: usize, of: usize) => "{done}/{of} 项", "{done}/{of} stages";
    st_sample(n: usize, min: usize) => "问卷 {n}/{min}", "{n}/{min} questionnaires";
    st_raters(done: usize, of: usize) => "评委 {done}/{of} 人定稿", "{done}/{of} raters final";
    st_total(total: &str) => "总分 {total}", "total {total}";
    st_objections(n: usize) => "异议 {n} 件待处理", "{n} objections open";
    st_until(to: &str) => "公示至 {to}", "until {to}";
    st_progress(done: usize) => "{done}/7", "{done}/7";
    rep_h_steps() => "五、考核进度", "5. Procedure";
    rep_sheet_steps() => "考核进度", "Procedure";
    rep_col_steps_done() => "已完成", "Done";
}
