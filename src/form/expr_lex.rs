//! The lexer of the expression language: characters to tokens, with the
//! 1-based column of each.

use super::{ExprError, ExprErrorKind, Op, err};

type PResult<T> = Result<T, ExprError>;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tk {
    Num(f64),
    Str(String),
    /// A name, possibly dotted (`a.b`); keywords are names too.
    Name,
    Dot,
    LParen,
    RParen,
    Comma,
    Op(Op),
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) kind: Tk,
    pub(super) col: usize,
    pub(super) text: String,
}

pub(super) fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Punctuation and operators, two-character ones first.
pub(super) const PUNCT: [(&str, Tk); 15] = [
    ("==", Tk::Op(Op::Eq)),
    ("!=", Tk::Op(Op::Ne)),
    ("<=", Tk::Op(Op::Le)),
    (">=", Tk::Op(Op::Ge)),
    ("=", Tk::Op(Op::Eq)),
    ("<", Tk::Op(Op::Lt)),
    (">", Tk::Op(Op::Gt)),
    ("+", Tk::Op(Op::Add)),
    ("-", Tk::Op(Op::Sub)),
    ("*", Tk::Op(Op::Mul)),
    ("/", Tk::Op(Op::Div)),
    ("(", Tk::LParen),
    (")", Tk::RParen),
    (",", Tk::Comma),
    (".", Tk::Dot),
];

/// The index of the first char at or after `i` that fails `pred`.
pub(super) fn skip(chars: &[char], mut i: usize, pred: impl Fn(char) -> bool) -> usize {
    while chars.get(i).is_some_and(|c| pred(*c)) {
        i += 1;
    }
    i
}

pub(super) fn lex(chars: &[char]) -> PResult<Vec<Tok>> {
    let mut out = Vec::new();
    let at = |i: usize| chars.get(i).copied();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        let kind = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_digit() {
            i = skip(chars, i, |c| c.is_ascii_digit());
            if at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                i = skip(chars, i + 1, |c| c.is_ascii_digit());
            }
            let text: String = chars.get(start..i).unwrap_or_default().iter().collect();
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => Tk::Num(n),
                _ => return Err(err(start + 1, ExprErrorKind::UnexpectedToken(text))),
            }
        } else if is_name_start(c) {
            i = skip(chars, i, is_name_char);
            // a dotted name `a.b` is one token
            while at(i) == Some('.') && at(i + 1).is_some_and(is_name_start) {
                i = skip(chars, i + 1, is_name_char);
            }
            Tk::Name
        } else if c == '\'' || c == '"' {
            i = skip(chars, i + 1, |d| d != c);
            if at(i).is_none() {
                return Err(err(start + 1, ExprErrorKind::UnclosedString));
            }
            i += 1;
            Tk::Str(
                chars
                    .get(start + 1..i - 1)
                    .unwrap_or_default()
                    .iter()
                    .collect(),
            )
        } else {
            let matches = |p: &str| p.chars().enumerate().all(|(k, pc)| at(i + k) == Some(pc));
            let found = PUNCT.iter().find(|(p, _)| !p.is_empty() && matches(p));
            let Some((p, kind)) = found else {
                return Err(err(start + 1, ExprErrorKind::UnexpectedChar(c)));
            };
            i += p.len();
            kind.clone()
        };
        let text = chars.get(start..i).unwrap_or_default().iter().collect();
        out.push(Tok {
            kind,
            col: start + 1,
            text,
        });
    }
    Ok(out)
}
