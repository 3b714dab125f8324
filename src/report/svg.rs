//! Horizontal bar charts drawn as inline SVG by hand (`<rect>` bars and
//! `<text>` labels), every text escaped, every size a plain number.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// Width of the drawing.
const WIDTH: f64 = 640.0;
/// Where bars start (labels end just left of it).
const BARS_X: f64 = 190.0;
/// The longest bar.
const BARS_W: f64 = 360.0;
/// One row.
const ROW_H: f64 = 24.0;
/// Top margin under the title.
const TOP: f64 = 30.0;
/// Widest label, in display columns (CJK counts 2).
const LABEL_COLS: usize = 26;

/// One bar: its label, its length in units of the chart's maximum, and the
/// text written after it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A label cut to `LABEL_COLS` display columns.
fn short(label: &str) -> String {
    let mut cols = 0;
    let mut out = String::new();
    for c in label.chars() {
        let w = c.width().unwrap_or(0);
        if cols + w > LABEL_COLS - 1 {
            out.push('…');
            return out;
        }
        cols += w;
        out.push(c);
    }
    out
}

fn length(value: f64, max: f64) -> f64 {
    if max > 0.0 && value.is_finite() && value > 0.0 {
        ((value / max).min(1.0) * BARS_W * 10.0).round() / 10.0
    } else {
        0.0
    }
}

fn open(out: &mut String, title: &str, height: f64) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{t}\">\
<text x=\"0\" y=\"16\" font-size=\"12\" font-weight=\"bold\">{t}</text>",
        t = esc(title)
    );
}

/// A chart of single bars; `max` is the value of a full-length bar.
pub fn bars(title: &str, bars: &[Bar], max: f64) -> String {
    let height = TOP + ROW_H * bars.len() as f64 + 6.0;
    let mut out = String::new();
    open(&mut out, title, height);
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let w = length(b.value, max);
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
<rect x=\"{BARS_X}\" y=\"{ry}\" width=\"{w}\" height=\"14\" fill=\"#5b7fb3\"/>\
<text x=\"{vx}\" y=\"{ty}\">{text}</text>",
            lx = BARS_X - 8.0,
            ty = y + 12.0,
            label = esc(&short(&b.label)),
            ry = y + 1.0,
            vx = BARS_X + w + 6.0,
            text = esc(&b.text),
        );
    }
    out.push_str("</svg>");
    out
}

/// A chart of bar pairs (e.g. 核定 and 实有) with a legend.
pub fn pairs(
    title: &str,
    rows: &[(String, Option<f64>, Option<f64>)],
    legend: [&str; 2],
) -> String {
    let height = TOP + ROW_H * rows.len() as f64 + 6.0;
    let max = rows
        .iter()
        .flat_map(|(_, a, b)| [a.unwrap_or(0.0), b.unwrap_or(0.0)])
        .fold(0.0, f64::max);
    let mut out = String::new();
    open(&mut out, title, height);
    let _ = write!(
        out,
        "<rect x=\"{x1}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#5b7fb3\"/><text x=\"{t1}\" y=\"15\">{l1}</text>\
<rect x=\"{x2}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#d9822b\"/><text x=\"{t2}\" y=\"15\">{l2}</text>",
        x1 = WIDTH - 150.0,
        t1 = WIDTH - 134.0,
        x2 = WIDTH - 80.0,
        t2 = WIDTH - 64.0,
        l1 = esc(legend[0]),
        l2 = esc(legend[1]),
    );
    let num = |v: Option<f64>| v.map_or("—".to_string(), crate::analysis::number_text);
    for (i, (label, a, b)) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let (wa, wb) = (length(a.unwrap_or(0.0), max), length(b.unwrap_or(0.0), max));
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
<rect x=\"{BARS_X}\" y=\"{y1}\" width=\"{wa}\" height=\"9\" fill=\"#5b7fb3\"/>\
<rect x=\"{BARS_X}\" y=\"{y2}\" width=\"{wb}\" height=\"9\" fill=\"#d9822b\"/>\
<text x=\"{vx}\" y=\"{ty}\">{va} / {vb}</text>",
            lx = BARS_X - 8.0,
            ty = y + 13.0,
            label = esc(&short(label)),
            y1 = y + 1.0,
            y2 = y + 10.0,
            vx = BARS_X + wa.max(wb) + 6.0,
            va = num(*a),
            vb = num(*b),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_bars_scale() {
        let svg = bars(
            "<问题>",
            &[Bar {
                label: "a&b".into(),
                value: 5.0,
                text: "5".into(),
            }],
            10.0,
        );
        assert!(svg.contains("&lt;问题&gt;"));
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains("width=\"180\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_labels_are_cut() {
        let s = short(&"很".repeat(30));
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= 13);
    }
}
