//! The page effect: an entry laid out as a printable page
//! (`report::entry`), with its unit's name and HQ's review, for the form
//! screen's page popup.

use super::super::action::{Action, Effect, Loaded};
use super::super::page::PageView;
use super::App;
use crate::app::workspace::WorkError;
use crate::report::entry;

impl App {
    /// The page effect; `None` for the others.
    pub(super) fn page_effect(&self, effect: &Effect) -> Option<Result<Vec<Action>, WorkError>> {
        let Effect::LoadPage(id) = effect else {
            return None;
        };
        Some(
            self.page_of(id)
                .map(|v| vec![Action::Loaded(Loaded::Page(Box::new(v)))]),
        )
    }

    fn page_of(&self, id: &str) -> Result<PageView, WorkError> {
        let ws = &self.ws;
        let e = ws.find_entry(id)?;
        let form = ws.form(&e.form, e.form_version)?;
        let campaign = ws.campaign()?;
        let unit = campaign
            .unit(&e.unit)
            .map_or_else(|| e.unit.clone(), |u| u.name.clone());
        let review = crate::hq::review::review_line(&ws.store, &e);
        let page = entry::page(form, &e, &ws.baseline_of(&e), &unit, review.as_deref());
        Ok(PageView {
            entry: e.id.clone(),
            title: page.title.clone(),
            lines: entry::lines(&page),
            scroll: 0,
        })
    }
}
