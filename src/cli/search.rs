//! `kaocha search TEXT`: the search of the screens (F3) on the command
//! line. One line per hit: the entry's id (the unit's id for a unit hit),
//! then unit · form · entry · item and the excerpt with the match in 【】,
//! so `kaocha entry show ID` opens what was found.

use serde::Serialize;

use super::{CliError, out, out_json};
use crate::analysis::search::{Found, MAX_HITS, Place};
use crate::app::workspace::Workspace;
use crate::i18n;

#[derive(Debug, Serialize)]
struct HitJson<'a> {
    unit: &'a str,
    unit_name: &'a str,
    /// The entry's id; absent for a unit hit.
    entry: Option<&'a str>,
    path: Option<&'a str>,
    form: &'a str,
    entry_title: &'a str,
    label: &'a str,
    before: &'a str,
    found: &'a str,
    after: &'a str,
}

#[derive(Debug, Serialize)]
struct FoundJson<'a> {
    hits: Vec<HitJson<'a>>,
    /// More than the hits listed were found.
    more: bool,
}

/// `kaocha search TEXT… [--json]`.
pub fn search(ws: &Workspace, words: &[String], json: bool) -> Result<(), CliError> {
    let query = words.join(" ");
    let found: Found = ws.search(&query, MAX_HITS)?;
    if json {
        let hits = found
            .hits
            .iter()
            .map(|h| {
                let (entry, path) = match &h.place {
                    Place::Answer { entry, path } => (Some(entry.as_str()), Some(path.as_str())),
                    Place::Unit => (None, None),
                };
                HitJson {
                    unit: &h.unit,
                    unit_name: &h.unit_name,
                    entry,
                    path,
                    form: &h.form,
                    entry_title: &h.entry_title,
                    label: &h.label,
                    before: &h.excerpt.before,
                    found: &h.excerpt.found,
                    after: &h.excerpt.after,
                }
            })
            .collect();
        return out_json(&FoundJson {
            hits,
            more: found.more,
        });
    }
    if found.hits.is_empty() {
        out(&i18n::cli_search_none(query.trim()));
        return Ok(());
    }
    for h in &found.hits {
        let id = match &h.place {
            Place::Answer { entry, .. } => entry.as_str(),
            Place::Unit => h.unit.as_str(),
        };
        let mut place = vec![h.unit_name.as_str()];
        for p in [&h.form, &h.entry_title] {
            if !p.is_empty() && !place.contains(&p.as_str()) {
                place.push(p);
            }
        }
        place.push(&h.label);
        let e = &h.excerpt;
        out(&format!(
            "{id}  {}：{}【{}】{}",
            place.join(" · "),
            e.before,
            e.found,
            e.after
        ));
    }
    if found.more {
        out(&i18n::cli_search_capped(MAX_HITS));
    }
    Ok(())
}
