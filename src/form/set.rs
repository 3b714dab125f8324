//! The forms a data folder knows: the built-in forms, then the forms stored
//! from plans, by id and version.

use std::collections::BTreeMap;

use super::{Form, FormDef, FormError, builtin, load_form};

/// Forms by id and version.
#[derive(Debug, Clone, Default)]
pub struct FormSet {
    forms: BTreeMap<(String, u32), Form>,
}

impl FormSet {
    /// The built-in forms, then `stored` (a stored form that no longer loads
    /// is left out; a built-in one that does not is this build's bug).
    pub fn load(stored: Vec<FormDef>) -> Result<FormSet, Vec<FormError>> {
        let mut forms = BTreeMap::new();
        for f in builtin::forms()? {
            forms.insert((f.def.id.clone(), f.def.version), f);
        }
        for def in stored {
            let Ok(text) = serde_json::to_string(&def) else {
                continue;
            };
            if let Ok(f) = load_form(&def.id, &text) {
                forms.insert((f.def.id.clone(), f.def.version), f);
            }
        }
        Ok(FormSet { forms })
    }

    /// A form by id and version.
    pub fn get(&self, id: &str, version: u32) -> Option<&Form> {
        self.forms.get(&(id.to_string(), version))
    }

    /// The newest version of a form.
    pub fn latest(&self, id: &str) -> Option<&Form> {
        self.forms
            .range((id.to_string(), 0)..=(id.to_string(), u32::MAX))
            .next_back()
            .map(|(_, f)| f)
    }

    /// Every form, every version.
    pub fn all(&self) -> impl Iterator<Item = &Form> {
        self.forms.values()
    }

    /// Every form, newest version of each id, by id.
    pub fn newest(&self) -> Vec<&Form> {
        let mut out: BTreeMap<&str, &Form> = BTreeMap::new();
        for ((id, _), f) in &self.forms {
            out.insert(id, f);
        }
        out.into_values().collect()
    }
}
