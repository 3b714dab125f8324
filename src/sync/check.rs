//! Checking every revision of a bundle before anything is written: ids in
//! their formats, content matching its id, sane sizes and times, one root
//! per entry, a unit of the campaign and a form of its stages, values that
//! fit their items, parents that exist; then who may change it (the signer's
//! and the author's scope), and the rules a person's edits follow here too:
//! a finalised entry changes only with a reason, an entry is finalised only
//! when nothing required is missing, and a merge revision is exactly the
//! merge every machine derives.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::SyncError;
use super::scope::{Authors, Scope, Signer};
use crate::domain::dag::{Dag, merge_of};
use crate::domain::ids::{
    MAX_LABEL_CHARS, has_control_in_text, is_name_id, is_revision_id, is_uuid,
};
use crate::domain::{Campaign, Revision, Status, Unit};
use crate::form::Form;
use crate::form::eval::Answers;
use crate::form::path::FieldPath;
use crate::form::validate::{self, MAX_TEXT_CHARS, check_value};
use crate::i18n;
use crate::store::Store;

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
        && b.init
            .as_ref()
            .is_none_or(|i| is_name_id(&i.campaign) && is_name_id(&i.unit) && is_name_id(&i.form));
    if !ids_ok {
        return Some(i18n::sync_why_ids());
    }
    let Some(size) = r.checked_len() else {
        return Some(i18n::sync_why_id());
    };
    if size > MAX_REVISION_BYTES
        || b.reason
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
        || b.author.person.chars().count() > MAX_LABEL_CHARS
    {
        return Some(i18n::sync_why_size());
    }
    let controls = b.author.person.chars().any(crate::domain::ids::is_control)
        || b.reason.as_deref().is_some_and(has_control_in_text);
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

/// `own_problem` of every revision, by position, on every core: hashing
/// each revision's content is most of an import's checking.
fn own_problems(revisions: &[Revision]) -> HashMap<usize, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let part = revisions.len().div_ceil(threads).max(1);
    let check = |k: usize, chunk: &[Revision]| -> Vec<(usize, String)> {
        chunk
            .iter()
            .enumerate()
            .filter_map(|(i, r)| own_problem(r).map(|why| (k * part + i, why)))
            .collect()
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = revisions
            .chunks(part)
            .enumerate()
            .map(|(k, chunk)| (k, chunk, s.spawn(move || check(k, chunk))))
            .collect();
        workers
            .into_iter()
            // A worker that failed is redone here, so nothing goes unchecked.
            .flat_map(|(k, chunk, w)| w.join().unwrap_or_else(|_| check(k, chunk)))
            .collect()
    })
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
fn change_fits(form: &Form, path: &str, value: &Value) -> bool {
    if !value_is_sane(value, 0) {
        return false;
    }
    match FieldPath::parse(path) {
        Some(FieldPath::Row { repeat, .. }) => {
            form.item(&repeat).is_some() && (value.is_null() || value.is_number())
        }
        Some(p) => form
            .item(p.item_id())
            .is_some_and(|item| item.is_input() && check_value(item, value).is_ok()),
        None => false,
    }
}

/// Where a revision's entry belongs: its unit and form.
struct Placed {
    unit: String,
    form: String,
    version: u32,
}

/// Checks every revision; `authors` gathers the enrolments and
/// certificates of relayed authors the import writes with them.
pub fn check_revisions(
    cx: &Context<'_>,
    revisions: &[Revision],
    authors: &mut Authors<'_>,
) -> Result<(), SyncError> {
    let store = cx.store;
    let units: HashMap<&str, &Unit> = cx
        .campaign
        .units
        .iter()
        .map(|u| (u.id.as_str(), u))
        .collect();
    let own = own_problems(revisions);
    let mut ids = HashSet::new();
    let mut of_entry: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut placed: HashMap<&str, Placed> = HashMap::new();
    for (i, r) in revisions.iter().enumerate() {
        if let Some(why) = own.get(&i) {
            return Err(bad(r, why.clone()));
        }
        if !ids.insert(r.id.as_str()) {
            return Err(bad(r, i18n::sync_why_duplicate()));
        }
        of_entry.entry(&r.body.entry).or_default().insert(&r.id);
        match (&r.body.init, r.body.parents.is_empty()) {
            (Some(init), true) => {
                if init.campaign != cx.campaign.id {
                    return Err(bad(r, i18n::sync_why_campaign()));
                }
                if !units.contains_key(init.unit.as_str()) {
                    return Err(bad(r, i18n::sync_why_unit(&init.unit)));
                }
                if store.entry(&r.body.entry)?.is_some()
                    && !store.has_revision(&r.body.entry, &r.id)?
                {
                    return Err(bad(r, i18n::sync_why_second_root()));
                }
                placed.insert(
                    &r.body.entry,
                    Placed {
                        unit: init.unit.clone(),
                        form: init.form.clone(),
                        version: init.form_version,
                    },
                );
            }
            (None, false) => {}
            _ => return Err(bad(r, i18n::sync_why_root())),
        }
    }
    let stage_forms: HashSet<&str> = cx.campaign.stages.iter().map(|s| s.form.as_str()).collect();
    let form_of = |id: &str, version: u32| -> Option<&Form> {
        if !stage_forms.contains(id) {
            return None;
        }
        cx.forms
            .get(&(id.to_string(), version))
            .or_else(|| cx.store.forms().get(id, version))
    };
    let mut needs_history: HashSet<&str> = HashSet::new();
    for r in revisions {
        let entry = r.body.entry.as_str();
        if !placed.contains_key(entry) {
            match store.entry(entry)? {
                Some(e) if e.campaign == cx.campaign.id => {
                    placed.insert(
                        entry,
                        Placed {
                            unit: e.unit,
                            form: e.form,
                            version: e.form_version,
                        },
                    );
                }
                Some(_) => return Err(bad(r, i18n::sync_why_campaign())),
                None => return Err(missing_parent(r)),
            }
        }
        let Some(at) = placed.get(entry) else {
            return Err(missing_parent(r));
        };
        let form = form_of(&at.form, at.version).ok_or_else(|| {
            bad(
                r,
                i18n::sync_why_form(&format!("{}@{}", at.form, at.version)),
            )
        })?;
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
        for p in &r.body.parents {
            let in_bundle = of_entry
                .get(entry)
                .is_some_and(|set| set.contains(p.as_str()));
            if !in_bundle && !store.has_revision(entry, p)? {
                return Err(missing_parent(r));
            }
        }
        let unit = units.get(at.unit.as_str()).copied();
        let team = unit.and_then(|u| u.team.as_deref());
        let device = r.body.author.device.as_str();
        let merge = device == crate::domain::dag::merge_author().device;
        // A signer trusted for everything (this installation, the pinned HQ)
        // vouches for whoever made the revisions it carries.
        let scope = if merge || device == cx.signer.device || cx.signer.scope == Scope::All {
            Some(cx.signer.scope.clone())
        } else {
            authors.scope(device)?.map(|s| s.and(&cx.signer.scope))
        };
        let allowed = unit.is_some() && scope.as_ref().is_some_and(|s| s.allows(team));
        if !allowed && !store.has_revision(entry, &r.id)? {
            let unit_name = unit.map_or(at.unit.as_str(), |u| u.name.as_str());
            let team_name = team
                .and_then(|t| cx.campaign.team(t))
                .map_or("—", |t| t.name.as_str());
            return Err(bad(
                r,
                match scope {
                    None => i18n::sync_why_author(device),
                    Some(_) => i18n::sync_why_out_of_scope(unit_name, team_name),
                },
            ));
        }
        // Merges, finalising, and changes after a first revision follow
        // the rules of edits (checked against the history below).
        if merge
            || r.body.status == Some(Status::Final)
            || (!r.body.parents.is_empty() && !r.body.changes.is_empty())
        {
            needs_history.insert(entry);
        }
    }
    check_histories(cx, revisions, &needs_history, &placed)
}

/// The rules of edits, on the entries whose new revisions change a
/// finalised state, finalise, or merge: each is folded with what is stored.
fn check_histories(
    cx: &Context<'_>,
    revisions: &[Revision],
    entries: &HashSet<&str>,
    placed: &HashMap<&str, Placed>,
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
        let form = cx
            .forms
            .get(&(at.form.clone(), at.version))
            .or_else(|| cx.store.forms().get(&at.form, at.version));
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
    if b.author.device == crate::domain::dag::merge_author().device {
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
