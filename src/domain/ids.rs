//! The formats of identifiers, and labels made safe. Every id that enters
//! from outside (a bundle, the command line, a form file) is checked here
//! before it is used as a key: entry and bundle ids are canonical UUIDs,
//! revision ids SHA-256 hex, and the ids of campaigns, units, teams, devices
//! and forms short ASCII names. Labels (names of units, teams, people) keep
//! their text but lose control characters, so they can never drive a
//! terminal.

/// Longest name-like id (campaign, unit, team, device, form, row, item).
pub const MAX_ID_LEN: usize = 64;

/// Longest label kept (unit, team, campaign or person name).
pub const MAX_LABEL_CHARS: usize = 200;

/// A canonical UUID: 36 lowercase hex digits and dashes (`8-4-4-4-12`), as
/// entry and bundle ids are written.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// A revision id: the 64 lowercase hex digits of a SHA-256.
pub fn is_revision_id(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A name-like id (campaign, unit, team, device): 1–64 ASCII letters,
/// digits, `-`, `_` or `.`, starting with a letter or digit.
pub fn is_name_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    s.len() <= MAX_ID_LEN
        && bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether a character must never reach a terminal or a label: C0 and C1
/// controls, DEL, and the bidirectional overrides and isolates that make
/// text read differently from how it is stored.
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Whether a character may not stand in a long text (an answer, a
/// reason): a control character other than a line break or a tab.
pub fn is_control_in_text(c: char) -> bool {
    is_control(c) && !matches!(c, '\n' | '\t')
}

/// Whether a text holds a control character other than line breaks and
/// tabs (allowed in long answers).
pub fn has_control_in_text(s: &str) -> bool {
    s.chars().any(is_control_in_text)
}

/// A label as kept: control characters dropped (line breaks become
/// spaces), surrounding spaces trimmed, at most `MAX_LABEL_CHARS`.
pub fn clean_label(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if is_control(c) => None,
            c => Some(c),
        })
        .take(MAX_LABEL_CHARS)
        .collect();
    kept.trim().to_string()
}

/// A key's fingerprint in groups to read out over the phone:
/// `3f2a 91c0 77de 0b14`.
pub fn spoken_fingerprint(fp: &str) -> String {
    fp.replace('-', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_canonical_only() {
        assert!(is_uuid("0190e1c4-3a00-7000-8000-00000000a001"));
        assert!(!is_uuid("0190E1C4-3A00-7000-8000-00000000A001"));
        assert!(!is_uuid("0190e1c4-3a00-7000-8000-00000000a001\0x"));
        assert!(!is_uuid("0190e1c43a0070008000000000000a001"));
        assert!(!is_uuid("0190e1c4-3a00-7000-8000-00000000a00g"));
    }

    #[test]
    fn revision_ids_are_sha256_hex() {
        assert!(is_revision_id(&"ab".repeat(32)));
        assert!(!is_revision_id(&"AB".repeat(32)));
        assert!(!is_revision_id(&"ab".repeat(31)));
    }

    #[test]
    fn name_ids_are_short_ascii() {
        for ok in [
            "u1",
            "u-ajj",
            "demo-donge-2013",
            "t1",
            "jgbz.registration",
            "merge",
        ] {
            assert!(is_name_id(ok), "{ok}");
        }
        for bad in [
            "",
            "-u",
            "u 1",
            "单位",
            "u\u{1b}[2J",
            "u\0x",
            &"u".repeat(65),
        ] {
            assert!(!is_name_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn labels_lose_control_characters() {
        assert_eq!(clean_label("县\u{1b}]0;pwned\u{7}局"), "县]0;pwned局");
        assert_eq!(clean_label(" 第一组\n✓ 已验证 "), "第一组 ✓ 已验证");
        assert_eq!(clean_label("a\u{202e}b\u{9b}c"), "abc");
        assert_eq!(
            clean_label(&"字".repeat(300)).chars().count(),
            MAX_LABEL_CHARS
        );
    }
}
