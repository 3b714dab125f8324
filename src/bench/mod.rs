//! `kaocha bench`: generates synthetic campaigns and prints one JSON line
//! per figure (`{"figure", "entries", "value", "unit"}`): keystroke → frame
//! on the form screen (in-process, 120×40 TestBackend), start-up to first
//! frame, durable save latency, export and import of every revision, database
//! size per entry, and peak memory of the app (measured in a child process).
//! Timings live here, never in tests.

pub mod generate;

use std::path::{Path, PathBuf};
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::Serialize;

use kaocha::app::workspace::Workspace;
use kaocha::cli::BenchRequest;
use kaocha::store::Store;
use kaocha::sync::{export, import};
use kaocha::tui::action::{Action, Clock, Effect};
use kaocha::tui::app::App;
use kaocha::tui::model::Model;
use kaocha::tui::{dispatch, view};

/// One measured figure.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub figure: String,
    pub entries: usize,
    pub value: f64,
    pub unit: &'static str,
}

fn fig(figure: &str, entries: usize, value: f64, unit: &'static str) -> Figure {
    Figure {
        figure: figure.into(),
        entries,
        value: (value * 1000.0).round() / 1000.0,
        unit,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn clock() -> Clock {
    Clock {
        date: "2013-11-26".into(),
        time: "10:32:05".into(),
    }
}

fn dir_size(path: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(path) else {
        return std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    };
    rd.filter_map(Result::ok).map(|e| dir_size(&e.path())).sum()
}

/// Peak resident memory of this process in MiB (Linux; 0 elsewhere).
pub fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Opens the app on a data dir, draws the first frame; returns the app,
/// the model, the terminal and the time it took.
fn start(dir: &Path) -> Result<(App, Model, Terminal<TestBackend>, [f64; 3]), String> {
    let t0 = Instant::now();
    let ws = Workspace::open(dir, Some("基准".into())).map_err(|e| e.to_string())?;
    let opened = t0.elapsed().as_secs_f64() * 1000.0;
    let mut app = App::new(ws);
    let mut model = Model::new((120, 40), clock());
    for a in app.perform(Effect::LoadHome) {
        dispatch(&mut model, &mut app, a);
    }
    let loaded = t0.elapsed().as_secs_f64() * 1000.0;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).map_err(|e| e.to_string())?;
    terminal
        .draw(|f| view::render(&model, f))
        .map_err(|e| e.to_string())?;
    let drawn = t0.elapsed().as_secs_f64() * 1000.0;
    Ok((app, model, terminal, [opened, loaded, drawn]))
}

/// The first generated interview of the first unit (what both the timed
/// typing and the memory probe type into).
fn first_interview(app: &App) -> Result<kaocha::domain::Entry, String> {
    app.ws
        .store
        .entries(generate::CAMPAIGN, Some("u00000"))
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|e| e.form == "jgbz.interview")
        .ok_or_else(|| "no interview generated".to_string())
}

/// The child-process probe: open the app (timed, in a fresh process), fill
/// a form; returns start-up to first frame (ms) and peak RSS (MiB).
pub fn probe(dir: &Path) -> Result<(f64, f64), String> {
    let (mut app, mut model, mut terminal, [_, _, startup]) = start(dir)?;
    let entry = first_interview(&app)?;
    for a in app.perform(Effect::OpenEntry(entry.id)) {
        dispatch(&mut model, &mut app, a);
    }
    for c in "办公室人员紧张，长期借调两人。".chars().cycle().take(200) {
        dispatch(&mut model, &mut app, Action::Char(c));
        terminal
            .draw(|f| view::render(&model, f))
            .map_err(|e| e.to_string())?;
    }
    Ok((startup, peak_rss_mib()))
}

/// Runs every figure for `n` entries in a fresh folder under `base`.
pub fn run(base: &Path, n: usize, units: usize, out: &mut dyn FnMut(Figure)) -> Result<(), String> {
    let dir = base.join(format!("bench-{n}"));
    let hq = base.join(format!("bench-{n}-hq"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&hq);
    {
        let store = Store::open(&dir).map_err(|e| e.to_string())?;
        let t = Instant::now();
        generate::generate(&store, n, units).map_err(|e| e.to_string())?;
        out(fig("generate", n, t.elapsed().as_secs_f64(), "s"));
    }
    out(fig(
        "db_bytes_per_entry",
        n,
        (dir_size(&dir.join("db")) + dir_size(&dir.join("journal"))) as f64 / n.max(1) as f64,
        "bytes",
    ));

    let (mut app, mut model, mut terminal, [opened, loaded, startup]) = start(&dir)?;
    out(fig("startup_open_store", n, opened, "ms"));
    out(fig("startup_load_home", n, loaded - opened, "ms"));
    out(fig("startup_to_first_frame", n, startup, "ms"));
    let entry = first_interview(&app)?;
    keystrokes(n, &entry, &mut app, &mut model, &mut terminal, out)?;
    saves(n, &entry, &app, out)?;
    searches(n, &app, out)?;
    let bundle = base.join(format!("bench-{n}.json"));
    let fp = export_all(&app, &bundle, out)?;
    drop(app);
    import_at_hq(units, &hq, &bundle, fp, out)?;
    probe_memory(n, &dir, out);
    Ok(())
}

/// Keystroke → frame: types into an interview's long answer.
fn keystrokes(
    n: usize,
    entry: &kaocha::domain::Entry,
    app: &mut App,
    model: &mut Model,
    terminal: &mut Terminal<TestBackend>,
    out: &mut dyn FnMut(Figure),
) -> Result<(), String> {
    for a in app.perform(Effect::OpenEntry(entry.id.clone())) {
        dispatch(model, app, a);
    }
    for _ in 0..12 {
        dispatch(model, app, Action::Cmd(kaocha::tui::action::Cmd::JumpNext));
    }
    let mut times = Vec::new();
    for c in "办公室人员紧张，长期借调两人，综合协调股只有一人在岗。"
        .chars()
        .cycle()
        .take(2_000)
    {
        let t = Instant::now();
        dispatch(model, app, Action::Char(c));
        terminal
            .draw(|f| view::render(model, f))
            .map_err(|e| e.to_string())?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    out(fig(
        "keystroke_to_frame_p50",
        n,
        percentile(&times, 0.5),
        "ms",
    ));
    out(fig(
        "keystroke_to_frame_p99",
        n,
        percentile(&times, 0.99),
        "ms",
    ));
    Ok(())
}

/// Search of the whole campaign (F3, `kaocha search`), median of three:
/// Chinese text found nowhere (every stored entry is looked at; those that
/// cannot hold it are not decoded), a Latin text found nowhere (every
/// entry is decoded and every answer folded: the worst case), and a
/// common word (the limit of hits is reached early).
fn searches(n: usize, app: &App, out: &mut dyn FnMut(Figure)) -> Result<(), String> {
    for (figure, text) in [
        ("search_chinese_no_hit", "无此词语"),
        ("search_latin_no_hit", "ＸＹＺ９"),
        ("search_common_word", "人员"),
    ] {
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            app.ws
                .search(text, kaocha::analysis::search::MAX_HITS)
                .map_err(|e| e.for_screen())?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        out(fig(figure, n, percentile(&times, 0.5), "ms"));
    }
    Ok(())
}

/// Durable saves of one answer.
fn saves(
    n: usize,
    entry: &kaocha::domain::Entry,
    app: &App,
    out: &mut dyn FnMut(Figure),
) -> Result<(), String> {
    let mut head = app.ws.find_entry(&entry.id).map_err(|e| e.to_string())?;
    let mut saves = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        head = app
            .ws
            .set_answers(&head, &[("q9".into(), (i % 5 + 1).to_string())], None)
            .map_err(|e| e.to_string())?;
        saves.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    saves.sort_by(f64::total_cmp);
    out(fig("save_p50", n, percentile(&saves, 0.5), "ms"));
    out(fig("save_p99", n, percentile(&saves, 0.99), "ms"));
    Ok(())
}

/// Exports every revision to `bundle`; returns the signer's fingerprint.
fn export_all(app: &App, bundle: &Path, out: &mut dyn FnMut(Figure)) -> Result<String, String> {
    let t = Instant::now();
    let e = export::results(&app.ws.store, &app.ws.author.person, bundle, false, false)
        .map_err(|e| e.to_string())?;
    out(fig(
        "export",
        e.counts.revisions,
        t.elapsed().as_secs_f64(),
        "s",
    ));
    Ok(e.fingerprint)
}

/// Imports the bundle at a fresh HQ that enrols its signer.
fn import_at_hq(
    units: usize,
    hq: &Path,
    bundle: &Path,
    fp: String,
    out: &mut dyn FnMut(Figure),
) -> Result<(), String> {
    let hq_ws = Workspace::open(hq, Some("考核委".into())).map_err(|e| e.to_string())?;
    hq_ws
        .store
        .put_campaign(&generate::campaign(units))
        .map_err(|e| e.to_string())?;
    let bytes = std::fs::read(bundle).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let r = import::import(
        &hq_ws.store,
        &bytes,
        &import::Options {
            trust: vec![fp],
            teams: vec!["t1".into()],
            ..import::Options::default()
        },
    )
    .map_err(|e| e.to_string())?;
    out(fig(
        "import",
        r.revisions_new,
        t.elapsed().as_secs_f64(),
        "s",
    ));
    Ok(())
}

/// Peak memory of the app alone, in a child process (`bench --probe`).
fn probe_memory(n: usize, dir: &Path, out: &mut dyn FnMut(Figure)) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let probe = std::process::Command::new(exe)
        .arg("bench")
        .arg("--probe")
        .arg(dir)
        .output();
    let text = probe
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    let mut nums = text
        .split_whitespace()
        .filter_map(|s| s.parse::<f64>().ok());
    if let (Some(ms), Some(mib)) = (nums.next(), nums.next()) {
        out(fig("startup_to_first_frame_fresh_process", n, ms, "ms"));
        out(fig("peak_rss", n, mib, "MiB"));
    }
}

/// Prepares a fresh HQ data dir for importing a bench bundle: the bench
/// campaign, and trust in the bundle's signing key.
pub fn prepare_hq(dir: &Path, bundle: &Path) -> Result<(), String> {
    let bytes = std::fs::read(bundle).map_err(|e| e.to_string())?;
    let env = kaocha::sync::bundle::open(&bytes).map_err(|e| e.to_string())?;
    // The units the bundle's entries are of (`u00000` …, numbered).
    let payload = kaocha::sync::bundle::payload(&env).map_err(|e| e.to_string())?;
    let units = payload
        .revisions
        .iter()
        .filter_map(|r| {
            r.body
                .init
                .as_ref()?
                .unit
                .strip_prefix('u')?
                .parse::<usize>()
                .ok()
        })
        .max()
        .map_or(1, |m| m + 1);
    let fp = kaocha::sync::keys::fingerprint(&env.header.origin.key);
    let store = Store::open(dir).map_err(|e| e.to_string())?;
    let t = kaocha::sync::trust::Trusted {
        key: Some(env.header.origin.key.clone()),
        label: "bench".into(),
        campaign: Some(generate::CAMPAIGN.into()),
        teams: vec!["t1".into()],
        ..kaocha::sync::trust::Trusted::new(&fp, kaocha::sync::trust::Role::Device)
    };
    store
        .commit(&[
            kaocha::store::Change::Campaign {
                campaign: generate::campaign(units),
            },
            kaocha::store::Change::current_campaign(generate::CAMPAIGN),
            kaocha::sync::trust::trust_record(&t),
        ])
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Removes what a run for `n` entries made under `base`.
pub fn clean(base: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(base.join(format!("bench-{n}")));
    let _ = std::fs::remove_dir_all(base.join(format!("bench-{n}-hq")));
    let _ = std::fs::remove_file(base.join(format!("bench-{n}.json")));
}

/// Where bench data goes: `--data-dir`, else a temp folder.
pub fn base_dir(data_dir: Option<&Path>) -> PathBuf {
    data_dir.map_or_else(
        || std::env::temp_dir().join(format!("kaocha-bench-{}", std::process::id())),
        Path::to_path_buf,
    )
}

/// `kaocha bench`: every figure for each size asked (1 000 and 100 000 by
/// default), one JSON line each; the data it made is removed unless kept.
pub fn command(req: &BenchRequest, print: &mut dyn FnMut(&str)) -> Result<(), String> {
    if let Some((dir, file)) = req.prepare_hq {
        return prepare_hq(dir, file);
    }
    if let Some(dir) = req.probe {
        let (ms, mib) = probe(dir)?;
        print(&format!("{ms} {mib}"));
        return Ok(());
    }
    let base = base_dir(req.data_dir);
    let sizes = if req.entries.is_empty() {
        vec![1_000, 100_000]
    } else {
        req.entries.to_vec()
    };
    let mut figure = |f: Figure| {
        if let Ok(line) = serde_json::to_string(&f) {
            print(&line);
        }
    };
    let result = sizes.iter().try_for_each(|n| {
        let units = req.units.unwrap_or_else(|| generate::default_units(*n));
        run(&base, *n, units, &mut figure)
    });
    if !req.keep {
        // Only what the bench made: never the rest of a --data-dir.
        for n in &sizes {
            clean(&base, *n);
        }
        if req.data_dir.is_none() {
            let _ = std::fs::remove_dir(&base);
        }
    }
    result
}
