//! What the in-process sync tests share: the state a refused import must
//! leave exactly as it was, and opening a workspace.
#![allow(dead_code)]

use std::path::Path;

use kaocha::app::workspace::Workspace;
use serde_json::Value;

/// What a refused import must leave exactly as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub digest: String,
    pub settings: Vec<(String, Value)>,
    pub log_seq: u64,
    pub log_len: usize,
    pub campaigns: Vec<kaocha::domain::Campaign>,
    pub forms: Vec<kaocha::form::FormDef>,
}

pub fn state(ws: &Workspace) -> State {
    State {
        digest: ws.store.digest().expect("digest"),
        settings: ws.store.settings_with_prefix("").expect("settings"),
        log_seq: ws.store.log_seq().expect("log_seq"),
        log_len: ws.store.revision_count().expect("count"),
        campaigns: ws.store.campaigns().expect("campaigns"),
        forms: ws.store.stored_forms().expect("forms"),
    }
}

pub fn open(dir: &Path, person: &str) -> Workspace {
    Workspace::open(dir, Some(person.to_string())).expect("open workspace")
}
