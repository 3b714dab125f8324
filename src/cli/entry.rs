//! `kaocha entry new | set | attach | show | list | finalize | history`.

use serde_json::{Value, json};

use super::{CliError, EntryCmd, out, out_json};
use crate::app::workspace::Workspace;
use crate::domain::{Entry, Status, history};
use crate::form::display::{entry_title, status_text, time_text, value_text};
use crate::form::eval::Answers;
use crate::form::{Form, ItemType};
use crate::hq::review::{review_json, review_line, review_mark};
use crate::i18n;

/// `finalize --all`: every complete draft questionnaire of a unit; the
/// others are left and counted by why.
fn finalize_all(ws: &Workspace, unit: &str, form: &str) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let unit = ws.unit(&campaign, unit)?;
    let form = ws.latest_form(form)?;
    if form.def.kind != crate::form::FormKind::Questionnaire {
        return Err(CliError::Message(i18n::finalize_all_not_questionnaire(
            &form.def.title,
        )));
    }
    let done = ws.finalize_complete(&campaign.id, &unit.id, form.id())?;
    out(&done.message());
    Ok(())
}

/// Runs an entry command.
pub fn run(ws: &Workspace, cmd: &EntryCmd) -> Result<(), CliError> {
    match cmd {
        EntryCmd::New { unit, form, sets } => {
            let campaign = ws.campaign()?;
            let unit = ws.unit(&campaign, unit)?;
            let form = ws.latest_form(form)?;
            let entry = ws.new_entry(&campaign, &unit, form, &pairs(sets)?)?;
            out(&entry.id);
            Ok(())
        }
        EntryCmd::Set {
            entry,
            sets,
            reason,
        } => {
            let before = ws.find_entry(entry)?;
            let after = ws.set_answers(&before, &pairs(sets)?, reason.as_deref())?;
            if after.revisions == before.revisions {
                out(&i18n::no_change());
                return Ok(());
            }
            out(&i18n::saved_changes(
                after.revisions.saturating_sub(before.revisions) as usize,
                &time_text(&after.updated_at),
            ));
            Ok(())
        }
        EntryCmd::Attach {
            entry,
            item,
            files,
            caption,
            reason,
        } => {
            let done = ws.attach(
                &ws.find_entry(entry)?,
                item,
                files,
                caption.as_deref(),
                reason.as_deref(),
            )?;
            if done.added == 0 && done.restored > 0 {
                out(&i18n::at_restored(done.restored));
                return Ok(());
            }
            if done.added == 0 {
                out(&i18n::at_all_already());
                return Ok(());
            }
            let mut line = i18n::at_saved(
                done.added,
                &format!("{} {}", done.path, done.label),
                &time_text(&done.entry.updated_at),
            );
            if done.already > 0 {
                line.push_str(&i18n::at_already(done.already));
            }
            out(&line);
            Ok(())
        }
        EntryCmd::Show { entry, json } => show(ws, &ws.find_entry(entry)?, *json),
        EntryCmd::List { unit, form, json } => list(ws, unit.as_deref(), form.as_deref(), *json),
        EntryCmd::Finalize {
            entry: Some(entry), ..
        } => {
            let e = ws.finalize(&ws.find_entry(entry)?)?;
            out(&i18n::finalized(&e.id));
            Ok(())
        }
        EntryCmd::Finalize {
            entry: None,
            unit,
            form,
            ..
        } => finalize_all(ws, unit.as_deref().unwrap_or_default(), form),
        EntryCmd::History { entry, json } => history_cmd(ws, &ws.find_entry(entry)?, *json),
        EntryCmd::Delete { entry, reason } => {
            let e = ws.set_status(&ws.find_entry(entry)?, Status::Deleted, reason.as_deref())?;
            out(&i18n::deleted_entry(&e.id));
            Ok(())
        }
        EntryCmd::Restore { entry, reason } => {
            let e = ws.set_status(&ws.find_entry(entry)?, Status::Draft, reason.as_deref())?;
            out(&i18n::restored_entry(&e.id));
            Ok(())
        }
    }
}

/// `ITEM=VALUE` strings into pairs.
pub(super) fn pairs(sets: &[String]) -> Result<Vec<(String, String)>, CliError> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) => Ok((k.trim().to_string(), v.to_string())),
            None => Err(CliError::Message(i18n::bad_assignment(s))),
        })
        .collect()
}

fn show(ws: &Workspace, entry: &Entry, json: bool) -> Result<(), CliError> {
    let form = ws.form(&entry.form, entry.form_version)?;
    let baseline = ws.baseline_of(entry);
    let answers = Answers::new(form, &entry.answers, &baseline);
    let computed = answers.calc_values();
    if json {
        let mut v = serde_json::to_value(entry).map_err(|e| CliError::Message(e.to_string()))?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("computed".into(), json!(computed));
            obj.insert("title".into(), Value::String(entry_title(form, entry)));
            obj.insert("review".into(), review_json(&ws.store, entry));
        }
        return out_json(&v);
    }
    let unit_name = ws
        .store
        .campaign(&entry.campaign)?
        .and_then(|c| c.unit(&entry.unit).map(|u| u.name.clone()))
        .unwrap_or_else(|| entry.unit.clone());
    let mut lines = vec![
        format!(
            "《{}》 {unit_name}  [{}]",
            form.def.ui_title(),
            status_text(entry.status)
        ),
        i18n::entry_meta(
            &entry.id,
            &time_text(&entry.created_at),
            &entry.created_by.person,
            &time_text(&entry.updated_at),
            &entry.updated_by.person,
        ),
    ];
    lines.extend(review_line(&ws.store, entry));
    for section in &form.def.sections {
        lines.push(format!("— {} —", section.ui_title()));
        for item in &section.items {
            if !answers.is_relevant(item, None) || item.kind == ItemType::Note {
                continue;
            }
            if item.kind != ItemType::Repeat {
                let v = if item.kind == ItemType::Calc {
                    answers.value(&item.id, None)
                } else {
                    entry.answers.get(&item.id).cloned().unwrap_or(Value::Null)
                };
                lines.push(format!("  {}：{}", item.ui_label(), value_text(item, &v)));
                continue;
            }
            let rows = answers.rows(&item.id);
            lines.push(format!(
                "  {}：{}",
                item.ui_label(),
                i18n::row_count(rows.len())
            ));
            for (n, row) in rows.iter().enumerate() {
                let cells: Vec<String> = item
                    .children()
                    .iter()
                    .filter(|c| answers.is_relevant(c, Some(row)))
                    .filter_map(|c| {
                        let v = answers.value(&c.id, Some(row));
                        (!v.is_null()).then(|| format!("{}：{}", c.ui_label(), value_text(c, &v)))
                    })
                    .collect();
                lines.push(format!("    {}. [{row}] {}", n + 1, cells.join(" · ")));
            }
        }
    }
    for (path, sides) in &entry.conflicts {
        let values: Vec<serde_json::Value> = sides.iter().map(|s| s.value.clone()).collect();
        lines.push(i18n::conflict_line(
            path,
            &values
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(" | "),
        ));
    }
    out(&lines.join("\n"));
    Ok(())
}

fn list(
    ws: &Workspace,
    unit: Option<&str>,
    form: Option<&str>,
    json: bool,
) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let unit = unit.map(|u| ws.unit(&campaign, u)).transpose()?;
    let entries = ws
        .store
        .entries(&campaign.id, unit.as_ref().map(|u| u.id.as_str()))?;
    let mut rows = Vec::new();
    for e in entries.iter().filter(|e| form.is_none_or(|f| e.form == f)) {
        let f: Option<&Form> = ws.form(&e.form, e.form_version).ok();
        let title = f.map_or_else(|| e.form.clone(), |f| entry_title(f, e));
        let unit_name = campaign
            .unit(&e.unit)
            .map_or(e.unit.as_str(), |u| u.name.as_str());
        rows.push((
            e,
            title,
            unit_name.to_string(),
            f.map_or(e.form.clone(), |f| f.def.ui_title().to_string()),
        ));
    }
    if json {
        let v: Vec<Value> = rows
            .iter()
            .map(|(e, title, unit_name, form_title)| {
                json!({"id": e.id, "unit": e.unit, "unit_name": unit_name, "form": e.form,
                       "form_title": form_title, "status": e.status, "title": title,
                       "updated_at": e.updated_at, "updated_by": e.updated_by.person,
                       "conflicted": !e.conflicts.is_empty(),
                       "review": review_json(&ws.store, e)})
            })
            .collect();
        return out_json(&v);
    }
    if rows.is_empty() {
        out(&i18n::no_entries());
        return Ok(());
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|(e, title, unit_name, form_title)| {
            let mut line = format!(
                "{}  {unit_name}  《{form_title}》  {title}  [{}]  {} {}",
                e.id,
                status_text(e.status),
                time_text(&e.updated_at),
                e.updated_by.person
            );
            if let Some(mark) = review_mark(&ws.store, e) {
                line.push_str(&format!("  {mark}"));
            }
            line
        })
        .collect();
    out(&lines.join("\n"));
    Ok(())
}

fn history_cmd(ws: &Workspace, entry: &Entry, json: bool) -> Result<(), CliError> {
    let steps = history(ws.store.revisions(&entry.id)?);
    if json {
        return out_json(&steps);
    }
    let form = ws.form(&entry.form, entry.form_version).ok();
    let mut lines = Vec::new();
    for step in &steps {
        let mut head = format!("{}  {}", time_text(&step.at), step.author.person);
        if step.created {
            head.push_str(&format!("  {}", i18n::created()));
        }
        if let Some(s) = step.status.filter(|_| !step.created) {
            head.push_str(&format!("  → {}", status_text(s)));
        }
        if let Some(r) = &step.reason {
            head.push_str(&format!("  {}", i18n::reason(r)));
        }
        lines.push(head);
        for c in &step.changes {
            let label = form.map_or(c.path.clone(), |f| {
                crate::form::display::path_label(f, &c.path)
            });
            let is_row = matches!(
                crate::form::path::FieldPath::parse(&c.path),
                Some(crate::form::path::FieldPath::Row { .. })
            );
            if is_row {
                let what = if c.new.is_null() {
                    i18n::row_removed()
                } else {
                    i18n::row_added()
                };
                lines.push(format!("    {label}：{what}"));
                continue;
            }
            let text = |v: &Value| {
                let item = form.and_then(|f| {
                    crate::form::path::FieldPath::parse(&c.path)
                        .and_then(|p| f.item(p.item_id()).cloned())
                });
                match item {
                    Some(i) if !matches!(i.kind, ItemType::Repeat) => value_text(&i, v),
                    _ if v.is_null() => "—".into(),
                    _ => v.to_string(),
                }
            };
            lines.push(format!("    {label}：{} → {}", text(&c.old), text(&c.new)));
        }
    }
    out(&lines.join("\n"));
    Ok(())
}
