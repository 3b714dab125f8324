//! Files and folders the way an office user expects: the chooser for
//! export, import and reports (places, folders first, in and up, a typed
//! or pasted path, names made safe, clear refusals), the folder remembered
//! across restarts, the per-unit report, and the unit screen at 80×24.
//! Driven through `dispatch` with a real `App` on temporary folders.

mod common;

use std::path::{Path, PathBuf};

use common::harness::{AJJ_REGISTRATION, Harness, buffer_text, draw, flash};
use kaocha::app::workspace::Workspace;
use kaocha::tui::action::{Action, Cmd, Effect, Loaded};
use kaocha::tui::chooser::{Chooser, ChooserFor, ChooserLoad, ChooserRow};
use kaocha::tui::model::{Popup, Screen};

fn chooser(h: &Harness) -> &Chooser {
    match &h.model.popup {
        Some(Popup::Chooser(c)) => c,
        other => panic!("no chooser open: {other:?} ({})", flash(h)),
    }
}

/// Types (pastes) a path into the chooser's box and goes there.
fn go_to(h: &mut Harness, path: &Path) {
    h.cmd(Cmd::Next);
    assert!(chooser(h).typing, "Tab goes to the path box");
    h.go(Action::Paste(path.display().to_string()));
    h.cmd(Cmd::Enter);
}

/// Selects the line of the chooser's list for which `want` holds.
fn select(h: &mut Harness, want: impl Fn(&Chooser, ChooserRow) -> bool) {
    let c = chooser(h);
    let at = c
        .rows()
        .into_iter()
        .position(|r| want(c, r))
        .expect("the line is listed");
    h.cmd(Cmd::Home);
    for _ in 0..at {
        h.cmd(Cmd::Down);
    }
}

fn item_named(name: &str) -> impl Fn(&Chooser, ChooserRow) -> bool + '_ {
    move |c, r| matches!(r, ChooserRow::Item(i) if c.listing.items[i].name == name)
}

/// The sync screen with row `row` selected.
fn sync_row(h: &mut Harness, row: usize) {
    h.effect(Effect::LoadSync);
    assert!(matches!(h.model.screen(), Screen::Sync(_)));
    for _ in 0..row {
        h.cmd(Cmd::Down);
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A folder with two sub-folders, two bundles and a file of another kind.
fn sample_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("b_dir")).unwrap();
    std::fs::create_dir(dir.path().join("A_dir")).unwrap();
    std::fs::write(dir.path().join("z.json"), "{}").unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    dir
}

#[test]
fn the_chooser_lists_places_then_folders_first_and_goes_in_and_up() {
    let mut h = Harness::demo();
    let dir = sample_folder();
    sync_row(&mut h, 3);
    h.cmd(Cmd::Enter);
    assert_eq!(chooser(&h).purpose, ChooserFor::Import);
    go_to(&mut h, dir.path());
    let c = chooser(&h);
    assert_eq!(Path::new(&c.listing.folder), dir.path());
    assert!(!c.typing, "back on the list once the folder shows");
    // The home folder is among the places, listed first.
    let home = directories::UserDirs::new()
        .unwrap()
        .home_dir()
        .to_path_buf();
    assert!(
        c.listing.places.iter().any(|p| Path::new(&p.path) == home),
        "{:?}",
        c.listing.places
    );
    let rows = c.rows();
    let first_place = rows.iter().position(|r| matches!(r, ChooserRow::Place(_)));
    let up = rows.iter().position(|r| *r == ChooserRow::Up);
    let first_item = rows.iter().position(|r| matches!(r, ChooserRow::Item(_)));
    assert!(first_place < up && up < first_item, "{rows:?}");
    // Folders first, by name; only bundle files.
    let names: Vec<&str> = c.listing.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["A_dir", "b_dir", "a.json", "z.json"]);
    // A file is selected first, with its size shown.
    assert_eq!(c.row(), first_item.map(|i| rows[i]));
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(text.contains("A_dir"), "{text}");
    assert!(text.contains("2 B"), "{text}");
    assert!(text.contains(&kaocha::i18n::ui_place_home()), "{text}");
    assert!(!text.contains("notes.txt"), "{text}");
    // Into a folder, and up again.
    select(&mut h, item_named("A_dir"));
    h.cmd(Cmd::Enter);
    assert_eq!(
        Path::new(&chooser(&h).listing.folder),
        dir.path().join("A_dir")
    );
    h.cmd(Cmd::Backspace);
    assert_eq!(Path::new(&chooser(&h).listing.folder), dir.path());
    select(&mut h, item_named("a.json"));
    h.cmd(Cmd::Right);
    assert_eq!(
        Path::new(&chooser(&h).listing.folder),
        dir.path(),
        "→ on a file opens nothing"
    );
    // Esc cancels: nothing imported, the sync screen is back.
    h.cmd(Cmd::Back);
    assert!(h.model.popup.is_none());
    assert!(matches!(h.model.screen(), Screen::Sync(_)));
}

#[cfg(unix)]
#[test]
fn a_hostile_file_name_is_shown_without_its_control_characters() {
    let mut h = Harness::demo();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("\x1b[31m.json"), "{}").unwrap();
    std::fs::write(dir.path().join("r\u{202e}nosj.age"), "x").unwrap();
    sync_row(&mut h, 3);
    h.cmd(Cmd::Enter);
    go_to(&mut h, dir.path());
    let names: Vec<String> = chooser(&h)
        .listing
        .items
        .iter()
        .map(|i| i.name.clone())
        .collect();
    assert_eq!(names, ["?[31m.json", "r?nosj.age"]);
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(
        !text.contains('\x1b') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("?[31m.json"), "{text}");
}

#[test]
fn export_goes_to_the_chosen_folder_and_it_is_remembered_after_a_restart() {
    let mut h = Harness::demo();
    let usb = tempfile::tempdir().unwrap();
    sync_row(&mut h, 0);
    h.cmd(Cmd::Enter);
    assert!(matches!(chooser(&h).purpose, ChooserFor::Export { .. }));
    go_to(&mut h, usb.path());
    assert_eq!(chooser(&h).row(), Some(ChooserRow::Here));
    h.cmd(Cmd::Enter);
    assert!(h.model.popup.is_none(), "{}", flash(&h));
    let written = files_in(usb.path());
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with("kaocha-results-"), "{written:?}");
    let Screen::Sync(s) = h.model.screen() else {
        panic!("not on the sync screen");
    };
    let said = s.log.join("\n");
    assert!(
        said.contains(&usb.path().join(&written[0]).display().to_string()),
        "the message names the file: {said}"
    );
    // Reopened on the same data: the chooser and the screen start there.
    let common::harness::Harness { app, dir, .. } = h;
    drop(app);
    let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap();
    let mut app = kaocha::tui::app::App::new(ws);
    let opened = app.perform(Effect::OpenChooser(ChooserFor::Export {
        incremental: false,
        encrypt: false,
    }));
    let folder = opened.iter().find_map(|a| match a {
        Action::Loaded(Loaded::Chooser(load)) => match &**load {
            ChooserLoad::Open(_, listing) => Some(listing.folder.clone()),
            _ => None,
        },
        _ => None,
    });
    assert_eq!(folder.map(PathBuf::from).as_deref(), Some(usb.path()));
    let data = app
        .perform(Effect::LoadSync)
        .into_iter()
        .find_map(|a| match a {
            Action::Loaded(Loaded::Sync(d)) => Some(d),
            _ => None,
        });
    assert_eq!(
        data.map(|d| PathBuf::from(&d.folder)).as_deref(),
        Some(usb.path())
    );
    // The import chooser has its own last folder (none yet).
    let opened = app.perform(Effect::OpenChooser(ChooserFor::Import));
    assert!(opened.iter().any(|a| matches!(
        a,
        Action::Loaded(Loaded::Chooser(load))
            if matches!(&**load, ChooserLoad::Open(_, l) if Path::new(&l.folder) != usb.path())
    )));
}

#[test]
fn import_through_the_chooser_picks_the_bundle_and_imports_it() {
    // One laptop's results, carried to another on a "USB stick".
    let usb = tempfile::tempdir().unwrap();
    let mut from = Harness::demo();
    from.effect(Effect::Export {
        folder: usb.path().display().to_string(),
        incremental: false,
        encrypt: false,
    });
    let bundle = files_in(usb.path()).pop().expect("a bundle");
    let mut h = Harness::demo();
    sync_row(&mut h, 3);
    h.cmd(Cmd::Enter);
    go_to(&mut h, usb.path());
    assert_eq!(chooser(&h).row(), Some(ChooserRow::Item(0)));
    assert_eq!(chooser(&h).listing.items[0].name, bundle);
    h.cmd(Cmd::Enter);
    // The other laptop is not enrolled yet: asked for first (at HQ, for
    // its team), with its fingerprint; the file is the one chosen.
    match &h.model.popup {
        Some(Popup::Pick { then, .. }) => {
            assert!(format!("{then:?}").contains(&bundle), "{then:?}");
        }
        Some(Popup::Confirm { on_yes, .. }) => {
            assert!(format!("{on_yes:?}").contains(&bundle), "{on_yes:?}");
        }
        other => panic!("no question: {other:?} ({})", flash(&h)),
    }
    // Before the import runs, the screen is drawn once with the message
    // line saying what is being done (a bundle with photos takes a while).
    let mut shown = Vec::new();
    kaocha::tui::dispatch_showing(
        &mut h.model,
        &mut h.app,
        Action::Cmd(Cmd::Enter),
        &mut |m| shown.push(buffer_text(draw(m, 100, 30).backend().buffer())),
    );
    assert_eq!(shown.len(), 1, "drawn once before the import");
    assert!(
        shown[0].contains(&format!("正在导入 {bundle}…")),
        "{}",
        shown[0]
    );
    assert!(!flash(&h).contains("正在导入"), "{}", flash(&h));
    let Screen::Sync(s) = h.model.screen() else {
        panic!("not on the sync screen");
    };
    let said = s.log.join("\n");
    assert!(
        said.contains(&bundle),
        "the import says what it read: {said}"
    );
    // The folder is remembered for the next import.
    let last = h.app.ws.store.setting("last_folder.import").unwrap();
    assert_eq!(
        last.as_ref()
            .and_then(|v| v.as_str())
            .map(PathBuf::from)
            .as_deref(),
        Some(usb.path())
    );
}

#[test]
fn a_path_that_cannot_be_read_is_said_and_changes_nothing() {
    let mut h = Harness::demo();
    let dir = sample_folder();
    sync_row(&mut h, 0);
    h.cmd(Cmd::Enter);
    go_to(&mut h, dir.path());
    let missing = dir.path().join("没有这个文件夹");
    go_to(&mut h, &missing);
    let said = flash(&h);
    assert!(said.contains("找不到"), "{said}");
    assert!(said.contains("没有这个文件夹"), "{said}");
    assert!(h.model.flash.as_ref().unwrap().error);
    let c = chooser(&h);
    assert_eq!(
        Path::new(&c.listing.folder),
        dir.path(),
        "still where it was"
    );
    // A file is no folder to export to.
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Enter);
    go_to(&mut h, &dir.path().join("a.json"));
    assert!(flash(&h).contains("a.json"), "{}", flash(&h));
    assert!(h.model.popup.is_some());
    // An empty box asks for a path.
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Enter);
    h.cmd(Cmd::Next);
    h.cmd(Cmd::Enter);
    assert_eq!(flash(&h), kaocha::i18n::ui_chooser_type_path());
    assert_eq!(files_in(dir.path()).len(), 5, "nothing written");
    assert_eq!(h.app.ws.store.setting("last_folder.export").unwrap(), None);
}

#[test]
fn the_unit_screen_exports_its_report_to_the_chosen_folder() {
    let mut h = Harness::demo();
    let out = tempfile::tempdir().unwrap();
    h.open_ajj();
    h.cmd(Cmd::Export);
    assert_eq!(
        chooser(&h).purpose,
        ChooserFor::UnitReport {
            unit: "u-ajj".into()
        }
    );
    go_to(&mut h, out.path());
    h.cmd(Cmd::Enter);
    let written = files_in(out.path());
    let exts: Vec<&str> = written
        .iter()
        .map(|n| n.rsplit('.').next().unwrap())
        .collect();
    // No 问题清单 record yet: the report only, no letter.
    assert_eq!(exts, ["docx", "html", "md", "xlsx"], "{written:?}");
    assert!(
        written.iter().all(|n| n.contains("县安监局")),
        "{written:?}"
    );
    let md = std::fs::read_to_string(out.path().join(&written[2])).unwrap();
    assert!(md.contains("县安监局"), "{md}");
    let said = flash(&h);
    assert!(said.contains(&out.path().display().to_string()), "{said}");
    assert!(said.contains("县安监局"), "{said}");
    assert_eq!(
        h.app
            .ws
            .store
            .setting("last_folder.reports")
            .unwrap()
            .and_then(|v| v.as_str().map(PathBuf::from))
            .as_deref(),
        Some(out.path())
    );
}

#[test]
fn the_summary_exports_its_reports_to_the_chosen_folder() {
    let mut h = Harness::demo();
    let out = tempfile::tempdir().unwrap();
    h.effect(Effect::LoadSummary);
    h.cmd(Cmd::Export);
    assert_eq!(chooser(&h).purpose, ChooserFor::Reports);
    go_to(&mut h, out.path());
    h.cmd(Cmd::Enter);
    let written = files_in(out.path());
    let exts: Vec<&str> = written
        .iter()
        .map(|n| n.rsplit('.').next().unwrap())
        .collect();
    assert_eq!(exts, ["csv", "docx", "html", "md", "xlsx"], "{}", flash(&h));
    assert!(flash(&h).contains(&out.path().display().to_string()));
}

#[test]
fn at_80x24_the_unit_screen_shows_the_review_and_its_keys() {
    let mut h = Harness::demo();
    h.effect(Effect::Review {
        entry: AJJ_REGISTRATION.into(),
        approve: false,
        comment: Some("请补充三定文件的文号和印发日期".into()),
    });
    h.open_ajj();
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(text.contains("〔退回"), "{text}");
    let bar = text.lines().last().unwrap();
    for key in ["Tab", "e", "v", "r", "Enter", "Esc", "F1"] {
        assert!(
            bar.split(' ').any(|k| k.starts_with(key)),
            "{key} missing from the key bar: {bar}"
        );
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix("80x24");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD");
    settings.add_filter(r"\d{2}:\d{2}:\d{2}", "HH:MM:SS");
    settings.add_filter(r"\d{2}:\d{2}", "HH:MM");
    settings.bind(|| insta::assert_snapshot!("unit_returned", text));
}

#[test]
fn the_unit_report_from_the_screen_lists_its_evidence() {
    let mut h = Harness::demo();
    let out = tempfile::tempdir().unwrap();
    let photos = tempfile::tempdir().unwrap();
    let photo = photos.path().join("岗位牌.jpg");
    std::fs::write(&photo, b"not a real picture, listed by name").unwrap();
    // A 实地考察 of 县安监局 with one photo, attached through the workspace.
    let ws = &h.app.ws;
    let campaign = ws.campaign().unwrap();
    let unit = ws.unit(&campaign, "u-ajj").unwrap();
    let form = ws.store.forms().latest("inspection").unwrap().clone();
    let entry = ws.new_entry(&campaign, &unit, &form, &[]).unwrap();
    let photo_arg = photo.display().to_string();
    ws.attach(&entry, "photos", &[photo_arg], Some("门口"), None)
        .unwrap();
    h.open_ajj();
    h.cmd(Cmd::Export);
    go_to(&mut h, out.path());
    h.cmd(Cmd::Enter);
    let written = files_in(out.path());
    let html = written.iter().find(|n| n.ends_with(".html")).unwrap();
    let html = std::fs::read_to_string(out.path().join(html)).unwrap();
    assert!(
        html.contains("岗位牌.jpg") && html.contains("门口"),
        "{html}"
    );
    let md = written.iter().find(|n| n.ends_with(".md")).unwrap();
    let md = std::fs::read_to_string(out.path().join(md)).unwrap();
    assert!(md.contains("佐证材料") && md.contains("岗位牌.jpg"), "{md}");
}
