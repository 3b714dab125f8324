//! The top bar (breadcrumb, save state), the message line and the key bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::action::Cmd;
use super::super::keymap::{Key, KeyLine};
use super::super::model::{Model, Popup, SaveState, Screen, ScreenKind};
use super::super::update::minutes;
use super::text::{fit, width};
use crate::i18n;

fn breadcrumb(model: &Model) -> Vec<String> {
    let mut parts = vec![i18n::ui_app_name()];
    for screen in std::iter::once(&model.base).chain(model.stack.iter()) {
        match screen {
            Screen::Home(h) => parts.push(h.data.campaign.name.clone()),
            Screen::Unit(u) => parts.push(u.data.unit.name.clone()),
            Screen::Findings(_) => parts.push(i18n::ui_findings()),
            Screen::Form(f) => {
                if !parts.contains(&f.unit_name) {
                    parts.push(f.unit_name.clone());
                }
                parts.push(f.form.def.ui_title().to_string());
            }
            Screen::Quick(q) => {
                if !parts.contains(&q.unit.name) {
                    parts.push(q.unit.name.clone());
                }
                parts.push(i18n::ui_quick_title());
            }
            Screen::Help(_) => parts.push(i18n::ui_help()),
            Screen::Sync(_) => parts.push(i18n::ui_sync_title()),
            Screen::Summary(_) => parts.push(i18n::ui_summary_title()),
            Screen::Search(_) => parts.push(i18n::ui_search_title()),
            Screen::FirstRun(_) => {}
        }
    }
    parts
}

/// The breadcrumb in `room` columns: the campaign name (the longest part)
/// gives way first, so the current screen stays readable.
fn breadcrumb_in(model: &Model, room: usize) -> String {
    let mut parts = breadcrumb(model);
    let full = parts.join(" › ");
    if width(&full) <= room || parts.len() < 3 {
        return fit(&full, room);
    }
    let others = width(&full) - width(&parts[1]);
    parts[1] = fit(&parts[1], room.saturating_sub(others).max(4));
    fit(&parts.join(" › "), room)
}

/// The top line: where you are, and whether your work is saved.
pub fn top(model: &Model, frame: &mut Frame, area: Rect) {
    let (state, style) = match &model.save {
        SaveState::Idle => (String::new(), Style::default()),
        SaveState::Saving => (i18n::ui_saving(), Style::default().fg(Color::Yellow)),
        SaveState::Saved(t) => (i18n::ui_saved(t), Style::default().fg(Color::Green)),
        SaveState::Failed(why) => (
            i18n::ui_save_failed(why),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
    };
    let total = usize::from(area.width);
    let state = fit(&state, total / 2);
    let left = breadcrumb_in(model, total.saturating_sub(width(&state) + 1));
    let gap = total.saturating_sub(width(&left) + width(&state));
    let line = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(gap)),
        Span::styled(state, style),
    ]);
    frame.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

/// The message line: a flash, else the current field's problem.
pub fn status(model: &Model, frame: &mut Frame, area: Rect) {
    let problem = match model.screen() {
        Screen::Form(f) => f.problem.clone(),
        _ => None,
    };
    let (text, error) = match (&model.flash, problem) {
        (Some(f), _) => (f.text.clone(), f.error),
        (None, Some(p)) => (p, true),
        (None, None) => return,
    };
    let (mark, style) = if error {
        ("✗ ", Style::default().fg(Color::Red))
    } else {
        ("ℹ ", Style::default().fg(Color::Cyan))
    };
    let line = Line::from(Span::styled(
        fit(
            &format!("{mark}{}", text.replace('\n', " ")),
            usize::from(area.width),
        ),
        style,
    ));
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys of the current screen, as htop and mc show them: the key
/// reversed, a space, what it does, a space (`Enter open`, `F1 帮助`).
pub fn keys(model: &Model, frame: &mut Frame, area: Rect) {
    let pairs = key_pairs(model);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, what) in pairs {
        // The key, a space, what it does and a space (the last one's may
        // overhang).
        let w = width(&key) + width(&what) + 2;
        if used + w - 1 > usize::from(area.width) {
            // What does not fit gives way; shorter ones after it may fit.
            continue;
        }
        spans.push(Span::styled(
            key,
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!(" {what} ")));
        used += w;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys worth showing now, most useful first, as the keymap has them.
pub fn key_pairs(model: &Model) -> Vec<(String, String)> {
    use Cmd::*;
    use Key::{All, First, Text};
    use i18n::*;
    let rows: Vec<KeyLine> = if let Some(popup) = &model.popup {
        match popup {
            Popup::Info { .. } => vec![(&[All(Enter), All(Back)], "/", k_close())],
            Popup::History(_) => vec![
                (&[All(Up), All(Down)], "", k_scroll()),
                (&[First(Next)], "/", k_switch_view()),
                (&[All(Back)], "/", k_close()),
            ],
            Popup::Page(_) => vec![
                (&[All(Up), All(Down)], "", k_scroll()),
                (&[All(Back)], "/", k_close()),
            ],
            Popup::Attach(d) if matches!(**d, crate::tui::attach::Dialog::List { .. }) => vec![
                (&[All(Enter), All(OpenFile)], "/", k_open()),
                (&[All(Edit)], "/", k_caption()),
                (&[All(Delete), All(Dismiss)], "/", k_remove()),
                (&[First(New)], "/", k_attach()),
                (&[All(Back)], "/", k_close()),
            ],
            Popup::Issues { .. } => vec![
                (&[All(Up), All(Down)], "", k_choose()),
                (&[All(Enter)], "/", k_go_to()),
                (&[All(Back)], "/", k_close()),
            ],
            _ => vec![
                (&[All(Enter)], "/", k_confirm()),
                (&[All(Back)], "/", k_cancel()),
            ],
        }
    } else {
        match model.screen().kind() {
            ScreenKind::FirstRun => vec![
                (&[All(Enter)], "/", k_open()),
                (&[First(Help)], "/", k_help()),
                (&[First(Quit)], "/", k_quit()),
            ],
            ScreenKind::Home => vec![
                (&[All(Up), All(Down)], "", k_move()),
                (&[All(Enter)], "/", k_open()),
                (&[First(Help)], "/", k_help()),
                (&[First(Quit)], "/", k_quit()),
                (&[All(Summary)], "/", k_summary()),
                (&[All(Edit)], "/", k_edit()),
                (&[All(Assign)], "/", k_assign()),
                (&[All(NewTeam)], "/", k_new_team()),
                (&[All(AddUnit)], "/", k_add_unit()),
                (&[All(ImportUnits)], "/", k_import_units()),
                (&[All(ImportRoster)], "/", k_import_roster()),
            ],
            ScreenKind::Unit => {
                // Most needed first: at 80 columns the last ones give way.
                let mut rows: Vec<KeyLine> = vec![
                    (&[All(Enter)], "/", k_open()),
                    (&[First(New)], "/", k_new()),
                    (&[All(Back)], "/", k_back()),
                    (&[First(Next)], "/", k_next_stage()),
                    (&[All(Edit)], "/", k_edit()),
                    (&[All(Approve)], "/", k_approve()),
                    (&[All(Return)], "/", k_return()),
                    (&[First(Help)], "/", k_help()),
                    (&[All(Quick)], "/", k_quick()),
                ];
                // On the questionnaire stage F9 finalises the complete ones.
                if matches!(model.screen(), Screen::Unit(u) if u.stage().is_some_and(|s| s.quick)) {
                    rows.push((&[All(Finalize)], "/", k_finalize_complete()));
                }
                rows.extend(unit_more_keys());
                rows
            }
            ScreenKind::Findings => vec![
                (&[All(Enter)], "/", k_open()),
                (&[All(New)], "/", k_new()),
                (&[All(Dismiss)], "/", k_dismiss()),
                (&[All(Back)], "/", k_back()),
                (&[First(Help)], "/", k_help()),
            ],
            ScreenKind::Form => {
                let mut rows = minutes_keys(model);
                rows.extend(attach_keys(model));
                rows.extend(form_keys());
                rows
            }
            ScreenKind::Quick if on_open_question(model) => vec![
                (&[All(Enter)], "/", k_save_questionnaire()),
                (&[All(Backspace)], "/", k_go_back()),
                (&[All(Back)], "/", k_finish()),
                (&[First(Help)], "/", k_help()),
            ],
            ScreenKind::Quick => vec![
                (&[Text("1-9")], "/", k_answer()),
                (&[Text("0")], "/", k_no_answer()),
                (&[All(Backspace)], "/", k_go_back()),
                (&[All(Back)], "/", k_finish()),
                (&[First(Help)], "/", k_help()),
            ],
            ScreenKind::Help => vec![
                (&[All(Up), All(Down)], "", k_scroll()),
                (&[All(Back)], "/", k_back()),
            ],
            ScreenKind::Summary => vec![
                (&[All(Up), All(Down)], "", k_move()),
                (&[All(Left), All(Right)], " ", k_jump()),
                (&[All(Export)], "/", k_export()),
                (&[All(Back)], "/", k_back()),
                (&[First(Help)], "/", k_help()),
            ],
            ScreenKind::Search => vec![
                (&[All(Enter)], "/", k_run_search()),
                (&[All(Up), All(Down)], "", k_move()),
                (&[All(Back)], "/", k_back()),
                (&[First(Help)], "/", k_help()),
                (&[All(Clear)], "/", k_clear()),
            ],
            ScreenKind::Sync => vec![
                (&[All(Up), All(Down)], "", k_move()),
                (&[All(Enter)], "/", k_run()),
                (&[Text("Space")], "/", k_toggle()),
                (&[All(Back)], "/", k_back()),
                (&[First(Help)], "/", k_help()),
            ],
        }
    };
    model.keymap.lines(rows, model.mode())
}

/// The keys of the form screen.
fn form_keys() -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::{All, First};
    use i18n::*;
    vec![
        (&[First(Next)], "/", k_next_item()),
        (&[All(Back)], "/", k_back()),
        (&[First(Help)], "/", k_help()),
        (&[All(Finalize)], "/", k_finalize()),
        (&[All(Clear)], "/", k_clear()),
        (&[All(Undo)], "/", k_undo()),
        (&[All(JumpPrev), All(JumpNext)], "", k_jump()),
        (&[First(Quit)], "/", k_quit()),
        // Where the bar is wide enough.
        (&[First(NextRequired)], "/", k_next_required()),
        (&[First(History)], "/", k_history()),
        (&[First(Page)], "/", k_page()),
    ]
}

/// In the table of a meeting's live minutes: Enter records a remark (on
/// one), F6 changes the speaker, `#标签` ticks a finding tag.
fn minutes_keys(model: &Model) -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::{All, Text};
    use i18n::*;
    let Screen::Form(st) = model.screen() else {
        return vec![];
    };
    let Some(on_remark) = minutes::cursor_in(st) else {
        return vec![];
    };
    let mut rows: Vec<KeyLine<'static>> = Vec::new();
    if on_remark {
        rows.push((&[All(Enter)], "/", k_record_remark()));
    }
    rows.push((&[All(NextSpeaker)], "/", k_next_speaker()));
    rows.push((&[Text("#")], "", k_tag()));
    rows
}

/// On a `photo` or `file` item: Enter attaches, → lists the files.
fn attach_keys(model: &Model) -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::All;
    use i18n::*;
    let Screen::Form(st) = model.screen() else {
        return vec![];
    };
    let on_files = match st.rows.get(st.cursor) {
        Some(super::super::model::Row::Item { id, .. }) => {
            st.form.item(id).is_some_and(|i| i.is_attachment())
        }
        _ => false,
    };
    if !on_files {
        return vec![];
    }
    vec![
        (&[All(Enter)], "/", k_attach()),
        (&[All(Right)], "/", k_list()),
    ]
}

/// The unit screen's keys after quick entry.
fn unit_more_keys() -> Vec<KeyLine<'static>> {
    use Cmd::*;
    use Key::First;
    use i18n::*;
    vec![
        (&[First(Findings)], "/", k_findings()),
        (&[First(Delete)], "/", k_delete()),
        (&[First(Export)], "/", k_unit_report()),
    ]
}

/// Whether quick entry is on its open (typed) question.
fn on_open_question(model: &Model) -> bool {
    matches!(model.screen(), Screen::Quick(q) if super::super::update::quick_is_text(q, q.pos))
}
