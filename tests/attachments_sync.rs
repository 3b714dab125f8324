//! Attached files in results bundles, through the real binary: a field
//! laptop attaches photos, exports, and HQ imports them with every hash
//! checked — plain and encrypted, full and incremental; re-import adds
//! nothing; a tampered or cut-off bundle is refused with HQ unchanged; the
//! same photo travels once; a file missing at the field is reported on both
//! sides, never dropped in silence.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Kaocha, Out, kept, kept_names, sha};
use serde_json::Value;

const TEAM: &str = "第一组";

/// HQ's plan for 第一组, written to `plan`.
fn export_plan(hq: &Kaocha, plan: &Path) -> Out {
    hq.run([
        "plan".as_ref(),
        "export".as_ref(),
        "--team".as_ref(),
        TEAM.as_ref(),
        "-o".as_ref(),
        plan.as_os_str(),
    ])
}

/// HQ, a field laptop of 第一组 that imported HQ's plan, and a "USB stick".
struct Pair {
    hq: Kaocha,
    field: Kaocha,
    usb: tempfile::TempDir,
}

impl Pair {
    fn new() -> Pair {
        let hq = Kaocha::demo("zh");
        let usb = tempfile::tempdir().unwrap();
        let plan = usb.path().join("plan.json");
        export_plan(&hq, &plan).ok();
        let field = Kaocha::new("zh");
        field
            .run([
                "import".as_ref(),
                plan.as_os_str(),
                "--trust".as_ref(),
                hq.fingerprint().as_ref(),
            ])
            .ok();
        Pair { hq, field, usb }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.usb.path().join(name)
    }

    /// Writes a photo's bytes into the stick's `photos` folder.
    fn photo(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let dir = self.usb.path().join("photos");
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    fn attach(&self, id: &str, item: &str, files: &[&Path]) -> Out {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "entry".as_ref(),
            "attach".as_ref(),
            id.as_ref(),
            item.as_ref(),
        ];
        args.extend(files.iter().map(|f| f.as_os_str()));
        self.field.run(args).ok()
    }

    fn export(&self, name: &str, flags: &[&str]) -> (PathBuf, Out) {
        let file = self.file(name);
        let mut args: Vec<&std::ffi::OsStr> = vec!["export".as_ref(), "-o".as_ref()];
        args.push(file.as_os_str());
        args.extend(flags.iter().map(std::ffi::OsStr::new));
        let out = self.field.run(args);
        (file, out)
    }

    /// HQ imports `file`, enrolling the field laptop for 第一组.
    fn import(&self, file: &Path) -> Out {
        let fp = self.field.fingerprint();
        self.hq.run([
            "import".as_ref(),
            file.as_os_str(),
            "--trust".as_ref(),
            fp.as_ref(),
            "--team".as_ref(),
            TEAM.as_ref(),
        ])
    }
}

/// The envelope line of a plain bundle, parsed.
fn envelope(file: &Path) -> Value {
    let bytes = fs::read(file).unwrap();
    let end = bytes.iter().position(|b| *b == b'\n').unwrap();
    serde_json::from_slice(&bytes[..end]).unwrap()
}

/// A bundle file's bytes, and where the files after its envelope line
/// start.
fn read_split(file: &Path) -> (Vec<u8>, usize) {
    let bytes = fs::read(file).unwrap();
    let line = bytes.iter().position(|x| *x == b'\n').unwrap() + 1;
    (bytes, line)
}

/// Two photos attached to one 实地考察 entry of 县药监局 at the field.
fn two_photos(p: &Pair) -> (String, [Vec<u8>; 2]) {
    let id = p.field.new_entry("u-yjj", "inspection", "");
    let a: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let b: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 253) as u8).collect();
    let pa = p.photo("岗位牌.jpg", &a);
    let pb = p.photo("制度上墙.jpg", &b);
    p.attach(&id, "photos", &[&pa, &pb]);
    (id, [a, b])
}

#[test]
fn two_photos_travel_to_hq_and_a_second_import_adds_nothing() {
    let p = Pair::new();
    let (id, [a, b]) = two_photos(&p);
    let (bundle, out) = p.export("results.json", &[]);
    out.ok().stdout_has(&["带有 2 个附件"]);
    // The envelope line, then both files raw, as the signed list says.
    let env = envelope(&bundle);
    assert_eq!(env["version"], 4);
    assert_eq!(env["counts"]["files"], 2);
    let listed: Vec<(String, u64)> = env["payload"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["sha256"].as_str().unwrap().to_string(),
                f["size"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![(sha(&a), a.len() as u64), (sha(&b), b.len() as u64)]
    );
    let (bytes, line) = read_split(&bundle);
    assert_eq!(&bytes[line..], [a.as_slice(), b.as_slice()].concat());

    assert!(kept_names(p.hq.dir()).is_empty());
    p.import(&bundle)
        .ok()
        .stdout_has(&["新增", "附件 2 个", "哈希均已核对"]);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&a))).unwrap(), a);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&b))).unwrap(), b);
    assert_eq!(kept_names(p.hq.dir()), {
        let mut v = vec![sha(&a), sha(&b)];
        v.sort();
        v
    });
    let shown = p.hq.show(&id);
    let names: Vec<&str> = shown["answers"]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["岗位牌.jpg", "制度上墙.jpg"]);
    let doctor = p.hq.run(["doctor"]).ok();
    assert!(!doctor.stdout.contains("不见了"), "{}", doctor.stdout);

    // Again: imported before, nothing read or written.
    let before = common::snapshot(&p.hq.dir().join("attachments"));
    p.import(&bundle).ok().stdout_has(&["此前已导入，无变化"]);
    assert_eq!(common::snapshot(&p.hq.dir().join("attachments")), before);
}

#[test]
fn a_tampered_or_cut_off_bundle_is_refused_and_hq_keeps_nothing_of_it() {
    let p = Pair::new();
    let (id, [a, _b]) = two_photos(&p);
    let (bundle, out) = p.export("results.json", &[]);
    out.ok();
    let (bytes, line) = read_split(&bundle);

    // One byte of the second photo changed: the signed hash does not hold.
    let mut tampered = bytes.clone();
    let at = line + a.len() + 10;
    tampered[at] ^= 0x01;
    let bad = p.file("tampered.json");
    fs::write(&bad, &tampered).unwrap();
    p.import(&bad)
        .failed()
        .stderr_has(&["与签名所列的哈希不符", "未导入任何内容"]);
    assert!(p.hq.run(["show", &id]).code != 0, "the entry came in");
    assert!(kept_names(p.hq.dir()).is_empty());

    // Cut off in the middle of the second photo (a copy interrupted).
    let cut = p.file("cut.json");
    fs::write(&cut, &bytes[..line + a.len() + 5]).unwrap();
    p.import(&cut)
        .failed()
        .stderr_has(&["数据包不完整", "应带 2 个附件，只读到 1 个"]);
    // Extra bytes after the last file.
    let long = p.file("long.json");
    fs::write(&long, [bytes.as_slice(), b"x"].concat()).unwrap();
    p.import(&long).failed().stderr_has(&["多余的数据"]);
    assert!(p.hq.run(["show", &id]).code != 0, "the entry came in");
    assert!(
        kept_names(p.hq.dir()).is_empty(),
        "{:?}",
        kept_names(p.hq.dir())
    );

    // The bundle as written still imports.
    p.import(&bundle).ok().stdout_has(&["附件 2 个"]);
    assert_eq!(kept_names(p.hq.dir()).len(), 2);

    // HQ keeps both files now; a later bundle carrying them again is still
    // checked byte by byte, dry run or not.
    p.field.set(&id, "c1_note=补充");
    let (later, out) = p.export("later.json", &[]);
    out.ok().stdout_has(&["带有 2 个附件"]);
    let (mut bytes, line) = read_split(&later);
    bytes[line + 3] ^= 0x01;
    fs::write(&later, &bytes).unwrap();
    p.import(&later)
        .failed()
        .stderr_has(&["与签名所列的哈希不符"]);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&a))).unwrap(), a);
    assert!(p.hq.show(&id)["answers"].get("c1_note").is_none());
}

#[test]
fn the_same_photo_travels_once_and_an_incremental_export_carries_only_new_files() {
    let p = Pair::new();
    let (id, [a, b]) = two_photos(&p);
    // The same photo, under another name, in a second entry.
    let other = p.field.new_entry("u-yjj", "inspection", "");
    let again = p.photo("again.jpg", &a);
    p.attach(&other, "photos", &[&again]);
    let stick = |name: &str| format!("stick/{name}");
    fs::create_dir_all(p.file("stick")).unwrap();
    let (first, out) = p.export(&stick("first.json"), &["--incremental"]);
    out.ok().stdout_has(&["带有 2 个附件"]);
    assert_eq!(envelope(&first)["counts"]["files"], 2);
    let first_len = fs::metadata(&first).unwrap().len();

    // A third photo: the revision names all three, only the new one goes.
    let c: Vec<u8> = (0..50_000u32).map(|i| (i % 13) as u8).collect();
    let pc = p.photo("花名册.jpg", &c);
    p.attach(&id, "photos", &[&pc]);
    let (second, out) = p.export(&stick("second.json"), &["--incremental"]);
    out.ok().stdout_has(&["带有 1 个附件"]);
    let env = envelope(&second);
    assert_eq!(env["counts"]["files"], 1);
    assert_eq!(env["payload"]["files"][0]["sha256"], sha(&c));
    // Nothing new: a version-3 bundle without files.
    let (third, out) = p.export(&stick("third.json"), &["--incremental"]);
    out.ok();
    let env = envelope(&third);
    assert_eq!(env["version"], 3);
    assert!(env["payload"].get("files").is_none());

    p.import(&first).ok().stdout_has(&["附件 2 个"]);
    p.import(&second).ok().stdout_has(&["附件 1 个"]);
    p.import(&third).ok();
    for bytes in [&a, &b, &c] {
        assert_eq!(&fs::read(kept(p.hq.dir(), &sha(bytes))).unwrap(), bytes);
    }
    let shown = p.hq.show(&id);
    assert_eq!(shown["answers"]["photos"].as_array().unwrap().len(), 3);
    assert_eq!(p.hq.show(&other)["answers"]["photos"][0]["sha256"], sha(&a));
    assert!(first_len > (a.len() + b.len()) as u64);
    assert!(first_len < (2 * a.len() + b.len()) as u64, "a sent twice");
}

#[test]
fn an_encrypted_bundle_carries_its_files_and_a_dry_run_keeps_none() {
    let p = Pair::new();
    let (_id, [a, b]) = two_photos(&p);
    let (bundle, out) = p.export("sealed.age", &["--encrypt"]);
    out.ok().stdout_has(&["已加密", "带有 2 个附件"]);
    let bytes = fs::read(&bundle).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/"));
    let needle = &a[1000..1064];
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));

    let fp = p.field.fingerprint();
    p.hq.run([
        "import".as_ref(),
        bundle.as_os_str(),
        "--trust".as_ref(),
        fp.as_ref(),
        "--team".as_ref(),
        TEAM.as_ref(),
        "--dry-run".as_ref(),
    ])
    .ok()
    .stdout_has(&["试运行", "附件 2 个"]);
    assert!(kept_names(p.hq.dir()).is_empty());
    p.import(&bundle).ok().stdout_has(&["附件 2 个"]);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&a))).unwrap(), a);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&b))).unwrap(), b);
}

#[test]
fn a_file_missing_at_the_field_is_reported_on_both_sides() {
    let p = Pair::new();
    let (_id, [a, b]) = two_photos(&p);
    fs::remove_file(kept(p.field.dir(), &sha(&b))).unwrap();
    let (bundle, out) = p.export("results.json", &[]);
    out.ok().stdout_has(&[
        "带有 1 个附件",
        "1 个附件的文件在本机找不到",
        "制度上墙.jpg",
    ]);
    p.import(&bundle)
        .ok()
        .stdout_has(&["附件 1 个", "既不在数据包中，本机也没有", "制度上墙.jpg"]);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&a))).unwrap(), a);
    let doctor = p.hq.run(["doctor"]);
    assert!(doctor.stdout.contains("制度上墙.jpg"), "{}", doctor.stdout);
}

#[test]
fn a_plan_brings_the_files_of_the_entries_hq_already_has() {
    let hq = Kaocha::demo("zh");
    let usb = tempfile::tempdir().unwrap();
    // HQ's own 实地考察 of 县药监局 (a unit of 第一组), with a photo.
    let id = hq.new_entry("u-yjj", "inspection", "");
    let bytes: Vec<u8> = (0..120_000u32).map(|i| (i % 241) as u8).collect();
    let photo = usb.path().join("上次考察.jpg");
    fs::write(&photo, &bytes).unwrap();
    hq.run([
        "entry".as_ref(),
        "attach".as_ref(),
        id.as_str().as_ref(),
        "photos".as_ref(),
        photo.as_os_str(),
    ])
    .ok();
    let plan = usb.path().join("plan.json");
    export_plan(&hq, &plan).ok().stdout_has(&["带有 1 个附件"]);
    assert_eq!(envelope(&plan)["version"], 4);

    // One byte changed: the laptop refuses the plan and keeps nothing.
    let mut tampered = fs::read(&plan).unwrap();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    let bad = usb.path().join("tampered.json");
    fs::write(&bad, &tampered).unwrap();
    let field = Kaocha::new("zh");
    let fp = hq.fingerprint();
    field
        .run([
            "import".as_ref(),
            bad.as_os_str(),
            "--trust".as_ref(),
            fp.as_ref(),
        ])
        .failed()
        .stderr_has(&["与签名所列的哈希不符"]);
    assert!(kept_names(field.dir()).is_empty());

    field
        .run([
            "import".as_ref(),
            plan.as_os_str(),
            "--trust".as_ref(),
            fp.as_ref(),
        ])
        .ok()
        .stdout_has(&["附件 1 个"]);
    assert_eq!(fs::read(kept(field.dir(), &sha(&bytes))).unwrap(), bytes);
    assert_eq!(
        field.show(&id)["answers"]["photos"][0]["name"],
        "上次考察.jpg"
    );
    let doctor = field.run(["doctor"]).ok();
    assert!(!doctor.stdout.contains("不见了"), "{}", doctor.stdout);
}

#[test]
fn a_file_altered_at_the_field_stops_the_export_and_writes_no_bundle() {
    let p = Pair::new();
    let (_id, [a, _b]) = two_photos(&p);
    // Same size, other bytes: only the hash tells.
    let mut altered = a.clone();
    altered[7] ^= 0x01;
    fs::write(kept(p.field.dir(), &sha(&a)), &altered).unwrap();
    let (bundle, out) = p.export("results.json", &[]);
    out.failed()
        .stderr_has(&["岗位牌.jpg", "已被改动", "未写出数据包"]);
    assert!(!bundle.exists());
    let left: Vec<_> = fs::read_dir(p.usb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("results"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A bundle with files as an earlier build wrote it (version 2, signed
/// over the whole payload) still imports, files and all.
#[test]
fn a_bundle_with_files_of_an_earlier_build_still_imports() {
    use kaocha::sync::bundle::{self, Header};
    use kaocha::sync::keys::DeviceKey;
    let p = Pair::new();
    let (_, [a, b]) = two_photos(&p);
    let (bundle_file, out) = p.export("results.json", &[]);
    out.ok();
    let (bytes, line) = read_split(&bundle_file);
    let env = bundle::open(&bytes[..line]).unwrap();
    assert_eq!(env.header.version, 4);
    let payload = env.payload.get();
    let key = DeviceKey::load_or_create(p.field.dir()).unwrap();
    let legacy = Header {
        version: 2,
        signature: key.sign(payload.as_bytes()),
        ..env.header.clone()
    };
    let mut old = serde_json::to_vec(&legacy).unwrap();
    old.pop();
    old.extend_from_slice(format!(",\"payload\":{payload}}}\n").as_bytes());
    old.extend_from_slice(&bytes[line..]);
    let old_file = p.file("old.json");
    fs::write(&old_file, &old).unwrap();
    p.import(&old_file).ok().stdout_has(&["新增", "附件 2 个"]);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&a))).unwrap(), a);
    assert_eq!(fs::read(kept(p.hq.dir(), &sha(&b))).unwrap(), b);
}
