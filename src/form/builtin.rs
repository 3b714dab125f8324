//! The built-in sample forms, embedded in the binary so kaocha works from any
//! folder. They are the files in `forms/`, checked like any other form.

use super::compiled::Form;
use super::load::{FormError, load_form};

/// File name and text of every built-in form.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "forms/jgbz.registration.json",
        include_str!("../../forms/jgbz.registration.json"),
    ),
    (
        "forms/jgbz.interview.json",
        include_str!("../../forms/jgbz.interview.json"),
    ),
    (
        "forms/jgbz.symposium.json",
        include_str!("../../forms/jgbz.symposium.json"),
    ),
    (
        "forms/jgbz.questionnaire.json",
        include_str!("../../forms/jgbz.questionnaire.json"),
    ),
    (
        "forms/inspection.json",
        include_str!("../../forms/inspection.json"),
    ),
    (
        "forms/findings.json",
        include_str!("../../forms/findings.json"),
    ),
    (
        "forms/jx.scoring.json",
        include_str!("../../forms/jx.scoring.json"),
    ),
    (
        "forms/jx.review.json",
        include_str!("../../forms/jx.review.json"),
    ),
    (
        "forms/jx.questionnaire.json",
        include_str!("../../forms/jx.questionnaire.json"),
    ),
    (
        "forms/jx.selfcheck.json",
        include_str!("../../forms/jx.selfcheck.json"),
    ),
];

/// Loads every built-in form; an error here is a bug in `forms/`, caught by
/// the test suite.
pub fn forms() -> Result<Vec<Form>, Vec<FormError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in SOURCES {
        match load_form(name, text) {
            Ok(f) => out.push(f),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_form_loads_and_is_marked_as_sample() {
        let forms = forms().unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(forms.len(), SOURCES.len());
        for f in &forms {
            let d = f.def.description.as_deref().unwrap_or("");
            assert!(d.starts_with("示例表单"), "{}: {d}", f.id());
        }
        let ids: Vec<_> = forms.iter().map(|f| f.id()).collect();
        for id in [
            "jgbz.registration",
            "jgbz.interview",
            "jgbz.symposium",
            "jgbz.questionnaire",
            "inspection",
            "findings",
            "jx.scoring",
            "jx.review",
            "jx.questionnaire",
            "jx.selfcheck",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
    }
}
