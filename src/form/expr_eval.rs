//! Evaluating a parsed expression: arithmetic, comparisons and the
//! functions, over an `Env`. Never panics: a mismatch gives `Null`.

use super::{Env, Func, Node, Op, Ref, Val};

/// A number result; non-finite results (overflow) become `Null`.
fn num(n: f64) -> Val {
    if n.is_finite() {
        Val::Num(n)
    } else {
        Val::Null
    }
}

pub(super) fn eval(node: &Node, env: &dyn Env) -> Val {
    match node {
        Node::Lit(v) => v.clone(),
        Node::Name(Ref::Field { name, .. }) => env.field(name),
        Node::Name(Ref::Baseline { key, .. }) => env.baseline(key),
        Node::Name(Ref::SelfValue { .. }) => env.self_value(),
        Node::Name(Ref::Column { repeat, field, .. }) => {
            let nums = env
                .column(repeat, field)
                .into_iter()
                .filter_map(|v| match v {
                    Val::Num(n) if n.is_finite() => Some(n),
                    _ => None,
                });
            num(nums.sum())
        }
        Node::Name(Ref::Rows { repeat, .. }) => Val::Num(env.row_count(repeat) as f64),
        Node::Selected(inner, want) => Val::Bool(match eval(inner, env) {
            Val::Str(s) => s == *want,
            Val::List(items) => items.iter().any(|v| matches!(v, Val::Str(s) if s == want)),
            _ => false,
        }),
        Node::Neg(inner) => match eval(inner, env) {
            Val::Num(n) => num(-n),
            _ => Val::Null,
        },
        Node::Not(inner) => Val::Bool(!eval(inner, env).truthy()),
        Node::And(items) => Val::Bool(items.iter().all(|n| eval(n, env).truthy())),
        Node::Or(items) => Val::Bool(items.iter().any(|n| eval(n, env).truthy())),
        Node::Arith(first, rest) => rest.iter().fold(eval(first, env), |acc, (op, n)| {
            arith(*op, acc, eval(n, env))
        }),
        Node::Cmp(op, a, b) => compare(*op, &eval(a, env), &eval(b, env)),
        Node::Call(func, args) => call(*func, args, env),
    }
}

fn arith(op: Op, a: Val, b: Val) -> Val {
    match (op, a, b) {
        (Op::Add, Val::Str(a), Val::Str(b)) => Val::Str(a + &b),
        (Op::Add, Val::Num(a), Val::Num(b)) => num(a + b),
        (Op::Sub, Val::Num(a), Val::Num(b)) => num(a - b),
        (Op::Mul, Val::Num(a), Val::Num(b)) => num(a * b),
        (Op::Div, Val::Num(a), Val::Num(b)) if b != 0.0 => num(a / b),
        _ => Val::Null,
    }
}

fn compare(op: Op, a: &Val, b: &Val) -> Val {
    match op {
        Op::Eq => return Val::Bool(a == b),
        Op::Ne => return Val::Bool(a != b),
        _ => {}
    }
    let ord = match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else { return Val::Null };
    Val::Bool(match op {
        Op::Lt => ord.is_lt(),
        Op::Le => ord.is_le(),
        Op::Gt => ord.is_gt(),
        _ => ord.is_ge(),
    })
}

fn call(func: Func, args: &[Node], env: &dyn Env) -> Val {
    let arg = |i: usize| args.get(i).map_or(Val::Null, |n| eval(n, env));
    match func {
        Func::If => arg(if arg(0).truthy() { 1 } else { 2 }),
        Func::Empty => Val::Bool(match arg(0) {
            Val::Null => true,
            Val::Str(s) => s.is_empty(),
            Val::List(l) => l.is_empty(),
            _ => false,
        }),
        Func::Abs => match arg(0) {
            Val::Num(n) => num(n.abs()),
            _ => Val::Null,
        },
        Func::Min | Func::Max => {
            let nums = args.iter().filter_map(|n| match eval(n, env) {
                Val::Num(x) if !x.is_nan() => Some(x),
                _ => None,
            });
            let pick = if func == Func::Min {
                f64::min
            } else {
                f64::max
            };
            nums.reduce(pick).map_or(Val::Null, num)
        }
        Func::Round => match (arg(0), args.len()) {
            (Val::Num(x), 1) => round_to(x, 0.0),
            (Val::Num(x), _) => match arg(1) {
                Val::Num(d) if d.is_finite() => round_to(x, d),
                _ => Val::Null,
            },
            _ => Val::Null,
        },
        Func::Sum | Func::Count | Func::Selected => Val::Null, // parsed into other nodes
    }
}

/// Rounds half away from zero at `digits` decimals (negative: tens, hundreds…).
/// The scaled value is first cut to 15 significant digits so binary noise does
/// not decide the half: `round(2.675, 2)` is 2.68, not 2.67.
fn round_to(x: f64, digits: f64) -> Val {
    let d = digits.trunc().clamp(-300.0, 300.0) as i32;
    let scale = 10f64.powi(d.abs());
    let y = if d >= 0 { x * scale } else { x / scale };
    if !y.is_finite() || y.abs() >= 4.5e15 {
        return num(x); // already whole at that precision (or not a number)
    }
    let y = format!("{y:.14e}").parse::<f64>().unwrap_or(y).round();
    num(if d >= 0 { y / scale } else { y * scale } + 0.0)
}
