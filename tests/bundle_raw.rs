//! The export writes a results payload with its revisions' JSON put in as
//! the journal holds it (`bundle::write_parts_raw`), not through serde:
//! the bytes, and so the hash and the signature, must be exactly those of
//! the same payload written by serde, for payloads with every field and
//! with none.

use kaocha::app::demo;
use kaocha::store::Store;
use kaocha::sync::bundle::{self, Carried, Payload};
use kaocha::sync::export;
use kaocha::sync::keys::DeviceKey;
use serde_json::value::RawValue;
use tempfile::TempDir;

/// Both writers on one payload: the same envelope, byte for byte.
#[track_caller]
fn same_bytes(header: &bundle::Header, payload: &Payload<Box<RawValue>>, key: &DeviceKey) {
    let by_serde = bundle::write_parts(header.clone(), payload, key)
        .expect("serde writes")
        .into_bytes();
    let texts = Payload {
        revisions: payload
            .revisions
            .iter()
            .map(|r| r.get().to_string())
            .collect(),
        ..payload_without_revisions(payload)
    };
    let raw = bundle::write_parts_raw(header.clone(), &texts, key)
        .expect("raw writes")
        .into_bytes();
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&by_serde)
    );
    bundle::open(&raw).expect("the raw envelope verifies");
}

fn payload_without_revisions(p: &Payload<Box<RawValue>>) -> Payload<String> {
    Payload {
        bundle: p.bundle.clone(),
        campaign: p.campaign.clone(),
        forms: p.forms.clone(),
        revisions: Vec::new(),
        hq: p.hq.clone(),
        reviews: p.reviews.clone(),
        plan: p.plan.clone(),
        devices: p.devices.clone(),
        rosters: p.rosters.clone(),
        files: p.files.clone(),
    }
}

#[test]
fn revisions_put_in_as_text_give_the_bytes_serde_gives() {
    let tmp = TempDir::new().expect("tmp");
    let hq = Store::open(&tmp.path().join("hq")).expect("hq");
    demo::seed(&hq).expect("demo");
    // A plan of the demo: campaign, forms, HQ's keys, plan number, device
    // certificates, rosters and the sample entries' revisions.
    let file = tmp.path().join("plan.json");
    let person = "张三";
    export::plan(&hq, person, "t1", &file).expect("plan export");
    let bytes = std::fs::read(&file).expect("plan");
    let env = bundle::open(&bytes).expect("plan opens");
    let mut full: Payload<Box<RawValue>> =
        serde_json::from_str(env.payload.get()).expect("payload");
    assert!(!full.revisions.is_empty(), "the plan carries revisions");
    assert!(full.campaign.is_some() && full.hq.is_some() && full.plan.is_some());
    assert!(!full.forms.is_empty() && !full.devices.is_empty());
    // Fields the demo's plan leaves empty, filled.
    full.files = vec![Carried {
        sha256: "ab".repeat(32),
        size: 7,
    }];
    if full.reviews.is_empty() {
        full.reviews = serde_json::from_value(serde_json::json!([{
            "entry": "0192f1c4-0000-7000-8000-000000000001", "state": "returned",
            "comment": "请补充", "by": "李四", "at": "2013-11-26T10:32:05+08:00"
        }]))
        .expect("a review");
    }
    let key = DeviceKey::load_or_create(&tmp.path().join("hq")).expect("HQ's key");
    same_bytes(&env.header, &full, &key);
    // No optional field at all, as a results payload often is.
    let bare = Payload {
        campaign: None,
        forms: vec![],
        hq: None,
        reviews: vec![],
        plan: None,
        devices: vec![],
        rosters: vec![],
        files: vec![],
        ..full
    };
    same_bytes(&env.header, &bare, &key);
    // And without revisions.
    let empty = Payload {
        revisions: vec![],
        ..bare
    };
    same_bytes(&env.header, &empty, &key);
}
