//! Attachments on the form screen, driven through `dispatch` with a real
//! `App` on a temporary data folder: a `photo` or `file` item attaches a
//! typed, quoted or `file://` path (Enter), a folder lists its photos to
//! choose (Space toggles), the chooser picks a file or a folder, the list
//! (→) opens a file with the opener, edits a caption and removes one
//! (asked first); refusals change nothing; a finalised entry asks for a
//! reason; the unit screen counts a finding's evidence.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::harness::{Harness, buffer_text, draw, flash};
use common::kept;
use kaocha::domain::Status;
use kaocha::domain::attachment::{self, Attachment};
use kaocha::tui::action::{Action, Cmd, Effect};
use kaocha::tui::attach::Dialog;
use kaocha::tui::model::{Popup, SaveState, Screen};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The bytes of a JPEG with no picture, only an EXIF APP1 segment
/// holding DateTimeOriginal (as `tests/attachments.rs` builds them,
/// without the GPS part).
fn exif_jpeg(date_time: &str) -> Vec<u8> {
    let mut t: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let ifd = |t: &mut Vec<u8>, entries: &[(u16, u16, u32, u32)]| {
        t.extend((entries.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in entries {
            t.extend(tag.to_le_bytes());
            t.extend(kind.to_le_bytes());
            t.extend(count.to_le_bytes());
            t.extend(value.to_le_bytes());
        }
        t.extend(0u32.to_le_bytes());
    };
    // IFD0 at 8 (1 entry: 18 bytes), the Exif IFD at 26 (18), the date at 44.
    ifd(&mut t, &[(0x8769, 4, 1, 26)]);
    ifd(&mut t, &[(0x9003, 2, 20, 44)]);
    t.extend(date_time.as_bytes());
    t.push(0);
    let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
    jpeg.extend(((2 + 6 + t.len()) as u16).to_be_bytes());
    jpeg.extend(b"Exif\0\0");
    jpeg.extend(t);
    jpeg.extend([0xff, 0xd9]);
    jpeg
}

/// A new 实地考察 entry of 县安监局, the cursor on 现场照片.
fn on_photos() -> Harness {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "inspection".into(),
    });
    h.goto_item("photos", None);
    h
}

fn dialog(h: &Harness) -> &Dialog {
    match &h.model.popup {
        Some(Popup::Attach(d)) => d,
        other => panic!("no attachment dialog: {other:?} ({})", flash(h)),
    }
}

/// The item's attachments as the store has them (not the screen).
fn stored(h: &Harness, path: &str) -> Vec<Attachment> {
    let id = h.form().entry.id.clone();
    let e = h.app.ws.find_entry(&id).unwrap();
    e.answers
        .get(path)
        .map(|v| attachment::list(v).expect("a valid list"))
        .unwrap_or_default()
}

/// A letter as the keymap reads it in the current mode (in the list it
/// is a command: `o`, `e`, `d`).
fn letter(h: &mut Harness, c: char) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let action = h
        .model
        .keymap
        .action(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            h.model.mode(),
        )
        .unwrap();
    h.go(action);
}

fn revisions(h: &Harness) -> u64 {
    let id = h.form().entry.id.clone();
    u64::from(h.app.ws.find_entry(&id).unwrap().revisions)
}

/// Enter on the item, the path pasted, the caption typed, Enter.
fn attach_typed(h: &mut Harness, path: &str, caption: &str) {
    h.cmd(Cmd::Enter);
    assert!(matches!(dialog(h), Dialog::Prompt { .. }));
    h.go(Action::Paste(path.to_string()));
    if !caption.is_empty() {
        h.cmd(Cmd::Next);
        h.type_text(caption);
    }
    h.cmd(Cmd::Enter);
}

#[test]
fn a_quoted_path_is_attached_with_its_caption_saved_and_kept() {
    let mut h = on_photos();
    let files = tempfile::tempdir().unwrap();
    let bytes = exif_jpeg("2013:11:26 09:15:00");
    let photo = write(files.path(), "岗位 牌.jpg", &bytes);
    let before = revisions(&h);
    attach_typed(&mut h, &format!("'{}'", photo.display()), "门口岗位牌");
    assert!(h.model.popup.is_none(), "the prompt closes once attached");
    assert!(
        flash(&h).starts_with("已添加 1 个附件到 现场照片，已保存"),
        "{}",
        flash(&h)
    );
    assert!(matches!(h.model.save, SaveState::Saved(_)));
    let list = stored(&h, "photos");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "岗位 牌.jpg");
    assert_eq!(list[0].caption.as_deref(), Some("门口岗位牌"));
    assert_eq!(list[0].taken_at.as_deref(), Some("2013-11-26T09:15:00"));
    assert_eq!(revisions(&h), before + 1, "one revision");
    assert_eq!(
        std::fs::read(kept(h.dir.path(), &list[0].sha256)).unwrap(),
        bytes
    );
    // The screen took the new head: the item lists the file.
    let text = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    assert!(text.contains("1 个附件"), "{text}");
    assert!(
        text.contains("1. 岗位 牌.jpg  ") && text.contains("拍摄于 2013-11-26 09:15，"),
        "{text}"
    );
    assert!(text.contains("“门口岗位牌”"), "{text}");
}

#[test]
fn a_file_url_is_attached_to_a_findings_evidence_and_the_unit_counts_it() {
    let mut h = Harness::demo();
    h.open_ajj();
    h.effect(Effect::NewEntry {
        unit: "u-ajj".into(),
        form: "findings".into(),
    });
    h.goto_item("evidence", None);
    let files = tempfile::tempdir().unwrap();
    let doc = write(files.path(), "三定 文件.pdf", b"%PDF-1.4 not really");
    let url = format!(
        "file://{}",
        doc.display()
            .to_string()
            .replace(' ', "%20")
            .replace("三定", "%E4%B8%89%E5%AE%9A")
    );
    // Dropped onto the item: the prompt opens holding the path.
    h.go(Action::Paste(url.clone()));
    match dialog(&h) {
        Dialog::Prompt { path, .. } => assert_eq!(path.lines().join(""), url),
        other => panic!("{other:?}"),
    }
    h.cmd(Cmd::Enter);
    let list = stored(&h, "evidence");
    assert_eq!(list.len(), 1, "{}", flash(&h));
    assert_eq!(list[0].name, "三定 文件.pdf");
    assert!(kept(h.dir.path(), &list[0].sha256).is_file());
    // Back on the unit screen the finding says how much evidence it has.
    h.cmd(Cmd::Back);
    assert!(matches!(h.model.screen(), Screen::Unit(_)));
    let text = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    assert!(text.contains("〔附件1〕"), "{text}");
    // And so does the 问题清单.
    h.cmd(Cmd::Findings);
    assert!(matches!(h.model.screen(), Screen::Findings(_)));
    let text = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    assert!(text.contains("〔附件1〕"), "{text}");
}

#[test]
fn a_folder_lists_its_photos_all_chosen_and_space_leaves_one_out() {
    let mut h = on_photos();
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.jpg", b"photo a");
    write(folder.path(), "b.JPG", b"photo b");
    write(folder.path(), "c.png", b"photo c");
    write(folder.path(), "notes.txt", b"not a photo");
    attach_typed(&mut h, &folder.path().display().to_string(), "办公场所");
    match dialog(&h) {
        Dialog::Folder { load, .. } => {
            let names: Vec<&str> = load.photos.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, ["a.jpg", "b.JPG", "c.png"]);
            assert!(load.photos.iter().all(|p| p.chosen), "all by default");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stored(&h, "photos").len(), 0, "nothing yet");
    h.cmd(Cmd::Down);
    h.go(Action::Char(' '));
    h.cmd(Cmd::Enter);
    let names: Vec<String> = stored(&h, "photos").into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["a.jpg", "c.png"], "{}", flash(&h));
    assert!(
        stored(&h, "photos")
            .iter()
            .all(|a| a.caption.as_deref() == Some("办公场所"))
    );
    assert!(h.model.popup.is_none());
}

#[test]
fn the_chooser_picks_a_folder_with_no_path_typed() {
    let mut h = on_photos();
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "x.jpeg", b"photo x");
    h.cmd(Cmd::Enter);
    h.cmd(Cmd::Enter);
    let Some(Popup::Chooser(_)) = &h.model.popup else {
        panic!("no chooser: {:?} {}", h.model.popup, flash(&h));
    };
    // The path box of the chooser, then "this folder's photos".
    h.cmd(Cmd::Next);
    h.go(Action::Paste(folder.path().display().to_string()));
    h.cmd(Cmd::Enter);
    h.cmd(Cmd::Home);
    h.cmd(Cmd::Enter);
    assert!(matches!(dialog(&h), Dialog::Folder { .. }), "{}", flash(&h));
    h.cmd(Cmd::Enter);
    let list = stored(&h, "photos");
    assert_eq!(list.len(), 1, "{}", flash(&h));
    assert_eq!(list[0].name, "x.jpeg");
}

#[test]
fn refusals_say_why_in_chinese_and_change_nothing() {
    let mut h = on_photos();
    let files = tempfile::tempdir().unwrap();
    let before = revisions(&h);
    attach_typed(&mut h, "/nowhere/现场.jpg", "");
    assert!(flash(&h).contains("找不到文件"), "{}", flash(&h));
    assert!(h.model.flash.as_ref().unwrap().error);
    assert!(
        matches!(dialog(&h), Dialog::Prompt { .. }),
        "the prompt stays to correct the path"
    );
    h.cmd(Cmd::Back);
    let big = files.path().join("大.jpg");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(51 << 20)
        .unwrap();
    attach_typed(&mut h, &big.display().to_string(), "");
    assert!(flash(&h).contains("超过每个附件"), "{}", flash(&h));
    h.cmd(Cmd::Back);
    assert_eq!(revisions(&h), before);
    assert!(stored(&h, "photos").is_empty());
    assert!(
        !h.dir.path().join("attachments").exists() || {
            // Only refused files: nothing was kept.
            std::fs::read_dir(h.dir.path().join("attachments"))
                .unwrap()
                .next()
                .is_none()
        }
    );
    // Typing on the item is not an answer either.
    h.type_text("abc");
    assert!(h.model.popup.is_none());
    assert_eq!(revisions(&h), before);
}

/// Two photos attached to 现场照片, the list open on the second.
fn listed() -> (Harness, tempfile::TempDir) {
    let mut h = on_photos();
    let files = tempfile::tempdir().unwrap();
    write(files.path(), "1.jpg", b"one");
    write(files.path(), "2.jpg", b"two");
    attach_typed(&mut h, &files.path().display().to_string(), "");
    h.cmd(Cmd::Enter);
    assert_eq!(stored(&h, "photos").len(), 2, "{}", flash(&h));
    h.cmd(Cmd::Right);
    assert!(matches!(dialog(&h), Dialog::List { .. }));
    h.cmd(Cmd::Down);
    (h, files)
}

#[test]
fn a_caption_is_edited_as_a_revision() {
    let (mut h, _files) = listed();
    let before = revisions(&h);
    letter(&mut h, 'e');
    assert!(
        matches!(dialog(&h), Dialog::Caption { .. }),
        "e edits the caption"
    );
    h.type_text("制度上墙");
    h.cmd(Cmd::Enter);
    let list = stored(&h, "photos");
    assert_eq!(list[1].caption.as_deref(), Some("制度上墙"));
    assert_eq!(list[0].caption, None);
    assert_eq!(revisions(&h), before + 1);
    assert!(
        matches!(dialog(&h), Dialog::List { .. }),
        "back to the list"
    );
    let text = buffer_text(draw(&h.model, 100, 30).backend().buffer());
    assert!(text.contains("2. 2.jpg  3 B，“制度上墙”"), "{text}");
}

#[test]
fn removing_asks_then_takes_it_off_and_keeps_the_file() {
    let (mut h, _files) = listed();
    let second = stored(&h, "photos")[1].clone();
    letter(&mut h, 'd');
    let Some(Popup::Confirm { body, .. }) = &h.model.popup else {
        panic!("removing asks first: {:?}", h.model.popup);
    };
    assert!(body[0].contains("2.jpg"), "{body:?}");
    h.cmd(Cmd::Back);
    assert_eq!(stored(&h, "photos").len(), 2, "Esc keeps it");
    // F8 on the item lists them too (it never clears them all at once).
    h.cmd(Cmd::Clear);
    assert_eq!(stored(&h, "photos").len(), 2);
    h.cmd(Cmd::End);
    letter(&mut h, 'd');
    h.cmd(Cmd::Enter);
    let names: Vec<String> = stored(&h, "photos").into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["1.jpg"], "{}", flash(&h));
    assert!(flash(&h).starts_with("已删除附件 2.jpg"), "{}", flash(&h));
    assert!(
        kept(h.dir.path(), &second.sha256).is_file(),
        "originals stay"
    );
    // Ctrl+Z brings it back, as any change.
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Undo);
    assert_eq!(stored(&h, "photos").len(), 2, "{}", flash(&h));
}

/// A script that appends its argument to `log`.
fn recorder(dir: &Path, log: &Path) -> PathBuf {
    let script = dir.join("opener.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script
}

#[cfg(unix)]
#[test]
fn o_opens_the_kept_file_with_the_opener_and_a_missing_one_says_doctor() {
    let (mut h, files) = listed();
    let log = files.path().join("opened.log");
    h.app.opener = Some(recorder(files.path(), &log).into_os_string());
    letter(&mut h, 'o');
    assert!(
        flash(&h).contains("已用系统程序打开 2.jpg"),
        "{}",
        flash(&h)
    );
    let started = Instant::now();
    while !log.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&log).unwrap();
    let path = PathBuf::from(opened.trim());
    assert_eq!(path.file_name().unwrap(), "2.jpg", "named as attached");
    assert!(path.starts_with(h.dir.path().join("open")), "{path:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"two",
        "the kept file's copy"
    );
    assert!(matches!(dialog(&h), Dialog::List { .. }), "the list stays");
    // The kept file gone: said, and nothing runs.
    let first = stored(&h, "photos")[0].clone();
    std::fs::remove_file(kept(h.dir.path(), &first.sha256)).unwrap();
    h.cmd(Cmd::Home);
    h.cmd(Cmd::Enter);
    assert!(flash(&h).contains("kaocha doctor"), "{}", flash(&h));
    assert!(h.model.flash.as_ref().unwrap().error);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 1);
}

#[test]
fn a_final_entry_asks_for_the_reason_first() {
    let mut h = on_photos();
    let id = h.form().entry.id.clone();
    let e = h.app.ws.find_entry(&id).unwrap();
    h.app.ws.set_status(&e, Status::Final, None).unwrap();
    h.effect(Effect::OpenEntry(id.clone()));
    h.goto_item("photos", None);
    let files = tempfile::tempdir().unwrap();
    let photo = write(files.path(), "补拍.jpg", b"later");
    attach_typed(&mut h, &photo.display().to_string(), "");
    assert!(
        matches!(h.model.popup, Some(Popup::Reason { .. })),
        "{:?}",
        h.model.popup
    );
    assert!(stored(&h, "photos").is_empty(), "nothing before the reason");
    h.type_text("补充现场照片");
    h.cmd(Cmd::Enter);
    assert_eq!(stored(&h, "photos").len(), 1, "{}", flash(&h));
    let revs = h.app.ws.store.revisions(&id).unwrap();
    assert_eq!(
        revs.last().unwrap().body.reason.as_deref(),
        Some("补充现场照片")
    );
}

/// The screen at `w`×`h` with times, dates and ids filtered out.
fn snap(name: &str, h: &Harness, w: u16, ht: u16) {
    // Tiny and odd sizes draw without a panic.
    for (tw, th) in [(40, 12), (41, 13), (60, 15), (200, 60)] {
        draw(&h.model, tw, th);
    }
    let text = buffer_text(draw(&h.model, w, ht).backend().buffer());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_suffix(format!("{w}x{ht}"));
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "UUUUUUUU-UUUU-UUUU-UUUU-UUUUUUUUUUUU",
    );
    settings.add_filter(r"/tmp/\.tmp[A-Za-z0-9]+", "/tmp/.tmpXXXXXX");
    settings.add_filter(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD");
    settings.add_filter(r"\d{2}:\d{2}:\d{2}", "HH:MM:SS");
    settings.add_filter(r"\d{2}:\d{2}", "HH:MM");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn snapshots_of_the_item_the_prompt_and_the_list() {
    let mut h = on_photos();
    snap("attach_item_empty", &h, 80, 24);
    let files = tempfile::tempdir().unwrap();
    let photo = write(
        files.path(),
        "岗位牌.jpg",
        &exif_jpeg("2013:11:26 09:15:00"),
    );
    h.cmd(Cmd::Enter);
    h.go(Action::Paste(photo.display().to_string()));
    h.cmd(Cmd::Next);
    h.type_text("门口");
    h.model.flash = None;
    snap("attach_prompt", &h, 80, 24);
    h.cmd(Cmd::Enter);
    write(files.path(), "花名册.png", b"roster");
    attach_typed(
        &mut h,
        &files.path().join("花名册.png").display().to_string(),
        "",
    );
    h.model.flash = None;
    snap("attach_item", &h, 80, 24);
    h.cmd(Cmd::Right);
    snap("attach_list", &h, 80, 24);
    letter(&mut h, 'e');
    snap("attach_caption", &h, 80, 24);
    h.cmd(Cmd::Back);
    h.cmd(Cmd::Back);
    attach_typed(&mut h, &files.path().display().to_string(), "");
    snap("attach_folder", &h, 80, 24);
}

#[cfg(unix)]
#[test]
fn hostile_file_names_never_reach_the_screen_with_their_control_characters() {
    let mut h = on_photos();
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a\u{1b}[2Jb.jpg", b"hostile");
    attach_typed(&mut h, &folder.path().display().to_string(), "说明\u{7}");
    let text = buffer_text(draw(&h.model, 80, 24).backend().buffer());
    assert!(text.contains("?[2Jb.jpg"), "{text}");
    assert!(!text.contains('\u{1b}'));
    h.cmd(Cmd::Enter);
    let list = stored(&h, "photos");
    assert_eq!(list[0].name, "a[2Jb.jpg", "{}", flash(&h));
    assert_eq!(list[0].caption.as_deref(), Some("说明"));
    let text = buffer_text(draw(&h.model, 120, 40).backend().buffer());
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
}

#[test]
fn the_workspace_refuses_a_change_to_an_attachment_no_longer_there() {
    let (h, _files) = listed();
    let id = h.form().entry.id.clone();
    let e = h.app.ws.find_entry(&id).unwrap();
    let before = e.revisions;
    let err = h
        .app
        .ws
        .detach(&e, "photos", &"ab".repeat(32), None)
        .unwrap_err();
    assert!(err.to_string().contains("已没有这个附件"), "{err}");
    let err = h
        .app
        .ws
        .set_caption(&e, "inspect_date", &"ab".repeat(32), "x", None)
        .unwrap_err();
    assert!(err.to_string().contains("不是附件项"), "{err}");
    // A caption is cleaned, and a blank one removes it.
    let sha = stored(&h, "photos")[0].sha256.clone();
    let e = h
        .app
        .ws
        .set_caption(&e, "photos", &sha, " 门口\u{1b} ", None)
        .unwrap();
    assert_eq!(e.revisions, before + 1);
    let list = attachment::list(&e.answers["photos"]).unwrap();
    assert_eq!(list[0].caption.as_deref(), Some("门口"));
    let e = h
        .app
        .ws
        .set_caption(&e, "photos", &sha, "  ", None)
        .unwrap();
    let list = attachment::list(&e.answers["photos"]).unwrap();
    assert_eq!(list[0].caption, None);
}

#[test]
fn several_files_dragged_at_once_are_attached_together() {
    let mut h = on_photos();
    let files = tempfile::tempdir().unwrap();
    let a = write(files.path(), "门口 岗位牌.jpg", b"a");
    let b = write(files.path(), "花名册.png", b"b");
    let before = revisions(&h);
    attach_typed(&mut h, &format!("'{}' '{}'", a.display(), b.display()), "");
    let names: Vec<String> = stored(&h, "photos").into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["门口 岗位牌.jpg", "花名册.png"], "{}", flash(&h));
    assert_eq!(revisions(&h), before + 1, "one revision for both");
}
