//! What an import's checks know of each revision before they take the
//! revisions in order (`Early`, `Alone`): what is wrong with it by itself,
//! whether a root's entry is stored here, and whether a root's changes fit
//! its form. Found while a bundle is read, on a core of its own, or on
//! every core with the other checks.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Context, check_changes, own_problem, stage_form};
use crate::domain::{Campaign, Revision};
use crate::form::Form;
use crate::store::{Store, Unstored};
use crate::sync::SyncError;

/// What each revision is by itself, and whether a root's entry is stored
/// here: hashing each revision's content is most of an import's checking.
/// Found while a bundle is read (`Early::take`, on a core of its own) or
/// with the other checks (a bundle read whole); used only once the
/// bundle's hash and signature hold. While a bundle is read, the roots'
/// changes are fitted to their forms too (used if the checks would fit
/// them to the same: `fitted_as`).
#[derive(Default)]
pub struct Early {
    /// What is wrong with a revision by itself, by position.
    pub(super) problems: HashMap<usize, String>,
    /// Roots whose entry is stored here, by position.
    pub(super) stored: HashSet<usize>,
    /// `Store::commits` before the first lookup, if every lookup began
    /// with the same (`None` before any, or when they did not).
    commits: Option<u64>,
    /// Revisions taken in, from the first on.
    taken: usize,
    /// A part came out of order, or the store could not be read: the
    /// checks find all of this again.
    failed: bool,
    /// The roots' changes fitted to their forms as they came, by the
    /// campaign stored here that the first root names (what a results
    /// bundle is checked against); `None` when there is none.
    fit: Option<(Arc<Campaign>, Fitted)>,
    /// No root is fitted any more (the campaign could not be read).
    no_fit: bool,
}

/// Roots whose changes were checked against the form they name (a
/// stage's), by position; and those that did not fit, with why.
#[derive(Default)]
pub(super) struct Fitted {
    pub(super) fitted: HashSet<usize>,
    pub(super) unfit: HashMap<usize, SyncError>,
}

impl Fitted {
    /// Checks the changes of root `r` at position `i` against its form,
    /// if `form_of` finds it (a stage's form of the campaign).
    fn root<'f>(
        &mut self,
        i: usize,
        r: &Revision,
        form_of: impl Fn(&str, u32) -> Option<&'f Form>,
    ) {
        let Some(init) = r.body.init.as_ref().filter(|_| r.body.parents.is_empty()) else {
            return;
        };
        if let Some(form) = form_of(&init.form, init.form_version) {
            self.fitted.insert(i);
            if let Err(e) = check_changes(form, r) {
                self.unfit.insert(i, e);
            }
        }
    }

    fn join(&mut self, other: Fitted) {
        self.fitted.extend(other.fitted);
        self.unfit.extend(other.unfit);
    }
}

impl Early {
    /// Takes in the revisions of a part that starts at position `first`.
    pub fn take(&mut self, store: &Store, first: usize, part: &[Revision]) {
        if self.failed || first != self.taken {
            self.failed = true;
            return;
        }
        match Early::of_part(store, first, part) {
            Ok(found) => self.join(found),
            Err(_) => {
                self.failed = true;
                return;
            }
        }
        for (i, r) in part.iter().enumerate().map(|(i, r)| (first + i, r)) {
            if !self.problems.contains_key(&i) {
                self.fit_root(store, i, r);
            }
        }
    }

    /// Fits a root's changes to its form, by the campaign stored here that
    /// the first root named (a root naming another is left to the checks).
    fn fit_root(&mut self, store: &Store, i: usize, r: &Revision) {
        let Some(init) = r.body.init.as_ref().filter(|_| !self.no_fit) else {
            return;
        };
        if self.fit.is_none() {
            match store.campaign(&init.campaign) {
                Ok(Some(c)) => self.fit = Some((c, Fitted::default())),
                _ => self.no_fit = true,
            }
        }
        let Some((campaign, fitted)) = &mut self.fit else {
            return;
        };
        if init.campaign != campaign.id {
            return;
        }
        let forms = store.forms();
        fitted.root(i, r, |form, version| {
            campaign
                .stages
                .iter()
                .any(|s| s.form == form)
                .then(|| forms.get(form, version))
                .flatten()
        });
    }

    /// The roots fitted while the bundle was read, if they were fitted as
    /// checks by `campaign` and with the forms a bundle `brought` fit
    /// them: by the same campaign, and by forms stored here only.
    fn fitted_as(
        &mut self,
        campaign: &Campaign,
        brought: &HashMap<(String, u32), Form>,
    ) -> Option<Fitted> {
        let (by, fitted) = self.fit.take()?;
        (brought.is_empty() && *by == *campaign).then_some(fitted)
    }

    /// Takes in what was found of other revisions.
    fn join(&mut self, other: Early) {
        self.problems.extend(other.problems);
        self.stored.extend(other.stored);
        self.commits = match (self.taken, self.commits, other.commits) {
            (0, None, theirs) => theirs,
            (_, ours, theirs) if ours == theirs => ours,
            _ => None,
        };
        self.taken += other.taken;
    }

    /// This of a part that starts at position `first`.
    fn of_part(store: &Store, first: usize, part: &[Revision]) -> Result<Early, SyncError> {
        let mut out = Early {
            commits: Some(store.commits()),
            taken: part.len(),
            ..Early::default()
        };
        for (i, r) in part.iter().enumerate().map(|(i, r)| (first + i, r)) {
            if let Some(why) = own_problem(r) {
                out.problems.insert(i, why);
            } else if is_root(r) && store.has_entry(&r.body.entry)? {
                out.stored.insert(i);
            }
        }
        Ok(out)
    }

    /// Whether this holds for exactly `revisions` revisions.
    fn holds_for(&self, revisions: usize) -> bool {
        !self.failed && self.taken == revisions
    }

    /// The roots of `revisions` (all that this holds for) whose entry was
    /// not stored when looked up, for the commit not to look again.
    pub(super) fn unstored(&self, revisions: &[Revision]) -> Option<Unstored> {
        let commits = self.commits?;
        let roots = revisions
            .iter()
            .enumerate()
            .map(|(i, r)| is_root(r) && !self.stored.contains(&i))
            .collect();
        Some(Unstored { commits, roots })
    }
}

/// Whether a revision would be a root: no parents, and `init`.
fn is_root(r: &Revision) -> bool {
    r.body.parents.is_empty() && r.body.init.is_some()
}

/// What the checks know of each revision before they take them in order:
/// `Early`, and the roots' changes checked against the form they name.
#[derive(Default)]
pub(super) struct Alone {
    pub(super) early: Early,
    pub(super) fit: Fitted,
}

impl Alone {
    fn take(&mut self, other: Alone) {
        self.early.join(other.early);
        self.fit.join(other.fit);
    }
}

/// `Alone` of a part of the revisions that starts at position `first`
/// (`Early` of it found here unless `early` has it).
fn alone_part(
    cx: &Context<'_>,
    stage_forms: &HashSet<&str>,
    first: usize,
    part: &[Revision],
    early: Option<&Early>,
) -> Result<Alone, SyncError> {
    let mut out = Alone::default();
    if early.is_none() {
        out.early = Early::of_part(cx.store, first, part)?;
    }
    let problems = &early.unwrap_or(&out.early).problems;
    for (i, r) in part.iter().enumerate().map(|(i, r)| (first + i, r)) {
        if !problems.contains_key(&i) {
            out.fit.root(i, r, |form, version| {
                stage_form(cx, stage_forms, form, version)
            });
        }
    }
    Ok(out)
}

/// `alone_part` of every revision, on every core, unless `early` found it
/// all while the bundle was read.
pub(super) fn alone(
    cx: &Context<'_>,
    stage_forms: &HashSet<&str>,
    revisions: &[Revision],
    early: Option<Early>,
) -> Result<Alone, SyncError> {
    let mut early = early.filter(|e| e.holds_for(revisions.len()));
    if let Some(fit) = early
        .as_mut()
        .and_then(|e| e.fitted_as(cx.campaign, cx.forms))
    {
        let early = early.unwrap_or_default();
        return Ok(Alone { early, fit });
    }
    let known = early.as_ref();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let part = revisions.len().div_ceil(threads).max(1);
    let mut out = std::thread::scope(|s| {
        let workers: Vec<_> = revisions
            .chunks(part)
            .enumerate()
            .map(|(k, chunk)| {
                let worker = s.spawn(move || alone_part(cx, stage_forms, k * part, chunk, known));
                (k, chunk, worker)
            })
            .collect();
        let mut out = Alone::default();
        for (k, chunk, worker) in workers {
            // A worker that failed is redone here, so nothing goes unchecked.
            let done = worker
                .join()
                .unwrap_or_else(|_| alone_part(cx, stage_forms, k * part, chunk, known))?;
            out.take(done);
        }
        Ok::<Alone, SyncError>(out)
    })?;
    if let Some(early) = early {
        out.early = early;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::stream::tests::revision as root;

    #[test]
    fn what_is_found_early_holds_only_for_every_part_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut forged = root(1, "说明");
        forged.id = "0".repeat(64);
        let revisions = [root(0, "说明"), forged, root(2, "说明")];
        let mut early = Early::default();
        early.take(&store, 0, &revisions[..2]);
        early.take(&store, 2, &revisions[2..]);
        assert!(early.holds_for(3));
        assert!(!early.holds_for(2));
        assert_eq!(early.problems.keys().collect::<Vec<_>>(), [&1]);
        assert!(early.stored.is_empty());
        // A part missed: what was found holds for no list of revisions.
        let mut gap = Early::default();
        gap.take(&store, 0, &revisions[..1]);
        gap.take(&store, 2, &revisions[2..]);
        assert!(!gap.holds_for(2));
        assert!(!gap.holds_for(3));
        // A part twice: neither.
        let mut twice = Early::default();
        twice.take(&store, 0, &revisions[..1]);
        twice.take(&store, 0, &revisions[..1]);
        assert!(!twice.holds_for(1));
        assert!(!twice.holds_for(2));
    }

    #[test]
    fn roots_fitted_early_hold_only_for_the_campaign_and_forms_they_were_fitted_by() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        crate::app::demo::seed(&store).unwrap();
        let campaign = store
            .campaign(crate::app::demo::CAMPAIGN_ID)
            .unwrap()
            .unwrap();
        let of = |i: usize, path: &str, text: &str| {
            let mut r = root(i, text);
            let init = r.body.init.as_mut().unwrap();
            init.campaign = campaign.id.clone();
            init.unit = campaign.units[0].id.clone();
            r.body.changes = [(path.to_string(), serde_json::json!(text))].into();
            r.body.clone().seal()
        };
        let revisions = [of(0, "q4", "说明"), of(1, "no-such-item", "说明")];
        let early = || {
            let mut e = Early::default();
            e.take(&store, 0, &revisions);
            e
        };
        let none = HashMap::new();
        let fit = early().fitted_as(&campaign, &none).unwrap();
        assert_eq!(fit.fitted.len(), 2);
        assert_eq!(fit.unfit.keys().collect::<Vec<_>>(), [&1]);
        // Another campaign (a stage less), or forms the bundle brought:
        // the checks fit the roots again.
        let mut other = (*campaign).clone();
        other.stages.pop();
        assert!(early().fitted_as(&other, &none).is_none());
        let form = store.forms().get("jgbz.interview", 1).unwrap().clone();
        let brought = HashMap::from([(("jgbz.interview".to_string(), 1), form)]);
        assert!(early().fitted_as(&campaign, &brought).is_none());
    }

    #[test]
    fn roots_found_unstored_are_handed_on_only_if_no_commit_came_between_lookups() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut child = root(1, "说明");
        child.body.init = None;
        child.body.parents = vec![root(0, "说明").id];
        let revisions = [root(0, "说明"), child, root(2, "说明")];
        let mut early = Early::default();
        early.take(&store, 0, &revisions[..1]);
        early.take(&store, 1, &revisions[1..]);
        let unstored = early.unstored(&revisions).unwrap();
        assert_eq!(unstored.commits, store.commits());
        assert_eq!(unstored.roots, [true, false, true]);
        // A commit between two parts' lookups: none is handed on.
        let mut between = Early::default();
        between.take(&store, 0, &revisions[..1]);
        store
            .commit(&[crate::store::Change::Revision {
                revision: revisions[2].clone(),
            }])
            .unwrap();
        between.take(&store, 1, &revisions[1..]);
        assert!(between.holds_for(3));
        assert!(between.unstored(&revisions).is_none());
        // Looked up after it: the stored root is not among them.
        let mut after = Early::default();
        after.take(&store, 0, &revisions);
        let unstored = after.unstored(&revisions).unwrap();
        assert_eq!(unstored.commits, store.commits());
        assert_eq!(unstored.roots, [true, false, false]);
    }
}
