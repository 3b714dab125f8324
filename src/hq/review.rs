//! Review at HQ (审核): an entry is approved (已审核) or returned (退回) with a
//! comment. The review is a journaled setting `review:<entry id>`; the next
//! plan bundle of the unit's team carries it to the field, where it shows
//! next to the entry (the loop Survey Solutions has and ODK lacks).

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::HqError;
use crate::domain::now_rfc3339;
use crate::domain::{Entry, Review, ReviewState, Status, review_key};
use crate::i18n;
use crate::store::Change;
use crate::store::Store;

/// Longest review comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// An entry's review, if it has one (an unreadable one counts as none).
pub fn review_of(store: &Store, entry_id: &str) -> Option<Review> {
    let value = store.setting(&review_key(entry_id)).ok()??;
    serde_json::from_value::<Review>(value)
        .ok()
        .filter(|r| r.entry == entry_id)
}

/// Whether the entry changed after it was reviewed.
pub fn changed_since(entry: &Entry, review: &Review) -> bool {
    let parse = |s: &str| s.parse::<jiff::Timestamp>().ok();
    match (parse(&entry.updated_at), parse(&review.at)) {
        (Some(e), Some(r)) => e > r,
        _ => false,
    }
}

/// `review ENTRY --approve [--comment]` / `--return --comment`: records the
/// decision. Returning needs a comment; approving needs a final entry
/// without conflicts.
pub fn review(
    store: &Store,
    person: &str,
    entry: &Entry,
    state: ReviewState,
    comment: Option<&str>,
) -> Result<Review, HqError> {
    let comment = comment
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if let Some(c) = &comment
        && c.chars().count() > MAX_COMMENT_CHARS
    {
        return Err(HqError::Invalid(i18n::hq_comment_too_long(
            MAX_COMMENT_CHARS,
        )));
    }
    if entry.status == Status::Deleted {
        return Err(HqError::Invalid(i18n::hq_review_deleted()));
    }
    match state {
        ReviewState::Returned if comment.is_none() => {
            return Err(HqError::Invalid(i18n::hq_return_needs_comment()));
        }
        ReviewState::Approved if entry.status != Status::Final => {
            return Err(HqError::Invalid(i18n::hq_approve_needs_final()));
        }
        ReviewState::Approved if !entry.conflicts.is_empty() => {
            return Err(HqError::Invalid(i18n::hq_approve_conflicted()));
        }
        _ => {}
    }
    let review = Review {
        entry: entry.id.clone(),
        state,
        comment: comment.map(|c| c.nfc().collect()),
        by: person.to_string(),
        at: now_rfc3339(),
    };
    let value = serde_json::to_value(&review).map_err(|e| HqError::Invalid(e.to_string()))?;
    store.commit(&[Change::Setting {
        key: review_key(&entry.id),
        value,
    }])?;
    Ok(review)
}

/// A review as JSON for `entry list|show --json` (null when none).
pub fn review_json(store: &Store, entry: &Entry) -> Value {
    match review_of(store, &entry.id) {
        Some(r) => {
            let mut v = serde_json::to_value(&r).unwrap_or(Value::Null);
            if let Some(obj) = v.as_object_mut() {
                obj.remove("entry");
                obj.insert(
                    "changed_since".into(),
                    Value::Bool(changed_since(entry, &r)),
                );
            }
            v
        }
        None => Value::Null,
    }
}

/// A review as one short text: 〔已审核〕 or 〔退回：comment〕.
pub fn review_mark(store: &Store, entry: &Entry) -> Option<String> {
    let r = review_of(store, &entry.id)?;
    Some(i18n::hq_review_mark(
        r.state == ReviewState::Returned,
        r.comment.as_deref().unwrap_or(""),
        changed_since(entry, &r),
    ))
}

/// A review as a line for `entry show`.
pub fn review_line(store: &Store, entry: &Entry) -> Option<String> {
    let r = review_of(store, &entry.id)?;
    Some(i18n::hq_review_line(
        r.state == ReviewState::Returned,
        r.comment.as_deref().unwrap_or(""),
        &r.by,
        &crate::form::display::time_text(&r.at),
        changed_since(entry, &r),
    ))
}
