//! An objection (异议) to a unit's 公示ed grade: who raised it, when, what
//! it says, and HQ's decision (维持原等次 or the objection upheld) with its
//! outcome. Objections are kept as journaled settings
//! `objection:<campaign>:<id>`, one setting (and one commit) each.

use serde::{Deserialize, Serialize};

/// Prefix of the settings that hold objections.
pub const OBJECTION_PREFIX: &str = "objection:";

/// Longest objection or outcome text, in characters.
pub const MAX_OBJECTION_CHARS: usize = 2_000;

/// The settings prefix of one campaign's objections.
pub fn objection_prefix(campaign: &str) -> String {
    format!("{OBJECTION_PREFIX}{campaign}:")
}

/// The setting key of an objection.
pub fn objection_key(campaign: &str, id: u32) -> String {
    format!("{}{id}", objection_prefix(campaign))
}

/// Where an objection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectionState {
    /// 待处理: received, not decided.
    Open,
    /// 异议成立: HQ found the objection right.
    Upheld,
    /// 异议不成立: HQ kept the grade.
    Rejected,
}

/// One objection to a unit's grade during the 公示.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objection {
    /// Its number in the campaign, from 1.
    pub id: u32,
    pub campaign: String,
    /// The unit objected to, by id.
    pub unit: String,
    /// The day it was received (`YYYY-MM-DD`).
    pub received: String,
    /// Who objected, when they said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub text: String,
    pub state: ObjectionState,
    /// What HQ decided, in words (once decided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The day it was decided (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<String>,
}

impl Objection {
    /// Whether it still waits for a decision.
    pub fn is_open(&self) -> bool {
        self.state == ObjectionState::Open
    }
}

/// A long text as an objection keeps it: control characters dropped (line
/// breaks kept, tabs made spaces), each line's ends and the whole trimmed.
/// (HQ refuses one longer than `MAX_OBJECTION_CHARS`.)
pub fn clean_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if super::ids::is_control(c) => None,
            c => Some(c),
        })
        .collect();
    let lines: Vec<&str> = kept.lines().map(str::trim).collect();
    lines.join("\n").trim().to_string()
}

/// The objections among settings read under `objection_prefix(campaign)`,
/// by id; a setting that does not read as one of the campaign's is left
/// out.
pub fn objections_of(
    campaign: &str,
    settings: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> Vec<Objection> {
    let mut out: Vec<Objection> = settings
        .into_iter()
        .filter_map(|(key, value)| {
            let o: Objection = serde_json::from_value(value).ok()?;
            (o.campaign == campaign && key == objection_key(campaign, o.id)).then_some(o)
        })
        .collect();
    out.sort_by_key(|o| o.id);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_lose_control_characters_but_keep_their_lines() {
        assert_eq!(
            clean_text("  对\u{1b}[2J等次\u{7}有异议\r\n\t第二行 \u{202e}\n"),
            "对[2J等次有异议\n第二行"
        );
        assert_eq!(clean_text("\u{7}\n \n"), "");
    }

    #[test]
    fn objections_are_read_by_id_and_only_the_campaigns_own() {
        let o = |id: u32, campaign: &str| Objection {
            id,
            campaign: campaign.into(),
            unit: "u1".into(),
            received: "2014-01-08".into(),
            from: None,
            text: "t".into(),
            state: ObjectionState::Open,
            outcome: None,
            decided: None,
        };
        let value = |o: &Objection| serde_json::to_value(o).unwrap();
        let settings = vec![
            (objection_key("c", 10), value(&o(10, "c"))),
            (objection_key("c", 2), value(&o(2, "c"))),
            // Another campaign's, under this one's key: not this one's.
            (objection_key("c", 3), value(&o(3, "other"))),
            // A key that does not match the id inside.
            (objection_key("c", 4), value(&o(5, "c"))),
            (objection_key("c", 6), serde_json::json!("garbage")),
        ];
        let ids: Vec<u32> = objections_of("c", settings).iter().map(|o| o.id).collect();
        assert_eq!(ids, [2, 10]);
        assert_eq!(objection_key("c", 7), "objection:c:7");
    }
}
