//! What people type, read the way they meant it: a Chinese IME's full-width
//! digits and punctuation, Chinese numerals (十二, 二〇一三), and dates and
//! times written 2013年11月26日, 2013.11.26, 9点30分 … turned into the
//! canonical forms stored (12, 2013-11-26, 09:30). Anything unclear is
//! `None`: the caller refuses it with a message; nothing is guessed.

use unicode_normalization::UnicodeNormalization;

/// Full-width letters, digits and punctuation as ASCII (NFKC), the
/// ideographic space as a space, and every kind of space dropped.
fn squashed(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A whole number: `12`, `１２`, `-3`, `十二`, `一百零五`, `二〇一三`.
pub fn integer(text: &str) -> Option<i64> {
    let s = squashed(text);
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('负')) {
        return chinese(rest).map(|n| -n);
    }
    chinese(&s)
}

/// A number with an optional fraction: what `integer` reads, and `2.5`,
/// `２．５`, `2。5` (a full stop typed for the point).
pub fn decimal(text: &str) -> Option<f64> {
    let s = squashed(text).replace('。', ".");
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
        && let Ok(n) = s.parse::<f64>()
    {
        return n.is_finite().then_some(n);
    }
    integer(&s).map(|n| n as f64)
}

/// The value of one Chinese digit.
fn digit(c: char) -> Option<i64> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => c.to_digit(10).map(i64::from)?,
    })
}

/// Chinese numerals: digit by digit (`二〇一三`) or with units
/// (`十二`, `二十`, `一百零五`, `三千二百`, `一万二千`).
fn chinese(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| digit(c).is_some()) {
        return s
            .chars()
            .try_fold(0i64, |n, c| n.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut pending: Option<i64> = None;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                // Two digits in a row are only written with 零 between
                // units (一百零五): anything else is unclear.
                if pending != Some(0) && d != 0 {
                    return None;
                }
            }
            pending = Some(if d == 0 { pending.unwrap_or(0) } else { d });
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section = section.checked_add(pending.take().unwrap_or(0))?;
            total = total.checked_add(section.checked_mul(unit)?)?;
            section = 0;
        } else {
            // 十二: a unit with no digit before it counts once.
            let d = pending.take().unwrap_or(1);
            section = section.checked_add(d.checked_mul(unit)?)?;
        }
    }
    section = section.checked_add(pending.unwrap_or(0))?;
    total.checked_add(section)
}

/// A date as `YYYY-MM-DD`: `2013-11-26`, `2013-1-5`, `2013年11月26日`,
/// `2013.11.26`, `2013/11/26`, `２０１３年１１月２６日`, `二〇一三年十一月二十六日`.
/// It must exist in the calendar.
pub fn date(text: &str) -> Option<String> {
    let s = squashed(text);
    let s = s
        .strip_suffix('日')
        .or_else(|| s.strip_suffix('号'))
        .unwrap_or(&s);
    let parts: Vec<&str> = s.split(['-', '.', '/', '年', '月', '。']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = (integer(y)?, integer(m)?, integer(d)?);
    // A two-digit year is unclear (13 → 2013 or 1913): refused.
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let date = jiff::civil::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    Some(date.to_string())
}

/// A time as `HH:MM`: `9:30`, `09：30`, `9点30分`, `9时30`, `9点`, `九点半`.
pub fn time(text: &str) -> Option<String> {
    let s = squashed(text);
    let s = s.strip_suffix('分').unwrap_or(&s);
    let (h, m) = if let Some(h) = s.strip_suffix("点半").or_else(|| s.strip_suffix("时半")) {
        (h, "30")
    } else if let Some((h, m)) = s.split_once([':', '点', '时', '.']) {
        (h, if m.is_empty() { "0" } else { m })
    } else {
        return None;
    };
    let (h, m) = (integer(h)?, integer(m)?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(format!("{h:02}:{m:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_an_ime_types_them() {
        for (text, n) in [
            ("12", 12),
            ("１２", 12),
            (" 1 2 ", 12),
            ("-3", -3),
            ("十二", 12),
            ("十", 10),
            ("二十", 20),
            ("二十五", 25),
            ("一百零五", 105),
            ("一百一十", 110),
            ("三千二百", 3200),
            ("一万二千", 12000),
            ("二〇一三", 2013),
            ("两", 2),
            ("〇", 0),
            ("负五", -5),
        ] {
            assert_eq!(integer(text), Some(n), "{text}");
        }
        for text in ["", "十二点", "二三十", "abc", "1.5", "99999999999999999999"] {
            assert_eq!(integer(text), None, "{text}");
        }
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal("２．５"), Some(2.5));
        assert_eq!(decimal("2。5"), Some(2.5));
        assert_eq!(decimal("十二"), Some(12.0));
        assert_eq!(decimal("1e400"), None);
        assert_eq!(decimal("inf"), None);
    }

    #[test]
    fn dates_in_the_ways_people_write_them() {
        for text in [
            "2013-11-26",
            "2013年11月26日",
            "2013年11月26号",
            "２０１３年１１月２６日",
            "2013.11.26",
            "2013/11/26",
            "２０１３－１１－２６",
            "二〇一三年十一月二十六日",
            " 2013 年 11 月 26 日 ",
        ] {
            assert_eq!(date(text).as_deref(), Some("2013-11-26"), "{text}");
        }
        assert_eq!(date("2013-1-5").as_deref(), Some("2013-01-05"));
        for text in [
            "2013-02-30",
            "13-11-26",
            "2013-11",
            "2013年11月",
            "明天",
            "",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
    }

    #[test]
    fn times_in_the_ways_people_write_them() {
        for (text, t) in [
            ("9:30", "09:30"),
            ("09：30", "09:30"),
            ("9点30分", "09:30"),
            ("9时30", "09:30"),
            ("九点半", "09:30"),
            ("14点", "14:00"),
            ("十四点零五", "14:05"),
        ] {
            assert_eq!(time(text).as_deref(), Some(t), "{text}");
        }
        for text in ["24:00", "9:60", "930", "", "下午"] {
            assert_eq!(time(text), None, "{text}");
        }
    }
}
