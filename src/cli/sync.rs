//! `kaocha keys | export | plan export | import | conflicts`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::args::KeysCmd;
use super::{CliError, err, out, out_json};
use crate::app::workspace::Workspace;
use crate::domain::Entry;
use crate::i18n;
use crate::sync::keys::{self, own_public};
use crate::sync::trust::{revoke_typed, trust_typed, trusted};
use crate::sync::{SyncError, export, import, protect};

impl From<SyncError> for CliError {
    fn from(e: SyncError) -> Self {
        CliError::Message(e.to_string())
    }
}

/// `kaocha keys …`
pub fn keys(ws: &Workspace, cmd: &KeysCmd) -> Result<(), CliError> {
    match cmd {
        KeysCmd::Show => keys_show(ws),
        KeysCmd::List { json } => keys_list(ws, *json),
        KeysCmd::Trust {
            fingerprint,
            label,
            team,
        } => keys_trust(ws, fingerprint, label.as_deref(), team),
        KeysCmd::Revoke { fingerprint } => keys_revoke(ws, fingerprint),
        KeysCmd::Protect => keys_protect(ws),
        KeysCmd::Unprotect => keys_unprotect(ws),
    }
}

/// `kaocha keys show`: needs no passphrase (the public half is kept apart).
pub fn keys_show(ws: &Workspace) -> Result<(), CliError> {
    let public = own_public(ws.store.dir())?;
    out(&i18n::key_line(&keys::fingerprint(&public), &public));
    Ok(())
}

/// `kaocha keys list [--json]`.
pub fn keys_list(ws: &Workspace, as_json: bool) -> Result<(), CliError> {
    let list = trusted(&ws.store)?;
    if as_json {
        return out_json(&list);
    }
    if list.is_empty() {
        out(&i18n::no_trusted_keys());
        return Ok(());
    }
    let lines: Vec<String> = list
        .iter()
        .map(|t| {
            let campaign = t
                .campaign
                .as_deref()
                .and_then(|c| ws.store.campaign(c).ok().flatten());
            let teams: Vec<String> = t
                .teams
                .iter()
                .map(|id| {
                    campaign
                        .as_ref()
                        .and_then(|c| c.team(id))
                        .map_or_else(|| id.clone(), |team| team.name.clone())
                })
                .collect();
            let role = serde_json::to_value(t.role).unwrap_or_default();
            i18n::trusted_line(
                &t.fingerprint,
                role.as_str().unwrap_or_default(),
                &t.label,
                &teams.join("、"),
                t.revoked,
            )
        })
        .collect();
    out(&lines.join("\n"));
    Ok(())
}

/// `kaocha keys trust FINGERPRINT [--label TEXT] [--team TEAM]…`.
pub fn keys_trust(
    ws: &Workspace,
    fingerprint: &str,
    label: Option<&str>,
    teams: &[String],
) -> Result<(), CliError> {
    let t = trust_typed(&ws.store, fingerprint, label, teams)?;
    if t.teams.is_empty() {
        out(&i18n::trusted_now(&t.fingerprint));
    } else {
        let campaign = ws.campaign()?;
        let names: Vec<String> = t
            .teams
            .iter()
            .map(|id| {
                campaign
                    .team(id)
                    .map_or_else(|| id.clone(), |x| x.name.clone())
            })
            .collect();
        out(&i18n::enrolled_now(&t.fingerprint, &names.join("、")));
    }
    Ok(())
}

/// `kaocha keys revoke FINGERPRINT`.
pub fn keys_revoke(ws: &Workspace, fingerprint: &str) -> Result<(), CliError> {
    let t = revoke_typed(&ws.store, fingerprint)?;
    out(&i18n::revoked_now(&t.fingerprint));
    Ok(())
}

/// `kaocha keys protect`: asks for a new passphrase twice (or takes
/// `KAOCHA_PASSPHRASE`).
pub fn keys_protect(ws: &Workspace) -> Result<(), CliError> {
    let dir = ws.store.dir();
    if protect::is_protected(dir) && !protect::has_plain_keys(dir) {
        out(&i18n::keys_nothing_to_protect());
        return Ok(());
    }
    let passphrase = match super::passphrase::from_env() {
        Some(p) => p,
        None => {
            let first = super::passphrase::prompt(&i18n::keys_ask_new_passphrase())
                .ok_or(SyncError::NeedPassphrase)?;
            let again = super::passphrase::prompt(&i18n::keys_ask_again())
                .ok_or(SyncError::NeedPassphrase)?;
            if first != again {
                return Err(CliError::Message(i18n::keys_passphrases_differ()));
            }
            first
        }
    };
    let n = keys::protect_keys(dir, &passphrase)?;
    out(&i18n::keys_protected(n));
    Ok(())
}

/// `kaocha keys unprotect`.
pub fn keys_unprotect(ws: &Workspace) -> Result<(), CliError> {
    if !protect::is_protected(ws.store.dir()) {
        out(&i18n::keys_not_protected());
        return Ok(());
    }
    let n = protect::unprotect(ws.store.dir())?;
    out(&i18n::keys_unprotected(n));
    Ok(())
}

/// `kaocha export -o PATH [--incremental] [--encrypt]`.
pub fn export_results(
    ws: &Workspace,
    path: &Path,
    incremental: bool,
    encrypt: bool,
) -> Result<(), CliError> {
    let e = export::results(&ws.store, &ws.author.person, path, incremental, encrypt)?;
    out(&e.summary());
    Ok(())
}

/// `kaocha plan export --team TEAM -o PATH [--encrypt]`: with `--encrypt`
/// the passphrase comes from `KAOCHA_BUNDLE_PASSPHRASE`, else is asked
/// twice at the terminal.
pub fn export_plan(ws: &Workspace, team: &str, path: &Path, encrypt: bool) -> Result<(), CliError> {
    let passphrase = if encrypt {
        Some(match super::passphrase::bundle_from_env() {
            Some(p) => p,
            None => {
                let first = super::passphrase::prompt(&i18n::sync_ask_new_bundle_passphrase())
                    .ok_or_else(|| CliError::Message(i18n::sync_need_bundle_passphrase()))?;
                let again = super::passphrase::prompt(&i18n::keys_ask_again())
                    .ok_or_else(|| CliError::Message(i18n::sync_need_bundle_passphrase()))?;
                if first != again {
                    return Err(CliError::Message(i18n::keys_passphrases_differ()));
                }
                first
            }
        })
    } else {
        None
    };
    let e = export::plan_protected(
        &ws.store,
        &ws.author.person,
        team,
        path,
        passphrase.as_deref(),
    )?;
    out(&e.summary());
    Ok(())
}

/// `kaocha import FILE... [--trust FP] [--team T] [--switch-team]
/// [--max-size MB] [--dry-run] [--json]`: every file on its own; a refused
/// file changes nothing.
pub fn import_files(
    ws: &Workspace,
    files: &[PathBuf],
    opts: &import::Options,
    as_json: bool,
) -> Result<(), CliError> {
    let mut reports = Vec::new();
    let mut failed = 0;
    for file in files {
        match import::import_file(&ws.store, file, opts) {
            Ok(r) => {
                if !as_json {
                    out(&report_line(&file.display().to_string(), &r));
                }
                reports.push(json!({"file": file, "ok": true, "report": r}));
            }
            Err(e) => {
                failed += 1;
                err(&i18n::error_prefix(&format!("{}: {e}", file.display())));
                reports.push(json!({"file": file, "ok": false, "error": e.to_string()}));
            }
        }
    }
    if as_json {
        out_json(&reports)?;
    }
    if failed > 0 {
        Err(CliError::Silent)
    } else {
        Ok(())
    }
}

fn report_line(file: &str, r: &import::Report) -> String {
    r.lines(file).join("\n")
}

/// `kaocha conflicts [--json]`: conflicted entries and every side of each
/// conflicting field.
pub fn conflicts(ws: &Workspace, as_json: bool) -> Result<(), CliError> {
    let campaign = ws.campaign()?;
    let conflicted: Vec<Entry> = ws
        .store
        .entries(&campaign.id, None)?
        .into_iter()
        .filter(|e| !e.conflicts.is_empty())
        .collect();
    if as_json {
        let v: Vec<_> = conflicted
            .iter()
            .map(|e| json!({"id": e.id, "unit": e.unit, "form": e.form, "conflicts": e.conflicts}))
            .collect();
        return out_json(&v);
    }
    if conflicted.is_empty() {
        out(&i18n::no_conflicts());
        return Ok(());
    }
    let mut lines = Vec::new();
    for e in &conflicted {
        let form = ws.form(&e.form, e.form_version).ok();
        let unit = campaign
            .unit(&e.unit)
            .map_or(e.unit.as_str(), |u| u.name.as_str());
        lines.push(format!(
            "{}  {unit}  《{}》",
            e.id,
            form.map_or(e.form.as_str(), |f| f.def.title.as_str())
        ));
        for (path, sides) in &e.conflicts {
            let label = form.map_or(path.clone(), |f| crate::form::display::path_label(f, path));
            lines.push(format!("  {label} ({path})"));
            for (i, s) in sides.iter().enumerate() {
                lines.push(format!(
                    "    {}. {}  — {} {}",
                    i + 1,
                    s.value,
                    s.author.person,
                    crate::form::display::time_text(&s.at)
                ));
            }
        }
    }
    lines.push(i18n::resolve_hint());
    out(&lines.join("\n"));
    Ok(())
}

/// `kaocha conflicts resolve ENTRY ITEM=ours|theirs|N|VALUE...`.
pub fn resolve(
    ws: &Workspace,
    entry: &str,
    picks: &[String],
    reason: Option<&str>,
) -> Result<(), CliError> {
    let e = ws.find_entry(entry)?;
    let picks = super::entry::pairs(picks)?;
    let after = ws.resolve(&e, &picks, reason)?;
    out(&i18n::resolved(&after.id));
    Ok(())
}
