//! Strings of the Word documents: the page footer every .docx carries, the
//! 问题反馈函 (letter to a unit about its findings), the blank paper forms
//! (`kaocha forms print`), and the commands and files that write them.

use super::{Lang, lang};

texts! {
    docx_page_before() => "第 ", "Page ";
    docx_page_after() => " 页", "";

    letter_title(unit: &str, what: &str) => "关于反馈{unit}{what}发现问题的函", "Findings of the {what} of {unit}";
    letter_what_jgbz() => "机构编制评估", "establishment assessment";
    letter_what_jx() => "绩效考核", "performance review";
    letter_to(unit: &str) => "{unit}：", "To {unit}:";
    letter_opening(campaign: &str, year: i32, what: &str) => "根据{campaign}工作安排，{year}年评估组对你单位进行了{what}。现将发现的问题及整改要求函告如下：",
        "As part of {campaign}, the assessment team carried out the {what} of your unit in {year}. The findings and what is required of you follow.";
    letter_opening_no_year(campaign: &str, what: &str) => "根据{campaign}工作安排，评估组对你单位进行了{what}。现将发现的问题及整改要求函告如下：",
        "As part of {campaign}, the assessment team carried out the {what} of your unit. The findings and what is required of you follow.";
    letter_item(number: &str, category: &str) => "{number}、{category}", "{number}. {category}";
    letter_facts() => "事实描述", "Facts";
    letter_basis() => "依据", "Basis";
    letter_requirement() => "整改要求", "Rectification required";
    letter_deadline() => "整改期限", "Deadline";
    letter_by(date: &str) => "{date}前", "by {date}";
    letter_closing(date: &str) => "请你单位高度重视，对照上述问题逐项认真整改，并于{date}前将整改情况书面报告我办。",
        "Please address each finding above and report in writing on the rectification by {date}.";
    letter_closing_no_deadline() => "请你单位高度重视，对照上述问题逐项认真整改，并将整改情况及时书面报告我办。",
        "Please address each finding above and report in writing on the rectification without delay.";
    letter_end() => "特此函告。", "Yours faithfully,";
    letter_office(region: &str) => "{region}机构编制委员会办公室", "{region} Establishment Committee Office";
    letter_office_plain() => "机构编制委员会办公室", "Establishment Committee Office";
    letter_empty(unit: &str) => "{unit}没有问题清单记录的问题，不写问题反馈函。请先在问题清单中确认问题（kaocha findings --unit {unit} 列出待确认的问题）。",
        "{unit} has no finding recorded in its findings list, so no letter was written. Record the findings first (kaocha findings --unit {unit} lists those to decide).";
    letter_file() => "问题反馈函", "letter";
    date_long(y: i32, m: i8, d: i8) => "{y}年{m}月{d}日", "{y}-{m:02}-{d:02}";

    blank_subtitle() => "纸质备用表：手工填写，事后录入", "Paper form: fill in by hand, key in later";
    blank_required() => "（必填）", " (required)";
    blank_one() => "（单选，在选中的☐内打√）", "(tick one)";
    blank_any() => "（可多选，在选中的☐内打√）", "(tick any)";
    blank_date() => "______年______月______日", "year ______ month ____ day ____";
    blank_time() => "______时______分", "______ : ______";
    blank_calc() => "（录入后由系统计算，纸面可不填）", "(computed when keyed in; may be left blank)";
    blank_unit(unit: &str) => "（单位：{unit}）", "(in {unit})";
    blank_range(lo: &str, hi: &str) => "（{lo}–{hi}）", "({lo}–{hi})";
    blank_yes() => "是", "yes";
    blank_no() => "否", "no";
    blank_rows(min: u32) => "（至少填写 {min} 行）", "(at least {min} rows)";
    forms_print_docx_only(path: &str) => "纸质表只能写成 Word 文件（.docx）：请让 -o 的文件名以 .docx 结尾（现在是“{path}”）。",
        "A paper form is written as Word only (.docx): end the -o file name with .docx (it is “{path}”).";
}

/// `n` (from 1) as a letter numbers its parts: 一, 二 … 九十九 in Chinese,
/// 1, 2 … in English.
pub fn part_number(n: usize) -> String {
    if lang() == Lang::En || n == 0 || n > 99 {
        return n.to_string();
    }
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or_default();
    match (n / 10, n % 10) {
        (0, u) => digit(u).to_string(),
        (1, u) => format!("十{}", digit(u)),
        (t, u) => format!("{}十{}", digit(t), digit(u)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_numbered_in_chinese() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100]
            .into_iter()
            .map(part_number)
            .collect();
        assert_eq!(
            got,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]
        );
    }
}
