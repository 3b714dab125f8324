//! Attachments (`photo` and `file` items) through the real binary: attach
//! by plain, quoted and `file://` paths and by folder, dedup, the size
//! limit, EXIF time and place, doctor on deleted and altered files, a
//! rebuild that keeps them, and SIGKILL in the middle of attaching.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Kaocha, kept, kept_names, sha};
use serde_json::{Value, json};

/// A demo folder with one 实地考察 entry of u-yjj, and a folder of files.
fn inspection() -> (Kaocha, String, tempfile::TempDir) {
    let k = Kaocha::demo("zh");
    let id = k.new_entry("u-yjj", "inspection", "");
    (k, id, tempfile::tempdir().unwrap())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// The bytes of a JPEG with no picture, only an EXIF APP1 segment
/// (little-endian TIFF): DateTimeOriginal in the Exif IFD, and a GPS IFD
/// at 36°15'N 116°27'E (东阿).
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
    // IFD0 at 8 (2 entries: 30 bytes), Exif IFD at 38 (1 entry: 18), the
    // date at 56 (20), GPS IFD at 76 (4 entries: 54), rationals at 130.
    ifd(&mut t, &[(0x8769, 4, 1, 38), (0x8825, 4, 1, 76)]);
    ifd(&mut t, &[(0x9003, 2, 20, 56)]);
    t.extend(date_time.as_bytes());
    t.push(0);
    ifd(
        &mut t,
        &[
            (0x0001, 2, 2, u32::from(b'N')),
            (0x0002, 5, 3, 130),
            (0x0003, 2, 2, u32::from(b'E')),
            (0x0004, 5, 3, 154),
        ],
    );
    for (num, den) in [(36u32, 1u32), (15, 1), (0, 1), (116, 1), (27, 1), (0, 1)] {
        t.extend(num.to_le_bytes());
        t.extend(den.to_le_bytes());
    }
    assert_eq!(t.len(), 178);
    let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
    jpeg.extend(((2 + 6 + t.len()) as u16).to_be_bytes());
    jpeg.extend(b"Exif\0\0");
    jpeg.extend(t);
    jpeg.extend([0xff, 0xd9]);
    jpeg
}

#[test]
fn a_quoted_path_is_attached_with_its_caption_and_kept_under_its_hash() {
    let (k, id, files) = inspection();
    let bytes = b"a photo of the post sign".to_vec();
    let photo = write(files.path(), "岗位 牌.jpg", &bytes);
    let quoted = format!("'{}'", photo.display());
    let out = k
        .run([
            "entry",
            "attach",
            &id,
            "photos",
            &quoted,
            "--caption",
            "门口\u{1b}[31m岗位牌",
        ])
        .ok();
    assert!(
        out.stdout
            .starts_with("已添加 1 个附件到 photos 现场照片，已保存 "),
        "{}",
        out.stdout
    );
    let hash = sha(&bytes);
    let entry = k.show(&id);
    assert_eq!(
        entry["answers"]["photos"],
        json!([{"sha256": hash, "name": "岗位 牌.jpg", "size": 24, "caption": "门口[31m岗位牌"}])
    );
    assert_eq!(entry["revisions"], json!(2));
    assert_eq!(fs::read(kept(k.dir(), &hash)).unwrap(), bytes);
    assert_eq!(kept_names(k.dir()), vec![hash.clone()]);
    // The original is untouched.
    assert_eq!(fs::read(&photo).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&kept(k.dir(), &hash)), 0o600);
        assert_eq!(mode(&k.dir().join("attachments")), 0o700);
    }
    let text = k.run(["entry", "show", &id]).ok().stdout;
    assert!(
        text.contains("现场照片：岗位 牌.jpg（24 B，“门口[31m岗位牌”）"),
        "{text}"
    );
    // Typed text cannot stand for an attachment; clearing is allowed.
    k.run(["entry", "set", &id, "photos=岗位牌.jpg"])
        .failed()
        .stderr_has(&["附件不能直接填写", "kaocha entry attach"]);
    k.run(["entry", "set", &id, "photos="]).ok();
    assert_eq!(k.show(&id)["answers"].get("photos"), None);
}

#[test]
fn a_file_url_and_several_files_make_one_revision() {
    let (k, id, files) = inspection();
    let a = write(files.path(), "现场 一.jpg", b"one");
    let b = write(files.path(), "b.png", b"two");
    // 现 = E7 8E B0, 场 = E5 9C BA, 一 = E4 B8 80.
    let url = format!(
        "file://{}/%E7%8E%B0%E5%9C%BA%20%E4%B8%80.jpg",
        files.path().display()
    );
    assert!(a.exists());
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &url,
        &b.display().to_string(),
    ])
    .ok()
    .stdout_has(&["已添加 2 个附件到 photos 现场照片"]);
    let entry = k.show(&id);
    assert_eq!(entry["revisions"], json!(2));
    assert_eq!(
        entry["answers"]["photos"],
        json!([
            {"sha256": sha(b"one"), "name": "现场 一.jpg", "size": 3},
            {"sha256": sha(b"two"), "name": "b.png", "size": 3},
        ])
    );
}

#[test]
fn a_folder_gives_its_photos_by_name() {
    let (k, id, files) = inspection();
    write(files.path(), "b.JPG", b"b");
    write(files.path(), "a.heic", b"a");
    write(files.path(), "notes.txt", b"not a photo");
    fs::create_dir(files.path().join("sub")).unwrap();
    write(&files.path().join("sub"), "c.jpg", b"c");
    let folder = files.path().display().to_string();
    k.run(["entry", "attach", &id, "photos", &folder]).ok();
    let names: Vec<Value> = k.show(&id)["answers"]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("a.heic"), json!("b.JPG")]);
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "notes.txt", b"x");
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &empty.path().display().to_string(),
    ])
    .failed()
    .stderr_has(&["中没有照片（jpg、jpeg、png、heic）。未作任何修改。"]);
}

#[test]
fn the_same_photo_twice_is_one_file() {
    let (k, id, files) = inspection();
    let first = write(files.path(), "IMG_1.jpg", b"same bytes");
    let again = write(files.path(), "copy of IMG_1.jpg", b"same bytes");
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &first.display().to_string(),
    ])
    .ok();
    let out = k
        .run([
            "entry",
            "attach",
            &id,
            "photos",
            &again.display().to_string(),
        ])
        .ok();
    assert_eq!(out.stdout, "这些文件已在此项中，未作任何修改。\n");
    assert_eq!(k.show(&id)["revisions"], json!(2));
    // Another entry naming the same content shares the file.
    let finding = k.new_entry("u-yjj", "findings", "finding_type=other facts=无岗位牌");
    k.run([
        "entry",
        "attach",
        &finding,
        "evidence",
        &again.display().to_string(),
    ])
    .ok();
    assert_eq!(
        k.show(&finding)["answers"]["evidence"],
        json!([{"sha256": sha(b"same bytes"), "name": "copy of IMG_1.jpg", "size": 10}])
    );
    assert_eq!(kept_names(k.dir()), vec![sha(b"same bytes")]);
}

#[test]
fn a_file_over_the_limit_is_refused_with_nothing_changed() {
    let (k, id, files) = inspection();
    let big = files.path().join("扫描件.pdf");
    // Sparse: 50 MB and one byte, written in no time.
    fs::File::create(&big)
        .unwrap()
        .set_len((50 << 20) + 1)
        .unwrap();
    let small = write(files.path(), "ok.jpg", b"small");
    let before = k.show_raw(&id);
    let journal = common::snapshot(&k.dir().join("journal"));
    let out = k
        .run([
            "entry",
            "attach",
            &id,
            "photos",
            &small.display().to_string(),
            &big.display().to_string(),
        ])
        .failed();
    out.stderr_has(&[
        "扫描件.pdf 有 50.0 MB，超过每个附件 50.0 MB 的上限：请压缩或拆分后再添加。未作任何修改。",
    ]);
    assert_eq!(out.stdout, "");
    assert_eq!(k.show_raw(&id), before);
    assert_eq!(common::snapshot(&k.dir().join("journal")), journal);
    // Not even the small file was stored.
    assert!(!k.dir().join("attachments").exists());
}

#[test]
fn wrong_items_and_missing_files_are_refused() {
    let (k, id, files) = inspection();
    let photo = write(files.path(), "a.jpg", b"a").display().to_string();
    k.run(["entry", "attach", &id, "c1_note", &photo])
        .failed()
        .stderr_has(&["c1_note（说明）不是附件项（photo 或 file），不能添加文件。未作任何修改。"]);
    k.run(["entry", "attach", &id, "no_such", &photo]).failed();
    let missing = files.path().join("无\u{1b}[2J此.jpg");
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &missing.display().to_string(),
    ])
    .failed()
    .stderr_has(&["无[2J此.jpg：请检查路径（可直接把文件拖进终端）。未作任何修改。"]);
    assert_eq!(k.show(&id)["revisions"], json!(1));
    assert!(!k.dir().join("attachments").exists());
}

#[test]
fn exif_time_and_place_of_a_jpeg_are_kept() {
    let (k, id, files) = inspection();
    let bytes = exif_jpeg("2013:11:26 10:32:05");
    let photo = write(files.path(), "DSC_0001.jpg", &bytes);
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &photo.display().to_string(),
    ])
    .ok();
    let got = &k.show(&id)["answers"]["photos"][0];
    assert_eq!(got["taken_at"], json!("2013-11-26T10:32:05"));
    assert_eq!(got["gps"], json!({"lat": 36.25, "lon": 116.45}));
    assert_eq!(got["size"], json!(bytes.len()));
    let text = k.run(["entry", "show", &id]).ok().stdout;
    assert!(
        text.contains("DSC_0001.jpg（192 B，拍摄于 2013-11-26 10:32:05，位置 36.25000,116.45000）"),
        "{text}"
    );
    // A file item keeps no EXIF.
    let finding = k.new_entry("u-yjj", "findings", "finding_type=other facts=空壳");
    k.run([
        "entry",
        "attach",
        &finding,
        "evidence",
        &photo.display().to_string(),
    ])
    .ok();
    assert_eq!(
        k.show(&finding)["answers"]["evidence"][0].get("taken_at"),
        None
    );
}

#[test]
fn doctor_reports_deleted_and_altered_attachments_and_rebuild_keeps_them() {
    let (k, id, files) = inspection();
    let a = write(files.path(), "a.jpg", b"first photo");
    let b = write(files.path(), "b.jpg", b"second photo");
    let c = write(files.path(), "c.jpg", b"third photo");
    k.run([
        "entry",
        "attach",
        &id,
        "photos",
        &a.display().to_string(),
        &b.display().to_string(),
        &c.display().to_string(),
    ])
    .ok();
    k.run(["doctor"]).ok();
    // An orphan (a crash between the file and its revision) is harmless.
    let orphan = sha(b"orphan");
    fs::write(kept(k.dir(), &orphan), b"orphan").ok();
    fs::create_dir_all(kept(k.dir(), &orphan).parent().unwrap()).unwrap();
    fs::write(kept(k.dir(), &orphan), b"orphan").unwrap();
    k.run(["doctor"])
        .ok()
        .stdout_has(&["附件目录中有 1 个文件未被任何记录引用（无害，可保留）。"]);

    k.run(["doctor", "--rebuild"]).ok();
    assert_eq!(
        kept_names(k.dir()),
        common::sorted(vec![
            sha(b"first photo"),
            sha(b"second photo"),
            sha(b"third photo"),
            orphan.clone()
        ])
    );
    k.run(["doctor"]).ok();

    fs::remove_file(kept(k.dir(), &sha(b"first photo"))).unwrap();
    fs::write(kept(k.dir(), &sha(b"third photo")), b"third photO").unwrap();
    let out = k.run(["doctor"]).failed();
    let short = |s: &[u8]| sha(s)[..12].to_string();
    out.stdout_has(&[
        &format!(
            "记录 {id} 的 photos 现场照片：附件 a.jpg（{}）的文件不见了",
            short(b"first photo")
        ),
        &format!(
            "记录 {id} 的 photos 现场照片：附件 c.jpg（{}）的文件内容已被改动（哈希不符）",
            short(b"third photo")
        ),
        "2 个附件有问题：请用 kaocha entry attach 重新添加原文件",
    ]);
    assert!(!out.stdout.contains("b.jpg"), "{}", out.stdout);
    assert!(!out.stdout.contains("doctor --rebuild"), "{}", out.stdout);
    // Attaching the originals again repairs the files.
    let out = k
        .run([
            "entry",
            "attach",
            &id,
            "photos",
            &a.display().to_string(),
            &c.display().to_string(),
        ])
        .ok();
    assert_eq!(
        out.stdout,
        "2 个附件已在此项中，其缺失或被改动的文件已重新保存；记录未修改。\n"
    );
    k.run(["doctor"]).ok();
    assert_eq!(
        fs::read(kept(k.dir(), &sha(b"third photo"))).unwrap(),
        b"third photo"
    );
}

/// SIGKILL while `entry attach` runs, at moments from early (opening the
/// store) to late (saving the revision): after each, the entry names only
/// files that are there and whole, and an attach that exited 0 is there.
#[cfg(unix)]
#[test]
fn a_kill_during_attach_never_leaves_a_reference_to_a_missing_file() {
    use std::process::{Command, Stdio};
    use std::time::Duration;

    let (k, id, files) = inspection();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut acknowledged = Vec::new();
    let (mut referenced, mut orphaned, mut nothing) = (0, 0, 0);
    for round in 0..24u32 {
        // A different 8 MB file each round, so each round writes.
        let mut bytes = vec![0u8; 8 << 20];
        for (i, b) in bytes.iter_mut().enumerate().step_by(4096) {
            *b = (i as u32 ^ round) as u8;
        }
        bytes[0] = round as u8;
        let hash = sha(&bytes);
        let photo = write(files.path(), &format!("p{round}.jpg"), &bytes);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // An attach takes about 150 ms here, most of it starting up.
        let delay = Duration::from_millis(40 + seed % 260);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaocha"))
            .args([
                "entry",
                "attach",
                &id,
                "photos",
                &photo.display().to_string(),
            ])
            .env("KAOCHA_DATA_DIR", k.dir())
            .env("KAOCHA_LANG", "zh")
            .env("KAOCHA_USER", common::USER)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            acknowledged.push(hash.clone());
        }
        let entry = k.show(&id);
        let list = entry["answers"]["photos"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for a in &list {
            let h = a["sha256"].as_str().unwrap();
            let file = fs::read(kept(k.dir(), h))
                .unwrap_or_else(|e| panic!("round {round}: {h} is named but its file: {e}"));
            assert_eq!(sha(&file), h, "round {round}: the file of {h} is not whole");
        }
        let named = list.iter().any(|a| a["sha256"] == json!(hash));
        if named {
            referenced += 1;
        } else if kept(k.dir(), &hash).exists() {
            orphaned += 1;
        } else {
            nothing += 1;
        }
        for h in &acknowledged {
            assert!(
                list.iter().any(|a| a["sha256"] == json!(h)),
                "round {round}: an acknowledged attach of {h} is gone"
            );
        }
    }
    k.run(["doctor"]).ok();
    eprintln!(
        "kills: {referenced} saved, {orphaned} cut between the file and the revision, \
         {nothing} cut before the file was kept"
    );
}
