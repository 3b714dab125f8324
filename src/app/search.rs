//! Search of the current campaign for the screens and the command line:
//! reads the units' entries one unit at a time from the store and hands
//! them to the pure matcher (`analysis::search`), stopping once the limit
//! of hits is passed.

use super::workspace::{WorkError, Workspace};
use crate::analysis::search::{Found, Query, Searcher, form_name};

impl Workspace {
    /// Searches the current campaign for `text`: unit names and baselines
    /// first, then every answer of the entries that are not deleted, unit
    /// by unit in the campaign's order; at most `limit` hits. A blank text
    /// finds nothing.
    pub fn search(&self, text: &str, limit: usize) -> Result<Found, WorkError> {
        let Some(query) = Query::new(text) else {
            return Ok(Found::default());
        };
        let campaign = self.campaign()?;
        let mut s = Searcher::new(&query, limit);
        for unit in &campaign.units {
            s.unit(unit);
        }
        for unit in &campaign.units {
            if s.full() {
                break;
            }
            for entry in self.store.entries(&campaign.id, Some(&unit.id))? {
                if s.full() {
                    break;
                }
                if let Ok(form) = self.form(&entry.form, entry.form_version) {
                    s.entry(unit, &entry, form, &form_name(&campaign, form));
                }
            }
        }
        Ok(s.finish())
    }
}
