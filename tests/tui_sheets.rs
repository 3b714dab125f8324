//! HQ imports a unit list and a roster from the home screen (U, R): the
//! chooser lists spreadsheets, Enter on one imports it and says what it did;
//! a file with problems is refused with the first and how to see them all.

mod common;

use common::harness::{Harness, flash};
use kaocha::tui::action::Cmd;
use kaocha::tui::chooser::ChooserFor;
use kaocha::tui::model::Popup;

/// Opens the chooser with `cmd` and picks `file` by typing its path.
fn pick(h: &mut Harness, cmd: Cmd, file: &std::path::Path) {
    h.cmd(cmd);
    let Some(Popup::Chooser(c)) = &h.model.popup else {
        panic!("no chooser: {:?}", h.model.popup)
    };
    let want = if cmd == Cmd::ImportRoster {
        ChooserFor::Roster
    } else {
        ChooserFor::UnitList
    };
    assert_eq!(c.purpose, want);
    // In the file's folder, spreadsheets are listed and bundles are not.
    let folder = file.parent().unwrap();
    std::fs::write(folder.join("plan.json"), "{}").unwrap();
    h.cmd(Cmd::Next);
    h.type_text(folder.to_str().unwrap());
    h.cmd(Cmd::Enter);
    let Some(Popup::Chooser(c)) = &h.model.popup else {
        panic!("no chooser: {:?}", h.model.popup)
    };
    let names: Vec<&str> = c.listing.items.iter().map(|i| i.name.as_str()).collect();
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(names.contains(&name), "{names:?}");
    assert!(!names.contains(&"plan.json"), "{names:?}");
    h.cmd(Cmd::Next);
    h.type_text(name);
    h.cmd(Cmd::Enter);
}

#[test]
fn u_imports_a_unit_list_and_r_a_roster_from_home() {
    let mut h = Harness::demo();
    let files = tempfile::tempdir().unwrap();
    let list = files.path().join("名单.csv");
    std::fs::write(
        &list,
        "单位名称,行政编制,事业编制\r\n县统计局,8,0\r\n其中：县普查中心,0,4\r\n合计,8,4\r\n",
    )
    .unwrap();
    pick(&mut h, Cmd::ImportUnits, &list);
    let said = flash(&h);
    assert!(said.contains("已导入单位名单：新增 2 个"), "{said}");
    let c = h.app.ws.campaign().unwrap();
    let child = c.unit("县普查中心").unwrap();
    assert_eq!(
        child.parent.as_deref(),
        c.unit("县统计局").map(|u| u.id.as_str())
    );

    let roster = files.path().join("花名册.csv");
    std::fs::write(
        &roster,
        "姓名,单位,编制类型\r\n甲,县统计局,行政\r\n乙,县统计局,行政\r\n丙,县气象局,事业\r\n",
    )
    .unwrap();
    pick(&mut h, Cmd::ImportRoster, &roster);
    let said = flash(&h);
    assert!(
        said.contains("已导入花名册：1 个单位 2 人；1 行不是本任务的单位"),
        "{said}"
    );
    let id = c.unit("县统计局").unwrap().id.clone();
    let r = h.app.ws.store.roster(&c.id, &id).unwrap().unwrap();
    assert_eq!(r.counts().admin, 2);
}

#[test]
fn a_roster_with_problems_is_refused_on_the_screen_and_nothing_changes() {
    let mut h = Harness::demo();
    let files = tempfile::tempdir().unwrap();
    let roster = files.path().join("坏花名册.csv");
    std::fs::write(
        &roster,
        "姓名,单位,编制类型\r\n甲,县审计局,聘用\r\n乙,县审计局,临时\r\n",
    )
    .unwrap();
    pick(&mut h, Cmd::ImportRoster, &roster);
    let said = flash(&h);
    assert!(
        said.contains("有 2 处问题，未导入")
            && said.contains("“聘用”不是可识别的编制类型")
            && said.contains("kaocha roster import 文件 --dry-run"),
        "{said}"
    );
    let c = h.app.ws.campaign().unwrap();
    assert!(h.app.ws.store.rosters(&c.id).unwrap().is_empty());
}
