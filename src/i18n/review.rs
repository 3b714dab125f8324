//! Strings of reviewing while entering: the outline's values, the jump to
//! the next empty required item, and the history popup.

use super::{Lang, lang};

texts! {
    ui_rows_count(n: usize) => "{n}行", "{n} rows";
    ui_all_required_filled() => "必填项都已填写。", "Every required item is filled.";
    ui_required_left(n: usize) => "还有 {n} 项必填未填写。", "{n} required items are still empty.";
    ui_history_title() => "修改历史", "History";
    ui_page_title(title: &str) => "记录全文 · {title}", "Whole entry · {title}";
    ui_page_hint() => "↑ ↓ 翻页 · Esc 关闭（单位页面 x 可写成报告）", "↑ ↓ scroll · Esc closes (x on the unit screen writes reports)";
    k_page() => "全文", "page";
    h_whole_page() => "记录全文：整条记录按表单顺序列出，可打印的样子", "the whole entry, item by item in form order, as it prints";
    ui_history_of_item(label: &str) => "修改历史 · {label}", "History · {label}";
    ui_history_hint() => "↑ ↓ 滚动 · Tab 切换整条记录/当前项 · Esc 关闭", "↑ ↓ scroll · Tab whole entry / this item · Esc closes";
    ui_history_empty() => "还没有修改记录。", "No changes recorded yet.";
    ui_history_item_empty(label: &str) => "“{label}”没有修改记录。按 Tab 看整条记录。", "“{label}” has no recorded changes. Tab shows the whole entry.";
    ui_history_reason(text: &str) => "修改原因：{text}", "Reason: {text}";
    ui_history_merge() => "同步合并", "merged by sync";
    ui_history_status(status: &str) => "→ {status}", "→ {status}";
    ui_history_only_one(label: &str) => "当前项：{label}", "this item: {label}";
    ui_history_whole() => "整条记录", "whole entry";
    k_next_required() => "下一必填", "next required";
    k_history() => "历史", "history";
    k_switch_view() => "切换", "switch";
    h_next_required() => "跳到下一个未填写的必填项（到末尾后从头找）", "go to the next empty required item (from the top again after the last)";
    h_history() => "修改历史：谁在何时把什么从什么改成什么、修改原因；弹窗中按 Tab 只看当前项", "history: who changed what, when, from what to what, and why; Tab in it shows only the current item";
}
