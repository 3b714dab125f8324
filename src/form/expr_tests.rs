//! Tests of the expression language: values, parser errors, refs,
//! evaluation, and property tests (no panics; print/parse round trip).

use super::*;
use proptest::prelude::*;
use std::collections::HashMap;

/// A small in-memory environment.
#[derive(Debug, Clone, Default)]
struct TestEnv {
    fields: HashMap<String, Val>,
    baseline: HashMap<String, Val>,
    me: Option<Val>,
    rows: HashMap<String, Vec<HashMap<String, Val>>>,
}

impl Env for TestEnv {
    fn field(&self, name: &str) -> Val {
        self.fields.get(name).cloned().unwrap_or(Val::Null)
    }
    fn baseline(&self, key: &str) -> Val {
        self.baseline.get(key).cloned().unwrap_or(Val::Null)
    }
    fn self_value(&self) -> Val {
        self.me.clone().unwrap_or(Val::Null)
    }
    fn column(&self, repeat: &str, field: &str) -> Vec<Val> {
        let rows = self.rows.get(repeat).map(Vec::as_slice).unwrap_or_default();
        rows.iter()
            .map(|r| r.get(field).cloned().unwrap_or(Val::Null))
            .collect()
    }
    fn row_count(&self, repeat: &str) -> usize {
        self.rows.get(repeat).map_or(0, Vec::len)
    }
}

fn env() -> TestEnv {
    let mut e = TestEnv::default();
    let f = |k: &str, v: Val| (k.to_owned(), v);
    e.fields = HashMap::from([
        f("a", Val::Num(2.0)),
        f("b", Val::Num(3.0)),
        f("s", Val::Str("机构".into())),
        f("empty_s", Val::Str(String::new())),
        f("choice", Val::Str("x".into())),
        f(
            "multi",
            Val::List(vec![Val::Str("x".into()), Val::Str("y".into())]),
        ),
        f("t", Val::Bool(true)),
    ]);
    e.baseline = HashMap::from([f("admin_quota", Val::Num(10.0))]);
    e.me = Some(Val::Num(7.0));
    let row = |actual: Val| HashMap::from([f("body_actual", actual)]);
    e.rows = HashMap::from([
        (
            "bodies".to_owned(),
            vec![
                row(Val::Num(4.0)),
                row(Val::Null),
                row(Val::Num(1.5)),
                row(Val::Str("9".into())),
            ],
        ),
        ("none".to_owned(), vec![]),
    ]);
    e
}

fn ev(src: &str) -> Val {
    match Expr::parse(src) {
        Ok(e) => e.eval(&env()),
        Err(e) => panic!("{src}: {e}"),
    }
}

fn perr(src: &str) -> ExprError {
    match Expr::parse(src) {
        Ok(e) => panic!("{src} parsed: {e:?}"),
        Err(e) => e,
    }
}

fn n(x: f64) -> Val {
    Val::Num(x)
}

// ------------------------------------------------------------ values

#[test]
fn truthiness() {
    assert!(!Val::Null.truthy());
    assert!(!n(0.0).truthy() && !n(f64::NAN).truthy() && n(-1.0).truthy());
    assert!(!Val::Str(String::new()).truthy() && Val::Str("0".into()).truthy());
    assert!(!Val::List(vec![]).truthy() && Val::List(vec![Val::Null]).truthy());
    assert!(Val::Bool(true).truthy() && !Val::Bool(false).truthy());
}

#[test]
fn json_round_trip() {
    let j = serde_json::json!([1, 2.5, "中", null, true, {"k": 1}, [3]]);
    let v = Val::from_json(&j);
    let want = Val::List(vec![
        n(1.0),
        n(2.5),
        Val::Str("中".into()),
        Val::Null,
        Val::Bool(true),
        Val::Null,
        Val::List(vec![n(3.0)]),
    ]);
    assert_eq!(v, want);
    assert_eq!(n(3.0).to_json(), serde_json::json!(3));
    assert!(n(3.0).to_json().is_i64());
    assert_eq!(n(-0.0).to_json(), serde_json::json!(0));
    assert_eq!(n(2.5).to_json(), serde_json::json!(2.5));
    assert_eq!(n(f64::INFINITY).to_json(), serde_json::Value::Null);
    assert_eq!(n(f64::NAN).to_json(), serde_json::Value::Null);
    assert!(n(1e19).to_json().is_f64());
    assert!(n(-9_223_372_036_854_775_808.0).to_json().is_i64());
    // integer and float JSON forms of one number are equal values
    assert_eq!(
        Val::from_json(&serde_json::json!(2)),
        Val::from_json(&serde_json::json!(2.0))
    );
}

// ------------------------------------------------------------ evaluation

#[test]
fn precedence() {
    assert_eq!(ev("1 + 2 * 3"), n(7.0));
    assert_eq!(ev("(1 + 2) * 3"), n(9.0));
    assert_eq!(ev("10 - 4 - 3"), n(3.0));
    assert_eq!(ev("12 / 3 / 2"), n(2.0));
    assert_eq!(ev("-a * b"), n(-6.0));
    assert_eq!(ev("- -a"), n(2.0));
    assert_eq!(ev("1 + 2 = 3"), Val::Bool(true));
    assert_eq!(ev("not 1 = 2"), Val::Bool(true));
    assert_eq!(ev("not not a"), Val::Bool(true));
    assert_eq!(ev("true or false and false"), Val::Bool(true));
    assert_eq!(ev("(true or false) and false"), Val::Bool(false));
    assert_eq!(ev("a < b and b < 4 or false"), Val::Bool(true));
    assert_eq!(ev("not a > 1 or b = 3"), Val::Bool(true));
    assert_eq!(ev("3.5 * 2"), n(7.0));
}

#[test]
fn operators() {
    assert_eq!(ev("'a' + \"b\""), Val::Str("ab".into()));
    assert_eq!(ev("s + '编制'"), Val::Str("机构编制".into()));
    assert_eq!(ev("'a' + 1"), Val::Null);
    assert_eq!(ev("'a' * 2"), Val::Null);
    assert_eq!(ev("t + 1"), Val::Null);
    assert_eq!(ev("1 / 0"), Val::Null);
    assert_eq!(ev("-'x'"), Val::Null);
    assert_eq!(ev("'b' > 'a'"), Val::Bool(true));
    assert_eq!(ev("'abc' <= 'abd'"), Val::Bool(true));
    assert_eq!(ev("2 >= 2"), Val::Bool(true));
    assert_eq!(ev("2 != 2"), Val::Bool(false));
    assert_eq!(ev("2 == 2.0"), Val::Bool(true));
    assert_eq!(ev("true = true"), Val::Bool(true));
    assert_eq!(ev("true != false"), Val::Bool(true));
    assert_eq!(ev("true < false"), Val::Null);
    assert_eq!(ev("1 < 'a'"), Val::Null);
    assert_eq!(ev("1 = '1'"), Val::Bool(false));
    assert_eq!(ev("multi = multi"), Val::Bool(true));
    assert_eq!(ev("1 and 'x'"), Val::Bool(true));
    assert_eq!(ev("0 or ''"), Val::Bool(false));
    assert_eq!(ev("'单位' = \"单位\""), Val::Bool(true));
    assert_eq!(ev("\"it's\""), Val::Str("it's".into()));
    assert_eq!(ev("'say \"hi\"'"), Val::Str("say \"hi\"".into()));
    // overflow to infinity gives null
    let big = format!("{} * {}", "9".repeat(300), "9".repeat(300));
    assert_eq!(ev(&big), Val::Null);
}

#[test]
fn null_semantics() {
    assert_eq!(ev("missing + 1"), Val::Null);
    assert_eq!(ev("null * 2"), Val::Null);
    assert_eq!(ev("-null"), Val::Null);
    assert_eq!(ev("null < 1"), Val::Null);
    assert_eq!(ev("null >= null"), Val::Null);
    assert_eq!(ev("null = null"), Val::Bool(true));
    assert_eq!(ev("null = 1"), Val::Bool(false));
    assert_eq!(ev("missing != 1"), Val::Bool(true));
    assert_eq!(ev("not null"), Val::Bool(true));
    assert_eq!(ev("null and true"), Val::Bool(false));
    assert_eq!(ev("null or true"), Val::Bool(true));
    assert_eq!(ev("if(missing, 1, 2)"), n(2.0));
    assert_eq!(ev("abs(null)"), Val::Null);
    assert_eq!(ev("round(null)"), Val::Null);
    assert_eq!(ev("round(1.5, null)"), Val::Null);
}

#[test]
fn names() {
    assert_eq!(ev("a + b"), n(5.0));
    assert_eq!(ev("baseline.admin_quota - a"), n(8.0));
    assert_eq!(ev("baseline.missing"), Val::Null);
    assert_eq!(ev(". * 2"), n(14.0));
    assert_eq!(ev(".>=7"), Val::Bool(true));
    assert_eq!(ev("sum"), Val::Null); // a field may be named like a function
    assert_eq!(ev("True"), Val::Null); // keywords are case-sensitive: a field
}

#[test]
fn functions() {
    assert_eq!(ev("if(a > 1, 'big', 'small')"), Val::Str("big".into()));
    assert_eq!(ev("if(0, 1, 2)"), n(2.0));
    assert_eq!(ev("sum(bodies.body_actual)"), n(5.5));
    assert_eq!(ev("sum(none.body_actual)"), n(0.0));
    assert_eq!(ev("sum(unknown.x)"), n(0.0));
    assert_eq!(ev("count(bodies)"), n(4.0));
    assert_eq!(ev("count(none)"), n(0.0));
    assert_eq!(ev("count(bodies) > baseline.admin_quota"), Val::Bool(false));
    assert_eq!(ev("selected(choice, 'x')"), Val::Bool(true));
    assert_eq!(ev("selected(choice, 'y')"), Val::Bool(false));
    assert_eq!(ev("selected(multi, \"y\")"), Val::Bool(true));
    assert_eq!(ev("selected(multi, 'z')"), Val::Bool(false));
    assert_eq!(ev("selected(missing, 'x')"), Val::Bool(false));
    assert_eq!(ev("empty(missing)"), Val::Bool(true));
    assert_eq!(ev("empty(empty_s)"), Val::Bool(true));
    assert_eq!(ev("empty(s)"), Val::Bool(false));
    assert_eq!(ev("empty(0)"), Val::Bool(false));
    assert_eq!(ev("empty(multi)"), Val::Bool(false));
    assert_eq!(ev("min(3, a, null, 'x')"), n(2.0));
    assert_eq!(ev("max(3, a, null)"), n(3.0));
    assert_eq!(ev("max(a)"), n(2.0));
    assert_eq!(ev("min(null, missing)"), Val::Null);
    assert_eq!(ev("abs(-2.5)"), n(2.5));
    assert_eq!(ev("abs('x')"), Val::Null);
}

#[test]
fn rounding() {
    assert_eq!(ev("round(2.5)"), n(3.0));
    assert_eq!(ev("round(-2.5)"), n(-3.0));
    assert_eq!(ev("round(2.4)"), n(2.0));
    assert_eq!(ev("round(-0.4)"), n(0.0));
    assert_eq!(ev("round(2.675, 2)"), n(2.68));
    assert_eq!(ev("round(1.005, 2)"), n(1.01));
    assert_eq!(ev("round(-1.005, 2)"), n(-1.01));
    assert_eq!(ev("round(9.995, 2)"), n(10.0));
    assert_eq!(ev("round(0.05, 1)"), n(0.1));
    assert_eq!(ev("round(1.25, 5)"), n(1.25));
    assert_eq!(ev("round(1250, -2)"), n(1300.0));
    assert_eq!(ev("round(49, -2)"), n(0.0));
    assert_eq!(ev("round(50, -2)"), n(100.0));
    assert_eq!(ev("round(5, -3)"), n(0.0));
    assert_eq!(ev("round(2 / 3, 3)"), n(0.667));
    assert_eq!(ev("round(1.26, 1.9)"), n(1.3));
    assert_eq!(ev("round('x', 1)"), Val::Null);
}

#[test]
fn if_is_lazy() {
    struct Spy(std::cell::RefCell<Vec<String>>);
    impl Env for Spy {
        fn field(&self, name: &str) -> Val {
            self.0.borrow_mut().push(name.to_owned());
            Val::Num(1.0)
        }
        fn baseline(&self, _: &str) -> Val {
            Val::Null
        }
        fn self_value(&self) -> Val {
            Val::Null
        }
        fn column(&self, _: &str, _: &str) -> Vec<Val> {
            vec![]
        }
        fn row_count(&self, _: &str) -> usize {
            0
        }
    }
    let spy = Spy(Default::default());
    let e = Expr::parse("if(c, yes, no)").unwrap();
    assert_eq!(e.eval(&spy), n(1.0));
    assert_eq!(*spy.0.borrow(), ["c", "yes"]);
}

// ------------------------------------------------------------ errors

#[test]
fn error_columns() {
    let cases: Vec<(&str, usize, ExprErrorKind)> = vec![
        ("a +", 4, ExprErrorKind::UnexpectedEnd),
        ("", 1, ExprErrorKind::UnexpectedEnd),
        ("a $ b", 3, ExprErrorKind::UnexpectedChar('$')),
        ("a ! b", 3, ExprErrorKind::UnexpectedChar('!')),
        ("foo(1)", 1, ExprErrorKind::UnknownFunction("foo".into())),
        ("1 + bar()", 5, ExprErrorKind::UnknownFunction("bar".into())),
        ("x.y + 1", 1, ExprErrorKind::UnexpectedToken("x.y".into())),
        (
            "1 + baseline.a.b",
            5,
            ExprErrorKind::UnexpectedToken("baseline.a.b".into()),
        ),
        ("'abc", 1, ExprErrorKind::UnclosedString),
        ("a = \"abc'", 5, ExprErrorKind::UnclosedString),
        ("(1 + 2", 7, ExprErrorKind::UnexpectedEnd),
        ("1 + 2)", 6, ExprErrorKind::UnexpectedToken(")".into())),
        ("a b", 3, ExprErrorKind::UnexpectedToken("b".into())),
        ("1 < 2 < 3", 7, ExprErrorKind::UnexpectedToken("<".into())),
        ("a + not b", 5, ExprErrorKind::UnexpectedToken("not".into())),
        ("a and", 6, ExprErrorKind::UnexpectedEnd),
        ("if(1, 2", 8, ExprErrorKind::UnexpectedEnd),
        ("if(1 2)", 6, ExprErrorKind::UnexpectedToken("2".into())),
        ("min(,)", 5, ExprErrorKind::UnexpectedToken(",".into())),
        ("1.", 2, ExprErrorKind::UnexpectedToken(".".into())),
        ("a（1）", 2, ExprErrorKind::UnexpectedChar('（')),
    ];
    for (src, column, message) in cases {
        assert_eq!(perr(src), ExprError { column, message }, "{src}");
    }
}

#[test]
fn call_errors() {
    let arity = |f: &str, e: &str, got| ExprErrorKind::WrongArity {
        function: f.into(),
        expected: e.into(),
        got,
    };
    assert_eq!(
        perr("if(1,2)"),
        ExprError {
            column: 1,
            message: arity("if", "3", 2)
        }
    );
    assert_eq!(
        perr("1 + min()"),
        ExprError {
            column: 5,
            message: arity("min", "at least 1", 0)
        }
    );
    assert_eq!(perr("round(1,2,3)").message, arity("round", "1 or 2", 3));
    assert_eq!(perr("abs()").message, arity("abs", "1", 0));
    assert_eq!(perr("sum(a.b, c.d)").message, arity("sum", "1", 2));
    assert_eq!(perr("selected(a)").message, arity("selected", "2", 1));
    let bad = |e: ExprError| match e.message {
        ExprErrorKind::BadArgument { function, .. } => (function, e.column),
        other => panic!("{other:?}"),
    };
    assert_eq!(bad(perr("selected(a, b)")), ("selected".into(), 13));
    assert_eq!(bad(perr("selected(a, 'x' + 'y')")), ("selected".into(), 13));
    assert_eq!(bad(perr("sum(a)")), ("sum".into(), 5));
    assert_eq!(bad(perr("sum(baseline.x)")), ("sum".into(), 5));
    assert_eq!(bad(perr("sum(1 + 2)")), ("sum".into(), 5));
    assert_eq!(bad(perr("count(a.b)")), ("count".into(), 7));
    assert_eq!(bad(perr("count('a')")), ("count".into(), 7));
    assert_eq!(
        perr("selected(a.b, 'x')").message,
        ExprErrorKind::UnexpectedToken("a.b".into())
    );
    assert_eq!(perr("empty(x.y)").column, 7);
}

#[test]
fn columns_count_chars_not_bytes() {
    // '机构' is 4 chars with quotes but 8 bytes in UTF-8.
    assert_eq!(perr("'机构' = a $").column, 10);
    assert_eq!(perr("s = '编制' and x.y").column, 14);
    assert_eq!(perr("'中文' + foo(1)").column, 8);
    assert_eq!(perr("'中文' +").column, 7);
    assert_eq!(perr("'中' + \"文").column, 7);
}

#[test]
fn limits() {
    let ok = format!("{}1{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(ev(&ok), n(1.0));
    let deep = format!("{}1{}", "(".repeat(65), ")".repeat(65));
    assert_eq!(
        perr(&deep),
        ExprError {
            column: 65,
            message: ExprErrorKind::TooDeep
        }
    );
    assert_eq!(ev(&format!("{}1", "-".repeat(64))), n(1.0));
    assert_eq!(
        perr(&format!("{}1", "-".repeat(65))).message,
        ExprErrorKind::TooDeep
    );
    assert_eq!(perr(&"not ".repeat(65)).message, ExprErrorKind::TooDeep);
    assert_eq!(
        perr(&format!("{}1{}", "abs(".repeat(65), ")".repeat(65))).message,
        ExprErrorKind::TooDeep
    );
    let long_ok = format!("1{}", " + 1".repeat(999));
    assert_eq!(long_ok.chars().count(), 3997);
    assert_eq!(ev(&long_ok), n(1000.0));
    assert_eq!(perr(&"(".repeat(100_000)).message, ExprErrorKind::TooLong);
    assert_eq!(perr(&"-".repeat(100_000)).message, ExprErrorKind::TooLong);
    assert_eq!(
        perr(&"not ".repeat(100_000)).message,
        ExprErrorKind::TooLong
    );
    let chinese = format!("'{}'", "中".repeat(3998));
    assert!(Expr::parse(&chinese).is_ok()); // 4000 chars, 11 998 bytes
    assert_eq!(
        perr(&format!("'{}'", "中".repeat(3999))).message,
        ExprErrorKind::TooLong
    );
    assert_eq!(
        perr(&"9".repeat(400)).message,
        ExprErrorKind::UnexpectedToken("9".repeat(400))
    );
}

#[test]
fn display_and_error_trait() {
    let e = perr("a $ b");
    // Messages are in the UI language, zh-CN unless a test sets English.
    assert_eq!(e.to_string(), "第 3 列：不能识别的字符“$”");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("第 3 列"));
    assert!(perr("if(1)").to_string().contains("需要 3 个参数"));
}

#[test]
fn refs_in_source_order() {
    let e = Expr::parse(
        "if(. > baseline.admin_quota, sum(bodies.body_actual), count(bodies)) + staff_actual",
    )
    .unwrap();
    assert_eq!(
        e.refs(),
        vec![
            Ref::SelfValue { column: 4 },
            Ref::Baseline {
                key: "admin_quota".into(),
                column: 8
            },
            Ref::Column {
                repeat: "bodies".into(),
                field: "body_actual".into(),
                column: 34
            },
            Ref::Rows {
                repeat: "bodies".into(),
                column: 61
            },
            Ref::Field {
                name: "staff_actual".into(),
                column: 72
            },
        ]
    );
    let e = Expr::parse("'甲' = a and selected(m, 'x') or not b").unwrap();
    assert_eq!(
        e.refs(),
        vec![
            Ref::Field {
                name: "a".into(),
                column: 7
            },
            Ref::Field {
                name: "m".into(),
                column: 22
            },
            Ref::Field {
                name: "b".into(),
                column: 37
            },
        ]
    );
    assert!(Expr::parse("1 + 'x'").unwrap().refs().is_empty());
    assert_eq!(Expr::parse(" a + a").unwrap().refs().len(), 2);
    assert_eq!(Expr::parse(" a ").unwrap().source(), " a ");
}

// ------------------------------------------------------------ printer (for round trips)

fn print(node: &Node) -> String {
    let wrap = |n: &Node| match n {
        Node::Lit(Val::Num(x)) if *x < 0.0 => format!("({})", print(n)),
        Node::Lit(_) | Node::Name(_) | Node::Selected(..) | Node::Call(..) => print(n),
        _ => format!("({})", print(n)),
    };
    let join = |items: &[Node], sep: &str| items.iter().map(wrap).collect::<Vec<_>>().join(sep);
    match node {
        Node::Lit(v) => print_val(v),
        Node::Name(Ref::Field { name, .. }) => name.clone(),
        Node::Name(Ref::Baseline { key, .. }) => format!("baseline.{key}"),
        Node::Name(Ref::SelfValue { .. }) => ".".into(),
        Node::Name(Ref::Column { repeat, field, .. }) => format!("sum({repeat}.{field})"),
        Node::Name(Ref::Rows { repeat, .. }) => format!("count({repeat})"),
        Node::Selected(inner, s) => {
            format!(
                "selected({}, {})",
                print(inner),
                print_val(&Val::Str(s.clone()))
            )
        }
        Node::Neg(inner) => format!("-{}", wrap(inner)),
        Node::Not(inner) => format!("not {}", wrap(inner)),
        Node::And(items) => join(items, " and "),
        Node::Or(items) => join(items, " or "),
        Node::Arith(first, rest) => {
            let mut s = wrap(first);
            for (op, n) in rest {
                s += &format!(" {} {}", op_str(*op), wrap(n));
            }
            s
        }
        Node::Cmp(op, a, b) => format!("{} {} {}", wrap(a), op_str(*op), wrap(b)),
        Node::Call(f, args) => {
            let name = FUNCS.iter().find(|e| e.1 == *f).map_or("?", |e| e.0);
            let args: Vec<String> = args.iter().map(print).collect();
            format!("{name}({})", args.join(", "))
        }
    }
}

fn print_val(v: &Val) -> String {
    match v {
        Val::Null => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Num(x) => format!("{x}"),
        Val::Str(s) if s.contains('\'') => format!("\"{s}\""),
        Val::Str(s) => format!("'{s}'"),
        Val::List(_) => "null".into(),
    }
}

fn op_str(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::Div => "/",
        Op::Eq => "=",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

// ------------------------------------------------------------ strategies

fn val_strategy() -> impl Strategy<Value = Val> {
    let leaf = prop_oneof![
        Just(Val::Null),
        any::<bool>().prop_map(Val::Bool),
        (-1000i32..1000).prop_map(|i| Val::Num(f64::from(i))),
        any::<f64>().prop_map(Val::Num),
        "[a-z中文 ']{0,4}".prop_map(Val::Str),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop::collection::vec(inner, 0..4).prop_map(Val::List)
    })
}

const NAMES: [&str; 4] = ["a", "b", "c", "m"];

fn env_strategy() -> impl Strategy<Value = TestEnv> {
    let map = || {
        prop::collection::hash_map(
            prop::sample::select(NAMES.to_vec()).prop_map(String::from),
            val_strategy(),
            0..4,
        )
    };
    let rows = prop::collection::vec(map(), 0..4);
    (map(), map(), proptest::option::of(val_strategy()), rows).prop_map(
        |(fields, baseline, me, rows)| TestEnv {
            fields,
            baseline,
            me,
            rows: HashMap::from([("r".to_owned(), rows)]),
        },
    )
}

/// Well-formed trees (columns zero; literals are what the lexer can produce).
fn node_strategy() -> impl Strategy<Value = Node> {
    let name = || prop::sample::select(NAMES.to_vec()).prop_map(String::from);
    let leaf = prop_oneof![
        Just(Node::Lit(Val::Null)),
        any::<bool>().prop_map(|b| Node::Lit(Val::Bool(b))),
        (0u32..100).prop_map(|i| Node::Lit(Val::Num(f64::from(i)))),
        (0u32..10_000).prop_map(|i| Node::Lit(Val::Num(f64::from(i) / 100.0))),
        "[a-z中 ]{0,3}".prop_map(|s| Node::Lit(Val::Str(s))),
        name().prop_map(|name| Node::Name(Ref::Field { name, column: 0 })),
        name().prop_map(|key| Node::Name(Ref::Baseline { key, column: 0 })),
        Just(Node::Name(Ref::SelfValue { column: 0 })),
        name().prop_map(|field| Node::Name(Ref::Column {
            repeat: "r".into(),
            field,
            column: 0
        })),
        Just(Node::Name(Ref::Rows {
            repeat: "r".into(),
            column: 0
        })),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        let op = |ops: Vec<Op>| prop::sample::select(ops);
        let many = || prop::collection::vec(inner.clone(), 2..4);
        prop_oneof![
            inner.clone().prop_map(|n| Node::Neg(Box::new(n))),
            inner.clone().prop_map(|n| Node::Not(Box::new(n))),
            many().prop_map(Node::And),
            many().prop_map(Node::Or),
            (
                inner.clone(),
                prop::collection::vec((op(vec![Op::Add, Op::Sub]), inner.clone()), 1..3)
            )
                .prop_map(|(f, r)| Node::Arith(Box::new(f), r)),
            (
                inner.clone(),
                prop::collection::vec((op(vec![Op::Mul, Op::Div]), inner.clone()), 1..3)
            )
                .prop_map(|(f, r)| Node::Arith(Box::new(f), r)),
            (
                op(vec![Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(o, a, b)| Node::Cmp(o, Box::new(a), Box::new(b))),
            (inner.clone(), "[xy]").prop_map(|(n, s)| Node::Selected(Box::new(n), s)),
            prop::collection::vec(inner.clone(), 3..=3).prop_map(|a| Node::Call(Func::If, a)),
            inner.clone().prop_map(|a| Node::Call(Func::Empty, vec![a])),
            inner.clone().prop_map(|a| Node::Call(Func::Abs, vec![a])),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|a| Node::Call(Func::Round, a)),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|a| Node::Call(Func::Min, a)),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|a| Node::Call(Func::Max, a)),
        ]
    })
}

/// Sources built from expression-like fragments, often deeply nested.
fn source_strategy() -> impl Strategy<Value = String> {
    let frag = prop::sample::select(vec![
        "(",
        ")",
        "-",
        "not ",
        " and ",
        " or ",
        "+",
        "*",
        "/",
        "=",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        ",",
        ".",
        "a",
        "b.c",
        "baseline.k",
        "r.x",
        "1",
        "2.5",
        "0",
        "'中'",
        "\"x'",
        "'",
        "if(",
        "sum(",
        "count(",
        "selected(",
        "empty(",
        "min(",
        "max(",
        "round(",
        "abs(",
        "foo(",
        "true",
        "null",
        " ",
        "$",
        "文",
    ]);
    let flat = prop::collection::vec(frag, 0..60).prop_map(|v| v.concat());
    let nested = (
        prop::sample::select(vec!["(", "-", "not ", "abs(", "- ", "((-"]),
        0usize..5000,
        "[ a1()+.,']{0,10}",
        0usize..5000,
    )
        .prop_map(|(open, k, mid, close)| {
            format!("{}{}{}", open.repeat(k), mid, ")".repeat(close))
        });
    prop_oneof![flat, nested, any::<String>(), "[ -~中]{0,80}"]
}

/// Values equal, treating NaN as equal to itself (env values may be NaN).
fn same(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Val::List(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_and_eval_never_panic(src in source_strategy(), env in env_strategy()) {
        if let Ok(e) = Expr::parse(&src) {
            let _ = e.eval(&env);
            let _ = e.refs();
        }
    }

    #[test]
    fn errors_point_inside_the_source(src in source_strategy()) {
        if let Err(e) = Expr::parse(&src) {
            let len = src.chars().count();
            prop_assert!(e.column >= 1 && e.column <= len + 1, "{e:?} for {src:?}");
        }
    }

    #[test]
    fn deep_nesting_is_rejected_not_overflowed(open in prop::sample::select(vec!["(", "-", "not ", "abs("]), k in 65usize..3000) {
        let src = format!("{}1", open.repeat(k));
        let kind = Expr::parse(&src).map(|_| ()).map_err(|e| e.message);
        let want = if src.chars().count() > 4000 { ExprErrorKind::TooLong } else { ExprErrorKind::TooDeep };
        prop_assert_eq!(kind, Err(want));
    }

    #[test]
    fn printed_tree_parses_back_and_agrees(node in node_strategy(), env in env_strategy()) {
        let src = print(&node);
        let parsed = Expr::parse(&src);
        prop_assert!(parsed.is_ok(), "{src}: {parsed:?}");
        let parsed = parsed.unwrap();
        let direct = eval(&node, &env);
        let via = parsed.eval(&env);
        prop_assert!(same(&direct, &via), "{src}: {direct:?} vs {via:?}");
        prop_assert_eq!(print(&parsed.root), src);
    }

    #[test]
    fn mutated_sources_never_panic(
        node in node_strategy(),
        at in any::<prop::sample::Index>(),
        insert in prop::option::of(prop::sample::select(vec!['(', ')', ',', '.', '\'', '-', 'x', '中', '$'])),
        env in env_strategy(),
    ) {
        let mut chars: Vec<char> = print(&node).chars().collect();
        let i = at.index(chars.len() + 1);
        match insert {
            Some(c) => chars.insert(i, c),
            None if i < chars.len() => drop(chars.remove(i)),
            None => {}
        }
        let src: String = chars.iter().collect();
        match Expr::parse(&src) {
            Ok(e) => drop(e.eval(&env)),
            Err(e) => prop_assert!(e.column >= 1 && e.column <= chars.len() + 1, "{e:?} for {src:?}"),
        }
    }

    #[test]
    fn json_conversion_round_trips(v in val_strategy()) {
        fn finite(v: &Val) -> Val {
            match v {
                Val::Num(x) if !x.is_finite() => Val::Null,
                Val::List(l) => Val::List(l.iter().map(finite).collect()),
                other => other.clone(),
            }
        }
        prop_assert_eq!(Val::from_json(&v.to_json()), finite(&v));
    }
}
