//! What the command line writes is safe to look at, and what it leaves on
//! disk is safe to leave: no control character from data or arguments
//! reaches the terminal, CSV cells never run as spreadsheet formulas, every
//! file kaocha creates is owner-only, and a protected key is never on disk
//! in clear and opens only with its passphrase.

mod common;

use std::path::Path;
use std::sync::{PoisonError, RwLock};

use common::Kaocha;
use serde_json::Value;

/// A `kaocha` child must not be spawned while this process holds a store
/// open (it would inherit the data dir's lock for a moment): spawns share
/// the lock, an in-process store takes it alone.
static SPAWNS: RwLock<()> = RwLock::new(());

fn run(k: &Kaocha, args: &[&str]) -> common::Out {
    let _spawning = SPAWNS.read().unwrap_or_else(PoisonError::into_inner);
    k.run(args)
}

/// Asserts a text holds no raw control character a terminal acts on.
#[track_caller]
fn no_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| kaocha::domain::ids::is_control(*c) && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{what} holds {bad:?}:\n{text}");
}

#[test]
fn typed_control_characters_are_dropped_and_echoed_arguments_escaped() {
    let k = Kaocha::demo("zh");
    let id = run(
        &k,
        &[
            "--user",
            "王\u{1b}[2J\t建国",
            "entry",
            "new",
            "--unit",
            "县安监局",
            "--form",
            "jgbz.interview",
            "--set",
            "interviewee=张\u{1b}]0;pwned\u{7}三",
            "--set",
            "q1=第一行\r\n第二行\u{1b}[2J\u{9b}31m",
        ],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let shown = run(&k, &["entry", "show", &id, "--json"]).ok().json();
    assert_eq!(shown["answers"]["interviewee"], "张]0;pwned三");
    assert_eq!(shown["answers"]["q1"], "第一行\n第二行[2J31m");
    // The person's name travels in revisions: cleaned too.
    assert_eq!(shown["created_by"]["person"], "王[2J 建国");
    // Arguments echoed in errors are escaped, not sent to the terminal.
    for args in [
        vec!["entry", "show", "0190\u{1b}]0;x\u{7}"],
        vec!["entry", "list", "--unit", "\u{1b}[2J县"],
        vec!["import", "假\u{1b}[1;31m已验证.json"],
    ] {
        let out = run(&k, &args).failed();
        no_controls("stderr", &out.stderr);
        no_controls("stdout", &out.stdout);
        assert!(out.stderr.contains("\\u{1b}"), "{args:?}: {}", out.stderr);
    }
    let out = run(&k, &["keys", "trust", "\u{1b}[2J"]).failed();
    no_controls("stderr", &out.stderr);
    out.stderr_has(&["不是有效的指纹"]);
    // Names given on the command line are kept without them.
    run(
        &k,
        &[
            "teams",
            "add",
            "第三\u{1b}[2J组",
            "--members",
            "张\u{9b}三(组长)",
        ],
    )
    .ok();
    let campaign = run(&k, &["campaign", "show", "--json"]).ok().json();
    let team = &campaign["teams"][2];
    assert_eq!(team["name"], "第三[2J组");
    assert_eq!(team["members"][0]["name"], "张三");
    run(
        &k,
        &[
            "keys",
            "trust",
            "0123-4567-89ab-cdef",
            "--label",
            "\u{1b}[2J假\u{9b}标签",
            "--team",
            "第一组",
        ],
    )
    .ok();
    let listed = run(&k, &["keys", "list"]).ok();
    no_controls("keys list", &listed.stdout);
    assert!(listed.stdout.contains("[2J假标签"), "{}", listed.stdout);
}

#[test]
fn stored_control_characters_are_shown_escaped_in_every_listing() {
    let k = Kaocha::demo("zh");
    // Data an older build stored, written here through the library.
    let entry = {
        let _alone = SPAWNS.write().unwrap_or_else(PoisonError::into_inner);
        let ws =
            kaocha::app::workspace::Workspace::open(k.dir(), Some("旧版本".into())).expect("open");
        let mut c = (*ws.campaign().expect("campaign")).clone();
        c.units[0].name = "县安监局\u{1b}]0;pwned\u{7}\u{9b}2J".into();
        ws.store.put_campaign(&c).expect("campaign");
        let unit = c.units[0].clone();
        let form = ws.latest_form("jgbz.interview").expect("form");
        let e = ws
            .new_entry(&c, &unit, form, &[("interviewee".into(), "李四".into())])
            .expect("entry");
        let changes = std::collections::BTreeMap::from([(
            "q1".to_string(),
            Value::from("答\u{1b}[31m红\u{1b}[0m\u{202e}反"),
        )]);
        ws.apply_changes(&e, changes, None).expect("change").id
    };
    for args in [
        vec!["units"],
        vec!["units", "--json"],
        vec!["entry", "list"],
        vec!["entry", "list", "--json"],
        vec!["entry", "show", &entry],
        vec!["entry", "show", &entry, "--json"],
        vec!["entry", "history", &entry],
        vec!["entry", "history", &entry, "--json"],
        vec!["findings"],
    ] {
        let out = run(&k, &args).ok();
        no_controls(&format!("{args:?}"), &out.stdout);
    }
    let shown = run(&k, &["entry", "show", &entry]).ok().stdout;
    assert!(shown.contains("答\\u{1b}[31m红"), "{shown}");
    // The JSON still reads back to the same value.
    let json = run(&k, &["entry", "show", &entry, "--json"]).ok().json();
    assert_eq!(json["answers"]["q1"], "答\u{1b}[31m红\u{1b}[0m\u{202e}反");
}

#[test]
fn csv_cells_never_run_as_formulas() {
    let k = Kaocha::demo("zh");
    run(
        &k,
        &[
            "entry",
            "new",
            "--unit",
            "县安监局",
            "--form",
            "jgbz.interview",
            "--set",
            "interviewee=-1+2",
            "--set",
            "q2=@SUM(1)",
            "--set",
            "q4==HYPERLINK(\"http://evil\",\"点此\")",
        ],
    )
    .ok();
    let csv = k.dir().join("单位.csv");
    run(
        &k,
        &[
            "report",
            "unit",
            "县安监局",
            "-o",
            csv.to_str().expect("path"),
        ],
    )
    .ok();
    let text = std::fs::read_to_string(&csv).expect("csv");
    let mut fields = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        fields.extend(record.expect("a CSV record").iter().map(str::to_string));
    }
    for f in &fields {
        let number = f.parse::<f64>().is_ok() && !f.contains(['i', 'n', 'N', 'I']);
        assert!(
            number || !f.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell would run: {f:?}"
        );
    }
    for want in ["'-1+2", "'@SUM(1)", "'=HYPERLINK(\"http://evil\",\"点此\")"] {
        assert!(
            fields.iter().any(|f| f == want),
            "no {want:?} in {fields:?}"
        );
    }
}

#[cfg(unix)]
fn modes(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            let mode = std::fs::symlink_metadata(&p)
                .expect("meta")
                .permissions()
                .mode();
            out.push((p.display().to_string(), mode & 0o777));
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn every_file_kaocha_creates_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let usb = tempfile::tempdir().expect("usb");
    let hq = Kaocha::demo("zh");
    // Right after the first command, before any later start could tighten
    // anything: what sled made is owner-only already.
    let first = modes(hq.dir());
    assert!(first.iter().any(|(p, _)| p.ends_with("conf")), "{first:?}");
    for (path, mode) in first {
        assert_eq!(mode & 0o077, 0, "{path} is {mode:o}");
    }
    let plan = usb.path().join("plan.json");
    let plan_arg = plan.to_str().expect("path");
    run(&hq, &["plan", "export", "--team", "第一组", "-o", plan_arg]).ok();
    let fp = run(&hq, &["keys", "show"]).ok().stdout;
    let fp = fp
        .split_whitespace()
        .find_map(|w| w.rsplit('：').next().filter(|x| x.len() == 19))
        .expect("HQ's fingerprint")
        .to_string();
    let field = Kaocha::new("zh");
    run(&field, &["import", plan_arg, "--trust", &fp]).ok();
    run(
        &field,
        &[
            "entry",
            "new",
            "--unit",
            "县安监局",
            "--form",
            "jgbz.interview",
            "--set",
            "interviewee=张三",
        ],
    )
    .ok();
    let results = usb.path().join("r.json");
    run(
        &field,
        &["export", "-o", results.to_str().expect("path"), "--encrypt"],
    )
    .ok();
    run(&field, &["doctor", "--rebuild"]).ok();
    // A file of the user's in the data dir is none of kaocha's business.
    let notes = field.dir().join("notes.txt");
    std::fs::write(&notes, "mine").expect("write");
    std::fs::set_permissions(&notes, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    // A file sled made readable is tightened at the next start.
    let conf = field.dir().join("db").join("conf");
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    run(&field, &["units"]).ok();
    for dir in [hq.dir(), field.dir()] {
        let all = modes(dir);
        assert!(all.len() > 5, "{all:?}");
        for (path, mode) in all {
            if path.ends_with("notes.txt") {
                assert_eq!(mode, 0o644, "{path}");
                continue;
            }
            assert_eq!(mode & 0o077, 0, "{path} is {mode:o}");
        }
    }
    for file in [&plan, &results] {
        let mode = std::fs::metadata(file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{} is {mode:o}", file.display());
    }
}

#[test]
fn a_protected_key_opens_only_with_its_passphrase() {
    let k = Kaocha::demo("zh");
    let shown = run(&k, &["keys", "show"]).ok().stdout;
    let key_file = k.dir().join("keys").join("device.key");
    let secret = std::fs::read_to_string(&key_file).expect("plain key");
    let protect = |pass: Option<&str>, args: &[&str]| {
        let _spawning = SPAWNS.read().unwrap_or_else(PoisonError::into_inner);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kaocha"));
        cmd.args(args)
            .env("KAOCHA_DATA_DIR", k.dir())
            .env("KAOCHA_LANG", "zh")
            .env("KAOCHA_USER", common::USER)
            .env_remove("KAOCHA_PASSPHRASE");
        if let Some(p) = pass {
            cmd.env("KAOCHA_PASSPHRASE", p);
        }
        common::output(&mut cmd)
    };
    protect(Some("短"), &["keys", "protect"])
        .failed()
        .stderr_has(&["口令太短"]);
    protect(Some("考察口令2013"), &["keys", "protect"])
        .ok()
        .stdout_has(&["已用口令保护 1 个密钥文件"]);
    assert!(!key_file.exists());
    for e in std::fs::read_dir(k.dir().join("keys")).expect("keys") {
        let bytes = std::fs::read(e.expect("entry").path()).expect("read");
        let needle = secret.trim().as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the key in clear"
        );
    }
    // The fingerprint shows without the passphrase, unchanged.
    assert_eq!(protect(None, &["keys", "show"]).ok().stdout, shown);
    // Signing needs it: none (no terminal to ask at), or a wrong one.
    let usb = tempfile::tempdir().expect("usb");
    let out_file = usb.path().join("r.json");
    let out_arg = out_file.to_str().expect("path");
    protect(None, &["export", "-o", out_arg])
        .failed()
        .stderr_has(&["受口令保护", "KAOCHA_PASSPHRASE"]);
    protect(Some("不对的口令"), &["export", "-o", out_arg])
        .failed()
        .stderr_has(&["口令不对"]);
    assert!(!out_file.exists(), "a refused export wrote a file");
    protect(Some("考察口令2013"), &["export", "-o", out_arg]).ok();
    let bundle = std::fs::read(&out_file).expect("bundle");
    let env = kaocha::sync::bundle::open(&bundle).expect("a signed bundle");
    assert!(shown.contains(&kaocha::sync::keys::fingerprint(&env.header.origin.key)));
    // Unprotected again, it is the same key.
    protect(Some("考察口令2013"), &["keys", "unprotect"]).ok();
    assert_eq!(
        std::fs::read_to_string(&key_file).expect("plain again"),
        secret
    );
}
