//! Plain data of kaocha: campaigns, units and their baselines (三定), teams,
//! entries, revisions and finding categories. serde derives only: no I/O, no UI.

pub mod attachment;
mod campaign;
mod changes;
pub mod dag;
mod draft;
mod entry;
mod history;
pub mod idmap;
pub mod ids;
pub mod objection;
mod procedure;
mod review;
mod revision;
pub mod roster;
pub mod typed;

pub use campaign::{
    Baseline, Campaign, CampaignKind, Codes, FUNDINGS, Grading, LEVELS, Member, Stage, Team, Unit,
    UnitField, code_name,
};
pub use changes::Changes;
pub use draft::Draft;
pub use entry::{Entry, Side, Status, apply_changes};
pub use history::{FieldChange, Step, history};
pub use objection::{Objection, ObjectionState};
pub use procedure::{Procedure, SocialRule};
pub use review::{REVIEW_PREFIX, Review, ReviewState, review_key};
pub use revision::{
    Author, EntryInit, FindingRef, Ordered, Revision, RevisionDraft, canonical_json, fold,
    topo_order,
};
pub use roster::{Person, Roster, RosterCounts, StaffKind};

/// Finding categories (问题类型) known to forms, rules and reports.
pub const FINDING_CATEGORIES: &[&str] = &[
    "空壳机构",
    "混岗混编",
    "超编",
    "超职数配备领导干部",
    "超机构规格配备",
    "职能交叉不顺",
    "人员紧张",
    "职能需强化",
    "擅自设立机构",
    "擅自加挂牌子",
    "内设机构超限",
    "其他",
];

/// A new entry id: a UUIDv7, so ids sort by creation time.
pub fn new_entry_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, local time, RFC 3339 with offset (`2013-11-26T10:32:05+08:00`).
pub fn now_rfc3339() -> String {
    jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A new repeat-row id: short, random, stable for the row's life.
pub fn new_row_id() -> String {
    let v = uuid::Uuid::new_v4().simple().to_string();
    format!("r{}", &v[..10])
}
