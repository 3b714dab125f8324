//! `kaocha forms check DIR`: the built-in folder passes; copies broken in one
//! way each are refused with `FILE:LINE:COL: 项目 ID： problem`, the line
//! being where the item's `"id"` is, while the good files stay ✓.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Out, output};

const FORMS: [(&str, &str); 10] = [
    ("findings.json", "findings"),
    ("inspection.json", "inspection"),
    ("jgbz.interview.json", "jgbz.interview"),
    ("jgbz.questionnaire.json", "jgbz.questionnaire"),
    ("jgbz.registration.json", "jgbz.registration"),
    ("jgbz.symposium.json", "jgbz.symposium"),
    ("jx.questionnaire.json", "jx.questionnaire"),
    ("jx.review.json", "jx.review"),
    ("jx.scoring.json", "jx.scoring"),
    ("jx.selfcheck.json", "jx.selfcheck"),
];

fn check(dir: &Path) -> Out {
    output(
        Command::new(env!("CARGO_BIN_EXE_kaocha"))
            .args(["forms", "check"])
            .arg(dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("KAOCHA_LANG", "zh")
            .env_remove("KAOCHA_DATA_DIR"),
    )
}

/// A copy of `forms/` with `file` rewritten by `edit`; the broken text.
fn broken_copy(file: &str, edit: impl FnOnce(&str) -> String) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("forms");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    let path = tmp.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = edit(&text);
    assert_ne!(broken, text, "the edit of {file} changed nothing");
    std::fs::write(&path, &broken).unwrap();
    (tmp, broken)
}

/// Replaces the first `from` (which must be there) by `to`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the form");
    text.replacen(from, to, 1)
}

/// 1-based line of the `nth` `"id": "<id>"`, and the column span of that line.
fn id_line(text: &str, id: &str, nth: usize) -> (usize, String) {
    let needle = format!("\"id\": \"{id}\"");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&needle))
        .nth(nth - 1)
        .map(|(n, l)| (n + 1, l.to_string()))
        .unwrap_or_else(|| panic!("no {nth}. {needle}"))
}

/// The report line for `file`, parsed as (line, column, rest).
fn located(out: &Out, path: &Path) -> Vec<(usize, usize, String)> {
    let prefix = format!("{}:", path.display());
    out.stdout
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().unwrap().parse().expect("line number");
            let col = parts.next().unwrap().parse().expect("column number");
            (line, col, parts.next().unwrap().trim_start().to_string())
        })
        .collect()
}

/// Checks a folder where only `file` is broken: non-zero exit, the other six
/// still ✓, `file` ✗, and (when `item` is given) a problem of that item at
/// the line of its `nth` `"id"` that mentions `problem`.
fn assert_refused(dir: &Path, text: &str, file: &str, item: Option<(&str, usize)>, problem: &str) {
    let out = check(dir);
    assert_ne!(out.code, 0, "stdout:\n{}", out.stdout);
    for (name, id) in FORMS.iter().filter(|(n, _)| *n != file) {
        let good = format!("✓ {}: {id}@1 ", dir.join(name).display());
        assert!(
            out.stdout.contains(&good),
            "{name} should stay good:\n{}",
            out.stdout
        );
    }
    let path = dir.join(file);
    assert!(
        out.stdout.contains(&format!("✗ {}\n", path.display())),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(&format!("检查了 {} 个表单文件，1 个有问题。", FORMS.len())),
        "{}",
        out.stdout
    );
    let found = located(&out, &path);
    assert!(
        !found.is_empty(),
        "no FILE:LINE:COL for {file}:\n{}",
        out.stdout
    );
    match item {
        Some((id, nth)) => {
            let (line, source_line) = id_line(text, id, nth);
            let head = format!("项目 {id}： ");
            let hit = found
                .iter()
                .find(|(_, _, rest)| rest.starts_with(&head) && rest.contains(problem))
                .unwrap_or_else(|| panic!("no `{head}… {problem}` line:\n{}", out.stdout));
            assert_eq!(
                hit.0, line,
                "line of {id}'s \"id\" in {file}:\n{}",
                out.stdout
            );
            let at: String = source_line.chars().skip(hit.1 - 1).collect();
            assert!(
                at.starts_with("\"id\"") || at.starts_with(&format!("\"{id}\"")),
                "column {} of line {line} is {at:?}",
                hit.1
            );
        }
        None => assert!(
            found.iter().any(|(_, _, rest)| rest.contains(problem)),
            "{}",
            out.stdout
        ),
    }
}

#[test]
fn the_built_in_folder_is_clean() {
    let out = output(
        Command::new(env!("CARGO_BIN_EXE_kaocha"))
            .args(["forms", "check", "forms/"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("KAOCHA_LANG", "zh"),
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let ticks: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("✓ ")).collect();
    assert_eq!(ticks.len(), FORMS.len(), "{}", out.stdout);
    for (name, id) in FORMS {
        let line = format!(
            "✓ {}: {id}@1 ",
            PathBuf::from("forms/").join(name).display()
        );
        assert!(
            out.stdout.contains(&line),
            "missing {line:?}:\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains('✗'));
    assert!(
        out.stdout
            .contains(&format!("检查了 {} 个表单文件，0 个有问题。", FORMS.len()))
    );

    // Without a folder the built-in (embedded) forms are checked.
    let builtin =
        output(Command::new(env!("CARGO_BIN_EXE_kaocha")).args(["--lang", "en", "forms", "check"]));
    assert_eq!(builtin.code, 0, "{}", builtin.stderr);
    assert!(
        builtin.stdout.contains(&format!(
            "Checked {} form files, 0 with problems.",
            FORMS.len()
        )),
        "{}",
        builtin.stdout
    );
}

#[test]
fn unknown_item_type() {
    let file = "jgbz.interview.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(t, "\"type\": \"text\"", "\"type\": \"textt\"")
    });
    assert_refused(tmp.path(), &text, file, Some(("interviewee", 1)), "textt");
}

#[test]
fn bad_expression() {
    let file = "jgbz.registration.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(
            t,
            "\"relevant\": \"lent_out > 0\"",
            "\"relevant\": \"lent_out >\"",
        )
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("lent_out_to", 1)),
        "relevant 表达式第 11 列",
    );
}

#[test]
fn bad_expression_message_is_not_repeated() {
    let file = "jgbz.registration.json";
    let (tmp, _) = broken_copy(file, |t| {
        replace_once(
            t,
            "\"relevant\": \"lent_out > 0\"",
            "\"relevant\": \"lent_out >\"",
        )
    });
    let out = check(tmp.path());
    assert_ne!(out.code, 0);
    assert!(!out.stdout.contains("column 11"), "{}", out.stdout);
}

#[test]
fn duplicate_item_id() {
    let file = "jgbz.interview.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(t, "\"id\": \"position\"", "\"id\": \"interviewee\"")
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("interviewee", 2)),
        "项目编号重复",
    );
}

#[test]
fn an_item_id_over_64_characters() {
    let file = "jgbz.interview.json";
    let long = format!("p{}", "o".repeat(64));
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(t, "\"id\": \"position\"", &format!("\"id\": \"{long}\""))
    });
    assert_refused(tmp.path(), &text, file, Some((&long, 1)), "最多 64 个字符");
}

#[test]
fn choice_without_options() {
    let file = "jgbz.interview.json";
    let (tmp, text) = broken_copy(file, |t| {
        let at = t.find("\"id\": \"category\"").unwrap();
        let start = at + t[at..].find("\"options\"").unwrap();
        let end = start + t[start..].find(']').unwrap() + 1;
        format!("{}\"options\": []{}", &t[..start], &t[end..])
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("category", 1)),
        "选择题没有选项",
    );
}

#[test]
fn relevance_refers_to_a_missing_item() {
    let file = "jgbz.registration.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(
            t,
            "\"relevant\": \"borrowed_in > 0\"",
            "\"relevant\": \"borrowed_inn > 0\"",
        )
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("borrowed_from", 1)),
        "引用了不存在的项目 borrowed_inn",
    );
}

#[test]
fn not_json_at_all() {
    let file = "inspection.json";
    let (tmp, text) = broken_copy(file, |_| "这不是表单\n只是一段文字\n".to_string());
    assert_refused(tmp.path(), &text, file, None, "不是有效的 JSON");
    let found = located(&check(tmp.path()), &tmp.path().join(file));
    assert_eq!((found[0].0, found[0].1), (1, 1), "{found:?}");
}

#[test]
fn missing_comma_is_located() {
    let file = "jgbz.symposium.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(t, "\"id\": \"place\",", "\"id\": \"place\"")
    });
    assert_refused(tmp.path(), &text, file, None, "不是有效的 JSON");
    let (line, _) = id_line(&text, "place", 1);
    let found = located(&check(tmp.path()), &tmp.path().join(file));
    let next = text.lines().nth(line).unwrap();
    let col = next.chars().take_while(|c| c.is_whitespace()).count() + 1;
    assert_eq!(
        (found[0].0, found[0].1),
        (line + 1, col),
        "the key after the missing comma: {found:?}"
    );
}

#[test]
fn unknown_key() {
    let file = "jgbz.symposium.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(t, "\"label\": \"地点\"", "\"lable\": \"地点\"")
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("place", 1)),
        "unknown field `lable`",
    );
}

#[test]
fn key_not_allowed_for_the_type() {
    let file = "jgbz.symposium.json";
    let (tmp, text) = broken_copy(file, |t| {
        replace_once(
            t,
            "\"label\": \"应到人数\",",
            "\"label\": \"应到人数\",\n          \"options\": [{\"value\": \"a\", \"label\": \"甲\"}],",
        )
    });
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("expected", 1)),
        "integer 类型的项目不能有 options",
    );
}

#[test]
fn unknown_finding_tag() {
    let file = "jgbz.registration.json";
    let (tmp, text) = broken_copy(file, |t| replace_once(t, "\"超编\"", "\"超编了\""));
    assert_refused(
        tmp.path(),
        &text,
        file,
        Some(("admin_actual", 1)),
        "未知的问题类型标签“超编了”",
    );
}
