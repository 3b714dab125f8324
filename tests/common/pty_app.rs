//! A `kaocha` in a real pseudo-terminal (portable-pty) with its screen
//! emulated (vt100), and the CLI read-backs: what the PTY tests share.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_kaocha");
/// How long a screen may take to show what a step waits for.
pub const WAIT: Duration = Duration::from_secs(15);

pub const TAB: &str = "\t";
pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const F10: &str = "\x1b[21~";
pub const DOWN: &str = "\x1b[B";
pub const CTRL_DOWN: &str = "\x1b[1;5B";

/// The cursor position query some terminal libraries send at start.
pub const DSR: &[u8] = b"\x1b[6n";

pub fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is not zero")
}

pub fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// A `kaocha` running in a pty, its screen emulated.
pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Arc<Mutex<Box<dyn Write + Send>>>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, as written.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader thread when the pty reports end of output.
    pub eof: Arc<AtomicBool>,
    pub reader: Option<JoinHandle<()>>,
    /// Bytes sent to the app so far.
    pub sent: usize,
    pub cols: u16,
}

impl Tui {
    /// Starts `kaocha --data-dir DIR ARGS…` in a `rows`×`cols` pty.
    pub fn start(dir: &Path, args: &[&str], rows: u16, cols: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(size(rows, cols))
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--data-dir");
        cmd.arg(dir);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("KAOCHA_LANG", "zh");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("KAOCHA_DATA_DIR");
        if let Some(parent) = dir.parent() {
            cmd.cwd(parent);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn kaocha");
        // Our copy of the slave would keep the pty open after the child exits.
        drop(pair.slave);
        let master = pair.master;
        let mut reader = master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(master.take_writer().expect("pty writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let handle = {
            let (writer, parser, raw, eof) = (
                Arc::clone(&writer),
                Arc::clone(&parser),
                Arc::clone(&raw),
                Arc::clone(&eof),
            );
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let chunk = &buf[..n];
                            let queries = {
                                let mut raw = raw.lock().unwrap();
                                // Look for the query across chunk borders too.
                                let from = raw.len().saturating_sub(DSR.len() - 1);
                                raw.extend_from_slice(chunk);
                                raw[from..].windows(DSR.len()).filter(|w| *w == DSR).count()
                            };
                            parser.lock().unwrap().process(chunk);
                            for _ in 0..queries {
                                let mut w = writer.lock().unwrap();
                                let _ = w.write_all(b"\x1b[1;1R");
                                let _ = w.flush();
                            }
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Tui {
            child,
            master,
            writer,
            parser,
            raw,
            eof,
            reader: Some(handle),
            sent: 0,
            cols,
        }
    }

    /// Writes keys (or text) to the app.
    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).expect("write to the pty");
        w.flush().expect("flush the pty");
        self.sent += keys.len();
    }

    /// Esc, then a pause so that the next key is not read as Alt+key.
    pub fn esc(&mut self) {
        self.send(ESC);
        thread::sleep(Duration::from_millis(150));
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Row `row` of the screen from column `col`, `width` columns wide.
    pub fn row(&self, row: u16, col: u16, width: u16) -> String {
        self.parser
            .lock()
            .unwrap()
            .screen()
            .rows(col, width)
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Prints the screen when `KAOCHA_PTY_SHOW` is set (with `--nocapture`,
    /// to look at the real screens).
    pub fn show(&self, what: &str) {
        if std::env::var_os("KAOCHA_PTY_SHOW").is_some() {
            println!("===== {what} =====\n{}", self.screen());
            let name: String = what.chars().filter(char::is_ascii_alphanumeric).collect();
            let _ = std::fs::write(
                std::env::temp_dir().join(format!("kaocha-pty-{name}.raw")),
                &*self.raw.lock().unwrap(),
            );
        }
    }

    /// Waits until `pred` holds for the screen; fails with the screen.
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&Tui) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self) {
                return;
            }
            if start.elapsed() > timeout {
                panic!(
                    "timed out waiting for {what}; the screen shows:\n{}",
                    self.screen()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `text` is on the screen; returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), WAIT, |t| t.screen().contains(text));
        self.screen()
    }

    /// The first line of the form's detail pane (the current item's label),
    /// for a 100-column form screen: the outline is 40 columns wide, the
    /// detail pane's border is at column 40, its text starts at column 41.
    pub fn detail_label(&self) -> String {
        assert_eq!(self.cols, 100, "detail_label knows the 100-column layout");
        self.row(2, 41, 58).trim_end().to_string()
    }

    /// Waits until the detail pane shows the item `label` (with or without
    /// the required mark).
    pub fn wait_label(&self, label: &str) {
        self.wait_until(&format!("the item {label:?}"), WAIT, |t| {
            is_label(&t.detail_label(), label)
        });
    }

    /// The first two lines of the detail pane joined by a space: a label
    /// too long for one line wraps.
    pub fn detail_head(&self) -> String {
        format!("{} {}", self.detail_label(), self.row(3, 41, 58).trim_end())
    }

    /// Waits until the detail pane's label starts with `prefix` (for labels
    /// too long for one line).
    pub fn wait_label_prefix(&self, prefix: &str) {
        self.wait_until(&format!("an item starting {prefix:?}"), WAIT, |t| {
            t.detail_head().starts_with(prefix)
        });
    }

    /// Presses Tab until the detail pane shows `target`; every step waits
    /// for a whole label of `known` to be drawn, so a half-drawn frame is
    /// never mistaken for the next item.
    pub fn tab_to(&mut self, target: &str, known: &[String]) {
        let current = |t: &Tui| {
            let line = t.detail_label();
            known.iter().find(|l| is_label(&line, l)).cloned()
        };
        for _ in 0..40 {
            self.wait_until("a whole item label", WAIT, |t| current(t).is_some());
            let here = current(self).unwrap_or_default();
            if here == target {
                return;
            }
            self.send(TAB);
            self.wait_until(&format!("the item after {here:?}"), WAIT, |t| {
                current(t).is_some_and(|l| l != here)
            });
        }
        panic!("{target:?} not reached with Tab:\n{}", self.screen());
    }

    /// The time of "✓ 已保存 HH:MM:SS" in the top bar, if shown (whole).
    pub fn saved_time(&self) -> Option<String> {
        let top = self.row(0, 0, self.cols);
        let (_, rest) = top.split_once("已保存 ")?;
        let time: String = rest.chars().take(8).collect();
        let b = time.as_bytes();
        let ok = b.len() == 8
            && b[2] == b':'
            && b[5] == b':'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit());
        ok.then_some(time)
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Waits for the app to exit; returns its status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if start.elapsed() > WAIT {
                panic!("kaocha did not exit; the screen shows:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the app's output is read to its end; returns all of it.
    pub fn all_output(&mut self) -> Vec<u8> {
        let start = Instant::now();
        while !self.eof.load(Ordering::SeqCst) {
            if start.elapsed() > WAIT {
                panic!("the pty output did not end");
            }
            thread::sleep(Duration::from_millis(20));
        }
        if let Some(h) = self.reader.take() {
            h.join().expect("the reader thread");
        }
        self.raw.lock().unwrap().clone()
    }

    /// SIGKILL, as a crash or a pulled plug would end it. (portable-pty's
    /// `Child::kill` sends SIGHUP first and SIGKILL only if the process is
    /// still alive after a grace period, so it is not used here.)
    pub fn sigkill(&mut self) -> ExitStatus {
        let status = std::process::Command::new("kill")
            .args(["-KILL", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -KILL failed");
        self.wait_exit()
    }

    /// Whether the terminal no longer echoes what is typed (a passphrase
    /// prompt turned echo off).
    pub fn echo_off(&self) -> bool {
        self.master
            .get_termios()
            .is_some_and(|t| t.local_flags.bits() & libc::ECHO == 0)
    }

    /// Resizes the pty and the emulated screen together.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // Hold the parser while resizing so that output drawn for the new
        // size is never parsed at the old size.
        let mut parser = self.parser.lock().unwrap();
        parser.set_size(nz(rows), nz(cols));
        self.master
            .resize(size(rows, cols))
            .expect("resize the pty");
        self.cols = cols;
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &self.pid().to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}

/// Whether a detail line is `label`, alone or with its required mark.
pub fn is_label(line: &str, label: &str) -> bool {
    line == label
        || line
            .strip_prefix(label)
            .is_some_and(|r| r.starts_with("  ("))
}

/// A form definition from `forms/`.
pub fn form_json(id: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("forms")
        .join(format!("{id}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("read the form")).expect("form json")
}

/// Every item label of a form (repeat children too).
pub fn labels(form: &Value) -> Vec<String> {
    pub fn walk(items: &Value, out: &mut Vec<String>) {
        for item in items.as_array().into_iter().flatten() {
            if let Some(l) = item["label"].as_str() {
                out.push(l.to_string());
            }
            walk(&item["items"], out);
            walk(&item["children"], out);
        }
    }
    let mut out = Vec::new();
    for s in form["sections"].as_array().into_iter().flatten() {
        walk(&s["items"], &mut out);
    }
    out
}

/// The option values of a choice item, in order (digit n is the n-th).
pub fn option_values(form: &Value, id: &str) -> Vec<String> {
    pub fn find<'a>(items: &'a Value, id: &str) -> Option<&'a Value> {
        items.as_array()?.iter().find_map(|i| {
            if i["id"] == id {
                Some(i)
            } else {
                find(&i["items"], id)
            }
        })
    }
    let item = form["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|s| find(&s["items"], id))
        .unwrap_or_else(|| panic!("no item {id}"));
    item["options"]
        .as_array()
        .unwrap_or_else(|| panic!("{id} has no options"))
        .iter()
        .map(|o| o["value"].as_str().expect("option value").to_string())
        .collect()
}

/// Runs the CLI on a data dir; returns its JSON output.
pub fn cli_json(dir: &Path, args: &[&str]) -> Value {
    let out = std::process::Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("KAOCHA_LANG", "zh")
        .env_remove("KAOCHA_DATA_DIR")
        .output()
        .expect("run kaocha");
    assert!(
        out.status.success(),
        "kaocha {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "kaocha {args:?} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The entries of `form` at `unit`, as `entry list --json` lists them.
pub fn entries(dir: &Path, unit: &str, form: &str) -> Vec<Value> {
    let list = cli_json(dir, &["entry", "list", "--json"]);
    list.as_array()
        .expect("a list")
        .iter()
        .filter(|e| e["unit"] == unit && e["form"] == form)
        .cloned()
        .collect()
}

pub fn answers(dir: &Path, id: &str) -> serde_json::Map<String, Value> {
    let shown = cli_json(dir, &["entry", "show", id, "--json"]);
    shown["answers"].as_object().expect("answers").clone()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

pub fn data_dir(t: &tempfile::TempDir) -> PathBuf {
    t.path().join("data")
}

/// The demo's home screen, then unit `n` (1-based) opened with its digit.
pub fn demo_unit(dir: &Path, n: usize, unit_name: &str) -> Tui {
    let mut tui = Tui::start(dir, &["demo"], 30, 100);
    tui.wait_for("县人口和计划生育局");
    tui.send(&n.to_string());
    tui.wait_for("三定（核定）");
    tui.wait_for(&format!("{unit_name} · "));
    tui
}
