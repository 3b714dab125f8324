//! The 绩效考核 demo (issue 16): `kaocha demo` seeds it beside the 机构编制
//! 评估 campaign; `campaign use` or `C` on 首页 switches to it; its numbers
//! are the ones computed by hand in `app/demo_jx.rs` (the quota moves
//! 县中医院 from A to B), and its unit screen shows the procedure's steps.

mod common;
#[path = "common/docx.rs"]
mod docx;

use common::Kaocha;
use common::harness::{Harness, buffer_text, draw, flash};
use kaocha::tui::action::{Action, Cmd};
use kaocha::tui::model::Screen;

fn md(k: &Kaocha, args: &[&str]) -> String {
    let path = k.dir().join("r.md");
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend(["-o", path.to_str().unwrap()]);
    k.run(&all).ok();
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_demo_seeds_both_kinds_and_the_quota_moves_one_unit() {
    let k = Kaocha::demo("zh");
    let before = k.fingerprint();
    k.run(["demo", "--no-tui"]).ok();
    assert_eq!(k.fingerprint(), before, "a second seeding adds nothing");
    k.line("campaign list").ok().stdout_has(&[
        "  2013年茌平县卫生系统事业单位绩效考核（演示）（事业单位绩效考核，编号 demo-chiping-2013）",
        "* 2013年东阿县政府部门机构编制评估（演示）",
    ]);
    k.refused(
        "campaign use 没有这个任务",
        &["本机没有任务“没有这个任务”", "demo-chiping-2013"],
    );
    k.line("campaign use demo-chiping-2013")
        .ok()
        .stdout_has(&["当前任务：2013年茌平县卫生系统事业单位绩效考核（演示）"]);

    let c = md(&k, &["campaign"]);
    let row = |name: &str| {
        c.lines()
            .find(|l| l.contains(&format!("| {name} |")) && l.contains("绩效考核组"))
            .unwrap_or_else(|| panic!("{name} in\n{c}"))
            .to_string()
    };
    assert!(row("县人民医院").ends_with("| 12 | 93.67 | A |"), "{c}");
    assert!(row("县中医院").ends_with("| 12 | 93.5 | B |"), "{c}");
    assert!(
        row("县疾病预防控制中心").ends_with("| 12 | 81.17 | B |"),
        "{c}"
    );
    assert!(
        c.contains("等次调整：县中医院 定为B——A等次限参评单位的34%（3个单位中1个），按总分、共性指标、个性指标得分排第2，调为B。"),
        "{c}"
    );

    // Sixteen columns: the Word summary is on landscape pages.
    let path = k.dir().join("汇总.docx");
    k.run(["report", "campaign", "-o", path.to_str().unwrap()])
        .ok();
    let doc = docx::Docx::read(&path);
    assert!(
        doc.document.contains(r#"w:orient="landscape""#),
        "not landscape"
    );
    assert!(
        doc.document.contains(r#"<w:pgSz w:w="16838" w:h="11906""#),
        "not A4 across"
    );

    // Two units returned their 自评表; the third is late.
    k.line("selfcheck show 县人民医院").ok().stdout_has(&[
        "！ 管理运行状况  满分 10  自评 10  考核 9  差 +1",
        "   主体业务开展情况  满分 50  自评 48  考核 45  差 +3",
    ]);
    k.refused("selfcheck show 县疾病预防控制中心", &["县疾病预防控制中心"]);
    assert!(
        c.contains("| 3 | 县疾病预防控制中心 | 逾期 2013-10-31 |"),
        "{c}"
    );

    let u = md(&k, &["unit", "县人民医院"]);
    assert!(
        u.contains(
            "社会评价问卷12份计入（非常满意8、满意3、基本满意1、不满意0、不了解0），满意度91.7%"
        ),
        "{u}"
    );
    assert!(u.contains("评委2人：46、44；取平均；极差2"), "{u}");
    assert!(
        u.contains("| 专业评审 | 已完成 · 2013-11-20 · 评委 2/2 人定稿 |"),
        "{u}"
    );
}

#[test]
fn c_on_home_switches_to_the_jx_demo_and_its_unit_shows_the_steps() {
    let mut h = Harness::demo();
    h.cmd(Cmd::SwitchCampaign);
    assert!(
        flash(&h).contains("当前任务：2013年茌平县卫生系统事业单位绩效考核（演示）"),
        "{}",
        flash(&h)
    );
    let Screen::Home(home) = h.model.screen() else {
        panic!("not on 首页")
    };
    assert_eq!(home.data.units[0].unit.name, "县人民医院");
    h.go(Action::Char('1'));
    let screen = buffer_text(draw(&h.model, 100, 32).backend().buffer());
    insta::assert_snapshot!("jx_demo_unit_screen", screen);
    // Round again: back to the first demo.
    h.cmd(Cmd::Back);
    h.cmd(Cmd::SwitchCampaign);
    assert!(flash(&h).contains("机构编制评估（演示）"), "{}", flash(&h));
}
