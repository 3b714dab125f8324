//! Strings of search: the search screen (F3, `/`), its keys and help, and
//! `kaocha search`.

use super::{Lang, lang};

texts! {
    ui_search_title() => "搜索", "Search";
    ui_search_prompt() => "查找：", "Find: ";
    ui_search_hint() => "输入要找的文字：单位名称、三定、各表答案、访谈记录、座谈发言……稍停即显示结果，也可按 Enter。",
        "Type the text to find: unit names, baselines, answers, interview notes, remarks… Results follow a short pause, or press Enter.";
    ui_search_pending() => "按 Enter 查找。", "Press Enter to search.";
    ui_search_none(query: &str) => "没有找到“{query}”。", "Nothing found for “{query}”.";
    ui_search_count(query: &str, n: usize) => "“{query}”：{n} 处", "“{query}”: {n} found";
    ui_search_capped(n: usize) => "只显示前 {n} 条；请输入更多文字缩小范围。", "Only the first {n} are shown; type more to narrow the search.";
    ui_search_not_shown() => "找到的项目在表单中当前不显示（其条件未满足），光标留在第一项。", "The item found is not shown in the form now (its condition is not met); the cursor stays on the first item.";
    k_search() => "搜索", "search";
    k_run_search() => "查找/打开", "search/open";
    h_search() => "搜索：单位名称、三定和所有答案中的文字", "search: text in unit names, baselines and every answer";
    h_search_enter() => "立即查找；结果已是当前文字时，打开选中的一条（表单停在该项）", "search now; when the results are for the text shown, open the selected one (the form on its item)";
    h_search_move() => "在结果中移动", "move in the results";
    h_search_clear() => "清空查找文字", "clear the text";
    cli_search_none(query: &str) => "没有找到“{query}”。", "Nothing found for “{query}”.";
    cli_search_capped(n: usize) => "只显示前 {n} 条；请用更长的文字缩小范围。", "Only the first {n} are shown; use a longer text to narrow the search.";
}
