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

mod early;
pub use early::Early;
use early::{Alone, alone};

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
        let fitted = alone.fit.fitted.contains(&i)
            && r.body
                .init
                .as_ref()
                .is_some_and(|init| init.form == at.form && init.form_version == at.version);
        match fitted {
            true => alone.fit.unfit.remove(&i).map_or(Ok(()), Err)?,
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
