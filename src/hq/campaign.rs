//! Setting up a campaign at HQ: `campaign new` (default stages for its
//! kind, made current), `campaign set KEY=VALUE…` and `campaign import
//! FILE.json`. Every change is checked completely before one commit.

use serde_json::{Value, json};

use super::HqError;
use super::{current, latest_form};
use crate::domain::{Campaign, CampaignKind, Grading, Stage};
use crate::i18n;
use crate::store::Change;
use crate::store::Store;

/// Short stage titles of the built-in forms (else the form's title).
const STAGE_TITLES: &[(&str, &str)] = &[
    ("jgbz.registration", "调查登记表"),
    ("jgbz.interview", "个别访谈"),
    ("jgbz.symposium", "座谈会"),
    ("jgbz.questionnaire", "调查问卷"),
    ("inspection", "实地考察"),
    ("findings", "问题清单"),
    ("jx.scoring", "绩效评分"),
    ("jx.review", "专业评审"),
    ("jx.questionnaire", "社会评价问卷"),
];

/// The default stages of a campaign kind (the demo's for 机构编制评估).
pub fn default_stages(kind: CampaignKind) -> Vec<(&'static str, u32)> {
    match kind {
        CampaignKind::Jgbz => vec![
            ("jgbz.registration", 1),
            ("jgbz.interview", 3),
            ("jgbz.symposium", 1),
            ("jgbz.questionnaire", 10),
            ("inspection", 1),
            ("findings", 0),
        ],
        CampaignKind::Jx => vec![
            ("jx.scoring", 1),
            ("jx.review", 0),
            ("inspection", 1),
            ("jx.questionnaire", 0),
            ("findings", 0),
        ],
    }
}

fn stage_title(store: &Store, form: &str) -> Result<String, HqError> {
    if let Some((_, t)) = STAGE_TITLES.iter().find(|(f, _)| *f == form) {
        return Ok((*t).to_string());
    }
    Ok(latest_form(store, form)?.def.title.clone())
}

fn stage(store: &Store, form: &str, min: u32) -> Result<Stage, HqError> {
    Ok(Stage {
        form: form.to_string(),
        title: stage_title(store, form)?,
        min,
    })
}

/// Reads a campaign kind: jgbz / jx (or 机构编制评估 / 绩效考核).
pub fn parse_kind(text: &str) -> Result<CampaignKind, HqError> {
    match text.trim().to_lowercase().as_str() {
        "jgbz" | "机构编制评估" | "评估" => Ok(CampaignKind::Jgbz),
        "jx" | "绩效考核" | "绩效" | "事业单位绩效考核" => Ok(CampaignKind::Jx),
        _ => Err(HqError::Invalid(i18n::hq_bad_kind(text))),
    }
}

/// `campaign new`: a new campaign with the default stages of its kind,
/// made the current one.
pub fn create(
    store: &Store,
    name: &str,
    kind: CampaignKind,
    year: Option<i32>,
) -> Result<Campaign, HqError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(HqError::Invalid(i18n::hq_empty_name()));
    }
    if let Some(y) = year {
        check_year(y)?;
    }
    if let Some(other) = store.campaigns()?.iter().find(|c| c.name == name) {
        return Err(HqError::Invalid(i18n::hq_campaign_exists(name, &other.id)));
    }
    let stages = default_stages(kind)
        .into_iter()
        .map(|(f, min)| stage(store, f, min))
        .collect::<Result<Vec<_>, _>>()?;
    let mut value = json!({
        "id": uuid::Uuid::now_v7().to_string(),
        "name": name,
        "kind": kind,
        "stages": stages,
    });
    if let Some(y) = year {
        value["year"] = json!(y);
    }
    if kind == CampaignKind::Jx {
        value["grading"] = serde_json::to_value(Grading::default()).map_err(bad_json)?;
    }
    let campaign: Campaign = serde_json::from_value(value).map_err(bad_json)?;
    store.commit(&[
        super::campaign_record(campaign.clone()),
        Change::current_campaign(&campaign.id),
        Change::hq_role(&campaign.id),
    ])?;
    Ok(campaign)
}

fn bad_json(e: serde_json::Error) -> HqError {
    HqError::Invalid(i18n::hq_bad_campaign_json(&e.to_string()))
}

fn check_year(y: i32) -> Result<(), HqError> {
    if (1949..=2200).contains(&y) {
        Ok(())
    } else {
        Err(HqError::Invalid(i18n::hq_bad_year(&y.to_string())))
    }
}

/// `campaign use ID|NAME`: makes another campaign of the folder current.
pub fn make_current(store: &Store, key: &str) -> Result<Campaign, HqError> {
    let all = store.campaigns()?;
    let found = all
        .iter()
        .find(|c| c.id == key)
        .or_else(|| all.iter().find(|c| c.name == key))
        .cloned()
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(|c| c.id.clone()).collect();
            HqError::Invalid(i18n::hq_no_such_campaign(
                &crate::domain::ids::clean_label(key),
                &names.join("、"),
            ))
        })?;
    store.commit(&[Change::current_campaign(&found.id)])?;
    Ok(found)
}

/// Makes the campaign after the current one (by id, round) current; the
/// current one when the folder has no other.
pub fn next_campaign(store: &Store) -> Result<Campaign, HqError> {
    let mut all = store.campaigns()?;
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let current = store.current_campaign()?.map(|c| c.id.clone());
    let at = all
        .iter()
        .position(|c| Some(&c.id) == current.as_ref())
        .map_or(0, |i| (i + 1) % all.len().max(1));
    let next = all.get(at).cloned().ok_or(HqError::NoCampaign)?;
    if current.as_deref() != Some(next.id.as_str()) {
        store.commit(&[Change::current_campaign(&next.id)])?;
    }
    Ok(next)
}

/// `campaign set KEY=VALUE…`: `name`, `year`, `stage.FORM` (minimum count;
/// empty removes the stage) and, for 绩效考核, `grading.FIELD`. All or
/// nothing.
pub fn set(store: &Store, pairs: &[(String, String)]) -> Result<Campaign, HqError> {
    let before = current(store)?;
    let mut c = before.clone();
    for (key, raw) in pairs {
        let value = raw.trim();
        match key.as_str() {
            "name" => {
                if value.is_empty() {
                    return Err(HqError::Invalid(i18n::hq_empty_name()));
                }
                c.name = value.to_string();
            }
            "year" if value.is_empty() => c.year = None,
            "year" => {
                let y = value
                    .parse::<i32>()
                    .map_err(|_| HqError::Invalid(i18n::hq_bad_year(value)))?;
                check_year(y)?;
                c.year = Some(y);
            }
            "roster_names" => {
                c.roster_names = match value {
                    "true" | "yes" | "是" | "1" => true,
                    "false" | "no" | "否" | "0" => false,
                    _ => return Err(HqError::Invalid(i18n::hq_bad_roster_names(value))),
                }
            }
            k if k.starts_with("stage.") => set_stage(store, &mut c, &k["stage.".len()..], value)?,
            k if k.starts_with("grading.") => c = set_grading(&c, &k["grading.".len()..], value)?,
            k if k.starts_with("procedure.") => {
                super::procedure::set(&mut c, &k["procedure.".len()..], value)?
            }
            other => return Err(HqError::Invalid(i18n::hq_unknown_key(other))),
        }
    }
    validate(store, &c)?;
    if c != before {
        store.commit(&[super::campaign_record(c.clone())])?;
    }
    Ok(c)
}

fn set_stage(store: &Store, c: &mut Campaign, form: &str, value: &str) -> Result<(), HqError> {
    if value.is_empty() {
        let n = c.stages.len();
        c.stages.retain(|s| s.form != form);
        if c.stages.len() == n {
            return Err(HqError::Invalid(i18n::hq_no_stage(form)));
        }
        return Ok(());
    }
    let min = value
        .parse::<u32>()
        .map_err(|_| HqError::Invalid(i18n::hq_bad_min(form, value)))?;
    match c.stages.iter_mut().find(|s| s.form == form) {
        Some(s) => s.min = min,
        None => {
            if latest_form(store, form).is_err() {
                return Err(HqError::Invalid(i18n::hq_unknown_stage_form(form)));
            }
            c.stages.push(stage(store, form, min)?);
        }
    }
    Ok(())
}

/// Sets one grading field through the campaign's JSON, so every field of
/// `Grading` is settable by its name.
fn set_grading(c: &Campaign, field: &str, value: &str) -> Result<Campaign, HqError> {
    if c.kind != CampaignKind::Jx {
        return Err(HqError::Invalid(i18n::hq_grading_for_jx()));
    }
    let mut v = serde_json::to_value(c).map_err(bad_json)?;
    let grading = serde_json::to_value(c.grading.clone().unwrap_or_default()).map_err(bad_json)?;
    let Value::Object(mut fields) = grading else {
        return Err(HqError::Invalid(i18n::hq_unknown_key(&format!(
            "grading.{field}"
        ))));
    };
    // Optional settings are not in the JSON until set.
    const OPTIONAL: [&str; 5] = ["fail_line", "a_quota", "b_quota", "review_trim", "self_gap"];
    let known = fields.contains_key(field) || OPTIONAL.contains(&field);
    if !known {
        let mut names: Vec<String> = fields.keys().cloned().collect();
        for o in OPTIONAL {
            if !names.iter().any(|n| n == o) {
                names.push(o.into());
            }
        }
        return Err(HqError::Invalid(i18n::hq_unknown_grading(
            field,
            &names.join("、"),
        )));
    }
    let number = if value.is_empty() {
        Value::Null
    } else {
        let n = value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| HqError::Invalid(i18n::hq_bad_grading_value(field, value)))?;
        json!(n)
    };
    fields.insert(field.to_string(), number);
    v["grading"] = Value::Object(fields);
    serde_json::from_value(v)
        .map_err(|_| HqError::Invalid(i18n::hq_bad_grading_value(field, value)))
}

/// The checks every campaign passes before it is stored: a name, known and
/// distinct stage forms, and sane grade lines.
pub fn validate(store: &Store, c: &Campaign) -> Result<(), HqError> {
    if c.name.trim().is_empty() {
        return Err(HqError::Invalid(i18n::hq_empty_name()));
    }
    if let Some(y) = c.year {
        check_year(y)?;
    }
    for (i, s) in c.stages.iter().enumerate() {
        if latest_form(store, &s.form).is_err() {
            return Err(HqError::Invalid(i18n::hq_unknown_stage_form(&s.form)));
        }
        if c.stages[..i].iter().any(|o| o.form == s.form) {
            return Err(HqError::Invalid(i18n::hq_duplicate_stage(&s.form)));
        }
    }
    if let Some(g) = &c.grading {
        let fail = g.fail_line.unwrap_or(0.0);
        let ordered = fail >= 0.0 && fail < g.b_line && g.b_line < g.a_line && g.a_line <= 100.0;
        if !ordered {
            return Err(HqError::Invalid(i18n::hq_bad_lines(
                g.a_line, g.b_line, fail,
            )));
        }
        if !(0.0..=100.0).contains(&g.bonus_cap) {
            return Err(HqError::Invalid(i18n::hq_bad_bonus_cap(g.bonus_cap)));
        }
        if let Some(t) = g.review_trim
            && !(t.fract() == 0.0 && (0.0..=3.0).contains(&t))
        {
            return Err(HqError::Invalid(i18n::hq_bad_trim(t)));
        }
        if let Some(gap) = g.self_gap
            && !(gap > 0.0 && gap <= 1.0)
        {
            return Err(HqError::Invalid(i18n::sc_bad_gap(gap)));
        }
        for q in [g.a_quota, g.b_quota].into_iter().flatten() {
            if !(q > 0.0 && q <= 1.0) {
                return Err(HqError::Invalid(i18n::hq_bad_quota(q)));
            }
        }
    }
    Ok(())
}

/// `campaign import FILE.json`: replaces the current campaign's name, year,
/// stages and grading with the file's (a campaign in its JSON shape, as
/// `campaign show --json` prints it). Its units and teams are not taken:
/// they come from `units import` and `teams add`. Returns the campaign and
/// whether the file listed units or teams that were left out.
pub fn import_json(store: &Store, text: &str) -> Result<(Campaign, bool), HqError> {
    let before = current(store)?;
    let mut v: Value = serde_json::from_str(text).map_err(bad_json)?;
    let Some(obj) = v.as_object_mut() else {
        return Err(HqError::Invalid(i18n::hq_bad_campaign_json(
            &i18n::hq_not_object(),
        )));
    };
    let listed = ["units", "teams"].iter().any(|k| {
        obj.get(*k)
            .is_some_and(|x| x.as_array().is_some_and(|a| !a.is_empty()))
    });
    obj.insert("id".into(), Value::from(before.id.clone()));
    obj.entry("kind")
        .or_insert_with(|| serde_json::to_value(before.kind).unwrap_or(Value::Null));
    obj.entry("name")
        .or_insert_with(|| Value::from(before.name.clone()));
    obj.remove("units");
    obj.remove("teams");
    if let Some(stages) = obj.get_mut("stages").and_then(Value::as_array_mut) {
        for s in stages.iter_mut() {
            if let Some(s) = s.as_object_mut()
                && !s.contains_key("title")
                && let Some(form) = s.get("form").and_then(Value::as_str)
            {
                let title = stage_title(store, form).unwrap_or_else(|_| form.to_string());
                s.insert("title".into(), Value::from(title));
            }
        }
    }
    let file: Campaign = serde_json::from_value(v).map_err(bad_json)?;
    if file.kind != before.kind {
        return Err(HqError::Invalid(i18n::hq_kind_differs()));
    }
    let mut after = file;
    after.units = before.units.clone();
    after.teams = before.teams.clone();
    after.demo = before.demo;
    validate(store, &after)?;
    if after != before {
        store.commit(&[super::campaign_record(after.clone())])?;
    }
    Ok((after, listed))
}
