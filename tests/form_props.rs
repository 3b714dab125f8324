//! Property tests of the form engine on bad input: mutated form files and
//! random `item=value` edits never panic; whatever is accepted is valid.

use std::collections::BTreeMap;

use kaocha::domain::Baseline;
use kaocha::form::path::FieldPath;
use kaocha::form::plan::{Fresh, plan_changes};
use kaocha::form::validate::check_value;
use kaocha::form::{builtin, load_form};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Insert(usize, char),
    Truncate(usize),
    Swap(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (
            any::<usize>(),
            prop::sample::select(vec![
                '"', '{', '}', '[', ']', ',', ':', '0', 'x', '中', '\\', '(', '.'
            ])
        )
            .prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

fn mutate(text: &str, muts: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in muts {
        let n = chars.len().max(1);
        match *m {
            Mutation::Delete(i) if !chars.is_empty() => {
                chars.remove(i % n);
            }
            Mutation::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Mutation::Truncate(i) => chars.truncate(i % n),
            Mutation::Swap(a, b) if !chars.is_empty() => chars.swap(a % n, b % n),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A damaged form file is refused with located errors, or (when the
    /// damage happens to keep it valid) loads into a form that saves and
    /// loads again identically.
    #[test]
    fn mutated_form_files_are_refused_or_valid(which in 0..builtin::SOURCES.len(), muts in prop::collection::vec(mutation(), 1..4)) {
        let (name, text) = builtin::SOURCES[which];
        let broken = mutate(text, &muts);
        match load_form(name, &broken) {
            Ok(form) => {
                let again = serde_json::to_string(&form.def).unwrap();
                let reloaded = load_form(name, &again).unwrap();
                prop_assert_eq!(reloaded.def, form.def);
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                let lines = broken.lines().count().max(1);
                for e in &errors {
                    prop_assert_eq!(&e.file, name);
                    prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e}");
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }
    }

    /// Random edits of the registration form: refused, or every value that
    /// was written fits its item.
    #[test]
    fn random_edits_are_refused_or_valid(
        sets in prop::collection::vec((prop::sample::select(vec![
            "admin_actual", "level", "funding", "fill_date", "over_level", "bodies[+].body_name",
            "bodies[+].body_actual", "bodies[1].body_approved", "bodies[2]", "admin_over", "nosuch", "bodies", "lent_out",
        ]), "\\PC{0,8}"), 1..6)
    ) {
        let forms = builtin::forms().unwrap();
        let form = forms.iter().find(|f| f.id() == "jgbz.registration").unwrap();
        let baseline = Baseline { admin_quota: Some(10), ..Baseline::default() };
        let before = BTreeMap::new();
        let mut working = BTreeMap::new();
        let sets: Vec<(String, String)> = sets.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        // Pure: the new row's id and the time come from `fresh`.
        let fresh = Fresh { today: "2013-11-26".into(), time: "10:32".into(), row_id: "rfresh0001".into(), ..Fresh::default() };
        if let Ok(changes) = plan_changes(form, &fresh, &baseline, &before, &mut working, &sets) {
            for (path, value) in &changes {
                let parsed = FieldPath::parse(path);
                prop_assert!(parsed.is_some(), "bad path {path}");
                if let Some(FieldPath::Row { row, .. }) = &parsed {
                    prop_assert!(value.is_number());
                    prop_assert_eq!(row.as_str(), "rfresh0001", "a new row takes the fresh id");
                    continue;
                }
                let item = form.item(parsed.as_ref().unwrap().item_id()).unwrap();
                prop_assert!(item.is_input());
                prop_assert!(check_value(item, value).is_ok(), "{path} = {value}");
            }
        }
    }
}
