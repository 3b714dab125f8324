//! The forms a data folder knows: the built-in forms, then the forms stored
//! from plans, by id and version.

use std::collections::BTreeMap;

use super::{Form, FormDef, FormError, builtin, load_form};

/// Forms by id, then version (looked up by a borrowed id: an import looks
/// up a form for each revision).
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    forms: BTreeMap<String, BTreeMap<u32, Form>>,
}

impl FormSet {
    /// The built-in forms, then `stored` (a stored form that no longer loads
    /// is left out; a built-in one that does not is this build's bug).
    pub fn load(stored: Vec<FormDef>) -> Result<FormSet, Vec<FormError>> {
        let mut forms: BTreeMap<String, BTreeMap<u32, Form>> = BTreeMap::new();
        for f in builtin::forms()? {
            forms
                .entry(f.def.id.clone())
                .or_default()
                .insert(f.def.version, f);
        }
        for def in stored {
            let Ok(text) = serde_json::to_string(&def) else {
                continue;
            };
            if let Ok(f) = load_form(&def.id, &text) {
                forms
                    .entry(f.def.id.clone())
                    .or_default()
                    .insert(f.def.version, f);
            }
        }
        Ok(FormSet { forms })
    }

    /// A form by id and version.
    pub fn get(&self, id: &str, version: u32) -> Option<&Form> {
        self.forms.get(id)?.get(&version)
    }

    /// The newest version of a form.
    pub fn latest(&self, id: &str) -> Option<&Form> {
        self.forms.get(id)?.values().next_back()
    }

    /// Every form, every version.
    pub fn all(&self) -> impl Iterator<Item = &Form> {
        self.forms.values().flat_map(BTreeMap::values)
    }

    /// Every form, newest version of each id, by id.
    pub fn newest(&self) -> Vec<&Form> {
        self.forms
            .values()
            .filter_map(|versions| versions.values().next_back())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_second_version_is_the_latest_and_the_first_stays() {
        let first = builtin::forms().unwrap().remove(0);
        let id = first.def.id.clone();
        let mut second = first.def.clone();
        second.version = first.def.version + 1;
        let set = FormSet::load(vec![second]).unwrap();
        let version = |f: Option<&Form>| f.map(|f| f.def.version);
        assert_eq!(version(set.latest(&id)), Some(first.def.version + 1));
        assert_eq!(
            version(set.get(&id, first.def.version)),
            Some(first.def.version)
        );
        assert_eq!(version(set.get(&id, first.def.version + 2)), None);
        assert_eq!(version(set.get("no-such-form", first.def.version)), None);
        let newest: Vec<(&str, u32)> = set
            .newest()
            .iter()
            .map(|f| (f.def.id.as_str(), f.def.version))
            .collect();
        assert!(newest.contains(&(id.as_str(), first.def.version + 1)));
        assert!(!newest.contains(&(id.as_str(), first.def.version)));
        let all: Vec<u32> = set
            .all()
            .filter(|f| f.def.id == id)
            .map(|f| f.def.version)
            .collect();
        assert_eq!(all, [first.def.version, first.def.version + 1]);
    }
}
