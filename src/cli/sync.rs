//! `kaocha keys | export | plan export | import | conflicts`.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::{CliError, out, out_json};
use crate::domain::Entry;
use crate::i18n;
use crate::sync::keys::{self, DeviceKey, normalize_fingerprint, trust_of, trust_record};
use crate::sync::{SyncError, export, import};
use crate::workspace::Workspace;

impl From<SyncError> for CliError {
    fn from(e: SyncError) -> Self {
        CliError::Message(e.to_string())
    }
}

/// `kaocha keys show`.
pub fn keys_show(ws: &Workspace) -> Result<(), CliError> {
    let key = DeviceKey::load_or_create(ws.store.dir())?;
    out(&i18n::key_line(&key.fingerprint(), &key.public()));
    Ok(())
}

/// `kaocha keys list [--json]`.
pub fn keys_list(ws: &Workspace, as_json: bool) -> Result<(), CliError> {
    let list = keys::trusted(&ws.store)?;
    if as_json {
        return out_json(&list);
    }
    if list.is_empty() {
        out(&i18n::no_trusted_keys());
        return Ok(());
    }
    let lines: Vec<String> = list
        .iter()
        .map(|t| i18n::trusted_line(&t.fingerprint, &t.role, &t.label, t.revoked))
        .collect();
    out(&lines.join("\n"));
    Ok(())
}

/// `kaocha keys trust FINGERPRINT [--label TEXT]`.
pub fn keys_trust(ws: &Workspace, fingerprint: &str, label: Option<&str>) -> Result<(), CliError> {
    let fp = keys::trust_fingerprint(&ws.store, fingerprint, label)?;
    out(&i18n::trusted_now(&fp));
    Ok(())
}

/// `kaocha keys revoke FINGERPRINT`.
pub fn keys_revoke(ws: &Workspace, fingerprint: &str) -> Result<(), CliError> {
    let fp = normalize_fingerprint(fingerprint);
    let Some(mut t) = trust_of(&ws.store, &fp)? else {
        return Err(CliError::Message(i18n::unknown_fingerprint(&fp)));
    };
    t.revoked = true;
    ws.store.commit(&[trust_record(&t)])?;
    out(&i18n::revoked_now(&fp));
    Ok(())
}

/// `kaocha export -o PATH [--incremental] [--encrypt]`.
pub fn export_results(
    ws: &Workspace,
    path: &Path,
    incremental: bool,
    encrypt: bool,
) -> Result<(), CliError> {
    let e = export::results(ws, path, incremental, encrypt)?;
    out(&e.summary());
    Ok(())
}

/// `kaocha plan export --team TEAM -o PATH`.
pub fn export_plan(ws: &Workspace, team: &str, path: &Path) -> Result<(), CliError> {
    let e = export::plan(ws, team, path)?;
    out(&e.summary());
    Ok(())
}

/// `kaocha import FILE... [--trust FP] [--dry-run] [--json]`: every file on
/// its own; a refused file changes nothing.
pub fn import_files(
    ws: &Workspace,
    files: &[PathBuf],
    trust: &[String],
    dry_run: bool,
    as_json: bool,
) -> Result<(), CliError> {
    let opts = import::Options {
        trust: trust.to_vec(),
        dry_run,
    };
    let mut reports = Vec::new();
    let mut failed = 0;
    for file in files {
        let result = std::fs::read(file)
            .map_err(|e| {
                CliError::Message(i18n::sync_io(&file.display().to_string(), &e.to_string()))
            })
            .and_then(|bytes| import::import(ws, &bytes, &opts).map_err(CliError::from));
        match result {
            Ok(r) => {
                if !as_json {
                    out(&report_line(&file.display().to_string(), &r));
                }
                reports.push(json!({"file": file, "ok": true, "report": r}));
            }
            Err(e) => {
                failed += 1;
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    format!(
                        "{}\n",
                        i18n::error_prefix(&format!("{}: {e}", file.display()))
                    )
                    .as_bytes(),
                );
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
            let label = form.map_or(path.clone(), |f| crate::edit::path_label(f, path));
            lines.push(format!("  {label} ({path})"));
            for (i, s) in sides.iter().enumerate() {
                lines.push(format!(
                    "    {}. {}  — {} {}",
                    i + 1,
                    s.value,
                    s.author.person,
                    crate::present::time_text(&s.at)
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
