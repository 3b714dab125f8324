//! HQ editing units from the home screen (issue 14, defect 9), driven
//! through `dispatch` with a real `App` on the demo campaign: `e` shows and
//! takes 机构规格 and 经费形式 by name, picks field 10–14 by two digits;
//! Enter picks the highlighted team in `t`; `a` selects the unit it adds.

mod common;

use common::harness::{Harness, buffer_text, draw};
use kaocha::domain::Unit;
use kaocha::tui::action::{Action, Cmd};
use kaocha::tui::model::{Popup, Screen};

/// The stored unit `id` of the campaign.
fn unit(h: &Harness, id: &str) -> Unit {
    let campaign = h.app.ws.campaign().unwrap();
    campaign.unit(id).cloned().unwrap()
}

/// The home screen's selected unit: its index and id.
fn selected(h: &Harness) -> (usize, String) {
    match h.model.screen() {
        Screen::Home(home) => (
            home.selected,
            home.data.units[home.selected].unit.id.clone(),
        ),
        other => panic!("not on the home screen: {:?}", other.kind()),
    }
}

/// The pick popup's option labels.
fn pick_labels(h: &Harness) -> Vec<String> {
    match &h.model.popup {
        Some(Popup::Pick { options, .. }) => options.iter().map(|(l, _)| l.clone()).collect(),
        other => panic!("no pick popup: {other:?}"),
    }
}

/// The input popup's title and text.
fn input(h: &Harness) -> (String, Vec<String>) {
    match &h.model.popup {
        Some(Popup::Input { title, input, .. }) => (title.clone(), input.lines().to_vec()),
        other => panic!("no input popup: {other:?}"),
    }
}

/// Empties the input popup's text.
fn clear_input(h: &mut Harness) {
    let n = input(h).1.concat().chars().count();
    h.cmd(Cmd::End);
    for _ in 0..n {
        h.cmd(Cmd::Backspace);
    }
    assert_eq!(input(h).1, [""]);
}

fn screen(h: &Harness) -> String {
    buffer_text(draw(&h.model, 80, 24).backend().buffer())
}

#[test]
fn e_shows_level_and_funding_by_name_and_takes_names_back() {
    let mut h = Harness::demo();
    assert_eq!(selected(&h).1, "u-ajj");
    h.cmd(Cmd::Edit);
    let labels = pick_labels(&h);
    assert_eq!(labels[2], "机构规格：正科级");
    assert_eq!(labels[3], "经费形式：全额拨款");
    let text = screen(&h);
    assert!(text.contains("机构规格：正科级"), "{text}");
    assert!(!text.contains("：zk") && !text.contains("：full"), "{text}");

    // The box holds the name; Enter on it keeps the code.
    h.type_text("3");
    assert_eq!(input(&h), ("修改 机构规格".into(), vec!["正科级".into()]));
    h.cmd(Cmd::Enter);
    assert!(h.model.popup.is_none(), "{:?}", h.model.popup);
    assert_eq!(unit(&h, "u-ajj").baseline.level.as_deref(), Some("zk"));

    // A name or a synonym is read as its code.
    h.cmd(Cmd::Edit);
    h.type_text("3");
    clear_input(&mut h);
    h.type_text("副科");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").baseline.level.as_deref(), Some("fk"));
    h.cmd(Cmd::Edit);
    assert_eq!(pick_labels(&h)[2], "机构规格：副科级");
    h.type_text("4");
    assert_eq!(input(&h).1, ["全额拨款"]);
    clear_input(&mut h);
    h.type_text("差额补贴");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").baseline.funding.as_deref(), Some("diff"));
}

#[test]
fn e_picks_fields_ten_to_fifteen_by_two_digits() {
    let mut h = Harness::demo();
    h.cmd(Cmd::Edit);
    assert_eq!(pick_labels(&h).len(), 15);
    // 1 waits for a second digit and says so.
    h.type_text("1");
    assert_eq!(pick_labels(&h).len(), 15);
    let text = screen(&h);
    assert!(text.contains("已输入 1，再按一位数字"), "{text}");
    // 1 4: item 14, 内设机构名称.
    h.type_text("4");
    let (title, lines) = input(&h);
    assert_eq!(title, "修改 内设机构名称");
    assert_eq!(
        lines,
        ["办公室、监督管理股、综合协调股、法规股、安全生产执法大队"]
    );
    clear_input(&mut h);
    h.type_text("办公室、法规股");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").baseline.body_names, ["办公室", "法规股"]);

    // 1 5: item 15, 上级单位, by the parent's name; the list says it.
    h.cmd(Cmd::Edit);
    h.type_text("15");
    assert_eq!(input(&h), ("修改 上级单位".into(), vec!["".into()]));
    h.type_text("县应急管理局");
    h.cmd(Cmd::Enter);
    let parent = unit(&h, "u-ajj").parent;
    assert!(parent.is_none(), "no such unit: nothing set");
    let said = common::harness::flash(&h);
    assert!(said.contains("没有单位“县应急管理局”"), "{said}");
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Edit);
    h.type_text("15");
    h.type_text("县审计局");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").parent.as_deref(), Some("u-sjj"));
    h.cmd(Cmd::Edit);
    assert_eq!(pick_labels(&h)[14], "上级单位：县审计局");
    h.cmd(Cmd::Back);

    // 1 0: item 10, 部门领导职数.
    h.cmd(Cmd::Edit);
    h.type_text("10");
    assert_eq!(input(&h), ("修改 部门领导职数".into(), vec!["4".into()]));
    clear_input(&mut h);
    h.type_text("5");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").baseline.leader_posts, Some(5));

    // 1 then Enter: item 1 alone; 2 needs no second digit.
    h.cmd(Cmd::Edit);
    h.type_text("1");
    h.cmd(Cmd::Enter);
    assert_eq!(input(&h).0, "修改 单位名称");
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Edit);
    h.type_text("2");
    assert_eq!(input(&h), ("修改 考核组".into(), vec!["第一组".into()]));
    h.cmd(Cmd::Back);

    // 1 9 is no item: the list stays, with a message.
    h.cmd(Cmd::Edit);
    h.type_text("19");
    assert_eq!(pick_labels(&h).len(), 15);
    let flash = h.model.flash.as_ref().map(|f| f.text.clone());
    assert_eq!(flash.as_deref(), Some("请按数字 1–15 选择。"));
}

#[test]
fn enter_in_t_assigns_the_highlighted_team() {
    let mut h = Harness::demo();
    assert_eq!(unit(&h, "u-ajj").team.as_deref(), Some("t1"));
    h.cmd(Cmd::Assign);
    assert_eq!(pick_labels(&h), ["第一组", "第二组"]);
    h.cmd(Cmd::Down);
    let text = screen(&h);
    assert!(text.contains("▶  2 第二组"), "{text}");
    h.cmd(Cmd::Enter);
    assert!(h.model.popup.is_none(), "{:?}", h.model.popup);
    assert_eq!(unit(&h, "u-ajj").team.as_deref(), Some("t2"));

    // Up goes back to the first; a digit still picks at once.
    h.cmd(Cmd::Assign);
    h.cmd(Cmd::Down);
    h.cmd(Cmd::Up);
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, "u-ajj").team.as_deref(), Some("t1"));
    h.cmd(Cmd::Assign);
    h.go(Action::Char('2'));
    assert_eq!(unit(&h, "u-ajj").team.as_deref(), Some("t2"));
}

#[test]
fn a_selects_the_unit_it_adds() {
    let mut h = Harness::demo();
    h.cmd(Cmd::Down);
    assert_eq!(selected(&h), (1, "u-yjj".to_string()));
    h.cmd(Cmd::AddUnit);
    h.type_text("县统计局");
    h.cmd(Cmd::Enter);
    let campaign = h.app.ws.campaign().unwrap();
    assert_eq!(campaign.units.len(), 6);
    let id = campaign.unit("县统计局").unwrap().id.clone();
    let Screen::Home(home) = h.model.screen() else {
        panic!("not on the home screen")
    };
    let added = home.data.units.iter().position(|u| u.unit.id == id);
    assert_eq!(added, Some(5));
    assert_eq!(selected(&h), (5, id.clone()));
    // The next key, e, edits the new unit.
    h.cmd(Cmd::Edit);
    let Some(Popup::Pick { title, .. }) = &h.model.popup else {
        panic!("no pick popup: {:?}", h.model.popup)
    };
    assert!(title.contains("县统计局"), "{title}");
    h.type_text("6");
    clear_input(&mut h);
    h.type_text("７");
    h.cmd(Cmd::Enter);
    assert_eq!(unit(&h, &id).baseline.admin_quota, Some(7));
    assert_eq!(unit(&h, "u-yjj").baseline.admin_quota, Some(10));
}
