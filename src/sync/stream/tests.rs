//! The streamed read against the whole-file read, on bundles cut into
//! pieces of every small size.

use super::*;
use crate::domain::{Author, Changes, EntryInit, RevisionDraft};
use crate::sync::bundle::{Carried, Counts, FORMAT, Kind, Origin, Signed};
use crate::sync::keys::DeviceKey;
use proptest::prelude::*;
use serde_json::json;

fn key() -> DeviceKey {
    let dir = tempfile::tempdir().unwrap();
    DeviceKey::load_or_create(dir.path()).unwrap()
}

/// A root revision of entry number `i` that answers `text` (the sync
/// checks' tests take it too).
pub(crate) fn revision(i: usize, text: &str) -> Revision {
    RevisionDraft {
        entry: format!("01a23bb2-5bf0-71b7-8f20-{i:012}"),
        parents: vec![],
        author: Author {
            device: "d".into(),
            person: "基准".into(),
        },
        at: "2013-11-26T10:32:05+08:00".into(),
        init: Some(EntryInit {
            campaign: "c".into(),
            unit: "u1".into(),
            form: "jgbz.interview".into(),
            form_version: 1,
            finding: None,
        }),
        changes: Changes::from([
            ("q2".to_string(), json!(text)),
            ("n".to_string(), json!(i * 1000)),
        ]),
        status: None,
        reason: None,
    }
    .seal()
}

/// A bundle of these revisions (and these files after it: version 4).
fn bundle_of(key: &DeviceKey, revisions: Vec<Revision>, files: &[&[u8]]) -> Vec<u8> {
    let origin = Origin {
        device: "d".into(),
        team: None,
        label: "组 \"一\"".into(),
        key: key.public(),
    };
    let counts = Counts {
        revisions: revisions.len(),
        entries: revisions.len(),
        forms: 0,
        files: files.len(),
    };
    let header = Header {
        format: FORMAT.into(),
        version: if files.is_empty() {
            VERSION
        } else {
            VERSION_FILES
        },
        kind: Kind::Results,
        id: "01a23bb2-7421-76c1-8de5-a8af30060c17".into(),
        created_at: "2026-12-03T11:38:00+00:00".into(),
        campaign: "c".into(),
        origin: origin.clone(),
        counts: counts.clone(),
        payload_sha256: String::new(),
        signature: String::new(),
    };
    let payload = Payload {
        bundle: Signed {
            id: header.id.clone(),
            kind: header.kind,
            campaign: "c".into(),
            created_at: header.created_at.clone(),
            origin,
            counts,
        },
        campaign: None,
        forms: vec![],
        revisions,
        hq: None,
        reviews: vec![],
        plan: None,
        devices: vec![],
        rosters: vec![],
        files: files
            .iter()
            .map(|f| Carried {
                sha256: format!("{:x}", Sha256::digest(f)),
                size: f.len() as u64,
            })
            .collect(),
    };
    let mut out = bundle::write(header, &payload, key).unwrap();
    for f in files {
        out.extend_from_slice(f);
    }
    out
}

/// What the whole-file reader makes of a bundle: its header and payload
/// when they are believed, else its error.
fn whole(bytes: &[u8]) -> Result<(Header, Payload), String> {
    let env = bundle::read(bytes).map_err(|e| e.to_string())?;
    bundle::verify_envelope(&env).map_err(|e| e.to_string())?;
    let payload = bundle::payload(&env).map_err(|e| e.to_string())?;
    Ok((env.header, payload))
}

fn streamed(bytes: &[u8], max: u64, chunk: usize) -> Option<(Header, Payload, Vec<u8>)> {
    read(bytes, max, chunk, &mut |_, _| {}).unwrap().map(|s| {
        let mut rest = Vec::new();
        let mut from = s.rest;
        from.read_to_end(&mut rest).unwrap();
        (s.header, s.payload, rest)
    })
}

#[test]
fn every_cut_of_the_window_reads_what_the_whole_file_reader_reads() {
    let key = key();
    let revisions: Vec<Revision> = (0..5)
        .map(|i| revision(i, &"借调\"两人\"\\n，".repeat(i)))
        .collect();
    for files in [&[][..], &[&b"photo \n one"[..], b"two"][..]] {
        let bytes = bundle_of(&key, revisions.clone(), files);
        // A member the envelope does not sign or use, whose number any
        // window may cut.
        let bytes = String::from_utf8(bytes)
            .unwrap()
            .replacen("\"kind\"", "\"extra\":1234567,\"kind\"", 1)
            .into_bytes();
        let (header, payload) = whole(bytes.split(|b| *b == b'\n').next().unwrap()).unwrap();
        for chunk in (1..=40).chain([1000, 1 << 20]) {
            let (h, p, rest) = streamed(&bytes, 1 << 20, chunk)
                .unwrap_or_else(|| panic!("chunk {chunk} not read"));
            assert_eq!(
                serde_json::to_value(&h).unwrap(),
                serde_json::to_value(&header).unwrap()
            );
            assert_eq!(p, payload, "chunk {chunk}");
            assert_eq!(rest, files.concat(), "chunk {chunk}");
        }
    }
}

#[test]
fn the_look_sees_every_revision_once_in_order_in_parts() {
    let key = key();
    // Two whole parts and a part of 452.
    let revisions: Vec<Revision> = (0..2 * PART + 452).map(|i| revision(i, "说明")).collect();
    let bytes = bundle_of(&key, revisions.clone(), &[]);
    for chunk in [1000, 1 << 20] {
        let mut seen: Vec<(usize, Vec<String>)> = Vec::new();
        let s = read(&bytes[..], 1 << 22, chunk, &mut |first, part| {
            seen.push((first, part.iter().map(|r| r.id.clone()).collect()));
        })
        .unwrap()
        .unwrap();
        assert_eq!(s.payload.revisions, revisions);
        let firsts: Vec<usize> = seen.iter().map(|(first, _)| *first).collect();
        assert_eq!(firsts, [0, PART, 2 * PART], "chunk {chunk}");
        let ids: Vec<String> = seen.into_iter().flat_map(|(_, ids)| ids).collect();
        let want: Vec<String> = revisions.iter().map(|r| r.id.clone()).collect();
        assert_eq!(ids, want, "chunk {chunk}");
    }
    // No revisions: nothing to look at.
    let empty = bundle_of(&key, Vec::new(), &[]);
    let mut calls = 0;
    let s = read(&empty[..], 1 << 20, 7, &mut |_, _| calls += 1)
        .unwrap()
        .unwrap();
    assert!(s.payload.revisions.is_empty());
    assert_eq!(calls, 0);
}

#[test]
fn a_payload_changed_after_signing_is_refused_as_the_whole_file_reader_refuses_it() {
    let key = key();
    let bytes = bundle_of(&key, vec![revision(1, "原文"), revision(2, "原文")], &[]);
    let text = String::from_utf8(bytes).unwrap();
    let changed = text.replacen("原文", "改文", 1).into_bytes();
    let whole_says = whole(&changed).unwrap_err();
    for chunk in [3, 64, 1 << 20] {
        let err = read(&changed[..], 1 << 20, chunk, &mut |_, _| {})
            .err()
            .unwrap();
        assert_eq!(err.to_string(), whole_says);
    }
    // Signed by someone else: the signature does not hold.
    let other = String::from_utf8(bundle_of(&self::key(), vec![revision(1, "原文")], &[])).unwrap();
    let theirs = |t: &str| {
        t.split("\"key\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let forged = other.replace(&theirs(&other), &theirs(&text)).into_bytes();
    let err = read(&forged[..], 1 << 20, 64, &mut |_, _| {})
        .err()
        .unwrap();
    assert_eq!(err.to_string(), whole(&forged).unwrap_err());
}

#[test]
fn what_this_reader_does_not_expect_is_left_to_the_whole_file_reader() {
    let key = key();
    let good = bundle_of(&key, vec![revision(1, "a"), revision(2, "b")], &[]);
    let text = String::from_utf8(good.clone()).unwrap();
    let cases: Vec<(&str, Vec<u8>, u64)> = vec![
        (
            "larger than the limit",
            good.clone(),
            good.len() as u64 - 10,
        ),
        (
            "text after the envelope",
            [&good[..], b"x"].concat(),
            1 << 20,
        ),
        ("cut short", good[..good.len() - 20].to_vec(), 1 << 20),
        (
            "a member twice",
            text.replacen(
                "\"kind\":\"results\",",
                "\"kind\":\"results\",\"kind\":\"plan\",",
                1,
            )
            .into_bytes(),
            1 << 20,
        ),
        (
            "the revisions twice",
            text.replacen("\"revisions\":[", "\"revisions\":[],\"revisions\":[", 1)
                .into_bytes(),
            1 << 20,
        ),
        (
            "a payload member it does not know",
            text.replacen("\"forms\":[]", "\"forms\":[],\"extra\":1", 1)
                .into_bytes(),
            1 << 20,
        ),
        ("not an object", b"[1,2]".to_vec(), 1 << 20),
    ];
    for (what, bytes, max) in cases {
        for chunk in [1, 7, 1 << 20] {
            assert!(
                read(&bytes[..], max, chunk, &mut |_, _| {})
                    .unwrap()
                    .is_none(),
                "{what}, chunk {chunk}"
            );
        }
    }
    // A version-4 envelope broken over two lines is not one line.
    let v4 = bundle_of(&key, vec![revision(1, "a")], &[b"f"]);
    let broken = String::from_utf8(v4)
        .unwrap()
        .replacen(",\"payload\":", ",\n\"payload\":", 1);
    assert!(
        read(broken.as_bytes(), 1 << 20, 5, &mut |_, _| {})
            .unwrap()
            .is_none()
    );
    // What neither version 3 nor 4 begins with is not tried.
    assert!(
        bytes(
            b" {\"format\":\"kaocha-bundle\",\"version\":3,",
            100,
            &mut |_, _| {}
        )
        .unwrap()
        .is_none()
    );
    assert_eq!(version_of(&good), Some(VERSION));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any texts, any window: the same revisions as the whole-file reader.
    #[test]
    fn any_revisions_read_in_any_window_are_those_written(
        texts in proptest::collection::vec("\\PC{0,30}", 0..6),
        chunk in 1usize..200,
    ) {
        let key = key();
        let revisions: Vec<Revision> = texts.iter().enumerate().map(|(i, t)| revision(i, t)).collect();
        let bytes = bundle_of(&key, revisions.clone(), &[]);
        let (_, payload, _) = streamed(&bytes, 1 << 20, chunk).unwrap();
        prop_assert_eq!(payload.revisions, revisions);
    }
}
