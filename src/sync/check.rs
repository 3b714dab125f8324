//! Checking every revision of a bundle before anything is written: ids in
//! their formats, content matching its id, sane sizes and times, one root
//! per entry, a unit of the campaign and a form of its stages, values that
//! fit their items, parents that exist; then who may change it (the signer's
//! and the author's scope), and the rules a person's edits follow here too:
//! a finalised entry changes only with a reason, an entry is finalised only
//! when nothing required is missing, and a merge revision is exactly the
//! merge every machine derives.

use std::borrow::Cow;
use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::SyncError;
use super::scope::{Authors, Scope, Signer};
use crate::domain::dag::{Dag, merge_of};
use crate::domain::idmap::{IdHasher, IdMap};
use crate::domain::ids::{
    MAX_LABEL_CHARS, has_control_in_text, is_name_id, is_revision_id, is_uuid,
};
use crate::domain::{Campaign, Revision, Status, Unit};
use crate::form::Form;
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::validate::{self, MAX_TEXT_CHARS, check_value};
use crate::i18n;
use crate::store::{Store, Unstored};

/// Most changes one revision may carry.
const MAX_CHANGES: usize = 5_000;
/// Most elements of one array value.
const MAX_ARRAY: usize = 1_000;
/// Largest revision accepted (its JSON).
const MAX_REVISION_BYTES: usize = 1 << 20;

/// What revisions are checked against.
pub struct Context<'a> {
    pub store: &'a Store,
    /// The campaign: a plan's own, else the one stored here.
    pub campaign: &'a Campaign,
    /// Forms a plan brings (none in results).
    pub forms: &'a HashMap<(String, u32), Form>,
    pub signer: &'a Signer,
}

fn bad(r: &Revision, why: String) -> SyncError {
    SyncError::BadRevision(shown_id(r), why)
}

/// A revision's id as a message may show it (it may be anything).
fn shown_id(r: &Revision) -> String {
    crate::domain::ids::clean_label(&r.id.chars().take(64).collect::<String>())
}

fn missing_parent(r: &Revision) -> SyncError {
    SyncError::MissingParent(shown_id(r))
}

/// What is wrong with a revision by itself (ids, content id, size, time,
/// text), if anything.
fn own_problem(r: &Revision) -> Option<String> {
    let b = &r.body;
    let ids_ok = is_uuid(&b.entry)
        && b.parents.iter().all(|p| is_revision_id(p))
        && is_name_id(&b.author.device)
        && b.init.as_ref().is_none_or(|i| {
            is_name_id(&i.campaign)
                && is_name_id(&i.unit)
                && is_name_id(&i.form)
                && i.finding.as_ref().is_none_or(|f| is_finding_key(&f.key))
        });
    if !ids_ok {
        return Some(i18n::sync_why_ids());
    }
    let Some(size) = r.checked_len() else {
        return Some(i18n::sync_why_id());
    };
    let facts = b
        .init
        .as_ref()
        .and_then(|i| i.finding.as_ref())
        .map(|f| f.facts.as_str());
    if size > MAX_REVISION_BYTES
        || b.reason
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
        || facts.is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
        || b.author.person.chars().count() > MAX_LABEL_CHARS
    {
        return Some(i18n::sync_why_size());
    }
    let controls = b.author.person.chars().any(crate::domain::ids::is_control)
        || b.reason.as_deref().is_some_and(has_control_in_text)
        || facts.is_some_and(has_control_in_text);
    if controls {
        return Some(i18n::sync_why_control());
    }
    if b.at.parse::<jiff::Timestamp>().is_err() {
        return Some(i18n::sync_why_time(&crate::domain::ids::clean_label(
            &b.at.chars().take(40).collect::<String>(),
        )));
    }
    None
}

/// Whether `key` can be an automatic finding's key (`rule:unit:entry[:row]`,
/// ids of letters, digits, `_`, `.` and `-`).
fn is_finding_key(key: &str) -> bool {
    (1..=MAX_FINDING_KEY).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':'))
}

/// Longest automatic finding key an import takes, in bytes.
const MAX_FINDING_KEY: usize = 300;

/// What each revision is by itself, and whether a root's entry is stored
/// here: hashing each revision's content is most of an import's checking.
/// Found while a bundle is read (`Early::take`, on a core of its own) or
/// with the other checks (a bundle read whole); used only once the
/// bundle's hash and signature hold.
#[derive(Default)]
pub struct Early {
    /// What is wrong with a revision by itself, by position.
    problems: HashMap<usize, String>,
    /// Roots whose entry is stored here, by position.
    stored: HashSet<usize>,
    /// `Store::commits` before the first lookup, if every lookup began
    /// with the same (`None` before any, or when they did not).
    commits: Option<u64>,
    /// Revisions taken in, from the first on.
    taken: usize,
    /// A part came out of order, or the store could not be read: the
    /// checks find all of this again.
    failed: bool,
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
            Err(_) => self.failed = true,
        }
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
    fn unstored(&self, revisions: &[Revision]) -> Option<Unstored> {
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
struct Alone {
    early: Early,
    /// Roots whose changes were checked against the form they name (a
    /// stage's), by position; and those that did not fit, with why.
    fitted: HashSet<usize>,
    unfit: HashMap<usize, SyncError>,
}

impl Alone {
    fn take(&mut self, other: Alone) {
        self.early.join(other.early);
        self.fitted.extend(other.fitted);
        self.unfit.extend(other.unfit);
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
        if problems.contains_key(&i) {
            continue;
        }
        let Some(init) = r.body.init.as_ref().filter(|_| r.body.parents.is_empty()) else {
            continue;
        };
        if let Some(form) = stage_form(cx, stage_forms, &init.form, init.form_version) {
            out.fitted.insert(i);
            if let Err(e) = check_changes(form, r) {
                out.unfit.insert(i, e);
            }
        }
    }
    Ok(out)
}

/// `alone_part` of every revision, on every core.
fn alone(
    cx: &Context<'_>,
    stage_forms: &HashSet<&str>,
    revisions: &[Revision],
    early: Option<Early>,
) -> Result<Alone, SyncError> {
    let early = early.filter(|e| e.holds_for(revisions.len()));
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

fn value_is_sane(v: &Value, depth: usize) -> bool {
    match v {
        Value::String(s) => s.chars().count() <= MAX_TEXT_CHARS && !has_control_in_text(s),
        Value::Array(a) => {
            a.len() <= MAX_ARRAY && depth < 4 && a.iter().all(|x| value_is_sane(x, depth + 1))
        }
        Value::Object(_) => false,
        _ => true,
    }
}

/// Whether one change fits the form: a row marker of a repeat is a number
/// (or null), every other path an input item with a value that fits it.
/// An attachment item's list of objects is checked field by field
/// (`domain::attachment::list`: hashes, names and captions without control
/// characters); no other value may hold an object.
fn change_fits(form: &Form, path: &str, value: &Value) -> bool {
    let Some(path) = FieldPath::parse(path) else {
        return false;
    };
    if let FieldPath::Row { repeat, .. } = &path {
        return value_is_sane(value, 0)
            && form.item(repeat).is_some()
            && (value.is_null() || value.is_number());
    }
    match form.item(path.item_id()) {
        Some(item) if item.is_attachment() => check_value(item, value).is_ok(),
        Some(item) => {
            value_is_sane(value, 0) && item.is_input() && check_value(item, value).is_ok()
        }
        None => false,
    }
}

/// Where a revision's entry belongs: its unit and form.
struct Placed {
    unit: String,
    form: String,
    version: u32,
}

/// What the checks found that the commit uses: how many entries the
/// revisions are of, and the roots whose entry was not stored when looked
/// up (by position).
pub struct Checked {
    pub entries: usize,
    pub unstored: Option<Unstored>,
}

/// Checks every revision; `authors` gathers the enrolments and
/// certificates of relayed authors the import writes with them.
pub fn check_revisions(
    cx: &Context<'_>,
    revisions: &[Revision],
    authors: &mut Authors<'_>,
    early: Option<Early>,
) -> Result<Checked, SyncError> {
    let units: HashMap<&str, &Unit> = cx
        .campaign
        .units
        .iter()
        .map(|u| (u.id.as_str(), u))
        .collect();
    let stage_forms: HashSet<&str> = cx.campaign.stages.iter().map(|s| s.form.as_str()).collect();
    let mut alone = alone(cx, &stage_forms, revisions, early)?;
    let Indexed { ids, mut placed } = index(cx, revisions, &units, &alone)?;
    let mut needs_history: HashSet<&str> = HashSet::new();
    for (i, r) in revisions.iter().enumerate() {
        let at = place(cx, &mut placed, r)?;
        let form = stage_form(cx, &stage_forms, &at.form, at.version).ok_or_else(|| {
            bad(
                r,
                i18n::sync_why_form(&format!("{}@{}", at.form, at.version)),
            )
        })?;
        // A root's changes were checked already against the form it names
        // (the same form, unless a second root of its entry placed it).
        let fitted = alone.fitted.contains(&i)
            && r.body
                .init
                .as_ref()
                .is_some_and(|init| init.form == at.form && init.form_version == at.version);
        match fitted {
            true => alone.unfit.remove(&i).map_or(Ok(()), Err)?,
            false => check_changes(form, r)?,
        }
        check_parents(cx.store, &ids, r)?;
        check_author(cx, authors, &units, at, r)?;
        if needs_history_check(r) {
            needs_history.insert(r.body.entry.as_str());
        }
    }
    check_histories(cx, revisions, &needs_history, &placed)?;
    // Every revision's entry was placed.
    Ok(Checked {
        entries: placed.len(),
        unstored: alone.early.unstored(revisions),
    })
}

/// What the first pass over a bundle's revisions gathers.
struct Indexed<'r> {
    /// The entry of each revision in the bundle, by revision id.
    ids: IdMap<&'r str, &'r str>,
    /// Where each entry whose root is in the bundle belongs.
    placed: IdMap<&'r str, Placed>,
}

/// The first pass: each revision by itself, no id twice, and the roots;
/// gathers each entry's revisions and where its root places it.
fn index<'r>(
    cx: &Context<'_>,
    revisions: &'r [Revision],
    units: &HashMap<&str, &Unit>,
    alone: &Alone,
) -> Result<Indexed<'r>, SyncError> {
    let mut out = Indexed {
        ids: IdMap::with_capacity_and_hasher(revisions.len(), IdHasher::default()),
        placed: IdMap::default(),
    };
    for (i, r) in revisions.iter().enumerate() {
        if let Some(why) = alone.early.problems.get(&i) {
            return Err(bad(r, why.clone()));
        }
        if out.ids.insert(&r.id, &r.body.entry).is_some() {
            return Err(bad(r, i18n::sync_why_duplicate()));
        }
        if let Some(at) = root_place(cx, units, r, alone.early.stored.contains(&i))? {
            out.placed.insert(&r.body.entry, at);
        }
    }
    Ok(out)
}

/// Where a root revision (the one without parents, and the only one with
/// `init`) places its entry: a unit of this campaign, and no second root
/// of a stored entry (`stored`: whether its entry is). `None` for any
/// other revision.
fn root_place(
    cx: &Context<'_>,
    units: &HashMap<&str, &Unit>,
    r: &Revision,
    stored: bool,
) -> Result<Option<Placed>, SyncError> {
    match (&r.body.init, r.body.parents.is_empty()) {
        (Some(init), true) => {
            if init.campaign != cx.campaign.id {
                return Err(bad(r, i18n::sync_why_campaign()));
            }
            if !units.contains_key(init.unit.as_str()) {
                return Err(bad(r, i18n::sync_why_unit(&init.unit)));
            }
            if stored && !cx.store.has_revision(&r.body.entry, &r.id)? {
                return Err(bad(r, i18n::sync_why_second_root()));
            }
            Ok(Some(Placed {
                unit: init.unit.clone(),
                form: init.form.clone(),
                version: init.form_version,
            }))
        }
        (None, false) => Ok(None),
        _ => Err(bad(r, i18n::sync_why_root())),
    }
}

/// Where a revision's entry belongs: as its root in the bundle placed it,
/// else as the entry stored here (of this campaign) is.
fn place<'p, 'r>(
    cx: &Context<'_>,
    placed: &'p mut IdMap<&'r str, Placed>,
    r: &'r Revision,
) -> Result<&'p Placed, SyncError> {
    let entry = r.body.entry.as_str();
    Ok(match placed.entry(entry) {
        Slot::Occupied(known) => known.into_mut(),
        Slot::Vacant(slot) => match cx.store.entry(entry)? {
            Some(e) if e.campaign == cx.campaign.id => slot.insert(Placed {
                unit: e.unit,
                form: e.form,
                version: e.form_version,
            }),
            Some(_) => return Err(bad(r, i18n::sync_why_campaign())),
            None => return Err(missing_parent(r)),
        },
    })
}

/// The form an entry is filled in: one of the campaign's stages, brought
/// by the plan or stored here.
fn stage_form<'a>(
    cx: &Context<'a>,
    stage_forms: &HashSet<&str>,
    form: &str,
    version: u32,
) -> Option<&'a Form> {
    if !stage_forms.contains(form) {
        return None;
    }
    form_of(cx, form, version)
}

/// The form an entry is filled in, brought by the bundle or stored here.
fn form_of<'a>(cx: &Context<'a>, form: &str, version: u32) -> Option<&'a Form> {
    // A plan brings a few forms, results none: looked through, no key made.
    cx.forms
        .iter()
        .find(|((id, v), _)| id == form && *v == version)
        .map(|(_, f)| f)
        .or_else(|| cx.store.forms().get(form, version))
}

/// A revision's changes: not too many, and each fitting the form.
fn check_changes(form: &Form, r: &Revision) -> Result<(), SyncError> {
    if r.body.changes.len() > MAX_CHANGES {
        return Err(bad(r, i18n::sync_why_size()));
    }
    for (path, value) in &r.body.changes {
        if !change_fits(form, path, value) {
            return Err(bad(
                r,
                i18n::sync_why_value(&crate::domain::ids::clean_label(path)),
            ));
        }
    }
    Ok(())
}

/// Every parent of a revision is in the bundle or stored here.
fn check_parents(store: &Store, ids: &IdMap<&str, &str>, r: &Revision) -> Result<(), SyncError> {
    let entry = r.body.entry.as_str();
    for p in &r.body.parents {
        let in_bundle = ids.get(p.as_str()) == Some(&entry);
        if !in_bundle && !store.has_revision(entry, p)? {
            return Err(missing_parent(r));
        }
    }
    Ok(())
}

/// Whether a revision's author may change its entry's unit (the team's
/// scope); a revision already stored here is not asked again.
fn check_author(
    cx: &Context<'_>,
    authors: &mut Authors<'_>,
    units: &HashMap<&str, &Unit>,
    at: &Placed,
    r: &Revision,
) -> Result<(), SyncError> {
    let unit = units.get(at.unit.as_str()).copied();
    let team = unit.and_then(|u| u.team.as_deref());
    let scope = author_scope(cx, authors, r)?;
    let allowed = unit.is_some() && scope.as_ref().is_some_and(|s| s.allows(team));
    if allowed || cx.store.has_revision(&r.body.entry, &r.id)? {
        return Ok(());
    }
    let unit_name = unit.map_or(at.unit.as_str(), |u| u.name.as_str());
    let team_name = team
        .and_then(|t| cx.campaign.team(t))
        .map_or("—", |t| t.name.as_str());
    Err(bad(
        r,
        match scope {
            None => i18n::sync_why_author(&r.body.author.device),
            Some(_) => i18n::sync_why_out_of_scope(unit_name, team_name),
        },
    ))
}

/// What a revision's author may change: the signer's scope for a merge,
/// the signer's own revisions, or when the signer is trusted for
/// everything (this installation, the pinned HQ), which vouches for whoever
/// made the revisions it carries; else the author's own scope within the
/// signer's. `None` for an author not known here.
fn author_scope<'s>(
    cx: &Context<'s>,
    authors: &mut Authors<'_>,
    r: &Revision,
) -> Result<Option<Cow<'s, Scope>>, SyncError> {
    let device = r.body.author.device.as_str();
    Ok(
        if is_merge(r) || device == cx.signer.device || cx.signer.scope == Scope::All {
            Some(Cow::Borrowed(&cx.signer.scope))
        } else {
            authors
                .scope(device)?
                .map(|s| Cow::Owned(s.and(&cx.signer.scope)))
        },
    )
}

/// Whether a revision is a merge (made by no one, derived by every machine).
fn is_merge(r: &Revision) -> bool {
    r.body.author.device == crate::domain::dag::MERGE_DEVICE
}

/// Whether a revision follows the rules of edits, checked against its
/// entry's history: merges, finalising, and changes after a first revision.
fn needs_history_check(r: &Revision) -> bool {
    is_merge(r)
        || r.body.status == Some(Status::Final)
        || (!r.body.parents.is_empty() && !r.body.changes.is_empty())
}

/// The rules of edits, on the entries whose new revisions change a
/// finalised state, finalise, or merge: each is folded with what is stored.
fn check_histories(
    cx: &Context<'_>,
    revisions: &[Revision],
    entries: &HashSet<&str>,
    placed: &IdMap<&str, Placed>,
) -> Result<(), SyncError> {
    let store = cx.store;
    let mut by_entry: BTreeMap<&str, Vec<&Revision>> = BTreeMap::new();
    for r in revisions
        .iter()
        .filter(|r| entries.contains(r.body.entry.as_str()))
    {
        by_entry.entry(&r.body.entry).or_default().push(r);
    }
    for (entry, new) in by_entry {
        // A bundle imported again (full exports are the default) brings
        // mostly revisions known here: their history is not read again.
        let mut unknown = Vec::new();
        for r in new {
            if !store.has_revision(entry, &r.id)? {
                unknown.push(r);
            }
        }
        if unknown.is_empty() {
            continue;
        }
        let mut all: Vec<Revision> = store.revisions(entry)?;
        all.extend(unknown.iter().map(|r| (*r).clone()));
        let dag = Dag::new(&all);
        let Some(at) = placed.get(entry) else {
            continue;
        };
        let form = form_of(cx, &at.form, at.version);
        for r in &unknown {
            check_history(cx, &dag, r, form, &at.unit)?;
        }
    }
    Ok(())
}

fn check_history(
    cx: &Context<'_>,
    dag: &Dag<'_>,
    r: &Revision,
    form: Option<&Form>,
    unit: &str,
) -> Result<(), SyncError> {
    let b = &r.body;
    if is_merge(r) {
        let derived = match b.parents.as_slice() {
            [first, second] => merge_of(dag, first, second).flatten(),
            _ => None,
        };
        return if derived.is_some_and(|d| d.id == r.id) {
            Ok(())
        } else {
            Err(bad(r, i18n::sync_why_merge()))
        };
    }
    let was_final = b
        .parents
        .iter()
        .any(|p| dag.state(p).is_some_and(|s| s.status == Status::Final));
    let reason = b.reason.as_deref().is_some_and(|t| !t.trim().is_empty());
    if was_final && !b.changes.is_empty() && !reason {
        return Err(bad(r, i18n::sync_why_need_reason()));
    }
    if b.status == Some(Status::Final)
        && !was_final
        && let (Some(form), Some(state)) = (form, dag.state(&r.id))
    {
        let baseline = cx
            .campaign
            .unit(unit)
            .map(|u| u.baseline.clone())
            .unwrap_or_default();
        let issues = validate::issues(&Answers::new(form, &state.answers, &baseline));
        if let Some(first) = issues.first() {
            let label = crate::form::display::path_label(form, &first.path);
            return Err(bad(r, i18n::sync_why_not_ready(&label, issues.len())));
        }
    }
    Ok(())
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
