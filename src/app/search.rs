//! Search of the current campaign for the screens and the command line:
//! one pass over the stored entries, handing them to the pure matcher
//! (`analysis::search`), stopping once the limit of hits is passed. A
//! query of Chinese characters skips, without decoding it, every entry
//! whose stored text cannot hold it (`may_hold`).

use super::workspace::{WorkError, Workspace};
use crate::analysis::search::{Found, Query, Searcher, Units, form_name, may_hold};

impl Workspace {
    /// Searches the current campaign for `text`: unit names and baselines
    /// first, then every answer of the entries that are not deleted, in
    /// the order they were created; at most `limit` hits. A blank text
    /// finds nothing.
    pub fn search(&self, text: &str, limit: usize) -> Result<Found, WorkError> {
        let Some(query) = Query::new(text) else {
            return Ok(Found::default());
        };
        let campaign = self.campaign()?;
        let forms = self.store.forms();
        let literal = query.literal(forms.all());
        // Every head of this campaign says so (compact JSON).
        let mine = serde_json::to_string(&campaign.id)
            .map(|id| format!("\"campaign\":{id}"))
            .unwrap_or_default();
        let units = Units::of(&campaign);
        let mut s = Searcher::new(&query, limit);
        for unit in &campaign.units {
            s.unit(unit);
        }
        self.store.scan_entries(
            |json| {
                json.windows(mine.len()).any(|w| w == mine.as_bytes())
                    && literal.is_none_or(|l| may_hold(json, l))
            },
            |entry| {
                if let (Some(unit), Some(form)) = (
                    units.get(&campaign, &entry),
                    forms.get(&entry.form, entry.form_version),
                ) {
                    s.entry(unit, &entry, form, &form_name(&campaign, form));
                }
                !s.full()
            },
        )?;
        Ok(s.finish())
    }
}
