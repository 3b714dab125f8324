//! A real app on a temporary data dir driven through `dispatch`, and the
//! test terminal it is drawn on: what the screen tests share.
#![allow(dead_code)]

use kaocha::app::workspace::Workspace;
use kaocha::tui::action::{Action, Clock, Cmd, Effect};
use kaocha::tui::app::App;
use kaocha::tui::model::{FormState, Model, Row, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

/// The 县安监局 demo registration entry.
pub const AJJ_REGISTRATION: &str = "0190e1c4-3a00-7000-8000-00000000a001";

pub fn fixed_clock() -> Clock {
    Clock {
        date: "2013-11-26".into(),
        time: "10:32:05".into(),
    }
}

/// A real app on a temporary data dir, and the model it drives.
pub struct Harness {
    pub app: App,
    pub model: Model,
    pub dir: TempDir,
}

impl Harness {
    /// An empty data dir (first run), home loaded.
    pub fn empty() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap();
        let mut h = Harness {
            app: App::new(ws),
            model: Model::new((80, 24), fixed_clock()),
            dir,
        };
        h.effect(Effect::LoadHome);
        h
    }

    /// The demo campaign seeded, home loaded.
    pub fn demo() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap();
        kaocha::app::demo::seed(&ws.store).unwrap();
        let mut h = Harness {
            app: App::new(ws),
            model: Model::new((80, 24), fixed_clock()),
            dir,
        };
        h.effect(Effect::LoadHome);
        h
    }

    /// Performs an effect and dispatches what it loaded.
    pub fn effect(&mut self, effect: Effect) {
        for action in self.app.perform(effect) {
            self.go(action);
        }
    }

    pub fn go(&mut self, action: Action) {
        self.model.now = fixed_clock();
        kaocha::tui::dispatch(&mut self.model, &mut self.app, action);
    }

    pub fn cmd(&mut self, cmd: Cmd) {
        self.go(Action::Cmd(cmd));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.go(Action::Char(c));
        }
    }

    pub fn form(&self) -> &FormState {
        match self.model.screen() {
            Screen::Form(f) => f,
            other => panic!("not on the form screen: {:?}", other.kind()),
        }
    }

    /// Moves the form cursor down until it rests on `id` (in `row` when
    /// given).
    pub fn goto_item(&mut self, id: &str, row: Option<&str>) {
        for _ in 0..200 {
            let st = self.form();
            if let Some(Row::Item { id: i, row: r, .. }) = st.rows.get(st.cursor)
                && i == id
                && (row.is_none() || r.as_deref() == row)
            {
                return;
            }
            let before = st.cursor;
            self.cmd(Cmd::Down);
            assert_ne!(self.form().cursor, before, "stuck before {id}");
        }
        panic!("item {id} not reached");
    }

    /// Home → unit screen of 县安监局.
    pub fn open_ajj(&mut self) {
        self.effect(Effect::LoadUnit("u-ajj".into()));
        assert!(matches!(self.model.screen(), Screen::Unit(_)));
    }

    /// The demo registration of 县安监局 on the form screen.
    pub fn open_ajj_registration(&mut self) {
        self.open_ajj();
        self.effect(Effect::OpenEntry(AJJ_REGISTRATION.into()));
        assert_eq!(self.form().entry.id, AJJ_REGISTRATION);
    }
}

/// Draws the model on a `w`×`h` test terminal.
pub fn draw(model: &Model, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| kaocha::tui::view::render(model, f))
        .unwrap();
    terminal
}

/// The buffer as text, one line per row. A double-width symbol covers the
/// next cell; that hidden cell is left out so the text reads as on screen.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut hidden = 0usize;
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            line.push_str(symbol);
            hidden = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The message line's text (empty when none).
pub fn flash(h: &Harness) -> String {
    h.model
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}
