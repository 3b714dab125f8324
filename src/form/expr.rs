//! The form expression language (`relevant`, `constraint`, `calc`): values,
//! the tokenizer and parser with column-accurate errors, static name
//! references, and a total (never failing, never panicking) evaluator.
//!
//! See `forms/README.md`, section "Expressions", for the language.

use std::fmt;

/// Longest accepted source, in characters.
const MAX_LEN: usize = 4000;
/// Deepest accepted nesting of parentheses, calls and unary operators.
const MAX_DEPTH: usize = 64;

/// A runtime value of the expression language.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// No value (an unanswered item, or the result of a type mismatch).
    Null,
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A list (the answer of a multiple-choice item).
    List(Vec<Val>),
}

impl Val {
    /// Truthiness used by `if`, `and`, `or`, `not` and conditions.
    pub fn truthy(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::List(l) => !l.is_empty(),
        }
    }

    /// Converts a JSON value; objects (and unrepresentable numbers) become `Null`.
    pub fn from_json(v: &serde_json::Value) -> Val {
        use serde_json::Value as J;
        match v {
            J::Null | J::Object(_) => Val::Null,
            J::Bool(b) => Val::Bool(*b),
            J::Number(n) => n.as_f64().map_or(Val::Null, Val::Num),
            J::String(s) => Val::Str(s.clone()),
            J::Array(a) => Val::List(a.iter().map(Val::from_json).collect()),
        }
    }

    /// Converts to JSON: whole numbers in `i64` range become integers,
    /// other finite numbers floats, non-finite numbers `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Str(s) => J::String(s.clone()),
            Val::List(l) => J::Array(l.iter().map(Val::to_json).collect()),
            Val::Num(n) => {
                // 2^63 is exactly representable; i64 covers [-2^63, 2^63).
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if n.is_finite() && n.fract() == 0.0 && *n >= -LIMIT && *n < LIMIT {
                    J::from(*n as i64)
                } else {
                    serde_json::Number::from_f64(*n).map_or(J::Null, J::Number)
                }
            }
        }
    }
}

/// Where a parse error happened: `column` is the 1-based position in characters (not bytes) in the expression source.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    /// 1-based character column of the offending token (one past the end for `UnexpectedEnd`).
    pub column: usize,
    /// What went wrong.
    pub message: ExprErrorKind,
}

/// The kinds of parse error.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprErrorKind {
    /// A character that starts no token.
    UnexpectedChar(char),
    /// The source ended where more was needed.
    UnexpectedEnd,
    /// A token (its source text) where it is not allowed.
    UnexpectedToken(String),
    /// A string literal without its closing quote.
    UnclosedString,
    /// A call of a function that does not exist.
    UnknownFunction(String),
    /// A call with the wrong number of arguments (`expected` in words: `"1 or 2"`).
    WrongArity {
        function: String,
        expected: String,
        got: usize,
    },
    /// An argument of the wrong shape (`sum`, `count`, `selected`).
    BadArgument {
        function: String,
        expected: &'static str,
    },
    /// Nesting deeper than 64 levels.
    TooDeep,
    /// Source longer than 4000 characters.
    TooLong,
}

impl fmt::Display for ExprErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::i18n;
        let text = match self {
            Self::UnexpectedChar(c) => i18n::x_unexpected_char(*c),
            Self::UnexpectedEnd => i18n::x_unexpected_end(),
            Self::UnexpectedToken(t) => i18n::x_unexpected_token(t),
            Self::UnclosedString => i18n::x_unclosed_string(),
            Self::UnknownFunction(n) => i18n::x_unknown_function(n),
            Self::WrongArity {
                function,
                expected,
                got,
            } => i18n::x_wrong_arity(function, expected, *got),
            Self::BadArgument { function, expected } => i18n::x_bad_argument(function, expected),
            Self::TooDeep => i18n::x_too_deep(MAX_DEPTH),
            Self::TooLong => i18n::x_too_long(MAX_LEN),
        };
        f.write_str(&text)
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::x_at_column(
            self.column,
            &self.message.to_string(),
        ))
    }
}

impl std::error::Error for ExprError {}

/// A name the expression refers to, for static checking by the form loader.
/// `column` is the 1-based character column where the name starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Ref {
    /// An item id, e.g. `staff_actual`.
    Field { name: String, column: usize },
    /// A baseline key, e.g. `baseline.admin_quota` (`column` is that of `baseline`).
    Baseline { key: String, column: usize },
    /// A repeat column, e.g. `sum(bodies.body_actual)`.
    Column {
        repeat: String,
        field: String,
        column: usize,
    },
    /// A repeat's rows, e.g. `count(bodies)`.
    Rows { repeat: String, column: usize },
    /// The item's own value, `.`.
    SelfValue { column: usize },
}

/// What an expression reads its names from. Implemented by the form engine.
pub trait Env {
    /// The value of an item (inside a repeat row, siblings are resolved first).
    fn field(&self, name: &str) -> Val;
    /// The value of a baseline key.
    fn baseline(&self, key: &str) -> Val;
    /// The value of the item the expression belongs to (`.`).
    fn self_value(&self) -> Val;
    /// That field in every row of the repeat.
    fn column(&self, repeat: &str, field: &str) -> Vec<Val>;
    /// The number of rows of the repeat.
    fn row_count(&self, repeat: &str) -> usize;
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Func {
    If,
    Empty,
    Min,
    Max,
    Round,
    Abs,
    Sum,
    Count,
    Selected,
}

/// Functions: name, fewest and most arguments, the arity in words.
const FUNCS: [(&str, Func, usize, usize, &str); 9] = [
    ("if", Func::If, 3, 3, "3"),
    ("sum", Func::Sum, 1, 1, "1"),
    ("count", Func::Count, 1, 1, "1"),
    ("selected", Func::Selected, 2, 2, "2"),
    ("empty", Func::Empty, 1, 1, "1"),
    ("min", Func::Min, 1, usize::MAX, "at least 1"),
    ("max", Func::Max, 1, usize::MAX, "at least 1"),
    ("round", Func::Round, 1, 2, "1 or 2"),
    ("abs", Func::Abs, 1, 1, "1"),
];

/// Syntax tree. Operator chains of one precedence level are flat, so the
/// tree depth is bounded by the nesting limit, not by the source length.
/// A `Ref::Column` evaluates to the column's sum, `Ref::Rows` to the row count.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Lit(Val),
    Name(Ref),
    Selected(Box<Node>, String),
    Neg(Box<Node>),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Arith(Box<Node>, Vec<(Op, Node)>),
    Cmp(Op, Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
}

/// A parsed expression (parse once, evaluate many times).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    source: String,
    root: Node,
}

impl Expr {
    /// Parses `src`, reporting the first error with its character column.
    pub fn parse(src: &str) -> Result<Expr, ExprError> {
        let chars: Vec<char> = src.chars().take(MAX_LEN + 1).collect();
        if chars.len() > MAX_LEN {
            return Err(err(MAX_LEN + 1, ExprErrorKind::TooLong));
        }
        let tokens = lex(&chars)?;
        let mut p = Parser {
            tokens,
            pos: 0,
            depth: 0,
            end: chars.len() + 1,
        };
        let root = p.or()?;
        if let Some(t) = p.peek() {
            return Err(unexpected(t.clone()));
        }
        Ok(Expr {
            source: src.to_owned(),
            root,
        })
    }

    /// The source text the expression was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every name the expression refers to, in source order.
    pub fn refs(&self) -> Vec<Ref> {
        let mut out = Vec::new();
        collect_refs(&self.root, &mut out);
        out
    }

    /// Evaluates against `env`; never fails (mismatches give `Val::Null`).
    pub fn eval(&self, env: &dyn Env) -> Val {
        eval(&self.root, env)
    }
}

fn err(column: usize, message: ExprErrorKind) -> ExprError {
    ExprError { column, message }
}

// ---------------------------------------------------------------- lexer

type PResult<T> = Result<T, ExprError>;

#[path = "expr_lex.rs"]
mod lex;
use lex::{Tk, Tok, lex};

fn unexpected(t: Tok) -> ExprError {
    err(t.col, ExprErrorKind::UnexpectedToken(t.text))
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    depth: usize,
    end: usize,
}

/// A call argument: a bare name (possibly dotted) or any other expression.
enum Arg {
    Name(String, usize),
    Expr(Node, usize),
}

const KEYWORDS: [&str; 6] = ["and", "or", "not", "true", "false", "null"];

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn end_error(&self) -> ExprError {
        err(self.end, ExprErrorKind::UnexpectedEnd)
    }

    fn next(&mut self) -> PResult<Tok> {
        let t = self.peek().cloned().ok_or(self.end_error())?;
        self.pos += 1;
        Ok(t)
    }

    /// Consumes the next token if `pred` holds, returning its column.
    fn take_if(&mut self, pred: impl Fn(&Tok) -> bool) -> Option<usize> {
        let col = self.peek().filter(|t| pred(t))?.col;
        self.pos += 1;
        Some(col)
    }

    fn keyword(kw: &str) -> impl Fn(&Tok) -> bool {
        move |t| t.kind == Tk::Name && t.text == kw
    }

    /// Parses `sub` one nesting level deeper (opened at column `col`).
    fn nested<T>(&mut self, col: usize, sub: fn(&mut Self) -> PResult<T>) -> PResult<T> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(col, ExprErrorKind::TooDeep));
        }
        let out = sub(self)?;
        self.depth -= 1;
        Ok(out)
    }

    fn or(&mut self) -> PResult<Node> {
        self.chain("or", Self::and, Node::Or)
    }

    fn and(&mut self) -> PResult<Node> {
        self.chain("and", Self::not, Node::And)
    }

    fn chain(
        &mut self,
        kw: &str,
        sub: fn(&mut Self) -> PResult<Node>,
        make: fn(Vec<Node>) -> Node,
    ) -> PResult<Node> {
        let mut items = vec![sub(self)?];
        while self.take_if(Self::keyword(kw)).is_some() {
            items.push(sub(self)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            make(items)
        })
    }

    fn not(&mut self) -> PResult<Node> {
        match self.take_if(Self::keyword("not")) {
            Some(col) => Ok(Node::Not(Box::new(self.nested(col, Self::not)?))),
            None => self.cmp(),
        }
    }

    fn cmp_op(&self) -> Option<Op> {
        match self.peek().map(|t| &t.kind) {
            Some(Tk::Op(op @ (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge))) => Some(*op),
            _ => None,
        }
    }

    fn cmp(&mut self) -> PResult<Node> {
        let left = self.arith(&[Op::Add, Op::Sub], Self::term)?;
        let Some(op) = self.cmp_op() else {
            return Ok(left);
        };
        self.pos += 1;
        let right = self.arith(&[Op::Add, Op::Sub], Self::term)?;
        match self.peek() {
            // comparisons do not chain
            Some(t) if self.cmp_op().is_some() => Err(unexpected(t.clone())),
            _ => Ok(Node::Cmp(op, Box::new(left), Box::new(right))),
        }
    }

    fn term(&mut self) -> PResult<Node> {
        self.arith(&[Op::Mul, Op::Div], Self::unary)
    }

    fn arith(&mut self, ops: &[Op], sub: fn(&mut Self) -> PResult<Node>) -> PResult<Node> {
        let first = sub(self)?;
        let mut rest = Vec::new();
        while let Some(Tk::Op(op)) = self.peek().map(|t| t.kind.clone()) {
            if !ops.contains(&op) {
                break;
            }
            self.pos += 1;
            rest.push((op, sub(self)?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::Arith(Box::new(first), rest)
        })
    }

    fn unary(&mut self) -> PResult<Node> {
        match self.take_if(|t| t.kind == Tk::Op(Op::Sub)) {
            Some(col) => Ok(Node::Neg(Box::new(self.nested(col, Self::unary)?))),
            None => self.primary(),
        }
    }

    fn primary(&mut self) -> PResult<Node> {
        let t = self.next()?;
        match t.kind {
            Tk::Num(n) => Ok(Node::Lit(Val::Num(n))),
            Tk::Str(s) => Ok(Node::Lit(Val::Str(s))),
            Tk::Dot => Ok(Node::Name(Ref::SelfValue { column: t.col })),
            Tk::LParen => {
                let inner = self.nested(t.col, Self::or)?;
                match self.next()? {
                    close if close.kind == Tk::RParen => Ok(inner),
                    other => Err(unexpected(other)),
                }
            }
            Tk::Name => match t.text.as_str() {
                "true" => Ok(Node::Lit(Val::Bool(true))),
                "false" => Ok(Node::Lit(Val::Bool(false))),
                "null" => Ok(Node::Lit(Val::Null)),
                "and" | "or" | "not" => Err(unexpected(t)),
                _ if !t.text.contains('.') && self.peek().is_some_and(|n| n.kind == Tk::LParen) => {
                    self.call(t.text, t.col)
                }
                _ => name_node(t.text, t.col),
            },
            _ => Err(unexpected(t)),
        }
    }

    fn arg(&mut self) -> PResult<Arg> {
        let after = self.tokens.get(self.pos + 1).map(|t| &t.kind);
        let bare = matches!(after, Some(Tk::Comma | Tk::RParen));
        let t = self.peek().cloned().ok_or(self.end_error())?;
        if bare && t.kind == Tk::Name && !KEYWORDS.contains(&t.text.as_str()) {
            self.pos += 1;
            return Ok(Arg::Name(t.text, t.col));
        }
        Ok(Arg::Expr(self.or()?, t.col))
    }

    fn args(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        if self.take_if(|t| t.kind == Tk::RParen).is_some() {
            return Ok(args);
        }
        loop {
            args.push(self.arg()?);
            let t = self.next()?;
            match t.kind {
                Tk::Comma => {}
                Tk::RParen => return Ok(args),
                _ => return Err(unexpected(t)),
            }
        }
    }

    fn call(&mut self, name: String, col: usize) -> PResult<Node> {
        let Some(&(_, func, min, max, arity)) = FUNCS.iter().find(|f| f.0 == name) else {
            return Err(err(col, ExprErrorKind::UnknownFunction(name)));
        };
        let open = self.next()?.col;
        let args = self.nested(open, Self::args)?;
        let got = args.len();
        if got < min || got > max {
            let (function, expected) = (name, arity.to_owned());
            return Err(err(
                col,
                ExprErrorKind::WrongArity {
                    function,
                    expected,
                    got,
                },
            ));
        }
        let bad = |expected, at: usize| {
            let function = name.clone();
            Err(err(at, ExprErrorKind::BadArgument { function, expected }))
        };
        match (func, args.as_slice()) {
            (Func::Sum, [Arg::Name(text, c)]) => match text.split_once('.') {
                Some((repeat, field)) if repeat != "baseline" && !field.contains('.') => {
                    let (repeat, field, column) = (repeat.to_owned(), field.to_owned(), *c);
                    Ok(Node::Name(Ref::Column {
                        repeat,
                        field,
                        column,
                    }))
                }
                _ => bad("a repeat column like repeat.item", *c),
            },
            (Func::Sum, [a]) => bad("a repeat column like repeat.item", a.col()),
            (Func::Count, [Arg::Name(text, c)]) if !text.contains('.') => {
                Ok(Node::Name(Ref::Rows {
                    repeat: text.clone(),
                    column: *c,
                }))
            }
            (Func::Count, [a]) => bad("a repeat name", a.col()),
            (Func::Selected, [first, Arg::Expr(Node::Lit(Val::Str(s)), _)]) => {
                Ok(Node::Selected(Box::new(arg_node(first)?), s.clone()))
            }
            (Func::Selected, [_, a]) => bad("a string literal as its second argument", a.col()),
            _ => Ok(Node::Call(
                func,
                args.iter().map(arg_node).collect::<PResult<_>>()?,
            )),
        }
    }
}

impl Arg {
    fn col(&self) -> usize {
        match self {
            Arg::Name(_, c) | Arg::Expr(_, c) => *c,
        }
    }
}

fn arg_node(arg: &Arg) -> PResult<Node> {
    match arg {
        Arg::Name(text, col) => name_node(text.clone(), *col),
        Arg::Expr(node, _) => Ok(node.clone()),
    }
}

/// A bare name outside `sum`/`count`: an item, or `baseline.KEY`.
fn name_node(text: String, column: usize) -> PResult<Node> {
    match text.split_once('.') {
        None => Ok(Node::Name(Ref::Field { name: text, column })),
        Some(("baseline", key)) if !key.contains('.') => Ok(Node::Name(Ref::Baseline {
            key: key.to_owned(),
            column,
        })),
        Some(_) => Err(err(column, ExprErrorKind::UnexpectedToken(text))),
    }
}

// ---------------------------------------------------------------- refs

fn collect_refs(node: &Node, out: &mut Vec<Ref>) {
    match node {
        Node::Lit(_) => {}
        Node::Name(r) => out.push(r.clone()),
        Node::Selected(inner, _) | Node::Neg(inner) | Node::Not(inner) => collect_refs(inner, out),
        Node::And(items) | Node::Or(items) | Node::Call(_, items) => {
            items.iter().for_each(|n| collect_refs(n, out));
        }
        Node::Arith(first, rest) => {
            collect_refs(first, out);
            rest.iter().for_each(|(_, n)| collect_refs(n, out));
        }
        Node::Cmp(_, a, b) => {
            collect_refs(a, out);
            collect_refs(b, out);
        }
    }
}

// ---------------------------------------------------------------- evaluation

#[path = "expr_eval.rs"]
mod evaluate;
use evaluate::eval;

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
