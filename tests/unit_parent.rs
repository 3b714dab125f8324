//! A unit listed under another (下属单位 under its 主管部门) shows its
//! 上级单位: on the unit screen above the stages (80×24 and narrower, a
//! click still picking the row drawn under it), in the unit report's
//! overview in every format, in the 汇总 (right after its parent, with a
//! 上级单位 column in the tables, marked └ on the screen) and in `kaocha
//! units` (indented under its parent; `parent` in --json).

mod common;
mod county_fixture;

use common::harness::{Harness, buffer_text, draw, fixed_clock};
use county_fixture::build;
use kaocha::report::{Format, campaign_report, unit_report};
use kaocha::tui::action::{Action, Cmd, Effect};
use kaocha::tui::app::App;
use kaocha::tui::model::{Model, Screen};

/// The county campaign in the app, home loaded.
fn harness() -> Harness {
    let c = build();
    let dir = c.into_dir();
    let ws = kaocha::app::workspace::Workspace::open(dir.path(), Some("测试员".into())).unwrap();
    let mut h = Harness {
        app: App::new(ws),
        model: Model::new((80, 24), fixed_clock()),
        dir,
    };
    h.effect(Effect::LoadHome);
    h
}

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    buffer_text(draw(&h.model, w, ht).backend().buffer())
}

#[test]
fn the_unit_screen_names_the_parent_above_the_stages() {
    let mut h = harness();
    h.effect(Effect::LoadUnit("u-njz".into()));
    let text = screen(&h, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    // The title, then 上级单位, then the first stage, selected.
    assert!(lines[1].contains("┌县农业技术推广中心 · 第一组"), "{text}");
    assert!(lines[2].contains("│上级单位：县农业农村局"), "{text}");
    assert!(lines[3].contains("│▶ 调查登记表"), "{text}");
    // Without the baseline panel too, and a tiny terminal does not panic.
    assert!(screen(&h, 60, 24).contains("│上级单位：县农业农村局"));
    screen(&h, 40, 12);
    screen(&h, 30, 8);
    // A click on the 问题清单 line picks it, under the extra line (the
    // rows clicked are those of the last drawing).
    let text = screen(&h, 80, 24);
    let y = text.lines().position(|l| l.contains("问题清单  ")).unwrap();
    h.go(Action::Click {
        x: 40,
        y: u16::try_from(y).unwrap(),
    });
    let Screen::Unit(u) = h.model.screen() else {
        panic!("left the unit screen")
    };
    assert_eq!(u.stage().map(|s| s.stage.form.as_str()), Some("findings"));
    // A unit under none has no such line.
    h.cmd(Cmd::Back);
    h.effect(Effect::LoadUnit("u-nyj".into()));
    assert!(!screen(&h, 80, 24).contains("上级单位"));
}

#[test]
fn the_unit_report_names_the_parent_in_every_format() {
    let c = build();
    let njz = c.unit("u-njz");
    let report = |format| unit_report(&c.campaign, &njz, format, "t").unwrap();
    let md = String::from_utf8(report(Format::Markdown)).unwrap();
    assert!(
        md.contains("| 被评估单位 | 县农业技术推广中心 |\n| 上级单位 | 县农业农村局 |"),
        "{md}"
    );
    let html = String::from_utf8(report(Format::Html)).unwrap();
    assert!(
        html.contains("<td>上级单位</td><td>县农业农村局</td>"),
        "{html}"
    );
    let csv = String::from_utf8(report(Format::Csv)).unwrap();
    assert!(csv.contains("上级单位,县农业农村局"), "{csv}");
    let xlsx = report(Format::Xlsx);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    let first = book.sheet_names()[0].clone();
    let info = book.worksheet_range(&first).unwrap();
    let row = info
        .rows()
        .find(|r| r[0] == "上级单位")
        .unwrap_or_else(|| panic!("no 上级单位 row"));
    assert_eq!(row[1].to_string(), "县农业农村局");
    // A unit under none has no such line.
    let nyj = c.unit("u-nyj");
    let md =
        String::from_utf8(unit_report(&c.campaign, &nyj, Format::Markdown, "t").unwrap()).unwrap();
    assert!(!md.contains("上级单位"), "{md}");
}

#[test]
fn the_summary_lists_a_unit_right_after_its_parent() {
    let c = build();
    let units = c.units();
    let s = kaocha::analysis::summary(&c.campaign, &units);
    let order: Vec<(&str, Option<&str>, usize)> = s
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.parent.as_deref(), u.depth))
        .collect();
    assert_eq!(
        order,
        [
            ("县审计局", None, 0),
            ("县农业农村局", None, 0),
            ("县农业技术推广中心", Some("县农业农村局"), 1),
        ]
    );
    let md =
        String::from_utf8(campaign_report(&s, &units, Format::Markdown, "t").unwrap()).unwrap();
    assert!(
        md.contains("| 序号 | 被评估单位 | 上级单位 | 考核组 |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | 县农业农村局 |  | 第一组 |")
            && md.contains("| 3 | 县农业技术推广中心 | 县农业农村局 | 第一组 |"),
        "{md}"
    );

    // The 汇总 screen: the same order, the child marked under its parent.
    let mut h = harness();
    h.effect(Effect::LoadSummary);
    let text = screen(&h, 80, 24);
    let names: Vec<&str> = text
        .lines()
        .skip(3)
        .filter(|l| l.contains('县'))
        .map(|l| l.trim_start_matches('│').trim_start_matches(['▶', ' ']))
        .collect();
    assert!(names[0].starts_with("县审计局"), "{text}");
    assert!(names[1].starts_with("县农业农村局"), "{text}");
    assert!(names[2].starts_with("└ 县农业技术推广中心  "), "{text}");
}

#[test]
fn units_list_indents_a_unit_under_its_parent() {
    let dir = build().into_dir();
    let run = |args: &[&str]| common::kaocha(dir.path(), "zh", args).ok();
    let out = run(&["units"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = |name: &str| {
        lines
            .iter()
            .position(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not listed:\n{}", out.stdout))
    };
    assert!(at("县审计局") < at("县农业农村局（u-nyj）"));
    assert_eq!(at("县农业技术推广中心"), at("县农业农村局（u-nyj）") + 2);
    assert!(
        lines[at("县农业技术推广中心")].starts_with("    └ 县农业技术推广中心（u-njz）"),
        "{}",
        out.stdout
    );
    let json = run(&["units", "--json"]).json();
    let njz = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "u-njz")
        .unwrap();
    assert_eq!(njz["parent"], "u-nyj");
    assert_eq!(njz["parent_name"], "县农业农村局");
}
