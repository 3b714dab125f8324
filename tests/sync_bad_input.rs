//! Bundle import robustness (QUALITY.md, "Bad input gets a clear error and
//! changes nothing"): for every kind of bad file, `import` returns an error
//! whose message (zh, the default) names the problem, nothing is written
//! (digest, settings and arrival log unchanged), and a valid bundle still
//! imports afterwards. Plus a property test feeding mutated bundles, and a
//! few runs of the real binary for the user-facing message and exit code.
//!
//! The lab: an HQ (the demo campaign) and a field laptop that imported HQ's
//! plan for 第一组, created a registration (县药监局) and an interview
//! (县安监局), two revisions each, and exported a valid results bundle. HQ
//! trusts the field's key (except where a test says otherwise).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kaocha::app::demo;
use kaocha::app::workspace::Workspace;
use kaocha::domain::{Revision, canonical_json};
use kaocha::store::CURRENT_CAMPAIGN;
use kaocha::sync::SyncError;
use kaocha::sync::bundle::{self, Header, Kind, Payload};
use kaocha::sync::export;
use kaocha::sync::import::{Options, Report, import};
use kaocha::sync::keys::DeviceKey;
use kaocha::sync::trust::{Role, Trusted, trust_record};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

mod sync_lab;

use sync_lab::{open, state};

// ---- the lab ----------------------------------------------------------------

/// A demo HQ in `dir`.
fn demo_hq(dir: &Path) -> Workspace {
    let hq = open(dir, "考核委");
    demo::seed(&hq.store).expect("seed demo");
    hq
}

/// Enrols `key` as a device of 第一组 at `ws` (what `keys trust FP --team
/// 第一组` does).
fn trust(ws: &Workspace, key: &DeviceKey, label: &str) {
    let t = Trusted {
        key: Some(key.public()),
        label: label.into(),
        campaign: Some(demo::CAMPAIGN_ID.into()),
        teams: vec!["t1".into()],
        ..Trusted::new(&key.fingerprint(), Role::Device)
    };
    ws.store.commit(&[trust_record(&t)]).expect("trust");
}

/// Options that confirm these fingerprints (and enrol devices for 第一组).
fn trusting(fps: &[&str]) -> Options {
    Options {
        trust: fps.iter().map(|f| f.to_string()).collect(),
        teams: vec!["第一组".into()],
        ..Options::default()
    }
}

fn set(ws: &Workspace, entry: &str, sets: &[(&str, &str)]) {
    let e = ws.store.entry(entry).expect("read").expect("entry");
    let sets: Vec<(String, String)> = sets
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ws.set_answers(&e, &sets, None).expect("set answers");
}

fn new_entry(ws: &Workspace, unit: &str, form: &str, sets: &[(&str, &str)]) -> String {
    let campaign = ws.campaign().expect("campaign");
    let unit = ws.unit(&campaign, unit).expect("unit");
    let form = ws.latest_form(form).expect("form");
    let sets: Vec<(String, String)> = sets
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ws.new_entry(&campaign, &unit, form, &sets)
        .expect("new entry")
        .id
}

struct Lab {
    tmp: TempDir,
    hq: Workspace,
    hq_dir: PathBuf,
    /// HQ's plan bundle for 第一组.
    plan: Vec<u8>,
    field_dir: PathBuf,
    /// The field's valid results bundle (not yet imported at HQ).
    valid: Vec<u8>,
    field_fp: String,
    /// Registration of 县药监局 (root + one edit).
    registration: String,
    /// Interview at 县安监局 (root + one edit).
    interview: String,
}

impl Lab {
    fn new(hq_trusts_field: bool) -> Lab {
        let tmp = tempfile::tempdir().expect("tempdir");
        let hq_dir = tmp.path().join("hq");
        let hq = demo_hq(&hq_dir);
        let plan_file = tmp.path().join("plan-t1.json");
        export::plan(&hq.store, &hq.author.person, "t1", &plan_file).expect("plan export");
        let plan = std::fs::read(&plan_file).expect("read plan");

        let field_dir = tmp.path().join("field");
        let field = open(&field_dir, "王建国");
        let hq_fp = DeviceKey::load_or_create(&hq_dir)
            .expect("hq key")
            .fingerprint();
        let r = import(&field.store, &plan, &trusting(&[&hq_fp])).expect("field imports the plan");
        assert!(r.newly_trusted, "the confirmed first plan pins HQ: {r:?}");
        let registration = new_entry(
            &field,
            "u-yjj",
            "jgbz.registration",
            &[
                ("unit_name", "东阿县药品监督管理局"),
                ("admin_actual", "10"),
                ("inst_actual", "12"),
                ("worker_actual", "2"),
            ],
        );
        set(&field, &registration, &[("admin_actual", "11")]);
        let interview = new_entry(
            &field,
            "u-ajj",
            "jgbz.interview",
            &[("interviewee", "李四"), ("summary", "人员紧张")],
        );
        set(&field, &interview, &[("q1", "职能交叉")]);
        let valid_file = tmp.path().join("results.json");
        let exported = export::results(
            &field.store,
            &field.author.person,
            &valid_file,
            false,
            false,
        )
        .expect("export");
        // The field's own four revisions (and whatever the plan carried).
        assert!(exported.counts.revisions >= 4, "{exported:?}");
        drop(field);
        let valid = std::fs::read(&valid_file).expect("read results");
        let key = DeviceKey::load_or_create(&field_dir).expect("field key");
        if hq_trusts_field {
            trust(&hq, &key, "第一组");
        }
        Lab {
            tmp,
            hq,
            hq_dir,
            plan,
            field_dir,
            valid,
            field_fp: key.fingerprint(),
            registration,
            interview,
        }
    }

    /// Revisions and entries in the valid bundle: the field's four and two,
    /// plus what HQ's plan carried (which HQ knows).
    fn total(&self) -> (usize, usize) {
        let (h, _) = self.parts();
        (h.counts.revisions, h.counts.entries)
    }

    fn field_key(&self) -> DeviceKey {
        DeviceKey::load_or_create(&self.field_dir).expect("field key")
    }

    /// The valid bundle's header and parsed payload.
    fn parts(&self) -> (Header, Payload) {
        let env = bundle::open(&self.valid).expect("valid bundle opens");
        let payload = bundle::payload(&env).expect("valid payload");
        (env.header.clone(), payload)
    }

    /// The valid bundle's payload text, exactly as in the file.
    fn payload_text(&self) -> String {
        let env = bundle::open(&self.valid).expect("valid bundle opens");
        env.payload.get().to_string()
    }

    /// The valid bundle, changed by `edit` and signed again with the field's
    /// key (so hash and signature are right; only the content is bad).
    fn resign(&self, edit: impl FnOnce(&mut Header, &mut Payload)) -> Vec<u8> {
        let (mut header, mut payload) = self.parts();
        edit(&mut header, &mut payload);
        // An honest exporter signs the envelope facts too.
        payload.bundle.counts = header.counts.clone();
        payload.bundle.origin = header.origin.clone();
        payload.bundle.created_at = header.created_at.clone();
        bundle::write(header, &payload, &self.field_key()).expect("write bundle")
    }

    /// Imports `bytes` at HQ, which must refuse with every fragment in the
    /// message and write nothing. Returns the message.
    #[track_caller]
    fn refused(&self, bytes: &[u8], fragments: &[&str]) -> String {
        self.refused_with(bytes, &Options::default(), fragments)
    }

    #[track_caller]
    fn refused_with(&self, bytes: &[u8], opts: &Options, fragments: &[&str]) -> String {
        let before = state(&self.hq);
        let err = match import(&self.hq.store, bytes, opts) {
            Ok(r) => panic!("import should have been refused, got {r:?}"),
            Err(e) => e,
        };
        let message = err.to_string();
        for f in fragments {
            assert!(
                message.contains(f),
                "message lacks {f:?}: {message} ({err:?})"
            );
        }
        assert_eq!(state(&self.hq), before, "a refused import wrote: {message}");
        message
    }

    /// The valid bundle still imports in full after the refusals.
    #[track_caller]
    fn valid_still_imports(&self) -> Report {
        let before = state(&self.hq);
        let r =
            import(&self.hq.store, &self.valid, &Options::default()).expect("valid bundle imports");
        assert!(!r.already_imported, "{r:?}");
        assert_eq!(r.revisions_new, 4, "{r:?}");
        assert_eq!(r.revisions_new + r.revisions_known, self.total().0);
        assert_eq!(r.entries, self.total().1);
        assert_ne!(state(&self.hq).digest, before.digest);
        let reg = self.hq.store.entry(&self.registration).expect("read");
        assert_eq!(
            reg.expect("registration at HQ").answers.get("admin_actual"),
            Some(&json!(11))
        );
        let iv = self.hq.store.entry(&self.interview).expect("read");
        assert_eq!(
            iv.expect("interview at HQ").answers.get("q1"),
            Some(&json!("职能交叉"))
        );
        r
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A bundle file around exact payload bytes, hashed and signed by `key`
/// (what `bundle::write` does, for payloads serde cannot build).
fn sign_raw(header: &Header, payload: &[u8], key: &DeviceKey) -> Vec<u8> {
    let payload_sha256 = sha256_hex(payload);
    let header = Header {
        signature: key.sign(&bundle::statement(header.version, &payload_sha256)),
        payload_sha256,
        ..header.clone()
    };
    envelope(&header, payload)
}

/// A bundle file of `header` (hash and signature as they are) around
/// exact payload bytes.
fn envelope(header: &Header, payload: &[u8]) -> Vec<u8> {
    let mut out = serde_json::to_vec(header).expect("header");
    out.pop();
    out.extend_from_slice(b",\"payload\":");
    out.extend_from_slice(payload);
    out.extend_from_slice(b"}\n");
    out
}

/// Replaces the first occurrence of `from` (which must occur) in `bytes`.
#[track_caller]
fn replace_first(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let from = from.as_bytes();
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{:?} not in the bundle", String::from_utf8_lossy(from)));
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to.as_bytes());
    out.extend_from_slice(&bytes[at + from.len()..]);
    out
}

/// Applies `edit` to every revision and seals each again, renaming parents
/// to the new ids, so that every id matches its content (revisions of an
/// export come parents first).
fn reseal(revisions: &mut [Revision], mut edit: impl FnMut(&mut Revision)) {
    let mut renamed: HashMap<String, String> = HashMap::new();
    for r in revisions.iter_mut() {
        edit(r);
        for p in &mut r.body.parents {
            if let Some(new) = renamed.get(p) {
                *p = new.clone();
            }
        }
        let sealed = r.body.clone().seal();
        if sealed.id != r.id {
            renamed.insert(r.id.clone(), sealed.id.clone());
        }
        *r = sealed;
    }
}

fn is_root_of(r: &Revision, entry: &str) -> bool {
    r.body.entry == entry && r.body.parents.is_empty()
}

// ---- empty, not JSON, truncated, BOM, UTF-8 ----------------------------------

#[test]
fn an_empty_file_is_refused() {
    let lab = Lab::new(true);
    lab.refused(b"", &["不是有效的 kaocha 数据包", "文件是空的"]);
    lab.valid_still_imports();
}

#[test]
fn a_file_of_whitespace_is_refused_as_empty() {
    let lab = Lab::new(true);
    lab.refused(
        b" \n\t\r\n  \n",
        &["不是有效的 kaocha 数据包", "文件是空的"],
    );
    // A BOM followed by nothing is empty too.
    lab.refused(b"\xEF\xBB\xBF\n", &["文件是空的"]);
    lab.valid_still_imports();
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    let lab = Lab::new(true);
    for bytes in [
        &b"PK\x03\x04\x14\x00\x00\x00\x08\x00"[..],
        "单位,编制数,实有人数\n县安监局,12,14\n".as_bytes(),
        b"{\"format\": \"kaocha-bundle\", \"version\": 1,",
        b"null",
    ] {
        lab.refused(bytes, &["不是有效的 kaocha 数据包", "损坏或不完整"]);
    }
    lab.valid_still_imports();
}

#[test]
fn a_truncated_file_is_refused() {
    let lab = Lab::new(true);
    let half = &lab.valid[..lab.valid.len() / 2];
    lab.refused(half, &["不是有效的 kaocha 数据包", "不完整"]);
    // Losing only the closing brace (and newline) is caught as well.
    let trimmed = lab.valid.trim_ascii_end();
    lab.refused(&trimmed[..trimmed.len() - 1], &["不是有效的 kaocha 数据包"]);
    lab.valid_still_imports();
}

#[test]
fn a_utf8_bom_before_a_valid_bundle_is_tolerated() {
    let lab = Lab::new(true);
    let before = state(&lab.hq).digest;
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&lab.valid);
    let r = import(&lab.hq.store, &with_bom, &Options::default()).expect("BOM is tolerated");
    assert_eq!(
        (r.revisions_new, r.entries, r.already_imported),
        (4, lab.total().1, false)
    );
    assert_ne!(state(&lab.hq).digest, before);
    assert!(
        lab.hq
            .store
            .entry(&lab.registration)
            .expect("read")
            .is_some()
    );
    // The same bundle without the BOM is the same bundle.
    let again = import(&lab.hq.store, &lab.valid, &Options::default()).expect("again");
    assert!(again.already_imported, "{again:?}");
}

#[test]
fn invalid_utf8_is_refused() {
    let lab = Lab::new(true);
    // Inside the payload: a character of 李四 replaced by bytes that are not
    // UTF-8 (the hash would not match either, but the file is refused as
    // not a bundle first).
    let broken = replace_first(&lab.valid, "李四", "\u{0}");
    let mut broken = broken;
    let at = broken
        .iter()
        .position(|b| *b == 0)
        .expect("marker byte in the file");
    broken.splice(at..=at, [0xFF, 0xFE, 0xC3]);
    lab.refused(&broken, &["不是有效的 kaocha 数据包"]);
    // The same bytes with a matching hash and a valid signature over them.
    let text = lab.payload_text();
    let mut payload = text.replace("李四", "\u{0}").into_bytes();
    let at = payload.iter().position(|b| *b == 0).expect("marker");
    payload.splice(at..=at, [0xFF, 0xFE]);
    let (header, _) = lab.parts();
    let signed = sign_raw(&header, &payload, &lab.field_key());
    lab.refused(&signed, &["不是有效的 kaocha 数据包"]);
    // In the envelope (the origin label, which is not signed).
    let (header, _) = lab.parts();
    let label = header.origin.label.clone();
    let mut in_header = replace_first(&lab.valid, &label, "\u{0}");
    let at = in_header.iter().position(|b| *b == 0).expect("marker");
    in_header.splice(at..=at, [0xC0, 0x80]);
    lab.refused(&in_header, &["不是有效的 kaocha 数据包"]);
    lab.valid_still_imports();
}

#[test]
fn an_age_header_over_garbage_is_refused() {
    let lab = Lab::new(true);
    let mut bytes = kaocha::sync::read::AGE_MAGIC.to_vec();
    bytes.extend_from_slice(b"v1\n-> X25519 garbage\n---\n\x00\x01\x02");
    lab.refused(&bytes, &["已加密", "无法解密"]);
    lab.valid_still_imports();
}

// ---- format, version, hash, signature -----------------------------------------

#[test]
fn a_wrong_format_is_refused_naming_it() {
    let lab = Lab::new(true);
    let other = replace_first(
        &lab.valid,
        "\"format\":\"kaocha-bundle\"",
        "\"format\":\"odk-submission\"",
    );
    lab.refused(&other, &["不是 kaocha 数据包", "odk-submission"]);
    // A format name is shown without its control characters.
    let hostile = replace_first(
        &lab.valid,
        "\"format\":\"kaocha-bundle\"",
        "\"format\":\"odk\\u001b]0;x\\u0007\"",
    );
    let message = lab.refused(&hostile, &["odk]0;x"]);
    assert!(!message.contains('\u{1b}'), "{message:?}");
    // JSON without any format (a form file, say).
    let form = std::fs::read("forms/jgbz.interview.json").expect("a form file");
    lab.refused(&form, &["没有 format 字段"]);
    lab.valid_still_imports();
}

#[test]
fn a_wrong_version_is_refused_naming_it() {
    let lab = Lab::new(true);
    let v9 = replace_first(&lab.valid, "\"version\":3,", "\"version\":9,");
    let msg = lab.refused(&v9, &["数据包版本 9 不受支持", "版本 1 至 4"]);
    assert!(msg.contains("升级"), "{msg}");
    lab.valid_still_imports();
}

#[test]
fn an_edited_payload_fails_the_hash() {
    let lab = Lab::new(true);
    let edited = replace_first(&lab.valid, "\"admin_actual\":11", "\"admin_actual\":12");
    assert_eq!(edited.len(), lab.valid.len());
    lab.refused(&edited, &["与校验值不符", "未导入任何内容"]);
    let edited = replace_first(&lab.valid, "职能交叉", "职能不清");
    lab.refused(&edited, &["与校验值不符"]);
    lab.valid_still_imports();
}

#[test]
fn an_edited_payload_with_a_recomputed_hash_fails_the_signature() {
    let lab = Lab::new(true);
    let (header, _) = lab.parts();
    let text = lab.payload_text();
    let edited = text.replace("\"admin_actual\":11", "\"admin_actual\":12");
    assert_ne!(edited, text);
    let bytes = replace_first(&lab.valid, &text, &edited);
    let bytes = replace_first(
        &bytes,
        &header.payload_sha256,
        &sha256_hex(edited.as_bytes()),
    );
    lab.refused(&bytes, &["签名无效", "未导入任何内容"]);
    lab.valid_still_imports();
}

#[test]
fn an_edited_envelope_id_kind_or_campaign_is_refused() {
    let lab = Lab::new(true);
    let (header, _) = lab.parts();
    // The payload repeats them under its signature: the envelope alone
    // cannot be changed.
    let other_id = uuid::Uuid::now_v7().to_string();
    let bytes = replace_first(&lab.valid, &header.id, &other_id);
    lab.refused(&bytes, &["不一致"]);
    // Turned into a "plan" outside, it disagrees with what is signed.
    let bytes = replace_first(&lab.valid, "\"kind\":\"results\"", "\"kind\":\"plan\"");
    lab.refused(&bytes, &["不一致"]);
    let bytes = replace_first(
        &lab.valid,
        "\"campaign\":\"demo-donge-2013\"",
        "\"campaign\":\"other-2014\"",
    );
    lab.refused(&bytes, &["不一致"]);
    lab.valid_still_imports();
}

/// The valid bundle as an earlier build wrote it: version 1, signed over
/// the whole payload.
fn as_legacy(lab: &Lab) -> Vec<u8> {
    let (mut header, _) = lab.parts();
    header.version = 1;
    let text = lab.payload_text();
    let legacy = Header {
        payload_sha256: sha256_hex(text.as_bytes()),
        signature: lab.field_key().sign(text.as_bytes()),
        ..header
    };
    envelope(&legacy, text.as_bytes())
}

#[test]
fn a_bundle_of_an_earlier_build_still_imports() {
    let lab = Lab::new(true);
    assert!(
        lab.valid
            .starts_with(b"{\"format\":\"kaocha-bundle\",\"version\":3,")
    );
    let legacy = as_legacy(&lab);
    let r =
        import(&lab.hq.store, &legacy, &Options::default()).expect("a version-1 bundle imports");
    assert_eq!(r.revisions_new, 4, "{r:?}");
    let reg = lab.hq.store.entry(&lab.registration).expect("read");
    assert_eq!(
        reg.expect("registration at HQ").answers.get("admin_actual"),
        Some(&json!(11))
    );
}

#[test]
fn a_version_changed_after_signing_is_refused() {
    let lab = Lab::new(true);
    // Today's bundle called an earlier one: its signature does not cover
    // the payload itself.
    let down = replace_first(&lab.valid, "\"version\":3,", "\"version\":1,");
    lab.refused(&down, &["签名无效"]);
    // An earlier build's bundle called today's: its signature does not
    // cover the statement.
    let up = replace_first(&as_legacy(&lab), "\"version\":1,", "\"version\":3,");
    lab.refused(&up, &["签名无效"]);
    // Version 3 signed as version 4 (the statement names the version).
    let (header, payload) = lab.parts();
    let text = serde_json::to_string(&payload).expect("payload");
    let sha = sha256_hex(text.as_bytes());
    let other_version = Header {
        signature: lab.field_key().sign(&bundle::statement(4, &sha)),
        payload_sha256: sha,
        ..header
    };
    lab.refused(&envelope(&other_version, text.as_bytes()), &["签名无效"]);
    lab.valid_still_imports();
}

#[test]
fn a_signature_from_another_key_is_refused_as_untrusted() {
    let lab = Lab::new(true);
    let other = DeviceKey::load_or_create(&lab.tmp.path().join("stranger")).expect("key");
    assert_ne!(other.fingerprint(), lab.field_fp);
    let (mut header, mut payload) = lab.parts();
    header.origin.key = other.public();
    payload.bundle.origin = header.origin.clone();
    let bytes = bundle::write(header, &payload, &other).expect("write");
    lab.refused(&bytes, &["未登记的设备", &other.fingerprint(), "--trust"]);
    // The field's key with the stranger's signature is just invalid.
    let (header, payload) = lab.parts();
    let text = serde_json::to_string(&payload).expect("payload");
    lab.refused(&sign_raw(&header, text.as_bytes(), &other), &["签名无效"]);
    lab.valid_still_imports();
}

#[test]
fn an_unknown_key_is_refused_until_the_operator_trusts_it() {
    let lab = Lab::new(false);
    lab.refused(&lab.valid, &["未登记的设备", &lab.field_fp, "--trust"]);
    // Trusting some other fingerprint does not help.
    let wrong = trusting(&["0000-1111-2222-3333"]);
    lab.refused_with(&lab.valid, &wrong, &["未登记的设备", &lab.field_fp]);
    // The right fingerprint without a team: HQ must say which team.
    let no_team = Options {
        teams: vec![],
        ..trusting(&[&lab.field_fp])
    };
    lab.refused_with(&lab.valid, &no_team, &["--team", &lab.field_fp]);
    // A dry run with the right fingerprint reports, and writes nothing.
    let trusted = Options {
        dry_run: true,
        ..trusting(&[&lab.field_fp.to_uppercase().replace('-', " ")])
    };
    let before = state(&lab.hq);
    let dry = import(&lab.hq.store, &lab.valid, &trusted).expect("dry run");
    assert!(
        dry.dry_run && dry.newly_trusted && dry.revisions_new == 4,
        "{dry:?}"
    );
    assert_eq!(state(&lab.hq), before);
    let r = import(
        &lab.hq.store,
        &lab.valid,
        &Options {
            dry_run: false,
            ..trusted
        },
    )
    .expect("trusted import");
    assert!(r.newly_trusted, "{r:?}");
    assert_eq!(r.revisions_new, 4);
    assert!(lab.hq.store.entry(&lab.interview).expect("read").is_some());
}

// ---- plans ---------------------------------------------------------------------

/// A plan for 第一组 from another HQ (its own key), whose campaign has the
/// same id as ours but one unit and a forged baseline.
fn stranger_plan(lab: &Lab) -> Vec<u8> {
    let hq2 = demo_hq(&lab.tmp.path().join("stranger-hq"));
    let mut c = demo::campaign();
    c.name = "伪造的评估任务".into();
    c.units.retain(|u| u.id == "u-ajj");
    c.units[0].baseline.admin_quota = Some(999);
    hq2.store.put_campaign(&c).expect("campaign");
    let file = lab.tmp.path().join("stranger-plan.json");
    export::plan(&hq2.store, &hq2.author.person, "t1", &file).expect("plan");
    std::fs::read(&file).expect("read plan")
}

#[test]
fn a_plan_signed_by_another_hq_is_refused_at_a_field_laptop() {
    let lab = Lab::new(true);
    let plan = stranger_plan(&lab);
    let field = open(&lab.field_dir, "王建国");
    let before = state(&field);
    let stranger_fp = bundle::open(&plan)
        .map(|e| kaocha::sync::keys::fingerprint(&e.header.origin.key))
        .expect("plan");
    let hq_fp = DeviceKey::load_or_create(&lab.hq_dir)
        .expect("hq key")
        .fingerprint();
    // Refused, even with the stranger's fingerprint given: the pinned HQ
    // key and the signer are both named, and nothing suggests trusting it.
    for opts in [Options::default(), trusting(&[&stranger_fp])] {
        let err = import(&field.store, &plan, &opts).expect_err("refused");
        let message = err.to_string();
        assert!(
            message.contains("不是由本机信任的考核委密钥签署"),
            "{message}"
        );
        assert!(
            message.contains(&hq_fp) && message.contains(&stranger_fp),
            "{message}"
        );
        assert!(!message.contains("--trust"), "{message}");
        assert!(matches!(err, SyncError::NotHq { .. }), "{err:?}");
    }
    assert_eq!(state(&field), before);
    assert_eq!(field.campaign().expect("campaign").units.len(), 2);
}

#[test]
fn a_plan_from_an_unknown_key_is_refused_at_hq() {
    let lab = Lab::new(true);
    let plan = stranger_plan(&lab);
    for opts in [
        Options::default(),
        trusting(&[&kaocha::sync::keys::fingerprint(
            &bundle::open(&plan).expect("plan").header.origin.key,
        )]),
    ] {
        lab.refused_with(&plan, &opts, &["考核委不导入任务包"]);
    }
    let campaign = lab.hq.campaign().expect("campaign");
    assert_eq!(campaign.units.len(), 5);
    assert_eq!(*campaign, demo::campaign());
    lab.valid_still_imports();
}

// ---- campaign ----------------------------------------------------------------

#[test]
fn a_bundle_for_another_campaign_is_refused() {
    let lab = Lab::new(true);
    // Signed by the trusted field key, but for a campaign HQ does not have.
    let bytes = lab.resign(|h, p| {
        h.campaign = "other-2014".into();
        p.bundle.campaign = "other-2014".into();
    });
    lab.refused(&bytes, &["另一个评估任务", "other-2014"]);
    // The right campaign outside, entries of another one inside.
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if let Some(init) = &mut r.body.init {
                init.campaign = "other-2014".into();
            }
        });
    });
    lab.refused(&bytes, &["有误", "属于另一个评估任务", "未导入任何内容"]);
    lab.valid_still_imports();
}

#[test]
fn results_of_a_field_laptop_of_another_campaign_are_refused() {
    let lab = Lab::new(true);
    // A second HQ runs a campaign with another id; its field laptop's
    // results reach our HQ.
    let hq2 = demo_hq(&lab.tmp.path().join("hq2"));
    let mut other = demo::campaign();
    other.id = "other-2014".into();
    other.name = "2014年另一次评估（演示）".into();
    hq2.store
        .commit(&[
            kaocha::store::Change::Campaign { campaign: other },
            kaocha::store::Change::hq_role("other-2014"),
        ])
        .expect("campaign");
    hq2.store
        .set_setting(CURRENT_CAMPAIGN, Value::from("other-2014"))
        .expect("current");
    let hq2_fp = DeviceKey::load_or_create(&lab.tmp.path().join("hq2"))
        .expect("key")
        .fingerprint();
    let plan2 = lab.tmp.path().join("plan2.json");
    export::plan(&hq2.store, &hq2.author.person, "t1", &plan2).expect("plan");
    let field2_dir = lab.tmp.path().join("field2");
    let field2 = open(&field2_dir, "李红");
    import(
        &field2.store,
        &std::fs::read(&plan2).expect("plan"),
        &trusting(&[&hq2_fp]),
    )
    .expect("plan");
    new_entry(
        &field2,
        "u-ajj",
        "jgbz.registration",
        &[
            ("unit_name", "东阿县安全生产监督管理局"),
            ("admin_actual", "3"),
        ],
    );
    let out = lab.tmp.path().join("results2.json");
    export::results(&field2.store, &field2.author.person, &out, false, false).expect("export");
    let fp2 = DeviceKey::load_or_create(&field2_dir)
        .expect("key")
        .fingerprint();
    let opts = trusting(&[&fp2]);
    lab.refused_with(
        &std::fs::read(&out).expect("read"),
        &opts,
        &["另一个评估任务", "other-2014"],
    );
    lab.valid_still_imports();
}

// ---- revisions -----------------------------------------------------------------

#[test]
fn a_revision_whose_id_does_not_match_its_content_is_refused() {
    let lab = Lab::new(true);
    let mut changed = String::new();
    let bytes = lab.resign(|_, p| {
        let r = p
            .revisions
            .iter_mut()
            .find(|r| r.body.changes.get("admin_actual") == Some(&json!(11)))
            .expect("the edit");
        r.body.changes.insert("admin_actual".into(), json!(99));
        changed = r.id.clone();
    });
    lab.refused(&bytes, &[&changed, "编号与内容不符", "未导入任何内容"]);
    lab.valid_still_imports();
}

#[test]
fn a_revision_whose_parent_never_arrives_is_refused() {
    let lab = Lab::new(true);
    let mut orphan = String::new();
    let bytes = lab.resign(|_, p| {
        p.revisions.retain(|r| !is_root_of(r, &lab.registration));
        orphan = p
            .revisions
            .iter()
            .find(|r| r.body.entry == lab.registration)
            .expect("the child")
            .id
            .clone();
    });
    lab.refused(&bytes, &[&orphan, "前序修订不在数据包中", "未导入任何内容"]);
    // A made-up parent on an entry HQ will know.
    let bytes = lab.resign(|_, p| {
        let child = p
            .revisions
            .iter_mut()
            .find(|r| r.body.entry == lab.interview && !r.body.parents.is_empty())
            .expect("the child");
        child.body.parents.push("f".repeat(64));
        *child = child.body.clone().seal();
    });
    lab.refused(&bytes, &["前序修订不在数据包中"]);
    // A parent that is in the bundle, but a revision of another entry.
    let (_, payload) = lab.parts();
    let other_entry = payload
        .revisions
        .iter()
        .find(|r| is_root_of(r, &lab.interview))
        .expect("interview root")
        .id
        .clone();
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if r.body.entry == lab.registration && !r.body.parents.is_empty() {
                r.body.parents = vec![other_entry.clone()];
            }
        });
    });
    lab.refused(&bytes, &["前序修订不在数据包中"]);
    // A root without `init` (so not a root of anything).
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if is_root_of(r, &lab.registration) {
                r.body.init = None;
            }
        });
    });
    lab.refused(&bytes, &["未导入任何内容"]);
    lab.valid_still_imports();
    // Once HQ has the entry, a bundle holding only a later revision whose
    // parent HQ does not have is still refused.
    let bytes = lab.resign(|h, p| {
        h.id = uuid::Uuid::now_v7().to_string();
        p.bundle.id = h.id.clone();
        let mut child = p
            .revisions
            .iter()
            .find(|r| r.body.entry == lab.registration && !r.body.parents.is_empty())
            .expect("child")
            .clone();
        child.body.parents = vec!["e".repeat(64)];
        p.revisions = vec![child.body.seal()];
    });
    lab.refused(&bytes, &["前序修订不在数据包中"]);
}

#[test]
fn an_unknown_form_or_form_version_is_refused() {
    let lab = Lab::new(true);
    for (form, version, named) in [
        ("nosuch", 1, "nosuch@1"),
        ("jgbz.registration", 99, "jgbz.registration@99"),
    ] {
        let bytes = lab.resign(|_, p| {
            reseal(&mut p.revisions, |r| {
                if r.body.entry == lab.registration
                    && let Some(init) = &mut r.body.init
                {
                    init.form = form.into();
                    init.form_version = version;
                }
            });
        });
        lab.refused(&bytes, &["未知的表单", named, "未导入任何内容"]);
    }
    lab.valid_still_imports();
}

#[test]
fn a_value_that_does_not_fit_its_item_is_refused() {
    let lab = Lab::new(true);
    for (path, value) in [
        ("admin_actual", json!("十一")),
        ("admin_actual", json!(-3)),
        ("no_such_item", json!(1)),
        ("admin_over", json!(2)),
        ("unit_name", json!({"zh": "对象"})),
    ] {
        let bytes = lab.resign(|_, p| {
            reseal(&mut p.revisions, |r| {
                if is_root_of(r, &lab.registration) {
                    r.body.changes.insert(path.into(), value.clone());
                }
            });
        });
        lab.refused(&bytes, &["未导入任何内容"]);
    }
    lab.valid_still_imports();
}

#[test]
fn a_ten_megabyte_string_is_refused() {
    let lab = Lab::new(true);
    let huge = "长".repeat(10 * 1024 * 1024 / 3);
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if is_root_of(r, &lab.interview) {
                r.body.changes.insert("summary".into(), json!(huge));
            }
        });
    });
    assert!(bytes.len() > 10_000_000);
    let message = lab.refused(&bytes, &["内容过大", "未导入任何内容"]);
    assert!(message.len() < 2_000, "message of {} bytes", message.len());
    lab.valid_still_imports();
}

/// A 10 MB string in each part of a revision other than its changes.
fn oversized(lab: &Lab, what: &str) -> Vec<u8> {
    let huge = "x".repeat(10 * 1024 * 1024);
    lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if r.body.entry != lab.interview {
                return;
            }
            match (what, &mut r.body.init) {
                ("reason", _) if !r.body.parents.is_empty() => r.body.reason = Some(huge.clone()),
                ("person", _) => r.body.author.person = huge.clone(),
                ("device", _) => r.body.author.device = huge.clone(),
                ("at", _) => r.body.at = huge.clone(),
                ("unit", Some(init)) => init.unit = huge.clone(),
                _ => {}
            }
        });
    })
}

#[test]
fn a_ten_megabyte_string_outside_the_changes_is_refused() {
    let lab = Lab::new(true);
    for what in ["reason", "person", "device", "at", "unit"] {
        let bytes = oversized(&lab, what);
        assert!(bytes.len() > 10_000_000, "{what}");
        let message = lab.refused(&bytes, &["未导入任何内容"]);
        assert!(
            message.len() < 2_000,
            "{what}: message of {} bytes",
            message.len()
        );
    }
    lab.valid_still_imports();
}

#[test]
fn a_revision_of_an_unknown_unit_or_with_a_bad_time_is_refused() {
    let lab = Lab::new(true);
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| {
            if let Some(init) = &mut r.body.init {
                init.unit = "no-such-unit".into();
            }
        });
    });
    lab.refused(&bytes, &["未导入任何内容"]);
    let bytes = lab.resign(|_, p| {
        reseal(&mut p.revisions, |r| r.body.at = "昨天下午".into());
    });
    lab.refused(&bytes, &["未导入任何内容"]);
    lab.valid_still_imports();
}

#[test]
fn a_second_root_for_a_known_entry_is_refused() {
    let lab = Lab::new(true);
    lab.valid_still_imports();
    let bytes = lab.resign(|h, p| {
        h.id = uuid::Uuid::now_v7().to_string();
        p.bundle.id = h.id.clone();
        let mut root = p
            .revisions
            .iter()
            .find(|r| is_root_of(r, &lab.registration))
            .expect("root")
            .body
            .clone();
        root.at = "2013-11-30T10:00:00+08:00".into();
        if let Some(init) = &mut root.init {
            init.unit = "u-kjj".into();
        }
        root.changes.insert("admin_actual".into(), json!(5));
        p.revisions = vec![root.seal()];
        h.counts.revisions = 1;
        h.counts.entries = 1;
    });
    lab.refused(&bytes, &["重复创建了一条已存在的记录", "未导入任何内容"]);
    let reg = lab.hq.store.entry(&lab.registration).expect("read");
    assert_eq!(
        reg.expect("registration").answers.get("admin_actual"),
        Some(&json!(11))
    );
}

/// `[[[…]]]` nested `depth` levels.
fn nested(depth: usize) -> String {
    let mut s = "[".repeat(depth);
    s.push_str(&"]".repeat(depth));
    s
}

#[test]
fn a_deeply_nested_value_is_refused_without_overflowing_the_stack() {
    let lab = Lab::new(true);
    const MARK: &str = "\"@@deep@@\"";
    let deep = nested(10_000);
    let (header, mut payload) = lab.parts();
    let leaf = payload
        .revisions
        .iter_mut()
        .find(|r| r.body.entry == lab.interview && !r.body.parents.is_empty())
        .expect("leaf revision");
    leaf.body.changes.insert("q2".into(), json!("@@deep@@"));
    // The id the revision would have with the deep value, computed on text
    // (building the value would recurse 10 000 levels in the test itself).
    let body = serde_json::to_value(&leaf.body).expect("body");
    let canonical = canonical_json(&body).replace(MARK, &deep);
    leaf.id = sha256_hex(canonical.as_bytes());
    let text = serde_json::to_string(&payload).expect("payload");
    assert_eq!(text.matches(MARK).count(), 1);
    let text = text.replace(MARK, &deep);
    let bytes = sign_raw(&header, text.as_bytes(), &lab.field_key());
    let message = lab.refused(&bytes, &["不是有效的 kaocha 数据包"]);
    assert!(message.len() < 2_000, "{} bytes", message.len());
    // Deep nesting in the unsigned envelope, and as the whole file.
    let mut in_envelope = b"{\"x\":".to_vec();
    in_envelope.extend_from_slice(deep.as_bytes());
    in_envelope.push(b',');
    in_envelope.extend_from_slice(&lab.valid[1..]);
    lab.refused(&in_envelope, &["不是有效的 kaocha 数据包"]);
    lab.refused(nested(100_000).as_bytes(), &["kaocha 数据包"]);
    lab.valid_still_imports();
}

#[test]
fn duplicated_revision_ids_are_refused() {
    let lab = Lab::new(true);
    let mut twice = String::new();
    let bytes = lab.resign(|h, p| {
        let r = p.revisions[0].clone();
        twice = r.id.clone();
        p.revisions.push(r);
        h.counts.revisions += 1;
    });
    lab.refused(&bytes, &[&twice, "重复出现", "未导入任何内容"]);
    lab.valid_still_imports();
}

// ---- idempotence and order ---------------------------------------------------

/// A bundle larger than the store's bulk limit (2 000 records) goes the
/// batch way, which lets its records go once written: the report still
/// counts what it brought, and its entries read back.
#[test]
fn a_bundle_past_the_bulk_limit_reports_what_it_brought() {
    const COPIES: usize = 1_100;
    let lab = Lab::new(true);
    let (revisions, entries) = lab.total();
    let mut copied = Vec::new();
    let bytes = lab.resign(|h, p| {
        let pair: Vec<Revision> = p
            .revisions
            .iter()
            .filter(|r| r.body.entry == lab.interview)
            .cloned()
            .collect();
        assert_eq!(pair.len(), 2, "the interview's root and edit");
        for _ in 0..COPIES {
            let mut copy = pair.clone();
            let id = kaocha::domain::new_entry_id();
            reseal(&mut copy, |r| r.body.entry = id.clone());
            copied.push(id);
            p.revisions.extend(copy);
        }
        h.counts.revisions += 2 * COPIES;
        h.counts.entries += COPIES;
    });
    let r = import(&lab.hq.store, &bytes, &Options::default()).expect("imports");
    assert_eq!(r.revisions_new, 4 + 2 * COPIES, "{r:?}");
    assert_eq!(r.revisions_new + r.revisions_known, revisions + 2 * COPIES);
    assert_eq!(r.entries, entries + COPIES);
    assert_eq!((r.merged, r.conflicted), (0, 0));
    for id in [&copied[0], &copied[COPIES - 1]] {
        let e = lab.hq.store.entry(id).expect("read").expect("imported");
        assert_eq!(e.answers.get("q1"), Some(&json!("职能交叉")));
    }
}

#[test]
fn the_same_bundle_twice_adds_nothing_the_second_time() {
    let lab = Lab::new(true);
    let first = lab.valid_still_imports();
    assert!(!first.already_imported);
    let after_first = state(&lab.hq);
    let second = import(&lab.hq.store, &lab.valid, &Options::default()).expect("second import");
    assert!(second.already_imported, "{second:?}");
    assert_eq!(second.revisions_new, 0);
    assert_eq!(state(&lab.hq), after_first);
    // A new export of the same revisions (another bundle id) adds no data.
    let field = open(&lab.field_dir, "王建国");
    let again = lab.tmp.path().join("again.json");
    export::results(&field.store, &field.author.person, &again, false, false).expect("export");
    drop(field);
    let r = import(
        &lab.hq.store,
        &std::fs::read(&again).expect("read"),
        &Options::default(),
    )
    .expect("re-export imports");
    assert!(!r.already_imported);
    assert_eq!((r.revisions_new, r.revisions_known), (0, lab.total().0));
    assert_eq!(state(&lab.hq).digest, after_first.digest);
}

/// A forced rebuild over a damaged journal line drops the entry whose first
/// revision the line held; the team's bundle, imported again, brings it
/// back (its receipt alone does not make it "imported before" while
/// revisions it brought are missing), and once more it adds nothing.
#[test]
fn the_same_bundle_again_brings_back_what_a_forced_rebuild_dropped() {
    let lab = Lab::new(true);
    lab.valid_still_imports();
    let after_first = state(&lab.hq).digest;
    let Lab {
        hq,
        hq_dir,
        valid,
        interview,
        ..
    } = lab;
    drop(hq);
    // One byte of the interview's first revision: its checksum fails.
    let mut damaged = false;
    for item in std::fs::read_dir(hq_dir.join("journal")).expect("journal") {
        let path = item.expect("segment").path();
        let mut text = std::fs::read(&path).expect("read segment");
        let mut at = 0;
        for line in text.clone().split_inclusive(|b| *b == b'\n') {
            let line_text = String::from_utf8_lossy(line);
            if line_text.contains(&interview) && line_text.contains("人员紧张") {
                let flip = at + line_text.find("人员紧张").expect("in line");
                text[flip] ^= 1;
                damaged = true;
            }
            at += line.len();
        }
        std::fs::write(&path, text).expect("write segment");
    }
    assert!(damaged, "the interview's first revision was not found");
    let refused = kaocha::store::rebuild(&hq_dir, false).expect_err("would lose it");
    assert!(refused.to_string().contains(&interview), "{refused}");
    kaocha::store::rebuild(&hq_dir, true).expect("forced rebuild");
    let hq = open(&hq_dir, "考核委");
    assert_eq!(hq.store.entry(&interview).expect("read"), None);

    let again = import(&hq.store, &valid, &Options::default()).expect("imports again");
    assert!(!again.already_imported, "{again:?}");
    assert_eq!(again.revisions_new, 2, "{again:?}");
    let iv = hq.store.entry(&interview).expect("read").expect("back");
    assert_eq!(iv.answers.get("q1"), Some(&json!("职能交叉")));
    assert_eq!(state(&hq).digest, after_first);
    let third = import(&hq.store, &valid, &Options::default()).expect("third import");
    assert!(third.already_imported, "{third:?}");
    // The damaged line stays in the journal, named as dropped by the
    // rebuild; nothing else is amiss.
    let report = hq.store.doctor().expect("doctor");
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.dropped.len(), 1, "{report:?}");
    assert!(report.dropped[0].contains("校验和不符"), "{report:?}");
}

#[test]
fn two_bundles_in_either_order_end_in_the_same_state() {
    let lab = Lab::new(true);
    let fp1 = lab.field_fp.clone();
    // A second laptop of the same team starts from the first one's results.
    let f2_dir = lab.tmp.path().join("field2");
    let f2 = open(&f2_dir, "李红");
    let hq_fp = DeviceKey::load_or_create(&lab.hq_dir)
        .expect("hq key")
        .fingerprint();
    import(&f2.store, &lab.plan, &trusting(&[&hq_fp])).expect("plan");
    let trust_1 = trusting(&[&fp1]);
    import(&f2.store, &lab.valid, &trust_1).expect("field 1's results");
    // Both change the registration: one field both ways (a conflict), other
    // fields on one side only (merged); the interview on one side only.
    set(
        &f2,
        &lab.registration,
        &[("admin_actual", "20"), ("worker_actual", "3")],
    );
    set(&f2, &lab.interview, &[("q2", "人员不足")]);
    let b_file = lab.tmp.path().join("b.json");
    export::results(&f2.store, &f2.author.person, &b_file, false, false).expect("export b");
    let fp2 = DeviceKey::load_or_create(&f2_dir)
        .expect("key")
        .fingerprint();
    drop(f2);
    let f1 = open(&lab.field_dir, "王建国");
    set(
        &f1,
        &lab.registration,
        &[("admin_actual", "30"), ("inst_actual", "13")],
    );
    let a_file = lab.tmp.path().join("a.json");
    export::results(&f1.store, &f1.author.person, &a_file, false, false).expect("export a");
    drop(f1);
    let (a, b) = (
        std::fs::read(&a_file).expect("a"),
        std::fs::read(&b_file).expect("b"),
    );
    let hq_y = demo_hq(&lab.tmp.path().join("hq-y"));
    assert_eq!(state(&lab.hq).digest, state(&hq_y).digest);
    let both = trusting(&[&fp1, &fp2]);
    for (hq, order) in [(&lab.hq, [&a, &b]), (&hq_y, [&b, &a])] {
        for bytes in order {
            import(&hq.store, bytes, &both).expect("import");
        }
    }
    let (x, y) = (state(&lab.hq).digest, state(&hq_y).digest);
    assert_eq!(x, y, "import order changed the result");
    for hq in [&lab.hq, &hq_y] {
        let reg = hq
            .store
            .entry(&lab.registration)
            .expect("read")
            .expect("reg");
        let mut sides: Vec<Value> = reg.conflicts["admin_actual"]
            .iter()
            .map(|s| s.value.clone())
            .collect();
        sides.sort_by_key(|v| v.as_i64());
        assert_eq!(sides, vec![json!(20), json!(30)]);
        assert_eq!(reg.conflicts.len(), 1, "{:?}", reg.conflicts);
        assert_eq!(reg.answers.get("inst_actual"), Some(&json!(13)));
        assert_eq!(reg.answers.get("worker_actual"), Some(&json!(3)));
        let iv = hq.store.entry(&lab.interview).expect("read").expect("iv");
        assert!(iv.conflicts.is_empty());
        assert_eq!(iv.heads.len(), 1);
        assert_eq!(iv.answers.get("q2"), Some(&json!("人员不足")));
        assert_eq!(iv.answers.get("q1"), Some(&json!("职能交叉")));
    }
    // Either bundle again changes nothing anywhere.
    for hq in [&lab.hq, &hq_y] {
        let before = state(hq);
        for bytes in [&a, &b] {
            assert!(
                import(&hq.store, bytes, &both)
                    .expect("again")
                    .already_imported
            );
        }
        assert_eq!(state(hq), before);
    }
}

// ---- mutated bundles (property) ----------------------------------------------

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Truncate(Index),
    Duplicate(Index, usize),
    Swap(Index, Index, usize),
    Insert(Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1u8..=255).prop_map(|(i, m)| Mutation::Flip(i, m)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        1 => (any::<Index>(), any::<Index>(), 1usize..100)
            .prop_map(|(a, b, n)| Mutation::Swap(a, b, n)),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    if len == 0 {
        if let Mutation::Insert(_, b) = m {
            bytes.extend_from_slice(b);
        }
        return;
    }
    match m {
        Mutation::Flip(i, mask) => bytes[i.index(len)] ^= mask,
        Mutation::Truncate(i) => bytes.truncate(i.index(len)),
        Mutation::Duplicate(i, n) => {
            let start = i.index(len);
            let end = (start + n).min(len);
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Swap(a, b, n) => {
            let n = (*n).min(len / 2);
            if n == 0 {
                return;
            }
            let p = a.index(len - 2 * n + 1);
            let q = p + n + b.index(len - p - 2 * n + 1);
            let first = bytes[p..p + n].to_vec();
            let second = bytes[q..q + n].to_vec();
            bytes.splice(q..q + n, first);
            bytes.splice(p..p + n, second);
        }
        Mutation::Insert(i, b) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, b.iter().copied());
        }
    }
}

#[test]
fn mutated_bundles_never_panic_and_refusals_write_nothing() {
    let lab = Lab::new(true);
    let config = Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let accepted = std::cell::Cell::new(0usize);
    let result = runner.run(&prop::collection::vec(mutation(), 1..4), |mutations| {
        let mut bytes = lab.valid.clone();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        let before = state(&lab.hq);
        match import(&lab.hq.store, &bytes, &Options::default()) {
            Ok(r) => {
                // Only a harmless change keeps a bundle valid: it must be
                // the field's bundle, imported whole (or already).
                accepted.set(accepted.get() + 1);
                prop_assert!(r.already_imported || r.revisions_new == 4, "{:?}", r);
                prop_assert_eq!(r.fingerprint.as_str(), lab.field_fp.as_str());
            }
            Err(e) => {
                prop_assert!(!e.to_string().trim().is_empty());
                prop_assert!(
                    !matches!(e, SyncError::Store(_) | SyncError::NoCampaign),
                    "a store error is not an input error: {}",
                    e
                );
                prop_assert_eq!(state(&lab.hq), before, "refused but wrote: {}", e);
            }
        }
        Ok::<(), TestCaseError>(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(accepted.get() < 64, "every mutation was accepted");
    // HQ is intact: the valid bundle imports (or was imported by a harmless
    // mutation) and the entries read back.
    let r = import(&lab.hq.store, &lab.valid, &Options::default()).expect("valid bundle");
    assert!(r.already_imported || r.revisions_new == 4, "{r:?}");
    let reg = lab.hq.store.entry(&lab.registration).expect("read");
    assert_eq!(
        reg.expect("registration").answers.get("admin_actual"),
        Some(&json!(11))
    );
}

// ---- the binary --------------------------------------------------------------

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kaocha(dir: &Path, lang: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_kaocha"))
        .args(args)
        .env("KAOCHA_DATA_DIR", dir)
        .env("KAOCHA_LANG", lang)
        .env("KAOCHA_USER", "考核委")
        .output()
        .expect("run kaocha");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn digest_of(dir: &Path) -> String {
    state(&open(dir, "考核委")).digest
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write file");
    path.display().to_string()
}

#[test]
fn cli_refuses_bad_files_with_the_problem_in_words_and_exit_1() {
    let lab = Lab::new(false);
    let Lab {
        tmp,
        hq,
        hq_dir,
        valid,
        field_fp,
        ..
    } = lab;
    drop(hq);
    let before = digest_of(&hq_dir);
    let d = tmp.path();
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            write(d, "empty.json", b""),
            vec!["错误：", "不是有效的 kaocha 数据包", "文件是空的"],
        ),
        (
            write(d, "half.json", &valid[..valid.len() / 2]),
            vec!["错误：", "不是有效的 kaocha 数据包", "不完整"],
        ),
        (
            write(
                d,
                "edited.json",
                &replace_first(&valid, "\"admin_actual\":11", "\"admin_actual\":17"),
            ),
            vec!["错误：", "与校验值不符", "未导入任何内容"],
        ),
        (
            write(
                d,
                "v9.json",
                &replace_first(&valid, "\"version\":3,", "\"version\":9,"),
            ),
            vec!["错误：", "数据包版本 9 不受支持"],
        ),
        (
            write(d, "untrusted.json", &valid),
            vec!["错误：", "未登记的设备", &field_fp, "--trust"],
        ),
        (
            d.join("no-such-file.json").display().to_string(),
            vec!["错误：", "无法读写", "no-such-file.json"],
        ),
    ];
    for (file, fragments) in &cases {
        let run = kaocha(&hq_dir, "zh", &["import", file]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: stdout {:?}", run.stdout);
        assert!(
            run.stderr.contains(file.as_str()),
            "names the file: {}",
            run.stderr
        );
        for f in fragments {
            assert!(
                run.stderr.contains(f),
                "{file}: stderr lacks {f:?}: {}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(digest_of(&hq_dir), before, "a refused import wrote");
    // With --trust the same file imports; once more it is already there.
    let file = &cases[4].0;
    let run = kaocha(
        &hq_dir,
        "zh",
        &["import", file, "--trust", &field_fp, "--team", "第一组"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("已信任") && run.stdout.contains(&field_fp));
    assert!(run.stdout.contains("新增 4 个修订"), "{}", run.stdout);
    let after = digest_of(&hq_dir);
    assert_ne!(after, before);
    let run = kaocha(&hq_dir, "zh", &["import", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("此前已导入，无变化"), "{}", run.stdout);
    assert_eq!(digest_of(&hq_dir), after);
}

#[test]
fn cli_imports_the_good_file_of_a_mixed_batch_and_reports_the_bad_one_in_english() {
    let lab = Lab::new(true);
    let Lab {
        tmp,
        hq,
        hq_dir,
        valid,
        ..
    } = lab;
    drop(hq);
    let before = digest_of(&hq_dir);
    let d = tmp.path();
    let bad = write(d, "spaces.json", b"   \n");
    let edited = {
        let env = bundle::open(&valid).expect("valid");
        assert_eq!(env.header.kind, Kind::Results);
        write(
            d,
            "garbage.json",
            &replace_first(&valid, &env.header.payload_sha256, &"0".repeat(64)),
        )
    };
    let good = write(d, "good.json", &valid);
    let run = kaocha(&hq_dir, "en", &["import", &bad, &edited, &good]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("Error: {bad}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the file is empty"), "{}", run.stderr);
    assert!(
        run.stderr.contains("does not match its checksum"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Nothing was imported"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains(&bad), "{}", run.stdout);
    assert!(run.stdout.contains(&good), "{}", run.stdout);
    assert!(run.stdout.contains("4 new revisions"), "{}", run.stdout);
    assert_ne!(digest_of(&hq_dir), before);
    // --json reports every file, and the error in words.
    let run = kaocha(&hq_dir, "en", &["import", "--json", &bad, &good]);
    assert_eq!(run.code, 1);
    let v: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v[0]["ok"], json!(false));
    assert!(
        v[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("the file is empty")),
        "{v}"
    );
    assert_eq!(v[1]["report"]["already_imported"], json!(true));
}
