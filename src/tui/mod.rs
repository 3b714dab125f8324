//! The terminal app: a synchronous loop (crossterm events, no async), a
//! `Model` changed only by the pure `update`, effects performed by `App`,
//! views that draw the model. See ARCHITECTURE.md, "The TUI".

pub mod action;
pub mod app;
pub mod attach;
mod burst;
pub mod chooser;
#[cfg(windows)]
mod console_close;
pub mod history;
mod insight;
pub mod keymap;
pub mod model;
pub mod mouse;
pub mod page;
pub mod popup;
pub mod row;
pub mod update;
pub mod view;

use std::collections::VecDeque;
use std::io::stdout;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use action::{Action, Clock, Effect};
use app::App;
use keymap::Keymap;
use model::Model;

use crate::app::workspace::Workspace;
use crate::i18n;

/// How often the loop ticks, keys or not (autosave, the draft of what is
/// being typed, the clock): a kill loses at most this much typing.
const TICK: Duration = Duration::from_millis(250);

/// The local clock.
pub fn clock() -> Clock {
    let now = jiff::ZonedDateTime::now();
    Clock {
        date: now.strftime("%Y-%m-%d").to_string(),
        time: now.strftime("%H:%M:%S").to_string(),
    }
}

/// Runs every action to completion: update, perform its effects, feed their
/// results back, until nothing is left.
pub fn dispatch(model: &mut Model, app: &mut App, action: Action) {
    dispatch_showing(model, app, action, &mut |_| {});
}

/// `dispatch`, calling `show` (the loop draws the screen) before an effect
/// that may take long, with the message line saying what is being done
/// (`Effect::busy_text`); that line goes once the effect is done, unless
/// what it led to put another there.
pub fn dispatch_showing(
    model: &mut Model,
    app: &mut App,
    action: Action,
    show: &mut dyn FnMut(&Model),
) {
    let mut queue = VecDeque::from([action]);
    while let Some(a) = queue.pop_front() {
        for effect in update::update(model, a) {
            let busy = effect.busy_text();
            if let Some(text) = &busy {
                model.flash = Some(model::Flash {
                    text: text.clone(),
                    error: false,
                });
                show(model);
            }
            let actions = app.perform(effect);
            if busy.is_some() && model.flash.as_ref().map(|f| &f.text) == busy.as_ref() {
                model.flash = None;
            }
            queue.extend(actions);
        }
    }
}

/// Most events read in one burst (a long paste comes in several).
const MAX_BURST: usize = 4096;

/// Largest `keys.json` read (a few hundred bindings fit in a tenth of it).
const MAX_KEYS_FILE: u64 = 64 * 1024;

/// The keymap: defaults, with `keys.json` of the data dir merged over them.
/// A broken file is reported and ignored.
pub fn load_keymap(ws: &Workspace) -> (Keymap, Option<String>) {
    let path = ws.store.dir().join("keys.json");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_KEYS_FILE) {
        return (
            Keymap::default(),
            Some(i18n::ui_keys_broken(&i18n::ui_keys_too_large())),
        );
    }
    match std::fs::read_to_string(&path) {
        Err(_) => (Keymap::default(), None),
        Ok(text) => match Keymap::with_overrides(&text) {
            Ok((k, bad)) if bad.is_empty() => (k, None),
            Ok((k, bad)) => (k, Some(i18n::ui_keys_ignored(&bad.join(", ")))),
            Err(e) => (Keymap::default(), Some(i18n::ui_keys_broken(&e))),
        },
    }
}

/// Restores the terminal however the loop ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
        #[cfg(windows)]
        console_close::finished();
    }
}

/// Opens the terminal app on a workspace (already opened, so a locked data
/// dir was reported before the terminal is touched).
pub fn run(ws: Workspace) -> Result<(), String> {
    let (keymap, keymap_problem) = load_keymap(&ws);
    // Copies opened in a session before are not kept (`app::open`).
    crate::app::open::clear_copies(ws.store.dir());
    let mut app = App::new(ws);
    let mut terminal = ratatui::try_init().map_err(|e| i18n::ui_no_terminal(&e.to_string()))?;
    let _restore = Restore;
    let _ = execute!(stdout(), EnableBracketedPaste, EnableMouseCapture);
    let size = terminal.size().map_err(|e| e.to_string())?;
    let mut model = Model::new((size.width, size.height), clock());
    model.keymap = keymap;
    dispatch(&mut model, &mut app, Action::Tick(clock()));
    for action in app.perform(Effect::LoadHome) {
        dispatch(&mut model, &mut app, action);
    }
    if let Some(problem) = keymap_problem {
        model.flash = Some(model::Flash {
            text: problem,
            error: true,
        });
    }
    if let Some(d) = crate::app::draft::take(app.ws.store.dir()) {
        for action in app.perform(Effect::RestoreDraft(d)) {
            dispatch(&mut model, &mut app, action);
        }
    }
    let closing = closing_signals();
    let mut next_tick = Instant::now() + TICK;
    loop {
        if model.quit {
            // A last tick leaves the draft file matching what is unsaved.
            dispatch(&mut model, &mut app, Action::Tick(clock()));
            return Ok(());
        }
        if closing.load(Ordering::Relaxed) {
            return close(&mut model, &mut app, None);
        }
        let step = (|| -> std::io::Result<()> {
            terminal.draw(|f| view::render(&model, f))?;
            let wait = next_tick.saturating_duration_since(Instant::now());
            if event::poll(wait)? {
                // Everything already waiting: a paste that came as keys is
                // one burst (`burst`).
                let mut events = vec![event::read()?];
                while events.len() < MAX_BURST && event::poll(Duration::ZERO)? {
                    events.push(event::read()?);
                }
                let actions =
                    burst::actions(events, &model.keymap, model.mode(), model.takes_paste());
                for a in actions {
                    model.now = clock();
                    dispatch_showing(&mut model, &mut app, a, &mut |m| {
                        let _ = terminal.draw(|f| view::render(m, f));
                    });
                }
            }
            Ok(())
        })();
        if let Err(e) = step {
            // The terminal is gone (closed, hung up): keep what was typed.
            return close(&mut model, &mut app, Some(e.to_string()));
        }
        if Instant::now() >= next_tick {
            dispatch(&mut model, &mut app, Action::Tick(clock()));
            next_tick = Instant::now() + TICK;
        }
    }
}

/// The terminal closes under the app: what is typed is saved if it can be,
/// else left in the draft for the next start; nothing is asked.
fn close(model: &mut Model, app: &mut App, error: Option<String>) -> Result<(), String> {
    dispatch(model, app, Action::Closing);
    // The tick keeps or clears the draft to match what is left unsaved.
    dispatch(model, app, Action::Tick(clock()));
    error.map_or(Ok(()), Err)
}

/// A flag raised when the terminal hangs up or the app is told to stop
/// (SIGHUP, SIGTERM; on Windows the console closing, `console_close`); the
/// loop then closes as above. Against anything else (SIGKILL, power loss)
/// the draft, kept every tick, is what survives.
fn closing_signals() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
    }
    #[cfg(windows)]
    console_close::watch(Arc::clone(&flag));
    flag
}
