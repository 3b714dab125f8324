//! `campaign set procedure.FIELD=VALUE`: the 绩效考核 procedure's settings
//! (dates, the 考核预告's materials and contact, the raters, the 社会评价
//! rule, the 公示), each checked as it is set. An empty value clears one.

use crate::domain::{Campaign, CampaignKind, Procedure, SocialRule};
use crate::i18n;

use super::HqError;

/// The settable fields, for messages.
const FIELDS: &str = "selfcheck_due、visit_from、visit_to、materials、contact、raters、\
publicity_from、publicity_to、objections_to、social（social.form、social.item、\
social.indicator、social.weights、social.min_sample、social.bands）";

/// Sets one procedure field of a 绩效考核 campaign.
pub fn set(c: &mut Campaign, field: &str, value: &str) -> Result<(), HqError> {
    if c.kind != CampaignKind::Jx {
        return Err(HqError::Invalid(i18n::hq_procedure_for_jx()));
    }
    let mut p = c.procedure.as_deref().cloned().unwrap_or_default();
    let text = || (!value.is_empty()).then(|| value.to_string());
    let date = || -> Result<Option<String>, HqError> {
        if value.is_empty() {
            return Ok(None);
        }
        if crate::form::validate::is_date(value) {
            Ok(Some(value.to_string()))
        } else {
            Err(HqError::Invalid(i18n::hq_bad_procedure_date(field, value)))
        }
    };
    match field {
        "selfcheck_due" => p.selfcheck_due = date()?,
        "visit_from" => p.visit_from = date()?,
        "visit_to" => p.visit_to = date()?,
        "publicity_from" => p.publicity_from = date()?,
        "publicity_to" => p.publicity_to = date()?,
        "contact" => p.contact = text(),
        "objections_to" => p.objections_to = text(),
        "materials" => p.materials = list(value, &['；', ';', '\n']),
        "raters" => p.raters = list(value, &['；', ';', '，', ',', '、', '\n']),
        "social" if value.is_empty() => p.social = None,
        "social" if matches!(value, "default" | "默认") => p.social = Some(SocialRule::default()),
        f if f.starts_with("social.") => {
            let mut rule = p.social.clone().unwrap_or_default();
            set_social(&mut rule, &f["social.".len()..], value)?;
            p.social = Some(rule);
        }
        _ => {
            return Err(HqError::Invalid(i18n::hq_unknown_procedure(field, FIELDS)));
        }
    }
    for (from, to) in [
        (&p.visit_from, &p.visit_to),
        (&p.publicity_from, &p.publicity_to),
    ] {
        if let (Some(a), Some(b)) = (from, to)
            && a > b
        {
            return Err(HqError::Invalid(i18n::hq_procedure_dates_reversed(a, b)));
        }
    }
    c.procedure = (p != Procedure::default()).then(|| Box::new(p));
    Ok(())
}

/// The non-empty parts of a list, trimmed.
fn list(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(|ch| separators.contains(&ch))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A `name:number` pair list (`satisfied:0.8,basic:0.6`).
fn pairs(field: &str, value: &str) -> Result<Vec<(String, f64)>, HqError> {
    list(value, &['，', ',', '；', ';'])
        .iter()
        .map(|pair| {
            let (name, n) = pair
                .split_once([':', '：', '='])
                .ok_or_else(|| HqError::Invalid(i18n::hq_bad_procedure_value(field, pair)))?;
            let n = n
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| HqError::Invalid(i18n::hq_bad_procedure_value(field, pair)))?;
            Ok((name.trim().to_string(), n))
        })
        .collect()
}

fn set_social(rule: &mut SocialRule, field: &str, value: &str) -> Result<(), HqError> {
    let full = format!("social.{field}");
    let bad = || HqError::Invalid(i18n::hq_bad_procedure_value(&full, value));
    let id = || {
        crate::domain::ids::is_name_id(value)
            .then(|| value.to_string())
            .ok_or_else(bad)
    };
    match field {
        "form" => rule.form = id()?,
        "item" => rule.item = id()?,
        "indicator" => rule.indicator = id()?,
        "min_sample" => rule.min_sample = value.parse::<u32>().map_err(|_| bad())?,
        "weights" => {
            let weights = pairs(&full, value)?;
            if weights.is_empty() || weights.iter().any(|(_, w)| *w > 1.0) {
                return Err(bad());
            }
            rule.weights = weights;
        }
        "bands" => {
            let mut bands: Vec<(f64, f64)> = pairs(&full, value)?
                .into_iter()
                .map(|(at, points)| at.parse::<f64>().map(|at| (at, points)))
                .collect::<Result<_, _>>()
                .map_err(|_| bad())?;
            if bands.iter().any(|(at, _)| !(0.0..=1.0).contains(at)) {
                return Err(bad());
            }
            bands.sort_by(|a, b| b.0.total_cmp(&a.0));
            rule.bands = bands;
        }
        _ => {
            return Err(HqError::Invalid(i18n::hq_unknown_procedure(&full, FIELDS)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jx() -> Campaign {
        Campaign {
            id: "c".into(),
            name: "c".into(),
            kind: CampaignKind::Jx,
            year: None,
            demo: false,
            units: vec![],
            teams: vec![],
            stages: vec![],
            grading: None,
            roster_names: false,
            procedure: None,
        }
    }

    #[test]
    fn fields_are_checked_as_they_are_set() {
        let mut c = jx();
        set(&mut c, "materials", "三定规定；年度工作总结; 自评表").unwrap();
        set(&mut c, "raters", "王评委，李评委、赵评委").unwrap();
        set(&mut c, "visit_from", "2013-11-04").unwrap();
        set(&mut c, "social.bands", "0.8:8, 0.9:10,0.6:5").unwrap();
        set(&mut c, "social.min_sample", "20").unwrap();
        let p = *c.procedure.clone().unwrap();
        assert_eq!(p.materials, ["三定规定", "年度工作总结", "自评表"]);
        assert_eq!(p.raters, ["王评委", "李评委", "赵评委"]);
        let rule = p.social.unwrap();
        assert_eq!(rule.bands, [(0.9, 10.0), (0.8, 8.0), (0.6, 5.0)]);
        assert_eq!((rule.min_sample, rule.item.as_str()), (20, "overall"));
        assert!(
            set(&mut c, "visit_to", "2013-11-01").is_err(),
            "before from"
        );
        assert!(set(&mut c, "visit_to", "11月15日").is_err());
        assert!(set(&mut c, "social.weights", "satisfied:1.5").is_err());
        assert!(set(&mut c, "social.bands", "1.2:10").is_err());
        assert!(set(&mut c, "nonsense", "1").is_err());
        // Clearing every field leaves no procedure at all.
        for f in ["materials", "raters", "visit_from", "social"] {
            set(&mut c, f, "").unwrap();
        }
        assert_eq!(c.procedure, None);
        let mut j = jx();
        j.kind = CampaignKind::Jgbz;
        assert!(set(&mut j, "raters", "王").is_err(), "jx only");
    }
}
