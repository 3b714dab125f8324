//! The pure `update` without a database: data arrives as hand-built
//! `Loaded` actions, keys as `Cmd`s and `Char`s; the effects returned and
//! the model fields are checked exactly.

use std::collections::BTreeMap;
use std::sync::Arc;

use kaocha::domain::{Author, Campaign, Entry, EntryInit, RevisionDraft, Status, Unit};
use kaocha::form::{Form, FormKind};
use kaocha::tui::action::{
    Action, Clock, Cmd, Effect, EntryData, EntryRow, HomeData, ImportAsk, Loaded, QuickData,
    StageEntries, UnitData, UnitSummary,
};
use kaocha::tui::model::{
    Field, FormState, Model, Pending, Popup, QuickState, Row, SaveState, Screen,
};
use kaocha::tui::update::update;
use serde_json::{Value, json};

const ENTRY: &str = "0190e1c4-3a00-7000-8000-0000000000e1";

fn clock() -> Clock {
    Clock {
        date: "2013-11-26".into(),
        time: "10:32:05".into(),
    }
}

fn form(id: &str) -> Arc<Form> {
    let form = kaocha::form::builtin::forms()
        .unwrap()
        .into_iter()
        .find(|f| f.id() == id)
        .unwrap();
    Arc::new(form)
}

fn campaign() -> Campaign {
    kaocha::app::demo::campaign()
}

fn unit(id: &str) -> Unit {
    campaign().unit(id).unwrap().clone()
}

/// An entry as its root revision creates it.
fn entry(id: &str, unit: &str, form: &str, answers: Value, status: Status) -> Entry {
    let changes: BTreeMap<String, Value> =
        answers.as_object().unwrap().clone().into_iter().collect();
    let root = RevisionDraft {
        entry: id.into(),
        parents: vec![],
        author: Author {
            device: "test".into(),
            person: "测试员".into(),
        },
        at: "2013-11-26T10:32:05+08:00".into(),
        init: Some(EntryInit {
            campaign: kaocha::app::demo::CAMPAIGN_ID.into(),
            unit: unit.into(),
            form: form.into(),
            form_version: 1,
            finding: None,
        }),
        changes: changes.into(),
        status: Some(status),
        reason: None,
    }
    .seal();
    Entry::from_root(&root).unwrap()
}

/// A registration of 县安监局, partly filled: 行政编制实有人数, 填表人 and
/// the other required counts are still empty.
fn registration(status: Status) -> Entry {
    entry(
        ENTRY,
        "u-ajj",
        "jgbz.registration",
        json!({
            "unit_name": "东阿县安全生产监督管理局", "level": "zk", "funding": "full",
            "sanding_doc": "东政办发〔2010〕31号", "fill_date": "2013-11-26",
            "admin_quota": 12, "inst_quota": 8, "worker_quota": 2, "other_quota": 0,
        }),
        status,
    )
}

/// The entry as the store returns it after `changes` (null clears).
fn saved(before: &Entry, changes: &[(&str, Value)]) -> Entry {
    let mut after = before.clone();
    let changes: kaocha::domain::Changes = changes
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect();
    kaocha::domain::apply_changes(&mut after.answers, &changes);
    after.revisions += 1;
    after.heads = vec![format!("rev{}", after.revisions)];
    after
}

fn home_data() -> HomeData {
    let c = campaign();
    let units = c
        .units
        .iter()
        .map(|u| UnitSummary {
            unit: u.clone(),
            team: Some("第一组".into()),
            stages: c
                .stages
                .iter()
                .map(|s| (s.clone(), Default::default()))
                .collect(),
            findings: 0,
            approved: 0,
            returned: 0,
        })
        .collect();
    HomeData {
        campaign: c.into(),
        units,
        focus: None,
    }
}

/// The unit screen's data of 县安监局: every stage, one registration.
fn unit_data() -> UnitData {
    let c = campaign();
    let stages = c
        .stages
        .iter()
        .map(|s| StageEntries {
            stage: s.clone(),
            quick: form(&s.form).def.kind == FormKind::Questionnaire,
            entries: if s.form == "jgbz.registration" {
                vec![EntryRow {
                    id: ENTRY.into(),
                    form: s.form.clone(),
                    status: Status::Draft,
                    author: "测试员".into(),
                    updated_at: "2013-11-26T10:32:05+08:00".into(),
                    title: "东阿县安全生产监督管理局".into(),
                    conflicted: false,
                    review: None,
                    attachments: 0,
                }]
            } else {
                vec![]
            },
            pending: 0,
            gaps: 0,
        })
        .collect();
    UnitData {
        campaign: c.id.clone(),
        unit: unit("u-ajj"),
        team: Some("第一组".into()),
        parent: None,
        baseline_text: vec![],
        steps: vec![],
        stages,
    }
}

fn loaded(model: &mut Model, data: Loaded) {
    assert_eq!(update(model, Action::Loaded(data)), vec![]);
}

/// Home, the unit screen of 县安监局 and `entry` open on the form screen.
fn on_form(entry: Entry) -> Model {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    let form = form(&entry.form);
    loaded(
        &mut model,
        Loaded::Entry(Box::new(EntryData {
            form,
            entry,
            unit_name: "县安监局".into(),
            baseline: unit("u-ajj").baseline,
            roster: None,
            new: false,
            review: None,
        })),
    );
    model
}

fn st(model: &Model) -> &FormState {
    match model.screen() {
        Screen::Form(f) => f,
        other => panic!("not on the form screen: {:?}", other.kind()),
    }
}

fn quick(model: &Model) -> &QuickState {
    match model.screen() {
        Screen::Quick(q) => q,
        other => panic!("not in quick entry: {:?}", other.kind()),
    }
}

/// The item id under the form cursor.
fn at(model: &Model) -> String {
    let s = st(model);
    match s.rows.get(s.cursor) {
        Some(Row::Item { id, .. }) => id.clone(),
        other => panic!("cursor not on an item: {other:?}"),
    }
}

/// The text in the current editor, and whether it is dirty.
fn editor(model: &Model) -> (Vec<String>, bool) {
    match &st(model).field {
        Field::Text { input, dirty, .. } => (input.lines().to_vec(), *dirty),
        other => panic!("no text editor: {other:?}"),
    }
}

fn key(model: &mut Model, cmd: Cmd) -> Vec<Effect> {
    update(model, Action::Cmd(cmd))
}

/// Types text; typing alone never has effects.
fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        assert_eq!(update(model, Action::Char(c)), vec![], "typing {c:?}");
    }
}

/// Moves down (through unchanged items, so without effects) onto `id`.
fn goto(model: &mut Model, id: &str) {
    for _ in 0..100 {
        if at(model) == id {
            return;
        }
        assert_eq!(key(model, Cmd::Down), vec![], "moving towards {id}");
    }
    panic!("{id} not reached");
}

fn save(sets: &[(&str, &str)], reason: Option<&str>) -> Effect {
    Effect::Save {
        entry: ENTRY.into(),
        sets: sets
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
        reason: reason.map(str::to_string),
    }
}

// ---- lists ----

#[test]
fn enter_on_home_loads_the_selected_unit() {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    assert!(matches!(model.screen(), Screen::Home(h) if h.selected == 0));
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::LoadUnit("u-ajj".into())]
    );
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::LoadUnit("u-yjj".into())]
    );
    assert_eq!(
        update(&mut model, Action::Char('5')),
        vec![Effect::LoadUnit("u-jsj".into())]
    );
    assert!(matches!(model.screen(), Screen::Home(h) if h.selected == 4));
    // Loading the unit pushes its screen.
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    assert!(matches!(model.screen(), Screen::Unit(u) if u.data.unit.id == "u-ajj"));
}

#[test]
fn new_on_the_unit_screen_creates_an_entry_of_the_selected_stage() {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    let new = |form: &str| Effect::NewEntry {
        unit: "u-ajj".into(),
        form: form.into(),
    };
    // Line 0: 调查登记表; line 1: its entry; line 2: 个别访谈.
    assert_eq!(key(&mut model, Cmd::New), vec![new("jgbz.registration")]);
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(key(&mut model, Cmd::New), vec![new("jgbz.registration")]);
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::OpenEntry(ENTRY.into())]
    );
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(key(&mut model, Cmd::New), vec![new("jgbz.interview")]);
    // Enter on an empty stage starts its first entry too.
    assert_eq!(key(&mut model, Cmd::Enter), vec![new("jgbz.interview")]);
    // Tab jumps to the next stage heading: 座谈会.
    assert_eq!(key(&mut model, Cmd::Next), vec![]);
    assert_eq!(key(&mut model, Cmd::New), vec![new("jgbz.symposium")]);
    // The last line is 问题清单.
    assert_eq!(key(&mut model, Cmd::End), vec![]);
    assert_eq!(key(&mut model, Cmd::New), vec![new("findings")]);
}

#[test]
fn questionnaires_open_quick_entry() {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    let open_quick = || {
        vec![Effect::OpenQuick {
            unit: "u-ajj".into(),
            form: "jgbz.questionnaire".into(),
        }]
    };
    // q works from any line.
    assert_eq!(key(&mut model, Cmd::Quick), open_quick());
    // 调查问卷 is line 4 (after 调查登记表, its entry, 个别访谈, 座谈会).
    for _ in 0..4 {
        assert_eq!(key(&mut model, Cmd::Down), vec![]);
    }
    let Screen::Unit(u) = model.screen() else {
        panic!("not on the unit screen");
    };
    assert_eq!(u.stage().unwrap().stage.form, "jgbz.questionnaire");
    assert_eq!(key(&mut model, Cmd::Enter), open_quick());
    assert_eq!(key(&mut model, Cmd::New), open_quick());
}

// ---- the form ----

#[test]
fn an_integer_is_saved_on_tab_and_the_cursor_moves_once_it_is_durable() {
    let before = registration(Status::Draft);
    let mut model = on_form(before.clone());
    goto(&mut model, "admin_actual");
    let cursor = st(&model).cursor;
    type_text(&mut model, "12");
    assert_eq!(editor(&model), (vec!["12".to_string()], true));
    assert_eq!(
        key(&mut model, Cmd::Next),
        vec![save(&[("admin_actual", "12")], None)]
    );
    assert_eq!(model.save, SaveState::Saving);
    assert_eq!(
        st(&model).cursor,
        cursor,
        "moved before the save was durable"
    );
    assert_eq!(at(&model), "admin_actual");

    let after = saved(&before, &[("admin_actual", json!(12))]);
    assert_eq!(update(&mut model, Action::Saved(after.clone())), vec![]);
    assert_eq!(model.save, SaveState::Saved("10:32:05".into()));
    assert_eq!(st(&model).entry, after);
    // 12 of 12: neither 超编 nor 空编 shows; next comes 事业编制核定数.
    assert_eq!(at(&model), "inst_quota");
    assert!(st(&model).cursor > cursor);
    assert_eq!(editor(&model), (vec!["8".to_string()], false));
}

#[test]
fn a_value_that_does_not_fit_stays_with_its_problem() {
    let mut model = on_form(registration(Status::Draft));
    goto(&mut model, "admin_actual");
    let cursor = st(&model).cursor;
    type_text(&mut model, "abc");
    assert_eq!(key(&mut model, Cmd::Next), vec![]);
    assert_eq!(st(&model).cursor, cursor);
    assert!(st(&model).problem.is_some(), "no problem shown");
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
    assert_eq!(model.save, SaveState::Idle);
    assert_eq!(editor(&model), (vec!["abc".to_string()], true));
    // Down does not leave either.
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(st(&model).cursor, cursor);
}

#[test]
fn a_digit_on_a_choice_saves_the_option_and_moves_on_after_the_save() {
    let before = registration(Status::Draft);
    let mut model = on_form(before.clone());
    goto(&mut model, "level");
    assert!(matches!(st(&model).field, Field::Pick { highlight: 2, .. }));
    assert_eq!(
        update(&mut model, Action::Char('2')),
        vec![save(&[("level", "fc")], None)]
    );
    assert_eq!(model.save, SaveState::Saving);
    assert_eq!(at(&model), "level");
    let after = saved(&before, &[("level", json!("fc"))]);
    assert_eq!(update(&mut model, Action::Saved(after)), vec![]);
    assert_eq!(at(&model), "funding");
    assert!(matches!(st(&model).field, Field::Pick { highlight: 0, .. }));
}

#[test]
fn a_digit_out_of_range_on_a_choice_saves_nothing() {
    let mut model = on_form(registration(Status::Draft));
    goto(&mut model, "funding");
    assert_eq!(update(&mut model, Action::Char('7')), vec![]);
    assert_eq!(at(&model), "funding");
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
    assert_eq!(model.save, SaveState::Idle);
}

#[test]
fn changing_a_finalised_entry_asks_for_a_reason() {
    let mut model = on_form(registration(Status::Final));
    goto(&mut model, "filler");
    type_text(&mut model, "张敏");
    assert_eq!(key(&mut model, Cmd::Next), vec![]);
    match &model.popup {
        Some(Popup::Reason { then, .. }) => assert_eq!(
            **then,
            Pending::Sets(vec![("filler".into(), "张敏".into())])
        ),
        other => panic!("no reason asked: {other:?}"),
    }
    // No reason: asked again.
    assert_eq!(key(&mut model, Cmd::Enter), vec![]);
    assert!(matches!(model.popup, Some(Popup::Reason { .. })));
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
    // Keys go to the reason, not the form.
    type_text(&mut model, "补录填表人");
    assert_eq!(editor(&model), (vec!["张敏".to_string()], true));
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![save(&[("filler", "张敏")], Some("补录填表人"))]
    );
    assert!(model.popup.is_none());
    assert_eq!(model.save, SaveState::Saving);
    assert_eq!(st(&model).reason.as_deref(), Some("补录填表人"));
}

#[test]
fn f9_with_required_items_missing_lists_them() {
    let mut model = on_form(registration(Status::Draft));
    assert_eq!(key(&mut model, Cmd::Finalize), vec![]);
    let first = match &model.popup {
        Some(Popup::Issues {
            title,
            head,
            items,
            selected,
        }) => {
            assert_eq!(title, "还不能定稿");
            assert_eq!(head, "还有 3 项需要补充或更正：");
            assert_eq!(*selected, 0);
            assert!(
                items.iter().any(|(l, _)| l.contains("行政编制实有人数")),
                "{items:?}"
            );
            items[0].1.clone()
        }
        other => panic!("no list of what is missing: {other:?}"),
    };
    // Enter goes to the first item listed, and does nothing else.
    assert_eq!(key(&mut model, Cmd::Enter), vec![]);
    assert!(model.popup.is_none());
    assert_eq!(st(&model).rows[st(&model).cursor], first);
    assert_eq!(st(&model).entry.status, Status::Draft);
}

#[test]
fn f9_on_a_complete_entry_confirms_then_finalises() {
    let demo = kaocha::app::demo::sample_entries();
    let complete = Entry::from_root(&demo[0]).unwrap();
    let id = complete.id.clone();
    let mut model = on_form(complete);
    assert_eq!(key(&mut model, Cmd::Finalize), vec![]);
    assert!(
        matches!(&model.popup, Some(Popup::Confirm { .. })),
        "{:?}",
        model.popup
    );
    assert_eq!(key(&mut model, Cmd::Enter), vec![Effect::Finalize(id)]);
    assert!(model.popup.is_none());
}

#[test]
fn ctrl_z_after_a_save_applies_the_inverse_change() {
    let demo = kaocha::app::demo::sample_entries();
    let before = Entry::from_root(&demo[0]).unwrap();
    let id = before.id.clone();
    let mut model = on_form(before.clone());
    goto(&mut model, "admin_actual");
    assert_eq!(editor(&model), (vec!["14".to_string()], false));
    assert_eq!(key(&mut model, Cmd::Backspace), vec![]);
    assert_eq!(key(&mut model, Cmd::Backspace), vec![]);
    type_text(&mut model, "12");
    assert_eq!(
        key(&mut model, Cmd::Next),
        vec![Effect::Save {
            entry: id.clone(),
            sets: vec![("admin_actual".into(), "12".into())],
            reason: None,
        }]
    );
    let after = saved(&before, &[("admin_actual", json!(12))]);
    assert_eq!(update(&mut model, Action::Saved(after)), vec![]);
    assert_ne!(at(&model), "admin_actual");
    assert_eq!(
        key(&mut model, Cmd::Undo),
        vec![Effect::Apply {
            entry: id,
            changes: BTreeMap::from([("admin_actual".to_string(), json!(14))]),
            reason: None,
        }]
    );
    assert_eq!(model.save, SaveState::Saving);
    // Nothing more to undo once that is durable.
    assert_eq!(
        update(&mut model, Action::Saved(before.clone())),
        vec![],
        "undo save"
    );
    assert_eq!(key(&mut model, Cmd::Undo), vec![]);
    assert!(model.flash.as_ref().is_some_and(|f| !f.error));
}

#[test]
fn a_dirty_text_field_keeps_a_draft_then_autosaves_after_eight_idle_ticks() {
    let before = registration(Status::Draft);
    let mut model = on_form(before.clone());
    goto(&mut model, "filler");
    type_text(&mut model, "张敏");
    let draft = kaocha::domain::Draft {
        entry: ENTRY.into(),
        path: "filler".into(),
        text: "张敏".into(),
    };
    // The first tick keeps what is typed in the draft; the next ones have
    // nothing new to keep.
    assert_eq!(
        update(&mut model, Action::Tick(clock())),
        vec![Effect::KeepDraft(draft.clone())]
    );
    for n in 2..8 {
        assert_eq!(
            update(&mut model, Action::Tick(clock())),
            vec![],
            "tick {n}"
        );
    }
    assert_eq!(
        update(&mut model, Action::Tick(clock())),
        vec![save(&[("filler", "张敏")], None)]
    );
    assert_eq!(model.save, SaveState::Saving);
    // While the save is pending, ticks do not save again.
    assert_eq!(update(&mut model, Action::Tick(clock())), vec![]);
    let after = saved(&before, &[("filler", json!("张敏"))]);
    // Durable: the draft goes.
    assert_eq!(
        update(&mut model, Action::Saved(after)),
        vec![Effect::ClearDraft]
    );
    assert_eq!(at(&model), "filler");
    assert_eq!(editor(&model), (vec!["张敏".to_string()], false));
    // Saved and clean: no more autosaves, no more drafts.
    for _ in 0..10 {
        assert_eq!(update(&mut model, Action::Tick(clock())), vec![]);
    }
}

#[test]
fn a_failed_save_keeps_the_typed_text() {
    let mut model = on_form(registration(Status::Draft));
    goto(&mut model, "filler");
    let cursor = st(&model).cursor;
    type_text(&mut model, "张敏");
    assert_eq!(
        key(&mut model, Cmd::Next),
        vec![save(&[("filler", "张敏")], None)]
    );
    assert_eq!(
        update(&mut model, Action::Failed("磁盘已满".into())),
        vec![]
    );
    assert_eq!(model.save, SaveState::Failed("磁盘已满".into()));
    assert_eq!(model.unsaved, 1);
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
    assert_eq!(st(&model).cursor, cursor);
    assert_eq!(editor(&model), (vec!["张敏".to_string()], true));
    // Tab tries again.
    assert_eq!(
        key(&mut model, Cmd::Next),
        vec![save(&[("filler", "张敏")], None)]
    );
}

#[test]
fn esc_on_the_form_goes_back_and_reloads_the_unit() {
    let mut model = on_form(registration(Status::Draft));
    assert_eq!(model.stack.len(), 2);
    assert_eq!(
        key(&mut model, Cmd::Back),
        vec![Effect::LoadUnit("u-ajj".into())]
    );
    assert_eq!(model.stack.len(), 1);
    assert!(matches!(model.screen(), Screen::Unit(u) if u.data.unit.id == "u-ajj"));
}

#[test]
fn esc_with_a_typed_value_saves_it_then_goes_back() {
    let before = registration(Status::Draft);
    let mut model = on_form(before.clone());
    goto(&mut model, "filler");
    type_text(&mut model, "张敏");
    assert_eq!(
        key(&mut model, Cmd::Back),
        vec![save(&[("filler", "张敏")], None)]
    );
    assert!(matches!(model.screen(), Screen::Form(_)));
    let after = saved(&before, &[("filler", json!("张敏"))]);
    assert_eq!(
        update(&mut model, Action::Saved(after)),
        vec![Effect::LoadUnit("u-ajj".into())]
    );
    assert!(matches!(model.screen(), Screen::Unit(_)));
}

#[test]
fn quit_with_a_dirty_field_saves_first() {
    let before = registration(Status::Draft);
    let mut model = on_form(before.clone());
    goto(&mut model, "filler");
    type_text(&mut model, "张敏");
    assert_eq!(
        key(&mut model, Cmd::Quit),
        vec![save(&[("filler", "张敏")], None)]
    );
    assert!(model.quit_after_save);
    assert!(!model.quit);
    let after = saved(&before, &[("filler", json!("张敏"))]);
    assert_eq!(update(&mut model, Action::Saved(after)), vec![]);
    assert!(model.quit);
}

#[test]
fn quit_with_nothing_typed_quits_at_once() {
    let mut model = on_form(registration(Status::Draft));
    assert_eq!(key(&mut model, Cmd::Quit), vec![]);
    assert!(model.quit);
}

// ---- questionnaire quick entry ----

fn on_quick() -> Model {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    loaded(
        &mut model,
        Loaded::Quick(Box::new(QuickData {
            unit: unit("u-ajj"),
            form: form("jgbz.questionnaire"),
            count: 0,
        })),
    );
    model
}

#[test]
fn nine_digits_and_enter_make_one_questionnaire() {
    let mut model = on_quick();
    assert_eq!(
        quick(&model).items,
        [
            "respondent",
            "q1",
            "q2",
            "q3",
            "q4",
            "q5",
            "q6",
            "q7",
            "q8",
            "q9"
        ]
    );
    for (n, c) in "123412312".chars().enumerate() {
        let e = update(&mut model, Action::Char(c));
        assert_eq!(e, vec![], "digit {}", n + 1);
        assert_eq!(quick(&model).pos, n + 1);
    }
    // The open question 9 comes last: Enter alone skips it and saves.
    let effects = key(&mut model, Cmd::Enter);
    let sets = [
        ("respondent", "leader"),
        ("q1", "well"),
        ("q2", "tight"),
        ("q3", "unsure"),
        ("q4", "none"),
        ("q5", "mostly"),
        ("q6", "few"),
        ("q7", "no"),
        ("q8", "fair"),
    ];
    assert_eq!(
        effects,
        vec![Effect::CreateQuestionnaire {
            unit: "u-ajj".into(),
            form: "jgbz.questionnaire".into(),
            sets: sets
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }]
    );
    let q = quick(&model);
    assert_eq!(q.pos, 0);
    assert_eq!(q.recent, ["1 2 3 4 1 2 3 1 2"]);
    assert!(q.answers.iter().all(Option::is_none));
    assert!(q.saving);
    let e = entry(
        "q-1",
        "u-ajj",
        "jgbz.questionnaire",
        json!({}),
        Status::Draft,
    );
    assert_eq!(update(&mut model, Action::QuickSaved(e)), vec![]);
    let q = quick(&model);
    assert_eq!(q.count, 1);
    assert!(!q.saving);
}

#[test]
fn backspace_goes_back_one_question() {
    let mut model = on_quick();
    type_text(&mut model, "12");
    assert_eq!(quick(&model).pos, 2);
    assert_eq!(key(&mut model, Cmd::Backspace), vec![]);
    let q = quick(&model);
    assert_eq!(q.pos, 1);
    assert_eq!(q.answers[0].as_deref(), Some("leader"));
    assert_eq!(q.answers[1], None);
    type_text(&mut model, "3");
    let q = quick(&model);
    assert_eq!(q.pos, 2);
    assert_eq!(q.answers[1].as_deref(), Some("fair"));
}

#[test]
fn a_digit_with_no_such_option_is_refused() {
    let mut model = on_quick();
    // 填写人类别 has three options.
    assert_eq!(update(&mut model, Action::Char('4')), vec![]);
    assert_eq!(quick(&model).pos, 0);
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
}

#[test]
fn a_failed_questionnaire_comes_back_for_its_last_answer() {
    let mut model = on_quick();
    type_text(&mut model, "123412312好");
    assert_eq!(key(&mut model, Cmd::Enter).len(), 1);
    assert_eq!(
        update(&mut model, Action::Failed("磁盘已满".into())),
        vec![]
    );
    let q = quick(&model);
    assert!(!q.saving);
    assert!(q.recent.is_empty());
    assert_eq!(q.pos, 9);
    assert_eq!(q.answers[0].as_deref(), Some("leader"));
    assert_eq!(q.answers[8].as_deref(), Some("fair"));
    assert_eq!(q.answers[9].as_deref(), Some("好"));
    // Enter on the open question again saves the same questionnaire.
    match key(&mut model, Cmd::Enter).as_slice() {
        [Effect::CreateQuestionnaire { sets, .. }] => {
            assert_eq!(sets[0], ("respondent".to_string(), "leader".to_string()));
            assert_eq!(sets[8], ("q8".to_string(), "fair".to_string()));
            assert_eq!(sets[9], ("q9".to_string(), "好".to_string()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn quitting_a_half_keyed_questionnaire_asks_first() {
    let mut model = on_quick();
    type_text(&mut model, "12");
    assert_eq!(key(&mut model, Cmd::Quit), vec![]);
    assert!(!model.quit);
    assert!(matches!(model.popup, Some(Popup::Confirm { .. })));
    assert_eq!(key(&mut model, Cmd::Back), vec![]);
    assert!(model.popup.is_none());
    assert!(!model.quit);
    assert_eq!(key(&mut model, Cmd::Quit), vec![]);
    assert_eq!(key(&mut model, Cmd::Enter), vec![]);
    assert!(model.quit);
}

#[test]
fn quitting_after_a_failed_save_asks_first() {
    let mut model = on_form(registration(Status::Draft));
    goto(&mut model, "filler");
    type_text(&mut model, "张敏");
    assert_eq!(key(&mut model, Cmd::Next).len(), 1);
    assert_eq!(
        update(&mut model, Action::Failed("磁盘已满".into())),
        vec![]
    );
    assert_eq!(key(&mut model, Cmd::Quit), vec![]);
    assert!(!model.quit);
    assert!(matches!(model.popup, Some(Popup::Confirm { .. })));
    assert_eq!(update(&mut model, Action::Char('y')), vec![]);
    assert!(model.quit);
}

#[test]
fn hq_assigns_a_team_and_edits_a_figure_from_home() {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Home(Box::new(home_data())));
    // t: the teams, numbered; a digit assigns.
    assert_eq!(key(&mut model, Cmd::Assign), vec![]);
    assert!(
        matches!(&model.popup, Some(Popup::Pick { options, .. }) if options.len() == 2 && options[1].0 == "第二组")
    );
    assert_eq!(
        update(&mut model, Action::Char('2')),
        vec![Effect::Assign {
            unit: "u-ajj".into(),
            team: "t2".into()
        }]
    );
    assert!(model.popup.is_none());
    // e: the fields with their values; 6 is 行政编制, then its current value is edited.
    assert_eq!(key(&mut model, Cmd::Edit), vec![]);
    assert!(
        matches!(&model.popup, Some(Popup::Pick { options, .. }) if options[5].0 == "行政编制：12")
    );
    assert_eq!(update(&mut model, Action::Char('6')), vec![]);
    let Some(Popup::Input { input, .. }) = &model.popup else {
        panic!("no input popup: {:?}", model.popup)
    };
    assert_eq!(input.lines(), ["12"]);
    assert_eq!(key(&mut model, Cmd::Backspace), vec![]);
    assert_eq!(update(&mut model, Action::Char('5')), vec![]);
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::SetUnitField {
            unit: "u-ajj".into(),
            field: kaocha::domain::UnitField::AdminQuota,
            value: "15".into()
        }]
    );
    // T: a new team typed as "name members".
    assert_eq!(key(&mut model, Cmd::NewTeam), vec![]);
    type_text(&mut model, "第三组 张三(组长),李四");
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::AddTeam("第三组 张三(组长),李四".into())]
    );
}

#[test]
fn hq_approves_or_returns_the_selected_entry() {
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    // A draft cannot be approved: said at once, no question asked first.
    assert_eq!(key(&mut model, Cmd::Approve), vec![]);
    let Some(Popup::Info { body, .. }) = &model.popup else {
        panic!("{:?}", model.popup);
    };
    assert!(body[0].contains("尚未定稿"), "{body:?}");
    assert_eq!(key(&mut model, Cmd::Enter), vec![]);
    assert!(model.popup.is_none());
    // Once final, v asks first, Enter approves.
    let Screen::Unit(u) = model.stack.last_mut().unwrap() else {
        panic!("not on the unit screen");
    };
    for e in u.data.stages.iter_mut().flat_map(|s| s.entries.iter_mut()) {
        e.status = Status::Final;
    }
    assert_eq!(key(&mut model, Cmd::Approve), vec![]);
    assert!(matches!(model.popup, Some(Popup::Confirm { .. })));
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::Review {
            entry: ENTRY.into(),
            approve: true,
            comment: None
        }]
    );
    // r asks for the comment.
    assert_eq!(key(&mut model, Cmd::Return), vec![]);
    type_text(&mut model, "超编人数请核对");
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::Review {
            entry: ENTRY.into(),
            approve: false,
            comment: Some("超编人数请核对".into())
        }]
    );
    // Esc cancels without an effect.
    assert_eq!(key(&mut model, Cmd::Return), vec![]);
    assert_eq!(key(&mut model, Cmd::Back), vec![]);
    assert!(model.popup.is_none());
}

#[test]
fn automatic_findings_are_accepted_or_dismissed_with_a_reason() {
    use kaocha::tui::action::AutoFinding;
    let mut model = Model::new((80, 24), clock());
    loaded(&mut model, Loaded::Unit(Box::new(unit_data())));
    // f opens the findings list and asks for the rules' findings.
    assert_eq!(
        key(&mut model, Cmd::Findings),
        vec![Effect::LoadAuto("u-ajj".into())]
    );
    let auto = |key: &str, category: &str| AutoFinding {
        key: key.into(),
        category: category.into(),
        facts: "行政编制核定12名，实有14名，超编2名。".into(),
        state: kaocha::analysis::FindingState::Open,
        source: None,
    };
    loaded(
        &mut model,
        Loaded::Auto {
            unit: "u-ajj".into(),
            findings: vec![
                auto("overstaff:u-ajj:e1:admin", "超编"),
                auto("mixed:u-ajj:e1", "混岗混编"),
            ],
            stale: vec![],
            gaps: vec![],
        },
    );
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::AcceptFinding {
            unit: "u-ajj".into(),
            key: "overstaff:u-ajj:e1:admin".into()
        }]
    );
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(key(&mut model, Cmd::Dismiss), vec![]);
    // A reason is required.
    assert_eq!(key(&mut model, Cmd::Enter), vec![]);
    assert!(model.flash.as_ref().is_some_and(|f| f.error));
    assert_eq!(key(&mut model, Cmd::Dismiss), vec![]);
    type_text(&mut model, "临时借调");
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::DismissFinding {
            unit: "u-ajj".into(),
            key: "mixed:u-ajj:e1".into(),
            reason: "临时借调".into()
        }]
    );
}

#[test]
fn first_run_offers_the_demo_a_plan_and_a_new_campaign() {
    let mut model = Model::new((80, 24), clock());
    assert_eq!(key(&mut model, Cmd::Enter), vec![Effect::SeedDemo]);
    assert_eq!(key(&mut model, Cmd::Down), vec![]);
    assert_eq!(key(&mut model, Cmd::Enter), vec![Effect::LoadSync]);
    assert_eq!(update(&mut model, Action::Char('3')), vec![]);
    assert!(matches!(model.popup, Some(Popup::Input { .. })));
    type_text(&mut model, "2024年机构编制评估");
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![Effect::NewCampaign("2024年机构编制评估".into())]
    );
}

// ---- sync: what an import asks ----

fn import(trust: Option<&str>, team: Option<&str>, switch_team: bool) -> Effect {
    Effect::Import {
        path: "/media/usb/plan-1.json".into(),
        trust: trust.map(str::to_string),
        team: team.map(str::to_string),
        switch_team,
    }
}

#[test]
fn a_first_plan_shows_hqs_fingerprint_in_groups_and_imports_only_when_confirmed() {
    let ask = || {
        Action::ImportAsks(ImportAsk::ConfirmHq {
            path: "/media/usb/plan-1.json".into(),
            fingerprint: "3f2a-91c0-77de-0b14".into(),
            label: "考核委".into(),
        })
    };
    let mut model = Model::new((80, 24), clock());
    assert_eq!(update(&mut model, ask()), vec![]);
    let Some(Popup::Confirm { body, .. }) = &model.popup else {
        panic!("no confirm popup: {:?}", model.popup)
    };
    assert!(
        body.iter().any(|l| l.trim() == "3f2a 91c0 77de 0b14"),
        "{body:?}"
    );
    assert!(body.iter().any(|l| l.contains("电话")), "{body:?}");
    // Esc: nothing is imported, nothing trusted.
    assert_eq!(key(&mut model, Cmd::Back), vec![]);
    assert!(model.popup.is_none());
    update(&mut model, ask());
    assert_eq!(
        key(&mut model, Cmd::Enter),
        vec![import(Some("3f2a-91c0-77de-0b14"), None, false)]
    );
}

#[test]
fn hq_picks_the_team_of_a_device_it_enrols() {
    let mut model = Model::new((80, 24), clock());
    let teams = vec![
        ("第一组".to_string(), "t1".to_string()),
        ("第二组".to_string(), "t2".to_string()),
    ];
    update(
        &mut model,
        Action::ImportAsks(ImportAsk::Enrol {
            path: "/media/usb/plan-1.json".into(),
            fingerprint: "8d1e-44a0-2c9b-7f31".into(),
            label: "第二组 · 笔记本 · 刘洋".into(),
            teams: teams.clone(),
        }),
    );
    let Some(Popup::Pick { title, options, .. }) = &model.popup else {
        panic!("no pick popup: {:?}", model.popup)
    };
    assert!(title.contains("8d1e 44a0 2c9b 7f31"), "{title}");
    assert_eq!(options, &teams);
    assert_eq!(
        update(&mut model, Action::Char('2')),
        vec![import(Some("8d1e-44a0-2c9b-7f31"), Some("t2"), false)]
    );
    // The same from the 信任指纹 line.
    update(
        &mut model,
        Action::TrustNeedsTeam {
            fingerprint: "8d1e-44a0-2c9b-7f31".into(),
            teams,
        },
    );
    assert_eq!(
        update(&mut model, Action::Char('1')),
        vec![Effect::Trust {
            fingerprint: "8d1e-44a0-2c9b-7f31".into(),
            team: Some("t1".into())
        }]
    );
}

#[test]
fn a_plan_for_another_team_switches_only_when_confirmed() {
    let mut model = Model::new((80, 24), clock());
    let ask = || {
        Action::ImportAsks(ImportAsk::SwitchTeam {
            path: "/media/usb/plan-1.json".into(),
            from: "第一组".into(),
            to: "第二组".into(),
        })
    };
    update(&mut model, ask());
    let Some(Popup::Confirm { body, .. }) = &model.popup else {
        panic!("no confirm popup: {:?}", model.popup)
    };
    assert!(
        body[0].contains("第二组") && body[0].contains("第一组"),
        "{body:?}"
    );
    assert_eq!(update(&mut model, Action::Char('n')), vec![]);
    update(&mut model, ask());
    assert_eq!(key(&mut model, Cmd::Enter), vec![import(None, None, true)]);
}
