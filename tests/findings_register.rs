//! One source of truth for findings (issue 14, defect 7): every screen,
//! report and command counts and lists findings from the register, which
//! says where each stands — open (待确认), accepted (已采纳), out of date
//! (已变化, 已不成立), recorded by hand, dismissed (不采纳).

mod analysis_fixture;
#[path = "common/harness.rs"]
mod harness;

use analysis_fixture::{Fixture, build};
use harness::{Harness, buffer_text, draw, flash};
use kaocha::analysis::{Finding, FindingState};
use kaocha::domain::{Entry, Status};
use kaocha::report::{self, Format};
use kaocha::tui::action::{Cmd, Effect};
use kaocha::tui::model::Screen;

fn registration(f: &Fixture, unit: &str) -> Entry {
    f.ws.store
        .entries("fx-2024", Some(unit))
        .unwrap()
        .into_iter()
        .find(|e| e.form == "jgbz.registration" && e.status != Status::Deleted)
        .unwrap()
}

fn admin_finding(f: &Fixture) -> Finding {
    f.unit("u1")
        .findings
        .into_iter()
        .find(|x| x.rule == "overstaff_admin")
        .unwrap()
}

fn set_admin_actual(f: &Fixture, n: &str) {
    let reg = registration(f, "u1");
    let reason = (reg.status == Status::Final).then_some("核实后更正");
    f.ws.set_answers(&reg, &[("admin_actual".into(), n.into())], reason)
        .unwrap();
}

fn record(f: &Fixture, finding: &Finding, dismiss: Option<&str>) -> Entry {
    let unit = f.ws.unit(&f.campaign, "u1").unwrap();
    let form = f.ws.latest_form("findings").unwrap();
    f.ws.record_finding(&f.campaign, &unit, form, finding, dismiss)
        .unwrap()
}

#[test]
fn an_accepted_finding_warns_when_the_numbers_change_and_when_it_no_longer_holds() {
    let f = build();
    let found = admin_finding(&f);
    assert_eq!(found.state, FindingState::Open);
    assert_eq!(found.facts, "行政编制核定10名，实有12名，超编2名。");
    let entry = record(&f, &found, None);
    // The entry records the key and the facts; its basis names no key.
    assert_eq!(entry.finding.as_ref().unwrap().key, found.key);
    let basis = entry.answers["basis"].as_str().unwrap();
    assert!(
        !basis.contains(&found.key) && !basis.contains("overstaff"),
        "{basis}"
    );
    let a = f.unit("u1");
    let now = a.findings.iter().find(|x| x.key == found.key).unwrap();
    assert_eq!(now.state, FindingState::Accepted);
    assert_eq!(now.entry.as_deref(), Some(entry.id.as_str()));
    assert_eq!(a.findings.iter().filter(|x| x.key == found.key).count(), 1);

    set_admin_actual(&f, "13");
    let a = f.unit("u1");
    let now = a.findings.iter().find(|x| x.key == found.key).unwrap();
    assert_eq!(
        now.state,
        FindingState::Changed {
            now: "行政编制核定10名，实有13名，超编3名。".into()
        }
    );
    // What the entry says stays what the inspector wrote.
    assert_eq!(now.facts, found.facts);
    assert!(now.state.warning().unwrap().contains("实有13名"));

    set_admin_actual(&f, "10");
    let a = f.unit("u1");
    let now = a.findings.iter().find(|x| x.key == found.key).unwrap();
    assert_eq!(now.state, FindingState::Gone);
    assert!(now.state.is_recorded());
    // Still a 问题 until someone edits or deletes it, and said so.
    let s = f.summary();
    assert_eq!((s.units[0].findings_total, s.units[0].stale), (1, 1));
}

#[test]
fn a_dismissed_finding_counts_nowhere_until_its_facts_change() {
    let f = build();
    let found = admin_finding(&f);
    let before = f.summary();
    record(&f, &found, Some("编制调整文件已下达，尚未执行"));
    let a = f.unit("u1");
    assert!(a.findings.iter().all(|x| x.key != found.key));
    let gone = a.dismissed.iter().find(|x| x.key == found.key).unwrap();
    match &gone.state {
        FindingState::Dismissed { reason, by, .. } => {
            assert_eq!(reason, "编制调整文件已下达，尚未执行");
            assert_eq!(by, "测试员");
        }
        other => panic!("{other:?}"),
    }
    let after = f.summary();
    assert_eq!(after.open_total, before.open_total - 1);
    assert_eq!(after.findings_total, before.findings_total);
    // The unit report's 问题明细 leaves it out.
    let md = report_of(&f, "u1");
    assert!(!md.contains("行政编制核定10名，实有12名"), "{md}");
    assert!(md.contains("事业编制核定5名，实有7名"), "{md}");

    // Worse numbers are a new situation: open again.
    set_admin_actual(&f, "14");
    let a = f.unit("u1");
    let again = a.findings.iter().find(|x| x.key == found.key).unwrap();
    assert_eq!(again.state, FindingState::Open);
    assert!(a.dismissed.iter().all(|x| x.key != found.key));
}

fn report_of(f: &Fixture, unit: &str) -> String {
    let a = f.unit(unit);
    let bytes = report::unit_report(&f.campaign, &a, Format::Markdown, "2024-05-01 10:00").unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn the_report_shows_each_findings_state_and_an_out_of_date_warning() {
    let f = build();
    let found = admin_finding(&f);
    record(&f, &found, None);
    set_admin_actual(&f, "13");
    let md = report_of(&f, "u1");
    assert!(md.contains("行政编制超编（较重）·已变化"), "{md}");
    assert!(
        md.contains("自动发现现为“行政编制核定10名，实有13名，超编3名。”"),
        "{md}"
    );
    assert!(md.contains("事业编制超编（较重）·待确认"), "{md}");
    let s = f.summary();
    let campaign = String::from_utf8(
        report::campaign_report(&s, &f.units(), Format::Markdown, "2024-05-01 10:00").unwrap(),
    )
    .unwrap();
    assert!(
        campaign.contains(&format!(
            "问题清单记录问题 {} 个，另有自动发现待确认 {} 个",
            s.findings_total, s.open_total
        )),
        "{campaign}"
    );
    assert_eq!(s.findings_total, 1);
}

#[test]
fn the_command_lists_states_and_leaves_dismissed_ones_out_unless_asked() {
    let f = build();
    let found = admin_finding(&f);
    record(&f, &found, Some("借调人员已返回"));
    let dir = f._dir.path().to_path_buf();
    let Fixture { ws, _dir, .. } = f;
    drop(ws);
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaocha"))
            .arg("--data-dir")
            .arg(&dir)
            .args(["--lang", "zh", "findings", "--unit", "u1"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = run(&[]);
    assert!(
        plain.contains("〔待确认〕【超编·较重】事业编制核定5名"),
        "{plain}"
    );
    assert!(!plain.contains("行政编制核定10名"), "{plain}");
    assert!(!plain.contains("借调人员已返回"), "{plain}");
    let all = run(&["--dismissed"]);
    assert!(
        all.contains("〔不采纳〕【超编·较重】行政编制核定10名"),
        "{all}"
    );
    assert!(all.contains("理由：借调人员已返回（测试员）"), "{all}");
}

/// The rows of the 问题清单 screen as drawn.
fn findings_screen(h: &Harness) -> String {
    buffer_text(draw(&h.model, 120, 40).backend().buffer())
}

fn home_findings(h: &Harness, unit: &str) -> usize {
    h.app_home()
        .iter()
        .find(|u| u.unit.id == unit)
        .map(|u| u.findings)
        .unwrap()
}

trait HomeOf {
    fn app_home(&self) -> Vec<kaocha::tui::action::UnitSummary>;
}

impl HomeOf for Harness {
    fn app_home(&self) -> Vec<kaocha::tui::action::UnitSummary> {
        match &self.model.base {
            Screen::Home(h) => h.data.units.clone(),
            _ => panic!("no home"),
        }
    }
}

#[test]
fn home_unit_summary_and_findings_screens_agree() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Findings);
    let screen = findings_screen(&h);
    assert_eq!(screen.matches("〔自动·待确认〕").count(), 3, "{screen}");
    // Accept the first, dismiss the second with a reason.
    h.cmd(Cmd::Enter);
    assert!(matches!(h.model.screen(), Screen::Form(_)));
    h.cmd(Cmd::Back);
    assert!(matches!(h.model.screen(), Screen::Findings(_)));
    h.cmd(Cmd::Dismiss);
    h.type_text("两名借调人员已于上月返回原单位");
    h.cmd(Cmd::Enter);
    assert!(flash(&h).contains("不采纳"), "{}", flash(&h));
    let screen = findings_screen(&h);
    assert_eq!(screen.matches("〔自动·待确认〕").count(), 1, "{screen}");
    assert!(
        screen.contains("〔不采纳：两名借调人员已于上月返回原单位〕"),
        "{screen}"
    );
    // The accepted one shows once, as its entry, not again as automatic.
    assert_eq!(screen.matches("行政编制核定12名").count(), 0, "{screen}");

    // Home, unit screen and 汇总 say 1 问题 and 1 待确认.
    h.effect(Effect::LoadHome);
    assert_eq!(home_findings(&h, "u-ajj"), 1);
    h.cmd(Cmd::Back);
    h.effect(Effect::LoadUnit("u-ajj".into()));
    assert!(matches!(h.model.screen(), Screen::Unit(_)));
    let unit = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    let line = unit
        .lines()
        .find(|l| l.contains("问题清单"))
        .unwrap_or_else(|| panic!("{unit}"));
    assert!(line.contains("+1待确认"), "{line}");
    h.effect(Effect::LoadSummary);
    let Screen::Summary(s) = h.model.screen() else {
        panic!("no summary")
    };
    let row = s.data.rows.iter().find(|r| r.name == "县安监局").unwrap();
    assert_eq!((row.findings, row.open), (1, 1));
}

#[test]
fn a_dismissal_the_first_release_kept_on_the_laptop_becomes_one_that_travels() {
    let mut h = Harness::demo();
    let key = "mixed_posts:u-ajj:0190e1c4-3a00-7000-8000-00000000a001";
    h.app
        .ws
        .store
        .set_setting(
            &format!("dismissed:{key}"),
            serde_json::json!({"reason": "临时借调", "by": "测试员", "at": "2026-11-30T09:00:00+08:00"}),
        )
        .unwrap();
    h.open_ajj();
    h.cmd(Cmd::Findings);
    let screen = findings_screen(&h);
    assert!(screen.contains("〔不采纳：临时借调〕 混岗混编"), "{screen}");
    // Recorded as a deleted 问题清单 entry naming the finding, with the reason.
    let entries = h
        .app
        .ws
        .store
        .entries(kaocha::app::demo::CAMPAIGN_ID, Some("u-ajj"))
        .unwrap();
    let e = entries
        .iter()
        .find(|e| e.finding.as_ref().is_some_and(|f| f.key == key))
        .unwrap();
    assert_eq!(e.status, Status::Deleted);
    let revs = h.app.ws.store.revisions(&e.id).unwrap();
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].body.reason.as_deref(), Some("临时借调"));
}

#[test]
fn a_finding_opens_the_entry_it_rests_on_and_the_summary_opens_a_unit() {
    let mut h = Harness::demo();
    h.cmd(Cmd::Summary);
    // 县药监局 is the second row of 汇总; Enter opens its unit screen.
    h.cmd(Cmd::Down);
    h.cmd(Cmd::Enter);
    let Screen::Unit(u) = h.model.screen() else {
        panic!("no unit screen")
    };
    assert_eq!(u.data.unit.name, "县药监局");
    h.cmd(Cmd::Back);
    assert!(matches!(h.model.screen(), Screen::Summary(_)));
    // → on an automatic finding opens the registration it was found in.
    h.cmd(Cmd::Back);
    h.open_ajj();
    h.cmd(Cmd::Findings);
    h.cmd(Cmd::Right);
    assert_eq!(h.form().entry.id, harness::AJJ_REGISTRATION);
}

#[test]
fn a_recorded_finding_opens_even_when_its_unit_left_the_campaign() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.cmd(Cmd::Findings);
    h.cmd(Cmd::Enter); // accept: a 问题清单 entry that names the finding
    let id = h.form().entry.id.clone();
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Back);
    // A later plan no longer lists 县安监局.
    let ws = &h.app.ws;
    let mut campaign = (*ws.campaign().unwrap()).clone();
    campaign.units.retain(|u| u.id != "u-ajj");
    ws.store.put_campaign(&campaign).unwrap();
    h.effect(Effect::OpenEntry(id.clone()));
    assert_eq!(h.form().entry.id, id);
}
