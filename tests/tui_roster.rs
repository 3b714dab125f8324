//! The form screen says which answers the roster filled in, and warns when
//! an answer differs from what the roster counts (issue 15).

mod common;

use common::harness::{Harness, buffer_text, draw};
use kaocha::domain::{Person, Roster, StaffKind};
use kaocha::store::Change;

fn person(row: usize, name: &str, kind: StaffKind) -> Person {
    Person {
        row,
        sheet: None,
        name: name.into(),
        kind,
        works_at: None,
        body: None,
        post: None,
        title: None,
        leader: false,
        id_masked: None,
    }
}

#[test]
fn an_item_prefilled_from_the_roster_says_so_and_flags_a_difference() {
    let mut h = Harness::demo();
    let campaign = kaocha::app::demo::CAMPAIGN_ID;
    // 14 行政 people: the demo's registration says 14 too; 8 事业 vs 7.
    let mut people: Vec<Person> = (0..14)
        .map(|i| person(i + 2, &format!("甲{i}"), StaffKind::Admin))
        .collect();
    people.extend((0..7).map(|i| person(i + 20, &format!("乙{i}"), StaffKind::Inst)));
    let roster = Roster {
        unit: "u-ajj".into(),
        source: "花名册.xlsx".into(),
        imported_at: "2024-05-06T09:00:00+08:00".into(),
        has_leaders: false,
        people,
    };
    h.app
        .ws
        .store
        .commit(&[Change::roster(campaign, "u-ajj", Some(&roster))])
        .unwrap();
    h.open_ajj_registration();
    h.goto_item("admin_actual", None);
    let text = buffer_text(draw(&h.model, 100, 30).backend().buffer());
    assert!(
        text.contains("花名册：14 人（由花名册预填，可修改）"),
        "{text}"
    );
    h.goto_item("inst_actual", None);
    let text = buffer_text(draw(&h.model, 100, 30).backend().buffer());
    assert!(
        text.contains("花名册：7 人，与填写的不同，请核实"),
        "{text}"
    );
    // An item the roster does not fill says nothing of it.
    h.goto_item("worker_quota", None);
    let text = buffer_text(draw(&h.model, 100, 30).backend().buffer());
    assert!(!text.contains("花名册"), "{text}");
}
