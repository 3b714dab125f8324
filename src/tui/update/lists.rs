//! Keys on the list screens: first run, 首页, 单位, 问题清单, 帮助.

use super::super::action::{Action, Cmd, Effect, EntryRow, StageEntries, UnitSummary};
use super::super::chooser::ChooserFor;
use super::super::model::{
    Confirmed, FindingsState, HelpState, HomeState, InputFor, Model, PickFor, Popup, Screen,
    SummaryState, UnitLine, UnitState,
};
use super::back;
use crate::analysis::FindingState;
use crate::i18n;

/// The findings form every campaign uses.
pub const FINDINGS_FORM: &str = "findings";

/// Moves a selection in a list of `len` lines.
fn step(selected: &mut usize, len: usize, cmd: Cmd, page: usize) {
    let last = len.saturating_sub(1);
    *selected = match cmd {
        Cmd::Up => selected.saturating_sub(1),
        Cmd::Down => (*selected + 1).min(last),
        Cmd::PageUp => selected.saturating_sub(page),
        Cmd::PageDown => (*selected + page).min(last),
        Cmd::Home => 0,
        Cmd::End => last,
        _ => *selected,
    };
}

/// What a list key does besides effects, applied once the screen is no
/// longer borrowed.
enum Then {
    Nothing,
    Push(Box<Screen>),
    Popup(Box<Popup>),
    Back,
    Pop,
}

/// Handles a key on a list screen.
pub fn key(model: &mut Model, input: Action) -> Vec<Effect> {
    let page = usize::from(model.size.1.saturating_sub(6)).max(1);
    if matches!(input, Action::Cmd(Cmd::Undo)) && matches!(model.screen(), Screen::Unit(_)) {
        return match model.last_deleted.take() {
            Some(entry) => vec![Effect::SetStatus {
                entry,
                status: crate::domain::Status::Draft,
                reason: None,
            }],
            None => vec![],
        };
    }
    let Action::Cmd(cmd) = input else {
        return char_key(model, input);
    };
    let (effects, then) = list_cmd(model.screen_mut(), cmd, page);
    match then {
        Then::Nothing => effects,
        Then::Push(screen) => {
            model.stack.push(*screen);
            effects
        }
        Then::Popup(p) => {
            model.popup = Some(*p);
            effects
        }
        Then::Back => back(model),
        Then::Pop => {
            model.stack.pop();
            effects
        }
    }
}

fn moved(selected: &mut usize, len: usize, cmd: Cmd, page: usize) -> bool {
    if matches!(
        cmd,
        Cmd::Up | Cmd::Down | Cmd::PageUp | Cmd::PageDown | Cmd::Home | Cmd::End
    ) {
        step(selected, len, cmd, page);
        true
    } else {
        false
    }
}

/// A command on a list screen: the arrow and page keys move the selection;
/// other commands go to the screen's own handler.
fn list_cmd(screen: &mut Screen, cmd: Cmd, page: usize) -> (Vec<Effect>, Then) {
    match screen {
        Screen::FirstRun(s) => {
            if moved(&mut s.selected, FIRST_RUN_CHOICES, cmd, page) || cmd != Cmd::Enter {
                return (vec![], Then::Nothing);
            }
            first_run_choice(s.selected)
        }
        Screen::Home(h) => {
            if moved(&mut h.selected, h.data.units.len(), cmd, page) {
                return (vec![], Then::Nothing);
            }
            home_cmd(h, cmd)
        }
        Screen::Unit(u) => {
            let len = u.lines().len();
            if moved(&mut u.selected, len, cmd, page) {
                return (vec![], Then::Nothing);
            }
            unit_cmd(u, cmd)
        }
        Screen::Findings(f) => {
            let len = findings_rows(f);
            if moved(&mut f.selected, len, cmd, page) {
                return (vec![], Then::Nothing);
            }
            findings_cmd(f, cmd)
        }
        Screen::Help(h) => help_cmd(h, cmd, page),
        Screen::Summary(s) => {
            let rows = s.data.rows.len();
            if moved(&mut s.selected, rows, cmd, page) {
                return (vec![], Then::Nothing);
            }
            summary_cmd(s, cmd)
        }
        Screen::Form(_) | Screen::Quick(_) | Screen::Sync(_) | Screen::Search(_) => {
            (vec![], Then::Nothing)
        }
    }
}

/// 首页: open a unit, assign it to a team, edit it; the summary; a new
/// team or unit.
fn home_cmd(h: &HomeState, cmd: Cmd) -> (Vec<Effect>, Then) {
    let unit = h.data.units.get(h.selected);
    let popup = |p: Popup| (vec![], Then::Popup(Box::new(p)));
    match (cmd, unit) {
        (Cmd::Enter, Some(u)) => (vec![Effect::LoadUnit(u.unit.id.clone())], Then::Nothing),
        (Cmd::Assign, Some(u)) => popup(assign_popup(h, u)),
        (Cmd::Edit, Some(u)) => {
            let parent = u.unit.parent.as_deref().and_then(|p| {
                h.data
                    .units
                    .iter()
                    .find(|x| x.unit.id == p)
                    .map(|x| x.unit.name.as_str())
            });
            popup(unit_fields_popup(&u.unit, u.team.as_deref(), parent))
        }
        (Cmd::Summary, _) => (vec![Effect::LoadSummary], Then::Nothing),
        (Cmd::ImportUnits, _) => (
            vec![Effect::OpenChooser(ChooserFor::UnitList)],
            Then::Nothing,
        ),
        (Cmd::ImportRoster, _) => (vec![Effect::OpenChooser(ChooserFor::Roster)], Then::Nothing),
        (Cmd::SwitchCampaign, _) => (vec![Effect::NextCampaign], Then::Nothing),
        (Cmd::NewTeam, _) => popup(input_popup(
            i18n::ui_new_team_title(),
            i18n::ui_new_team_prompt(),
            "",
            InputFor::NewTeam,
        )),
        (Cmd::AddUnit, _) => popup(input_popup(
            i18n::ui_add_unit_title(),
            i18n::ui_add_unit_prompt(),
            "",
            InputFor::AddUnit,
        )),
        _ => (vec![], Then::Nothing),
    }
}

/// The campaign's teams to assign a unit to.
fn assign_popup(h: &HomeState, u: &UnitSummary) -> Popup {
    Popup::pick(
        i18n::ui_assign_title(&u.unit.name),
        h.data
            .campaign
            .teams
            .iter()
            .map(|t| (t.name.clone(), t.id.clone()))
            .collect(),
        PickFor::AssignTeam {
            unit: u.unit.id.clone(),
        },
    )
}

/// 问题清单: open an entry, accept or dismiss an automatic finding, a new
/// finding.
fn findings_cmd(f: &FindingsState, cmd: Cmd) -> (Vec<Effect>, Then) {
    let none = |e: Vec<Effect>| (e, Then::Nothing);
    match cmd {
        Cmd::Enter => match finding_at(f, f.selected) {
            Some(FindingLine::Entry(id)) => none(vec![Effect::OpenEntry(id)]),
            Some(FindingLine::Auto(a)) => none(vec![Effect::AcceptFinding {
                unit: f.data.unit.id.clone(),
                key: a.key.clone(),
            }]),
            _ => none(vec![]),
        },
        Cmd::Dismiss | Cmd::Delete => match finding_at(f, f.selected) {
            Some(FindingLine::Auto(a)) if a.state == FindingState::Open => (
                vec![],
                Then::Popup(Box::new(input_popup(
                    i18n::ui_dismiss_title(),
                    i18n::ui_dismiss_prompt(&a.category),
                    "",
                    InputFor::DismissReason {
                        unit: f.data.unit.id.clone(),
                        key: a.key.clone(),
                    },
                ))),
            ),
            _ => none(vec![]),
        },
        Cmd::Right => match finding_at(f, f.selected) {
            Some(FindingLine::Auto(a)) => {
                none(a.source.iter().cloned().map(Effect::OpenEntry).collect())
            }
            _ => none(vec![]),
        },
        Cmd::New => none(new_entry(&f.data.unit.id, FINDINGS_FORM)),
        Cmd::Back => (vec![], Then::Back),
        _ => none(vec![]),
    }
}

/// 帮助: scrolls; Esc or Enter closes it.
fn help_cmd(h: &mut HelpState, cmd: Cmd, page: usize) -> (Vec<Effect>, Then) {
    let page = page as u16;
    match cmd {
        Cmd::Up => h.scroll = h.scroll.saturating_sub(1),
        Cmd::Down => h.scroll = h.scroll.saturating_add(1),
        Cmd::PageUp => h.scroll = h.scroll.saturating_sub(page),
        Cmd::PageDown => h.scroll = h.scroll.saturating_add(page),
        Cmd::Home => h.scroll = 0,
        Cmd::Back | Cmd::Enter => return (vec![], Then::Pop),
        _ => {}
    }
    (vec![], Then::Nothing)
}

/// 汇总: ←/→ step through the charts; export the reports; Esc closes it.
fn summary_cmd(s: &mut SummaryState, cmd: Cmd) -> (Vec<Effect>, Then) {
    match cmd {
        Cmd::Left => s.chart = s.chart.saturating_sub(1),
        Cmd::Right | Cmd::Next => {
            s.chart = (s.chart + 1).min(s.data.charts.len().saturating_sub(1))
        }
        Cmd::Export => {
            return (
                vec![Effect::OpenChooser(ChooserFor::Reports)],
                Then::Nothing,
            );
        }
        Cmd::Enter => {
            if let Some(r) = s.data.rows.get(s.selected) {
                return (vec![Effect::LoadUnit(r.unit.clone())], Then::Nothing);
            }
        }
        Cmd::Back => return (vec![], Then::Pop),
        _ => {}
    }
    (vec![], Then::Nothing)
}

/// What the first-run screen offers: the demo, a plan bundle, a new campaign.
pub const FIRST_RUN_CHOICES: usize = 3;

fn first_run_choice(n: usize) -> (Vec<Effect>, Then) {
    match n {
        0 => (vec![Effect::SeedDemo], Then::Nothing),
        1 => (vec![Effect::LoadSync], Then::Nothing),
        _ => (
            vec![],
            Then::Popup(Box::new(input_popup(
                i18n::ui_new_campaign_title(),
                i18n::ui_new_campaign_prompt(),
                "",
                InputFor::NewCampaign,
            ))),
        ),
    }
}

/// A one-line input dialog.
pub fn input_popup(title: String, prompt: String, text: &str, then: InputFor) -> Popup {
    let mut input = ratatui_textarea::TextArea::new(vec![text.to_string()]);
    input.move_cursor(ratatui_textarea::CursorMove::End);
    Popup::Input {
        title,
        prompt,
        input: Box::new(input),
        then,
    }
}

/// The fields of a unit to choose from, with their current values as
/// people write them (正科级, not zk); the option carries the field's place
/// in `UnitField::EDITABLE` and that value, to edit.
fn unit_fields_popup(
    unit: &crate::domain::Unit,
    team: Option<&str>,
    parent: Option<&str>,
) -> Popup {
    use crate::domain::UnitField as F;
    let b = &unit.baseline;
    let n = |v: Option<u32>| v.map_or(String::new(), |n| n.to_string());
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    // A code (zk, full) as the name it stands for, which is also what the
    // edit box takes back.
    let named = |v: &Option<String>, codes: crate::domain::Codes| {
        v.as_deref()
            .map(|c| {
                crate::domain::code_name(codes, c).map_or_else(|| c.to_string(), str::to_string)
            })
            .unwrap_or_default()
    };
    let value = |field: F| match field {
        F::Name => unit.name.clone(),
        F::Team => team.unwrap_or_default().to_string(),
        F::Parent => parent.unwrap_or_default().to_string(),
        F::Level => named(&b.level, crate::domain::LEVELS),
        F::Funding => named(&b.funding, crate::domain::FUNDINGS),
        F::SandingDoc => text(&b.sanding_doc),
        F::AdminQuota => n(b.admin_quota),
        F::InstQuota => n(b.inst_quota),
        F::WorkerQuota => n(b.worker_quota),
        F::OtherQuota => n(b.other_quota),
        F::LeaderPosts => n(b.leader_posts),
        F::BodyLeaderPosts => n(b.body_leader_posts),
        F::NonleaderPosts => n(b.nonleader_posts),
        F::Bodies => n(b.bodies),
        F::BodyNames => b.body_names.join("、"),
        F::Functions => b.functions.join("、"),
    };
    Popup::pick(
        i18n::ui_edit_unit_title(&unit.name),
        F::EDITABLE
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let v = value(*f);
                (format!("{}：{v}", f.label()), format!("{i}\u{1f}{v}"))
            })
            .collect(),
        PickFor::UnitField {
            unit: unit.id.clone(),
        },
    )
}

/// 单位: edit the unit; act on the selected entry; step between stages;
/// new entries and quick entry; its findings.
fn unit_cmd(u: &mut UnitState, cmd: Cmd) -> (Vec<Effect>, Then) {
    let none = |e: Vec<Effect>| (e, Then::Nothing);
    let unit = u.data.unit.id.clone();
    match cmd {
        Cmd::Edit => (
            vec![],
            Then::Popup(Box::new(unit_fields_popup(
                &u.data.unit,
                u.data.team.as_deref(),
                u.data.parent.as_deref(),
            ))),
        ),
        Cmd::Approve | Cmd::Return | Cmd::Delete | Cmd::Clear => {
            match u.entry().and_then(|e| entry_popup(e, cmd)) {
                Some(p) => (vec![], Then::Popup(Box::new(p))),
                None => none(vec![]),
            }
        }
        Cmd::Next | Cmd::Prev => {
            jump_stage(u, cmd == Cmd::Next);
            none(vec![])
        }
        Cmd::Enter => none(unit_enter(u)),
        Cmd::New => none(
            u.stage()
                .map(|s| new_in_stage(&unit, s))
                .unwrap_or_default(),
        ),
        Cmd::Quick => none(
            u.data
                .stages
                .iter()
                .find(|s| s.quick)
                .map(|s| new_in_stage(&unit, s))
                .unwrap_or_default(),
        ),
        Cmd::Finalize => match u.stage().filter(|s| s.quick) {
            Some(s) => (
                vec![],
                Then::Popup(Box::new(finalize_complete_popup(&unit, s))),
            ),
            None => none(vec![]),
        },
        Cmd::Export => none(vec![Effect::OpenChooser(ChooserFor::UnitReport { unit })]),
        Cmd::Findings => (
            vec![Effect::LoadAuto(unit)],
            Then::Push(Box::new(Screen::Findings(FindingsState {
                data: u.data.clone(),
                selected: 0,
                auto: Vec::new(),
                stale: Vec::new(),
                gaps: Vec::new(),
            }))),
        ),
        Cmd::Back => (vec![], Then::Back),
        _ => none(vec![]),
    }
}

/// F9 on the questionnaire stage: finalise its complete drafts, asked first.
fn finalize_complete_popup(unit: &str, stage: &StageEntries) -> Popup {
    let drafts = stage
        .entries
        .iter()
        .filter(|e| e.status == crate::domain::Status::Draft)
        .count();
    Popup::Confirm {
        title: i18n::ui_finalize_complete_title(),
        body: vec![i18n::ui_finalize_complete_body(drafts)],
        on_yes: Confirmed::FinalizeComplete {
            unit: unit.to_string(),
            form: stage.stage.form.clone(),
            leave: false,
        },
    }
}

/// The dialog a command on an entry of the unit screen asks first:
/// approve it, return it with a comment, delete it.
fn entry_popup(e: &EntryRow, cmd: Cmd) -> Option<Popup> {
    Some(match cmd {
        // Only a final entry can be approved: said now, not after a yes.
        Cmd::Approve if e.status != crate::domain::Status::Final => Popup::Info {
            title: i18n::ui_approve_title(),
            body: vec![i18n::ui_approve_needs_final(&e.title)],
        },
        Cmd::Approve => Popup::Confirm {
            title: i18n::ui_approve_title(),
            body: vec![i18n::ui_approve_body(&e.title)],
            on_yes: Confirmed::Approve(e.id.clone()),
        },
        Cmd::Return => input_popup(
            i18n::ui_return_title(),
            i18n::ui_return_prompt(&e.title),
            "",
            InputFor::ReturnComment {
                entry: e.id.clone(),
            },
        ),
        Cmd::Delete | Cmd::Clear => Popup::Confirm {
            title: i18n::ui_delete_title(),
            body: vec![i18n::ui_delete_entry(&e.title)],
            on_yes: Confirmed::DeleteEntry(e.id.clone()),
        },
        _ => return None,
    })
}

/// Enter on the unit screen: opens the selected entry; on a stage heading,
/// starts its first entry (or quick entry), or steps into its entries.
fn unit_enter(u: &mut UnitState) -> Vec<Effect> {
    match (u.entry(), u.stage()) {
        (Some(e), _) => vec![Effect::OpenEntry(e.id.clone())],
        (None, Some(stage)) if stage.entries.is_empty() || stage.quick => {
            new_in_stage(&u.data.unit.id, stage)
        }
        (None, Some(_)) => {
            let len = u.lines().len();
            step(&mut u.selected, len, Cmd::Down, 1);
            vec![]
        }
        _ => vec![],
    }
}

/// A new entry of a stage's form; questionnaires open quick entry.
fn new_in_stage(unit: &str, stage: &StageEntries) -> Vec<Effect> {
    if stage.quick {
        vec![Effect::OpenQuick {
            unit: unit.to_string(),
            form: stage.stage.form.clone(),
        }]
    } else {
        new_entry(unit, &stage.stage.form)
    }
}

/// Letters and digits on list screens (the keymap already turned the
/// mapped letters into commands).
fn char_key(model: &mut Model, input: Action) -> Vec<Effect> {
    match (model.screen_mut(), input) {
        (Screen::FirstRun(_), Action::Char(c @ '1'..='3')) => {
            let (effects, then) = first_run_choice(c as usize - '1' as usize);
            if let Then::Popup(p) = then {
                model.popup = Some(*p);
            }
            effects
        }
        (Screen::Home(h), Action::Char(c)) if c.is_ascii_digit() => {
            let n = c.to_digit(10).unwrap_or(0) as usize;
            if let Some(u) = n.checked_sub(1).and_then(|i| h.data.units.get(i)) {
                h.selected = n - 1;
                return vec![Effect::LoadUnit(u.unit.id.clone())];
            }
            vec![]
        }
        _ => vec![],
    }
}

fn new_entry(unit: &str, form: &str) -> Vec<Effect> {
    vec![Effect::NewEntry {
        unit: unit.to_string(),
        form: form.to_string(),
    }]
}

/// Tab on the unit screen: to the next (or previous) stage heading.
fn jump_stage(u: &mut UnitState, forward: bool) {
    let lines = u.lines();
    let stages: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l, UnitLine::Stage(_)))
        .map(|(i, _)| i)
        .collect();
    let target = if forward {
        stages.iter().find(|&&i| i > u.selected).or(stages.first())
    } else {
        stages
            .iter()
            .rev()
            .find(|&&i| i < u.selected)
            .or(stages.last())
    };
    if let Some(&t) = target {
        u.selected = t;
    }
}

fn findings_stage(f: &FindingsState) -> Option<&super::super::action::StageEntries> {
    f.data.stages.iter().find(|s| s.stage.form == FINDINGS_FORM)
}

/// How many lines the findings screen lists: automatic ones, then entries.
pub fn findings_rows(f: &FindingsState) -> usize {
    f.auto.len() + findings_stage(f).map_or(0, |s| s.entries.len())
}

/// What a line of the findings screen is.
enum FindingLine<'a> {
    Auto(&'a super::super::action::AutoFinding),
    Entry(String),
}

fn finding_at(f: &FindingsState, i: usize) -> Option<FindingLine<'_>> {
    match f.auto.get(i) {
        Some(a) => Some(FindingLine::Auto(a)),
        None => findings_stage(f)?
            .entries
            .get(i - f.auto.len())
            .map(|e| FindingLine::Entry(e.id.clone())),
    }
}
