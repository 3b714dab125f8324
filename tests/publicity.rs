//! The 绩效考核's 考核预告, 公示 and 异议 through the real binary: the notice
//! to a unit (time, team, materials, contact, signature), the 公示 list
//! (总分, final 等次 after the quota, 备注, 未评分 units apart) in Word,
//! HTML and Markdown, objections recorded and decided at HQ only (refused
//! ones write nothing to the journal), and where a grade stands on
//! hand-chosen days. Scores as in `grade_quota.rs`: totals 96, 92 (共性
//! 19), 92 (共性 18), 80; A limited to 50 %, so 县妇幼保健院 moves to B.

mod common;
#[path = "common/docx.rs"]
mod docx;

use std::path::{Path, PathBuf};

use common::harness::{Harness, fixed_clock};
use common::{Kaocha, Out, has, journal_segments};
use docx::{Docx, assert_header_repeats};
use kaocha::app::workspace::Workspace;
use kaocha::tui::action::Effect;
use kaocha::tui::app::App;
use kaocha::tui::model::Model;
use serde_json::{Value, json};

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// HQ of a 绩效考核 with one team, six units (four scored, one with an
/// incomplete score, one without), a quota on A and the procedure set.
fn jx() -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2014年莘县事业单位绩效考核",
        "--kind",
        "jx",
        "--year",
        "2014",
    ])
    .ok();
    k.run([
        "teams",
        "add",
        "第一考核组",
        "--members",
        "张三(组长),李四,王五(联络员)",
    ])
    .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(
        &list,
        "单位名称,考核组\r\n县人民医院,第一考核组\r\n县中医院,第一考核组\r\n\
县妇幼保健院,第一考核组\r\n县疾控中心,第一考核组\r\n县卫生监督所,第一考核组\r\n县血站,\r\n",
    )
    .unwrap();
    k.run(["units", "import", arg(&list)]).ok();
    let items = [
        "reg_mgmt",
        "social_eval",
        "main_business",
        "econ_social",
        "mgmt_ops",
    ];
    for (unit, scores) in [
        ("县人民医院", [10, 10, 48, 19, 9]),
        ("县中医院", [10, 9, 46, 18, 9]),
        ("县妇幼保健院", [9, 9, 47, 18, 9]),
        ("县疾控中心", [8, 8, 40, 16, 8]),
    ] {
        let sets: Vec<String> = items
            .iter()
            .zip(scores)
            .map(|(i, s)| format!("{i}={s}"))
            .collect();
        k.new_entry(unit, "jx.scoring", &sets.join(" "));
    }
    // Two indicators only: no complete score.
    k.new_entry("县卫生监督所", "jx.scoring", "reg_mgmt=9 social_eval=8");
    k.run([
        "campaign",
        "set",
        "grading.a_quota=0.5",
        "procedure.visit_from=2014-11-04",
        "procedure.visit_to=2014-11-08",
        "procedure.materials=三定规定；年度工作总结；财务报表",
        "procedure.selfcheck_due=2014-10-31",
        "procedure.contact=县编办 王五 0635-1234567",
        "procedure.publicity_from=2015-01-06",
        "procedure.publicity_to=2015-01-12",
        "procedure.objections_to=县编办监督检查股 <jd@example.org> & 信箱",
    ])
    .ok();
    k
}

/// Runs `kaocha ARGS -o DIR/NAME` and returns the file's path.
#[track_caller]
fn write(k: &Kaocha, args: &[&str], name: &str) -> PathBuf {
    let path = k.dir().join(name);
    let mut all = args.to_vec();
    all.extend(["-o", arg(&path)]);
    k.run(&all).ok();
    path
}

#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `kaocha objection ARGS`.
fn objection(k: &Kaocha, args: &[&str]) -> Out {
    let mut all = vec!["objection"];
    all.extend_from_slice(args);
    k.run(&all)
}

/// `objection add UNIT --text TEXT --date DATE`, which must succeed.
#[track_caller]
fn add(k: &Kaocha, unit: &str, text: &str, date: &str) -> Out {
    objection(k, &["add", unit, "--text", text, "--date", date]).ok()
}

/// `objection add UNIT --text TEXT --from WHO --date DATE`.
#[track_caller]
fn add_from(k: &Kaocha, unit: &str, text: &str, from: &str, date: &str) -> Out {
    objection(
        k,
        &["add", unit, "--text", text, "--from", from, "--date", date],
    )
    .ok()
}

/// `objection decide ID HOW --outcome OUTCOME --date DATE`.
fn decide(k: &Kaocha, id: &str, how: &str, outcome: &str, date: &str) -> Out {
    objection(
        k,
        &["decide", id, how, "--outcome", outcome, "--date", date],
    )
}

/// Every journal line written so far.
fn journal(k: &Kaocha) -> String {
    journal_segments(k.dir()).iter().map(|p| read(p)).collect()
}

/// The document's text as a snapshot, the generation time filtered.
fn snapshot(name: &str, lines: &[String]) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "[time]");
    settings.bind(|| insta::assert_snapshot!(name, lines.join("\n")));
}

/// Asserts the title: the first paragraph, centred, in 方正小标宋简体.
#[track_caller]
fn assert_title(d: &Docx, title: &str) {
    let first = d.paras().into_iter().next().unwrap();
    assert_eq!(first.text, title);
    assert!(first.in_font("方正小标宋简体"), "{}", first.xml);
    assert!(
        first.xml.contains(r#"<w:jc w:val="center" />"#),
        "{}",
        first.xml
    );
}

#[test]
fn the_notice_tells_the_unit_when_who_what_to_prepare_and_whom_to_call() {
    let k = jx();
    let args = ["report", "notice", "县人民医院", "--today", "2014-10-20"];
    let d = Docx::read(&write(&k, &args, "预告.docx"));
    d.assert_house_style();
    assert_title(&d, "关于对县人民医院开展2014年度绩效考核实地考察的通知");
    let headings: Vec<String> = d.headings(0).into_iter().map(|h| h.text).collect();
    assert_eq!(
        headings,
        [
            "一、考察时间",
            "二、考核组",
            "三、需准备的材料",
            "四、联系方式"
        ]
    );
    for h in d.headings(0) {
        assert!(h.in_font("黑体"), "{}", h.xml);
    }
    let texts = d.texts();
    for line in [
        "县人民医院：",
        "2014年11月4日至2014年11月8日",
        "考核组：第一考核组",
        "成员：张三（组长）、李四、王五（联络员）",
        "1. 三定规定",
        "2. 年度工作总结",
        "3. 财务报表",
        "4. 自评表（请于2014年10月31日前报送）",
        "县编办 王五 0635-1234567",
        "特此通知。",
        "莘县机构编制委员会办公室",
        "2014年10月20日",
    ] {
        assert!(
            texts.iter().any(|t| t == line),
            "{line:?} not in {texts:#?}"
        );
    }
    assert!(d.tables().is_empty());
    snapshot("notice_docx", &d.lines());

    // The same notice as Markdown and HTML; another office signs.
    let md = read(&write(&k, &args, "预告.md"));
    assert!(
        md.starts_with("# 关于对县人民医院开展2014年度绩效考核实地考察的通知\n"),
        "{md}"
    );
    assert!(
        md.contains("## 三、需准备的材料\n\n1\\. 三定规定  \n"),
        "{md}"
    );
    assert!(
        md.contains("**成员**：张三（组长）、李四、王五（联络员）"),
        "{md}"
    );
    let mut office = args.to_vec();
    office.extend(["--office", "莘县事业单位绩效考核委员会办公室"]);
    let html = read(&write(&k, &office, "预告.html"));
    assert!(html.contains("<h2>二、考核组</h2>"), "{html}");
    assert!(html.contains("<p><b>考核组</b>：第一考核组</p>"), "{html}");
    assert!(
        html.contains("莘县事业单位绩效考核委员会办公室<br>2014年10月20日"),
        "{html}"
    );
}

#[test]
fn a_notice_without_settings_says_undecided_and_a_jgbz_campaign_gets_none() {
    let k = Kaocha::new("zh");
    k.run(["campaign", "new", "--name", "莘县绩效考核", "--kind", "jx"])
        .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县血站\r\n").unwrap();
    k.run(["units", "import", arg(&list)]).ok();
    let md = read(&write(&k, &["report", "notice", "县血站"], "n.md"));
    assert!(
        md.starts_with("# 关于对县血站开展绩效考核实地考察的通知\n"),
        "{md}"
    );
    // Time, team, materials and contact: none set.
    assert_eq!(md.matches("未定，另行通知。").count(), 4, "{md}");
    assert!(md.contains("县血站：\n"), "{md}");

    let g = Kaocha::new("zh");
    g.run([
        "campaign",
        "new",
        "--name",
        "东阿县机构编制评估",
        "--kind",
        "jgbz",
    ])
    .ok();
    let list = g.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县审计局\r\n").unwrap();
    g.run(["units", "import", arg(&list)]).ok();
    for (what, name) in [("notice", "n.docx"), ("publicity", "p.docx")] {
        let path = g.dir().join(name);
        let mut args = vec!["report", what];
        if what == "notice" {
            args.push("县审计局");
        }
        args.extend(["-o", arg(&path)]);
        let out = g.run(&args).failed();
        out.stderr_has(&["只用于事业单位绩效考核（jx）任务", "未写入任何文件"]);
        assert!(!path.exists(), "{name} written");
    }
}

#[test]
fn the_publicity_lists_totals_final_grades_and_notes_with_a_repeated_header() {
    let k = jx();
    add(&k, "县中医院", "对社会评价得分有异议", "2015-01-08");
    let args = ["report", "publicity", "--today", "2015-01-10"];
    let d = Docx::read(&write(&k, &args, "公示.docx"));
    d.assert_house_style();
    assert_title(&d, "2014年莘县事业单位绩效考核结果公示");
    let table = d.table_headed(&["序号", "单位", "总分", "等次", "备注"]);
    assert_header_repeats(&table);
    let moved = "A等次限参评单位的50%（5个单位中2个），按总分、共性指标、个性指标得分排第3，调为B";
    assert_eq!(
        table.cells()[1..],
        [
            vec!["1", "县人民医院", "96", "A", ""],
            vec!["2", "县中医院", "92", "A", "有异议待处理"],
            vec!["3", "县妇幼保健院", "92", "B", moved],
            vec!["4", "县疾控中心", "80", "B", ""],
            vec!["5", "县卫生监督所", "未评分", "未评分", ""],
            vec!["6", "县血站", "未评分", "未评分", ""],
        ]
    );
    let texts = d.texts();
    for line in [
        "公示期：2015年1月6日至2015年1月12日。",
        "公示期间，对考核结果有异议的，请向县编办监督检查股 <jd@example.org> & 信箱反映。",
        "联系人及电话：县编办 王五 0635-1234567。",
        "共6个单位：已评分4个，未评分2个（未评分的单位不定等次，列于表末）。",
        "截至2015年1月10日，各单位等次：公示中3个，有异议待处理1个。",
        "莘县机构编制委员会办公室",
        "2015年1月10日",
    ] {
        assert!(
            texts.iter().any(|t| t == line),
            "{line:?} not in {texts:#?}"
        );
    }
    snapshot("publicity_docx", &d.lines());

    // HTML: every text escaped, the table's header in <thead>.
    let html = read(&write(&k, &args, "公示.html"));
    assert!(
        html.contains("请向县编办监督检查股 &lt;jd@example.org&gt; &amp; 信箱反映。"),
        "{html}"
    );
    assert!(!html.contains("<jd@example.org>"), "{html}");
    assert!(
        html.contains("<thead><tr><th>序号</th><th>单位</th><th>总分</th><th>等次</th><th>备注</th></tr></thead>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td class=\"n\">2</td><td>县中医院</td><td class=\"n\">92</td><td>A</td><td>有异议待处理</td></tr>"),
        "{html}"
    );
    // Markdown: the same rows.
    let md = read(&write(&k, &args, "公示.md"));
    assert!(
        md.contains("| 5 | 县卫生监督所 | 未评分 | 未评分 |  |\n"),
        "{md}"
    );
    assert!(
        md.contains("县编办监督检查股 &lt;jd@example.org&gt; & 信箱"),
        "{md}"
    );
    // A table format is refused.
    let xlsx = k.dir().join("公示.xlsx");
    k.run(["report", "publicity", "-o", arg(&xlsx)]).failed();
    assert!(!xlsx.exists());
}

/// `objection list --json` on `today`.
fn objections(k: &Kaocha, today: &str) -> Value {
    k.run(["objection", "list", "--json", "--today", today])
        .ok()
        .json()
}

/// The grade state `objection list` gives the first objection's unit.
fn state(k: &Kaocha, today: &str) -> String {
    objections(k, today)[0]["grade_state"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The states line of the 公示 on `today`.
fn states_line(k: &Kaocha, today: &str) -> String {
    let md = read(&write(
        k,
        &["report", "publicity", "--today", today],
        "states.md",
    ));
    md.lines()
        .find(|l| l.starts_with("截至"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_grade_is_final_once_the_publicity_has_ended_without_an_open_objection() {
    let k = jx();
    assert_eq!(
        states_line(&k, "2015-01-05"),
        "截至2015年1月5日，各单位等次：暂定4个。"
    );
    assert_eq!(
        states_line(&k, "2015-01-06"),
        "截至2015年1月6日，各单位等次：公示中4个。"
    );
    let text = "对社会评价得分有异议";
    add_from(&k, "县中医院", text, "张\u{7}三", "2015-01-08")
        .stdout_has(&["已登记异议 #1：县中医院（收到 2015-01-08）"]);
    assert_eq!(state(&k, "2015-01-08"), "objected");
    // Open after the period: still not final.
    assert_eq!(state(&k, "2015-01-13"), "objected");
    assert_eq!(
        states_line(&k, "2015-01-13"),
        "截至2015年1月13日，各单位等次：有异议待处理1个，已确定3个。"
    );
    decide(
        &k,
        "1",
        "--rejected",
        "经复核，评分无误，维持原等次",
        "2015-01-11",
    )
    .ok()
    .stdout_has(&["异议 #1（县中医院）已处理：异议不成立。"]);
    assert_eq!(state(&k, "2015-01-11"), "in_publicity");
    assert_eq!(state(&k, "2015-01-12"), "in_publicity");
    assert_eq!(state(&k, "2015-01-13"), "final");
    assert_eq!(
        states_line(&k, "2015-01-13"),
        "截至2015年1月13日，各单位等次：已确定4个。"
    );
    has(
        &objections(&k, "2015-01-13"),
        json!([{
            "id": 1,
            "campaign": k.run(["campaign", "show", "--json"]).ok().json()["id"],
            "unit_name": "县中医院",
            "received": "2015-01-08",
            "from": "张三",
            "text": "对社会评价得分有异议",
            "state": "rejected",
            "outcome": "经复核，评分无误，维持原等次",
            "decided": "2015-01-11",
            "grade_state": "final",
        }]),
    );
}

#[test]
fn objection_list_groups_by_unit_with_the_grade_and_where_it_stands() {
    let k = jx();
    assert_eq!(
        k.run(["objection", "list", "--today", "2015-01-11"])
            .ok()
            .stdout,
        "公示期 2015-01-06 至 2015-01-12（今天 2015-01-11）\n还没有登记异议。\n"
    );
    let text = "对社会评价得分有异议\n问卷样本不足";
    let date = "2015-01-08";
    add_from(&k, "县中医院", text, "张三", date);
    add(
        &k,
        "县疾控中心",
        "对\u{1b}[2J主体业务\u{7}评分有异议",
        "2015-01-09",
    );
    decide(
        &k,
        "1",
        "--upheld",
        "经复核，社会评价得分调整",
        "2015-01-11",
    )
    .ok();
    assert_eq!(
        k.run(["objection", "list", "--today", "2015-01-11"])
            .ok()
            .stdout,
        "公示期 2015-01-06 至 2015-01-12（今天 2015-01-11）\n\
县中医院：等次 A，公示中\n\
\x20 #1 [异议成立] 收到 2015-01-08，来自 张三\n\
\x20     对社会评价得分有异议\n\
\x20     问卷样本不足\n\
\x20     处理（2015-01-11）：经复核，社会评价得分调整\n\
县疾控中心：等次 B，有异议待处理\n\
\x20 #2 [待处理] 收到 2015-01-09\n\
\x20     对[2J主体业务评分有异议\n\
共 2 条异议：待处理 1，异议成立 1，异议不成立 0。\n"
    );
    let one = k
        .line("objection list --unit 县疾控中心 --json --today 2015-01-11")
        .ok()
        .json();
    has(
        &one,
        json!([{"id": 2, "unit_name": "县疾控中心", "state": "open", "grade_state": "objected"}]),
    );
    assert!(one[0].get("from").is_none(), "{one}");
}

#[test]
fn refused_objections_write_nothing() {
    let k = jx();
    add(&k, "县中医院", "对社会评价得分有异议", "2015-01-08");
    k.line("objection decide #1 --rejected --outcome 维持原等次 --date 2015-01-11")
        .ok();
    let before = (journal(&k), objections(&k, "2015-01-11"));
    for (cmdline, fragment) in [
        (
            "objection add 县财政局 --text 有异议",
            "没有名为“县财政局”的被评估单位",
        ),
        (
            "objection add 县中医院 --text 有异议 --date 2015-13-01",
            "日期“2015-13-01”不对",
        ),
        (
            "objection decide 9 --upheld --outcome 成立",
            "没有编号为 9 的异议",
        ),
        (
            "objection decide 一 --upheld --outcome 成立",
            "没有编号为 一 的异议",
        ),
        (
            "objection decide 1 --upheld --outcome 改判",
            "异议 #1 已于 2015-01-11 处理（异议不成立），不能再次处理",
        ),
    ] {
        k.refused(cmdline, &[fragment, "未作任何修改"]);
    }
    // Only control characters and spaces: an empty text.
    objection(&k, &["add", "县中医院", "--text", " \u{7}\u{1b} \n "])
        .failed()
        .stderr_has(&["异议内容是空的", "未作任何修改"]);
    assert_eq!((journal(&k), objections(&k, "2015-01-11")), before);

    // A second open one, then decisions that do not hold.
    add(&k, "县血站", "未评分有异议", "2015-01-09");
    let before = (journal(&k), objections(&k, "2015-01-11"));
    decide(&k, "2", "--upheld", " \u{7} ", "2015-01-10")
        .failed()
        .stderr_has(&["处理结果是空的", "未作任何修改"]);
    k.refused(
        "objection decide 2 --upheld --outcome 成立 --date 2015-01-01",
        &[
            "处理日期 2015-01-01 早于收到异议的日期 2015-01-09",
            "未作任何修改",
        ],
    );
    // Neither --upheld nor --rejected: clap refuses.
    k.line("objection decide 2 --outcome 成立").failed();
    assert_eq!((journal(&k), objections(&k, "2015-01-11")), before);
}

#[test]
fn only_hq_records_decides_or_lists_objections() {
    let hq = jx();
    add(&hq, "县中医院", "有异议", "2015-01-08");
    let stick = tempfile::tempdir().unwrap();
    let plan = stick.path().join("plan.json");
    hq.run(["plan", "export", "--team", "t1", "-o", arg(&plan)])
        .ok();
    let field = Kaocha::new("zh");
    field
        .run(["import", arg(&plan), "--trust", &hq.fingerprint()])
        .ok();
    let before = journal(&field);
    for cmdline in [
        "objection add 县中医院 --text 有异议",
        "objection decide 1 --rejected --outcome 维持",
        "objection list",
    ] {
        field.refused(cmdline, &["异议只在考核委登记和处理", "未作任何修改"]);
    }
    assert_eq!(journal(&field), before);
    // The objection stays HQ's: the plan does not carry it.
    assert!(!read(&plan).contains("有异议"));
}

#[test]
fn a_sealed_rater_gets_neither_the_publicity_nor_the_objections() {
    let k = jx();
    k.run(["campaign", "set", "procedure.raters=评委甲"]).ok();
    add(&k, "县中医院", "有异议", "2015-01-08");
    let path = k.dir().join("公示.docx");
    for args in [
        vec!["--user", "评委甲", "report", "publicity", "-o", arg(&path)],
        vec!["--user", "评委甲", "objection", "list"],
    ] {
        k.run(&args)
            .failed()
            .stderr_has(&["的专业评审评委，您的评审表还没有定稿"]);
    }
    assert!(!path.exists());
    // The clerk, who rates nothing, sees both.
    k.run(["report", "publicity", "-o", arg(&path)]).ok();
    k.run(["objection", "list"]).ok();
}

/// The screens: 汇总's `x` writes the 公示 (Word and HTML) beside the
/// summary, the unit screen's `x` the unit's 考核预告 (Word).
#[test]
fn the_screens_write_the_publicity_and_the_notice_of_a_jx_campaign() {
    let k = jx();
    let ws = Workspace::open(k.dir(), Some("测试员".into())).unwrap();
    let mut h = Harness {
        app: App::new(ws),
        model: Model::new((80, 24), fixed_clock()),
        dir: k.tmp,
    };
    let out = tempfile::tempdir().unwrap();
    let files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    h.effect(Effect::ExportReports {
        folder: out.path().display().to_string(),
        unit: None,
    });
    let written = files(out.path());
    let publicity: Vec<&String> = written
        .iter()
        .filter(|n| n.starts_with("kaocha-公示-"))
        .collect();
    assert_eq!(publicity.len(), 2, "{written:?}");
    assert_eq!(written.len(), 7, "{written:?}");
    let docx = publicity.iter().find(|n| n.ends_with(".docx")).unwrap();
    let d = Docx::read(&out.path().join(docx));
    assert_eq!(d.texts()[0], "2014年莘县事业单位绩效考核结果公示");
    assert_header_repeats(&d.table_headed(&["序号", "单位", "总分", "等次", "备注"]));
    assert!(
        publicity.iter().any(|n| n.ends_with(".html")),
        "{written:?}"
    );

    let unit_dir = tempfile::tempdir().unwrap();
    let campaign = h.app.ws.campaign().unwrap();
    let unit = h.app.ws.unit(&campaign, "县人民医院").unwrap();
    h.effect(Effect::ExportReports {
        folder: unit_dir.path().display().to_string(),
        unit: Some(unit.id.clone()),
    });
    let written = files(unit_dir.path());
    let notice = written
        .iter()
        .find(|n| n.starts_with("kaocha-县人民医院-考核预告-") && n.ends_with(".docx"))
        .unwrap_or_else(|| panic!("no notice in {written:?}"));
    let d = Docx::read(&unit_dir.path().join(notice));
    assert_eq!(
        d.texts()[0],
        "关于对县人民医院开展2014年度绩效考核实地考察的通知"
    );
}
