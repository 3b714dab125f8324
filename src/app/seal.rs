//! The 专业评审 seal: raters score a unit independently, so a rater sees no
//! other rater's sheet of a unit, and no score the sheets feed, until their
//! own sheet of that unit is final. A rater is a person the campaign lists
//! among its raters, or anyone who has a review sheet of the unit; whoever
//! is neither (the HQ clerk) sees everything.

use crate::domain::{Campaign, CampaignKind, Entry, Status};
use crate::form::FormKind;

use super::workspace::{WorkError, Workspace};

/// Whether `entry` is a review sheet (专业评审) by `person`: they created
/// it or signed it as its rater.
fn by(entry: &Entry, person: &str) -> bool {
    entry.created_by.person == person
        || entry.answers.get("rater").and_then(|v| v.as_str()) == Some(person)
}

impl Workspace {
    /// Whether an entry is a 专业评审 sheet.
    fn is_review(&self, entry: &Entry) -> bool {
        self.store
            .forms()
            .get(&entry.form, entry.form_version)
            .is_some_and(|f| f.def.kind == FormKind::Review)
    }

    /// Whether the person working is a rater of `unit` whose own sheet of
    /// it is not final yet (`entries`: the unit's entries).
    pub fn sealed_in(&self, campaign: &Campaign, entries: &[Entry]) -> bool {
        let person = self.author.person.as_str();
        let listed = campaign
            .procedure
            .as_ref()
            .is_some_and(|p| p.raters.iter().any(|r| r == person));
        let own: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.status != Status::Deleted && self.is_review(e) && by(e, person))
            .collect();
        (listed || !own.is_empty()) && !own.iter().any(|e| e.status == Status::Final)
    }

    /// Whether the person working is sealed off `unit`'s review scores.
    pub fn sealed(&self, campaign: &Campaign, unit: &str) -> Result<bool, WorkError> {
        // Only 绩效考核 has raters.
        if campaign.kind != CampaignKind::Jx {
            return Ok(false);
        }
        let entries = self.store.entries(&campaign.id, Some(unit))?;
        Ok(self.sealed_in(campaign, &entries))
    }

    /// Refuses another rater's review sheet to a sealed rater.
    pub(super) fn check_seal(&self, entry: &Entry) -> Result<(), WorkError> {
        if !self.is_review(entry) || by(entry, &self.author.person) {
            return Ok(());
        }
        let Some(campaign) = self.store.campaign(&entry.campaign)? else {
            return Ok(());
        };
        if self.sealed(&campaign, &entry.unit)? {
            return Err(WorkError::Sealed);
        }
        Ok(())
    }

    /// Refuses a report that shows review scores of a unit the person is
    /// sealed off (`units`: the report's units, by id).
    pub fn check_report_seal<'a>(
        &self,
        campaign: &Campaign,
        units: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), WorkError> {
        for unit in units {
            if self.sealed(campaign, unit)? {
                let name = campaign.unit(unit).map_or(unit, |u| u.name.as_str());
                return Err(WorkError::SealedReport(name.to_string()));
            }
        }
        Ok(())
    }
}
