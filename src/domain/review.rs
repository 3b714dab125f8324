//! HQ's review of an entry (审核): approved (已审核) or returned (退回) with a
//! comment. Reviews are kept as settings `review:<entry id>` so they are
//! journaled, and travel to the field inside plan bundles.

use serde::{Deserialize, Serialize};

/// Prefix of the setting that holds an entry's review.
pub const REVIEW_PREFIX: &str = "review:";

/// The setting key of an entry's review.
pub fn review_key(entry: &str) -> String {
    format!("{REVIEW_PREFIX}{entry}")
}

/// What HQ decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// 已审核
    Approved,
    /// 退回 (to be corrected by the team)
    Returned,
}

/// One review of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub entry: String,
    pub state: ReviewState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Who reviewed (a person at HQ).
    pub by: String,
    /// When, RFC 3339 with offset.
    pub at: String,
}

impl Review {
    /// Whether `self` was made after `other` (by time; an unreadable time
    /// counts as newer, so the incoming review wins).
    pub fn newer_than(&self, other: &Review) -> bool {
        let parse = |s: &str| s.parse::<jiff::Timestamp>().ok();
        match (parse(&self.at), parse(&other.at)) {
            (Some(a), Some(b)) => a >= b,
            _ => true,
        }
    }
}
