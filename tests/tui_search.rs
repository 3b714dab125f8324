//! Search (F3 everywhere, `/` in lists) as an inspector uses it, driven
//! through `dispatch` with a real `App` on a temporary data dir: a phrase
//! of an interview note or a meeting remark opens its entry on the item,
//! options are found by their labels, full-width and half-width match,
//! deleted entries stay out, and Esc goes back to where search was opened.

mod common;

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw, fixed_clock, flash};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use kaocha::analysis::search::{Hit, Place};
use kaocha::domain::Status;
use kaocha::tui::action::{Action, Cmd, Effect};
use kaocha::tui::model::{Row, Screen, SearchState};

/// The demo, plus: an interview of 县安监局 (王五) with notes in q4 and
/// q5, and a 座谈会 of 县科技局 with two remarks. Returns their ids.
struct Data {
    h: Harness,
    interview: String,
    symposium: String,
}

fn data() -> Data {
    let h = Harness::demo();
    let ws = &h.app.ws;
    let campaign = ws.campaign().unwrap();
    let sets = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let ajj = ws.unit(&campaign, "u-ajj").unwrap();
    let interview = ws
        .new_entry(
            &campaign,
            &ajj,
            ws.latest_form("jgbz.interview").unwrap(),
            &sets(&[
                ("interviewee", "王五"),
                (
                    "q4",
                    "[09:10] 执法大队人员紧张，夜查时只有两人\n[09:20] 借调２人到县政府",
                ),
                ("q5", "混岗人员编号 HR12，在编不在岗一人"),
            ]),
        )
        .unwrap()
        .id;
    let kjj = ws.unit(&campaign, "u-kjj").unwrap();
    let sym = ws
        .new_entry(
            &campaign,
            &kjj,
            ws.latest_form("jgbz.symposium").unwrap(),
            &sets(&[
                ("topic", "科技局职能运行座谈"),
                ("remarks[+].speaker", "张局长"),
                ("remarks[+].remark", "业务股室人手不足"),
            ]),
        )
        .unwrap();
    let sym = ws
        .set_answers(
            &sym,
            &sets(&[
                ("remarks[+].speaker", "李科长"),
                ("remarks[+].remark", "情报所长期空缺，建议撤并"),
            ]),
            None,
        )
        .unwrap()
        .id;
    Data {
        h,
        interview,
        symposium: sym,
    }
}

/// A key as the terminal sends it, through the user's keymap in the
/// current mode (so `/` is text in a field and a command in a list).
fn press(h: &mut Harness, code: KeyCode) {
    let key = KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    };
    if let Some(action) = h.model.keymap.action(key, h.model.mode()) {
        h.go(action);
    }
}

fn search_state(h: &Harness) -> &SearchState {
    match h.model.screen() {
        Screen::Search(s) => s,
        other => panic!("not on the search screen: {:?}", other.kind()),
    }
}

/// Opens search with `/`, types `text` and presses Enter: the hits.
fn search(h: &mut Harness, text: &str) -> Vec<Hit> {
    if !matches!(h.model.screen(), Screen::Search(_)) {
        press(h, KeyCode::F(3));
    }
    h.cmd(Cmd::Clear);
    h.type_text(text);
    h.cmd(Cmd::Enter);
    let st = search_state(h);
    assert_eq!(st.searched.as_deref(), Some(text.trim()), "{}", flash(h));
    st.found.hits.clone()
}

/// Selects the first hit in `entry` at `path` and presses Enter.
fn open_hit(h: &mut Harness, entry: &str, path: &str) {
    let hits = search_state(h).found.hits.clone();
    let i = hits
        .iter()
        .position(|x| x.place == answer(entry, path))
        .unwrap_or_else(|| panic!("no hit at {path}: {hits:#?}"));
    h.cmd(Cmd::Home);
    for _ in 0..i {
        h.cmd(Cmd::Down);
    }
    assert_eq!(search_state(h).selected, i);
    h.cmd(Cmd::Enter);
}

fn answer(entry: &str, path: &str) -> Place {
    Place::Answer {
        entry: entry.into(),
        path: path.into(),
    }
}

fn cursor_row(h: &Harness) -> Row {
    let st = h.form();
    st.rows[st.cursor].clone()
}

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    buffer_text(draw(&h.model, w, ht).backend().buffer())
}

/// The row ids of a repeat, in order.
fn rows_of(h: &Harness, entry: &str, repeat: &str) -> Vec<String> {
    let e = h.app.ws.store.entry(entry).unwrap().unwrap();
    let form = h.app.ws.form(&e.form, e.form_version).unwrap();
    let baseline = kaocha::domain::Baseline::default();
    kaocha::form::eval::Answers::new(form, &e.answers, &baseline).rows(repeat)
}

#[test]
fn a_phrase_of_an_interview_note_opens_that_entry_on_its_question() {
    let Data {
        mut h, interview, ..
    } = data();
    h.open_ajj();
    let hits = search(&mut h, "人员紧张");
    let hit = hits
        .iter()
        .find(|x| x.place == answer(&interview, "q4"))
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert_eq!(hit.unit_name, "县安监局");
    assert_eq!(hit.form, "个别访谈");
    assert_eq!(hit.entry_title, "王五");
    assert!(hit.label.starts_with("4. 人员配备"), "{}", hit.label);
    assert_eq!(hit.excerpt.found, "人员紧张");
    assert_eq!(hit.excerpt.before, "[09:10] 执法大队");
    assert!(hit.excerpt.after.starts_with("，夜查时"), "{hit:?}");
    // The question's label says 人员紧张 too: labels are not answers.
    assert_eq!(hits.len(), 1, "{hits:#?}");
    open_hit(&mut h, &interview, "q4");
    assert_eq!(h.form().entry.id, interview);
    assert!(
        matches!(cursor_row(&h), Row::Item { id, row: None, .. } if id == "q4"),
        "{:?}",
        cursor_row(&h)
    );
}

#[test]
fn a_meeting_remark_is_named_by_its_row_number_and_opened_there() {
    let Data {
        mut h, symposium, ..
    } = data();
    let hits = search(&mut h, "撤并");
    let second = rows_of(&h, &symposium, "remarks")[1].clone();
    let path = format!("remarks[{second}].remark");
    let hit = hits
        .iter()
        .find(|x| x.place == answer(&symposium, &path))
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert_eq!(hit.label, "发言摘要第2行·发言要点");
    assert_eq!(hit.unit_name, "县科技局");
    assert_eq!(hit.entry_title, "科技局职能运行座谈");
    open_hit(&mut h, &symposium, &path);
    assert_eq!(h.form().entry.id, symposium);
    assert!(
        matches!(cursor_row(&h), Row::Item { id, row: Some(r), .. } if id == "remark" && r == second),
        "{:?}",
        cursor_row(&h)
    );
}

#[test]
fn a_choice_is_found_by_its_label_never_its_code() {
    let Data { mut h, .. } = data();
    let hits = search(&mut h, "正科级");
    let hit = hits
        .iter()
        .find(|x| x.place == answer(AJJ_REGISTRATION, "level"))
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert_eq!(hit.label, "机构规格");
    assert_eq!(hit.excerpt.found, "正科级");
    // The option's code (zk) is stored, but nobody reads it.
    assert!(search(&mut h, "zk").is_empty());
    // Multiple choice too: 参加人员类别 by its labels.
    let ws = &h.app.ws;
    let sym = ws
        .store
        .entries(&ws.campaign().unwrap().id, Some("u-kjj"))
        .unwrap()
        .into_iter()
        .find(|e| e.form == "jgbz.symposium")
        .unwrap();
    let form = ws.latest_form("jgbz.symposium").unwrap();
    let kinds = form.item("participant_kinds").unwrap().choices();
    let (code, label) = (kinds[0].value.clone(), kinds[0].label.clone());
    ws.set_answers(&sym, &[("participant_kinds".into(), code.clone())], None)
        .unwrap();
    let hits = search(&mut h, &label);
    assert!(
        hits.iter()
            .any(|x| x.place == answer(&sym.id, "participant_kinds")),
        "{label}: {hits:#?}"
    );
    assert!(
        !search(&mut h, &code)
            .iter()
            .any(|x| x.place == answer(&sym.id, "participant_kinds")),
        "found by the code {code}"
    );
}

#[test]
fn full_width_and_half_width_find_each_other() {
    let Data {
        mut h, interview, ..
    } = data();
    // Typed full-width (as an IME does), stored half-width.
    let hits = search(&mut h, "ＨＲ１２");
    assert!(
        hits.iter().any(|x| x.place == answer(&interview, "q5")),
        "{hits:#?}"
    );
    // Any case.
    let hits = search(&mut h, "hr12");
    assert!(hits.iter().any(|x| x.place == answer(&interview, "q5")));
    // Typed half-width, stored full-width: the excerpt shows what is stored.
    let hits = search(&mut h, "借调2人");
    let hit = hits
        .iter()
        .find(|x| x.place == answer(&interview, "q4"))
        .unwrap_or_else(|| panic!("{hits:#?}"));
    assert_eq!(hit.excerpt.found, "借调２人");
}

#[test]
fn a_deleted_entry_is_not_found() {
    let Data {
        mut h, interview, ..
    } = data();
    assert_eq!(search(&mut h, "夜查").len(), 1);
    let ws = &h.app.ws;
    let e = ws.find_entry(&interview).unwrap();
    ws.set_status(&e, Status::Deleted, None).unwrap();
    assert!(search(&mut h, "夜查").is_empty());
    let text = screen(&h, 80, 24);
    assert!(text.contains("没有找到“夜查”"), "{text}");
}

#[test]
fn slash_in_a_text_field_is_text_and_f3_there_opens_search() {
    let Data {
        mut h, interview, ..
    } = data();
    h.open_ajj();
    h.effect(Effect::OpenEntry(interview.clone()));
    h.goto_item("position", None);
    press(&mut h, KeyCode::Char('/'));
    press(&mut h, KeyCode::Char('a'));
    assert!(
        matches!(h.model.screen(), Screen::Form(_)),
        "{:?}",
        h.model.screen().kind()
    );
    // F3 commits the field, as leaving it would, then opens search.
    press(&mut h, KeyCode::F(3));
    assert!(
        matches!(h.model.screen(), Screen::Search(_)),
        "{}",
        flash(&h)
    );
    let stored = h.app.ws.store.entry(&interview).unwrap().unwrap();
    assert_eq!(stored.answers["position"], "/a");
    // `/` on the search screen is part of the query.
    press(&mut h, KeyCode::Char('/'));
    assert_eq!(search_state(&h).input.lines().join(""), "/");
    // Esc: back in the form, on the same item.
    press(&mut h, KeyCode::Esc);
    assert!(matches!(cursor_row(&h), Row::Item { id, .. } if id == "position"));
}

#[test]
fn slash_in_a_list_opens_search_and_esc_returns_there() {
    let Data { mut h, .. } = data();
    // From home.
    press(&mut h, KeyCode::Char('/'));
    assert!(matches!(h.model.screen(), Screen::Search(_)));
    h.type_text("办公室");
    press(&mut h, KeyCode::Esc);
    assert!(matches!(h.model.screen(), Screen::Home(_)));
    // From a unit's screen, through a hit opened and back.
    h.open_ajj();
    press(&mut h, KeyCode::Char('/'));
    search(&mut h, "夜查");
    h.cmd(Cmd::Enter);
    assert!(matches!(h.model.screen(), Screen::Form(_)));
    press(&mut h, KeyCode::Esc);
    assert_eq!(search_state(&h).found.hits.len(), 1, "back on the hits");
    press(&mut h, KeyCode::Esc);
    assert!(
        matches!(h.model.screen(), Screen::Unit(u) if u.data.unit.id == "u-ajj"),
        "{:?}",
        h.model.screen().kind()
    );
}

#[test]
fn f3_keeps_a_value_that_does_not_fit_in_its_field() {
    let mut h = Harness::demo();
    h.open_ajj_registration();
    h.goto_item("fill_date", None);
    h.type_text("明天");
    press(&mut h, KeyCode::F(3));
    assert!(matches!(h.model.screen(), Screen::Form(_)));
    assert!(flash(&h).contains("填表日期"), "{}", flash(&h));
}

#[test]
fn a_unit_name_opens_the_units_screen() {
    let Data { mut h, .. } = data();
    let hits = search(&mut h, "县科技");
    assert_eq!(hits[0].place, Place::Unit, "{hits:#?}");
    assert_eq!(hits[0].unit, "u-kjj");
    h.cmd(Cmd::Enter);
    assert!(
        matches!(h.model.screen(), Screen::Unit(u) if u.data.unit.id == "u-kjj"),
        "{:?}",
        h.model.screen().kind()
    );
}

#[test]
fn hits_follow_a_pause_in_typing() {
    let Data { mut h, .. } = data();
    press(&mut h, KeyCode::F(3));
    h.type_text("夜查");
    assert!(search_state(&h).found.hits.is_empty());
    for _ in 0..2 {
        h.go(Action::Tick(fixed_clock()));
    }
    assert_eq!(search_state(&h).found.hits.len(), 1);
}

#[test]
fn hit_lines_name_places_in_words_never_ids() {
    let Data {
        mut h,
        interview,
        symposium,
    } = data();
    // Hits in units' baselines, registration rows, remarks and notes.
    for query in ["办公室", "人", "局长"] {
        search(&mut h, query);
        for (w, ht) in [(80, 24), (120, 40)] {
            let text = screen(&h, w, ht);
            for id in [
                interview.as_str(),
                symposium.as_str(),
                AJJ_REGISTRATION,
                "u-ajj",
                "u-kjj",
                "bodies[",
                "remarks[",
                "jgbz.",
                "[r0",
            ] {
                assert!(!text.contains(id), "{query}: {id} on screen:\n{text}");
            }
            assert!(text.contains('【'), "{query}: no match marked:\n{text}");
        }
    }
    let text = screen(&h, 80, 24);
    assert!(text.contains("发言摘要第1行·发言人"), "{text}");
    assert!(text.contains("张【局长】"), "{text}");
}

#[test]
fn search_screen_snapshot() {
    let Data { mut h, .. } = data();
    h.open_ajj();
    search(&mut h, "办公室");
    h.cmd(Cmd::Down);
    let text = screen(&h, 80, 24);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix("80x24");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "UUUUUUUU-UUUU-UUUU-UUUU-UUUUUUUUUUUU",
    );
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD");
    settings.add_filter(r"\d{2}:\d{2}:\d{2}", "HH:MM:SS");
    settings.bind(|| insta::assert_snapshot!("search", text));
}

#[test]
fn the_command_line_prints_where_and_the_id_to_show() {
    let k = common::Kaocha::demo("zh");
    let id = k.new_entry(
        "u-ajj",
        "jgbz.interview",
        "interviewee=王五 q4=执法大队借调２人",
    );
    let out = k.run(["search", "借调2"]).ok();
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with(&id))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(
        line.contains("县安监局 · 个别访谈 · 王五 · 4. 人员配备"),
        "{line}"
    );
    assert!(line.contains("执法大队【借调２】人"), "{line}");
    k.run(["entry", "show", &id]).ok();
    let json = k.run(["search", "正科级", "--json"]).ok().json();
    assert_eq!(json["hits"][0]["entry"], AJJ_REGISTRATION);
    assert_eq!(json["hits"][0]["label"], "机构规格");
    let none = k.run(["search", "zk"]).ok();
    assert!(none.stdout.contains("没有找到“zk”"), "{}", none.stdout);
}

#[test]
fn after_a_slow_search_only_enter_searches() {
    use kaocha::tui::action::{Loaded, SearchData};
    let Data { mut h, .. } = data();
    press(&mut h, KeyCode::F(3));
    h.go(Action::Loaded(Loaded::Search(Box::new(SearchData {
        query: String::new(),
        found: Default::default(),
        slow: true,
    }))));
    h.type_text("夜查");
    for _ in 0..4 {
        h.go(Action::Tick(fixed_clock()));
    }
    assert!(
        search_state(&h).found.hits.is_empty(),
        "searched while typing"
    );
    h.cmd(Cmd::Enter);
    assert_eq!(search_state(&h).found.hits.len(), 1);
}
