//! A rule that cannot be decided is reported, never skipped in silence: a
//! unit whose registration gives 行政编制实有 while 核定数 is empty on the
//! form and in its baseline gets a 无法判断 note naming the missing figure
//! (and no 超编 finding); a baseline 核定 0 decides the rule (超编, no note);
//! a unit with nothing entered gets no note. The notes are no findings:
//! they stay out of the register and of the 问题/待确认 counts, and show in
//! the 问题清单 screen, the unit report, `kaocha findings` (and --json) and
//! the 汇总.

mod common;
mod county_fixture;

use common::harness::{Harness, buffer_text, draw, fixed_clock};
use county_fixture::build;
use kaocha::report::{Format, campaign_report, unit_report};
use kaocha::tui::action::Effect;
use kaocha::tui::app::App;
use kaocha::tui::model::Model;

const NOTE: &str = "无法判断“行政编制超编”：缺少行政编制核定数（单位名单未导入，登记表也未填）";

#[test]
fn a_missing_quota_is_a_note_not_a_finding() {
    let c = build();
    // No quota anywhere, 实有 1: a note, and no 超编.
    let njz = c.unit("u-njz");
    let texts: Vec<&str> = njz.gaps.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].starts_with(NOTE), "{texts:?}");
    assert!(texts[0].contains("请导入单位名单，或在登记表中填写"));
    let gap = &njz.gaps[0];
    assert_eq!(gap.rule, "overstaff_admin");
    assert_eq!(gap.numbers, ["quota"]);
    assert_eq!(gap.baseline, ["admin_quota"]);
    assert!(njz.findings.iter().all(|f| f.category != "超编"));
    assert!(njz.findings.is_empty() && njz.dismissed.is_empty());

    // Baseline 核定 0, 实有 1: 超编 by 1, and no note.
    let nyj = c.unit("u-nyj");
    assert!(nyj.gaps.is_empty(), "{:?}", nyj.gaps);
    let over: Vec<&str> = nyj
        .findings
        .iter()
        .filter(|f| f.rule == "overstaff_admin")
        .map(|f| f.facts.as_str())
        .collect();
    assert_eq!(over, ["行政编制核定0名，实有1名，超编1名。"]);

    // Nothing entered yet is no gap.
    let sjj = c.unit("u-sjj");
    assert!(sjj.gaps.is_empty() && sjj.findings.is_empty());

    // The summary counts the note apart from 问题 and 待确认.
    let s = c.summary();
    let line = |id: &str| s.units.iter().find(|u| u.unit == id).unwrap();
    assert_eq!((line("u-njz").gaps, line("u-njz").open), (1, 0));
    assert_eq!((line("u-nyj").gaps, line("u-nyj").open), (0, 1));
    assert_eq!((s.gaps_total, s.gap_units), (1, 1));
    assert_eq!((s.findings_total, s.open_total), (0, 1));
}

#[test]
fn reports_show_the_note_apart_from_the_findings() {
    let c = build();
    let njz = c.unit("u-njz");
    let md =
        String::from_utf8(unit_report(&c.campaign, &njz, Format::Markdown, "t").unwrap()).unwrap();
    let (findings, rest) = md.split_once("## 三、").unwrap();
    assert!(findings.contains("未发现问题。"), "{findings}");
    assert!(findings.contains("### 无法判断"), "{findings}");
    assert!(findings.contains(NOTE), "{findings}");
    assert!(!rest.contains("无法判断“"));
    // The overview counts it too.
    assert!(md.contains("| 无法判断 | 1 项"), "{md}");
    let html =
        String::from_utf8(unit_report(&c.campaign, &njz, Format::Html, "t").unwrap()).unwrap();
    assert!(html.contains(NOTE), "{html}");
    let csv = String::from_utf8(unit_report(&c.campaign, &njz, Format::Csv, "t").unwrap()).unwrap();
    assert!(csv.contains(NOTE), "{csv}");
    // A unit without a gap has no such section.
    let nyj = c.unit("u-nyj");
    let md =
        String::from_utf8(unit_report(&c.campaign, &nyj, Format::Markdown, "t").unwrap()).unwrap();
    assert!(!md.contains("无法判断"), "{md}");

    // The 汇总 has a 无法判断 column and says how many units lack figures.
    let units = c.units();
    let s = kaocha::analysis::summary(&c.campaign, &units);
    let md =
        String::from_utf8(campaign_report(&s, &units, Format::Markdown, "t").unwrap()).unwrap();
    assert!(md.contains("| 问题数 | 待确认 | 无法判断 |"), "{md}");
    assert!(
        md.contains("另有 1 个单位缺少核定数，1 项规则无法判断"),
        "{md}"
    );
    let row = md
        .lines()
        .find(|l| l.contains("| 县农业技术推广中心 |"))
        .unwrap();
    assert!(row.contains("| 0 | 0 | 1 |"), "{row}");
}

#[test]
fn findings_command_lists_the_note_and_its_json() {
    let c = build();
    let dir = c.into_dir();
    let run = |args: &[&str]| common::kaocha(dir.path(), "zh", args).ok();
    let out = run(&["findings"]);
    out.stdout_has(&[
        "县农业技术推广中心：问题 0 个，待确认 0 个，无法判断 1 项",
        &format!("  ⚠ {NOTE}"),
        "县农业农村局：问题 0 个，待确认 1 个",
        "另有 1 个单位的 1 项规则无法判断（缺少核定数），不计入问题。",
    ]);
    assert!(!out.stdout.contains("县审计局"), "{}", out.stdout);
    let json = run(&["findings", "--json"]).json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "overstaff_admin");
    let gaps = json["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0]["unit"], "u-njz");
    assert_eq!(gaps[0]["rule"], "overstaff_admin");
    assert_eq!(gaps[0]["baseline"], serde_json::json!(["admin_quota"]));
    assert!(gaps[0]["text"].as_str().unwrap().starts_with(NOTE));
}

#[test]
fn the_findings_screen_shows_the_note() {
    let c = build();
    let dir = c.into_dir();
    let ws = kaocha::app::workspace::Workspace::open(dir.path(), Some("测试员".into())).unwrap();
    let mut h = Harness {
        app: App::new(ws),
        model: Model::new((80, 24), fixed_clock()),
        dir,
    };
    h.effect(Effect::LoadHome);
    h.effect(Effect::LoadUnit("u-njz".into()));
    // The unit screen's 问题清单 stage counts it.
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(text.contains("问题清单     0 ⚠1无法判断"), "{text}");
    h.cmd(kaocha::tui::action::Cmd::Findings);
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(
        text.contains("⚠ 无法判断“行政编制超编”：缺少行政编制核定数"),
        "{text}"
    );
    // Two lines at most, so what to do still shows at 80 columns.
    assert!(text.contains("请导入单位名单，或在登记表中填写"), "{text}");
    // The note is no finding: the list still has none.
    assert!(text.contains("还没有问题。"), "{text}");
}
