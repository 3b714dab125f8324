//! Strings of 整改 follow-up: the states and `kaocha rectify`.

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
