//! `kaocha forms list | check | show`.

use std::path::Path;

use super::{CliError, out, out_json};
use crate::app::workspace::Workspace;
use crate::form::display;
use crate::form::{self, ItemType};
use crate::i18n;

/// `kaocha forms list [--json]`.
pub fn list(ws: &Workspace, json: bool) -> Result<(), CliError> {
    let forms = ws.forms();
    if json {
        let rows: Vec<_> = forms
            .iter()
            .map(|f| {
                serde_json::json!({
                    "id": f.def.id, "version": f.def.version, "title": f.def.title,
                    "kind": f.def.kind, "per_unit": f.def.per_unit, "anonymous": f.def.anonymous,
                    "items": f.def.all_items().count(),
                })
            })
            .collect();
        return out_json(&rows);
    }
    let lines: Vec<String> = forms
        .iter()
        .map(|f| {
            i18n::form_line(
                &f.def.id,
                f.def.version,
                f.def.ui_title(),
                f.def.all_items().count(),
            )
        })
        .collect();
    out(&lines.join("\n"));
    Ok(())
}

/// `kaocha forms check [DIR]`: every file, its form or its problems.
pub fn check(dir: Option<&Path>) -> Result<(), CliError> {
    let results: Vec<(String, form::FormResult)> = match dir {
        Some(d) => form::check_dir(d).map_err(|e| {
            CliError::Message(i18n::cannot_read_dir(
                &d.display().to_string(),
                &e.to_string(),
            ))
        })?,
        None => form::builtin::SOURCES
            .iter()
            .map(|(name, text)| (name.to_string(), form::load_form(name, text)))
            .collect(),
    };
    if results.is_empty() {
        return Err(CliError::Message(i18n::no_form_files()));
    }
    let mut lines = Vec::new();
    let mut bad = 0;
    for (name, result) in &results {
        match result {
            Ok(f) => lines.push(format!(
                "✓ {name}: {}@{} {}",
                f.def.id, f.def.version, f.def.title
            )),
            Err(errors) => {
                bad += 1;
                lines.push(format!("✗ {name}"));
                lines.extend(errors.iter().map(|e| format!("  {e}")));
            }
        }
    }
    lines.push(i18n::forms_checked(results.len(), bad));
    out(&lines.join("\n"));
    if bad > 0 {
        Err(CliError::Silent)
    } else {
        Ok(())
    }
}

/// `kaocha forms show ID [--json]`.
pub fn show(ws: &Workspace, id: &str, json: bool) -> Result<(), CliError> {
    let form = ws.latest_form(id)?;
    if json {
        return out_json(&form.def);
    }
    let mut lines = vec![format!(
        "《{}》 {}@{}",
        form.def.ui_title(),
        form.def.id,
        form.def.version
    )];
    if let Some(d) = form.def.ui_description() {
        lines.push(d.to_string());
    }
    for section in &form.def.sections {
        lines.push(format!("— {} —", section.ui_title()));
        for item in &section.items {
            lines.push(format!("  {}", display::item_summary(item)));
            if item.kind == ItemType::Repeat {
                lines.extend(
                    item.children()
                        .iter()
                        .map(|c| format!("      {}", display::item_summary(c))),
                );
            }
        }
    }
    out(&lines.join("\n"));
    Ok(())
}
