//! The store's write API: the four kinds of change a commit is made of. A
//! change is also what one journal line holds (`kind` names it).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::{Campaign, Revision, Roster};
use crate::form::FormDef;

/// Setting that names the current campaign.
pub const CURRENT_CAMPAIGN: &str = "current_campaign";
/// Prefix of the folder's role in a campaign (`role:<campaign>` = `hq`).
pub(super) const ROLE: &str = "role:";
/// Prefix of a unit's roster (`roster:<campaign>:<unit>`), a record of the
/// journal like every setting.
pub(super) const ROSTER: &str = "roster:";

/// One change to the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A campaign (units, teams, stages), replacing one with the same id.
    Campaign { campaign: Campaign },
    /// A form definition from a plan.
    Form { form: FormDef },
    /// A revision of an entry.
    Revision { revision: Revision },
    /// A setting: trust, plan state, device certificates, roles.
    #[serde(rename = "meta")]
    Setting { key: String, value: Value },
}

impl Change {
    /// Makes `campaign` the current campaign.
    pub fn current_campaign(campaign: &str) -> Change {
        Change::Setting {
            key: CURRENT_CAMPAIGN.into(),
            value: Value::from(campaign),
        }
    }

    /// Sets (or, with `None`, removes) the roster of `unit`.
    pub fn roster(campaign: &str, unit: &str, roster: Option<&Roster>) -> Change {
        Change::Setting {
            key: format!("{ROSTER}{campaign}:{unit}"),
            value: roster
                .and_then(|r| serde_json::to_value(r).ok())
                .unwrap_or(Value::Null),
        }
    }

    /// Makes this data folder HQ of `campaign`.
    pub fn hq_role(campaign: &str) -> Change {
        Change::Setting {
            key: format!("{ROLE}{campaign}"),
            value: Value::from("hq"),
        }
    }
}
