//! Rules files are checked like form files: every problem names the file,
//! the rule, the line and the expression column; `kaocha forms check` checks
//! `rules.json` too.

use kaocha::analysis::rules::Rules;

#[test]
fn rules_files_are_checked_with_file_rule_and_position() {
    let forms = kaocha::form::builtin::forms().unwrap_or_else(|e| panic!("{e:?}"));
    let by_id = |id: &str| forms.iter().find(|f| f.id() == id);
    let good = |body: &str| {
        format!("{{\"format\": \"kaocha-rules\", \"version\": 1, \"rules\": [\n{body}\n]}}")
    };
    let load = |text: &str| Rules::load("my/rules.json", text, &by_id);
    let ok = good(
        r#"{"id": "r1", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration",
        "numbers": {"x": "admin_actual"}, "when": "x > 1", "facts": "{x}"}"#,
    );
    assert!(load(&ok).is_ok());

    let cases = [
        // expression error, with the column inside the expression
        (
            r#"{"id": "bad_when", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "when": "admin_actual >", "facts": ""}"#,
            ["规则 bad_when", "when 表达式第 15 列"].as_slice(),
        ),
        (
            r#"{"id": "r2", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "when": "nope > 1", "facts": ""}"#,
            &["规则 r2", "nope"],
        ),
        (
            r#"{"id": "r3", "title": "t", "category": "超级问题", "kind": "entry", "form": "jgbz.registration", "when": "1", "facts": ""}"#,
            &["未知的问题类型“超级问题”"],
        ),
        (
            r#"{"id": "r4", "title": "t", "category": "超编", "kind": "entry", "form": "no.such", "when": "1", "facts": ""}"#,
            &["没有表单 no.such"],
        ),
        (
            r#"{"id": "r5", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "when": "body_actual = 0", "facts": ""}"#,
            &["body_actual 是重复表中的项目"],
        ),
        (
            r#"{"id": "r6", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "when": "1", "facts": "共{n}人"}"#,
            &["facts 第 2 列：{n}"],
        ),
        (
            r#"{"id": "r7", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "numbers": {"a": "b", "b": "a"}, "when": "a", "facts": ""}"#,
            &["循环：a → b → a"],
        ),
        (
            r#"{"id": "r8", "title": "t", "category": "人员紧张", "kind": "share", "form": "jgbz.questionnaire", "item": "q2", "values": ["tight", "lots"], "facts": ""}"#,
            &["lots 不是 q2 的选项"],
        ),
        (
            r#"{"id": "r9", "title": "t", "category": "超编", "kind": "tagged", "forms": ["jgbz.interview"], "when": "1", "facts": ""}"#,
            &["tagged 规则不能有 when"],
        ),
        (
            r#"{"id": "r10", "title": "t", "category": "超编", "kind": "tagged", "forms": ["jgbz.interview"], "facts": ""}"#,
            &["没有能标记“超编”的项目"],
        ),
        (
            r#"{"id": "r11", "title": "t", "category": "超编", "kind": "entry", "form": "jgbz.registration", "when": "baseline.nope", "facts": "", "extra": 1}"#,
            &["extra"],
        ),
    ];
    for (body, wanted) in cases {
        let text = good(body);
        let errors = load(&text)
            .err()
            .unwrap_or_else(|| panic!("accepted: {body}"));
        let all = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        // every problem names the file and the rule's line (line 2: the rule's "id")
        assert!(all.starts_with("my/rules.json:2:"), "{all}");
        for w in wanted {
            assert!(all.contains(w), "{w:?} not in:\n{all}");
        }
    }
    let broken = load("{\"format\": \"kaocha-rules\",\n \"rules\": [}")
        .err()
        .unwrap_or_default();
    assert_eq!(
        (broken[0].line, broken[0].file.as_str()),
        (2, "my/rules.json")
    );
}

#[test]
fn forms_check_validates_rules_json() {
    let bin = env!("CARGO_BIN_EXE_kaocha");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = kaocha::analysis::rules::BUILTIN_SOURCE
        .replace("\"when\": \"mixed > 0\"", "\"when\": \"mixed >> 0\"");
    std::fs::write(dir.path().join("rules.json"), text).unwrap_or_else(|e| panic!("{e}"));
    for (name, src) in kaocha::form::builtin::SOURCES {
        let file = std::path::Path::new(name).file_name().unwrap_or_default();
        std::fs::write(dir.path().join(file), src).unwrap_or_else(|e| panic!("{e}"));
    }
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("KAOCHA_LANG", "zh")
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let dir_arg = dir.path().to_string_lossy().to_string();
    let out = run(&["--data-dir", &dir_arg, "forms", "check", &dir_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(
        stdout.contains("规则 mixed_posts") && stdout.contains("when 表达式第 8 列"),
        "{stdout}"
    );
    // the built-in rules pass
    let out = run(&["--data-dir", &dir_arg, "forms", "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("检查了规则文件 forms/rules.json：21 条规则，没有问题。"),
        "{stdout}"
    );
}
