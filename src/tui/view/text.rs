//! Display-width helpers: CJK characters take two columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `w` columns, ending with `…` when cut.
pub fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// `s` cut or padded with spaces to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// The first line of a text, for one-line summaries.
pub fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_two_columns() {
        assert_eq!(width("县安监局"), 8);
        assert_eq!(fit("县安监局", 5), "县安…");
        assert_eq!(width(&fit("县安监局", 5)), 5);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("县安监局", 6), "县安… ");
        assert_eq!(width(&pad("县安监局", 6)), 6);
    }
}

/// Breaks `s` into lines of at most `w` columns (at any character: CJK
/// text has no spaces), but not inside a Latin word or number (`Enter`,
/// `2013`) or a `#标签`, and not before a closing mark (，。）…), unless the word alone
/// fills the line; explicit newlines are kept.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(2);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in para.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > w {
                let mut carry = carried(&line, c);
                if width(&line[line.len() - carry..]) + cw > w {
                    carry = 0;
                }
                let mut next = std::mem::take(&mut line);
                line = next.split_off(next.len() - carry);
                out.push(next);
                used = width(&line);
            }
            line.push(c);
            used += cw;
        }
        out.push(line);
    }
    out
}

/// How many bytes at the end of a full `line` move down with `next`: the
/// part of a Latin word or of a `#标签`, or the character a closing mark
/// must follow.
fn carried(line: &str, next: char) -> usize {
    let word = |c: char| c.is_ascii_alphanumeric();
    let tag = line
        .rfind(['#', '＃'])
        .filter(|&at| !next.is_whitespace() && !line[at..].contains(char::is_whitespace));
    let tail = if let Some(at) = tag {
        line.len() - at
    } else if word(next) {
        line.len() - line.trim_end_matches(word).len()
    } else if "，。、；：！？）》」』”’…".contains(next) {
        // The character before the mark goes down with it, and a whole
        // Latin word if it ends one (`.json：` stays whole).
        match line.chars().next_back() {
            Some(c) if word(c) => line.len() - line.trim_end_matches(word).len(),
            Some(c) => c.len_utf8(),
            None => 0,
        }
    } else {
        0
    };
    // A word as long as the line is cut after all.
    if tail >= line.len() { 0 } else { tail }
}

/// At most `n` lines, the last ending in `…` when some were left out.
pub fn clip(mut lines: Vec<String>, n: usize, w: usize) -> Vec<String> {
    if lines.len() > n {
        lines.truncate(n.max(1));
        if let Some(last) = lines.last_mut() {
            let cut = fit(last, w.saturating_sub(1));
            *last = format!("{}…", cut.trim_end_matches('…'));
        }
    }
    lines
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap("4. 人员配备是否满足工作需要？", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "4. 人员配备是否满足工作需要？");
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
        // Not inside a word, not before a closing mark.
        assert_eq!(wrap("移动，Enter 确定", 10), vec!["移动，", "Enter 确定"]);
        assert_eq!(wrap("一二三四，五", 8), vec!["一二三", "四，五"]);
        assert_eq!(wrap("文件 a.json：好", 12), vec!["文件 a.", "json：好"]);
        // Nor inside a #标签.
        assert_eq!(wrap("写 #人员紧张", 10), vec!["写 ", "#人员紧张"]);
        assert_eq!(wrap("可用：#人员紧张", 12), vec!["可用：", "#人员紧张"]);
        // A word longer than the line is cut.
        assert_eq!(wrap("abcdefgh", 4), vec!["abcd", "efgh"]);
        let clipped = clip(vec!["一二三".into(), "四五".into(), "六".into()], 2, 6);
        assert_eq!(clipped.len(), 2);
        assert!(clipped[1].ends_with('…'));
    }
}
