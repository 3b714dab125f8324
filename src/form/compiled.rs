//! A checked form: the definition plus an index of its items and their
//! parsed expressions, so nothing is parsed twice.

use std::collections::HashMap;

use super::expr::Expr;
use super::schema::{FormDef, Item};

#[derive(Debug, Clone, Copy)]
struct Loc {
    section: usize,
    item: usize,
    child: Option<usize>,
}

/// The parsed expressions of one item.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemExprs {
    pub relevant: Option<Expr>,
    pub constraint: Option<Expr>,
    pub calc: Option<Expr>,
}

/// A form definition that passed every check, ready to evaluate answers.
#[derive(Debug, Clone)]
pub struct Form {
    pub def: FormDef,
    index: HashMap<String, Loc>,
    exprs: HashMap<String, ItemExprs>,
}

impl Form {
    pub(crate) fn new(def: FormDef, exprs: HashMap<String, ItemExprs>) -> Form {
        let mut index = HashMap::new();
        for (s, section) in def.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                index.insert(
                    item.id.clone(),
                    Loc {
                        section: s,
                        item: i,
                        child: None,
                    },
                );
                for (c, child) in item.children().iter().enumerate() {
                    index.insert(
                        child.id.clone(),
                        Loc {
                            section: s,
                            item: i,
                            child: Some(c),
                        },
                    );
                }
            }
        }
        Form { def, index, exprs }
    }

    /// The form id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// An item by id (repeat children included).
    pub fn item(&self, id: &str) -> Option<&Item> {
        let loc = self.index.get(id)?;
        let top = self.def.sections.get(loc.section)?.items.get(loc.item)?;
        match loc.child {
            None => Some(top),
            Some(c) => top.children().get(c),
        }
    }

    /// The repeat an item belongs to, if it is a repeat child.
    pub fn repeat_of(&self, id: &str) -> Option<&Item> {
        let loc = self.index.get(id)?;
        loc.child?;
        self.def.sections.get(loc.section)?.items.get(loc.item)
    }

    /// The parsed `relevant` expression of an item.
    pub fn relevant(&self, id: &str) -> Option<&Expr> {
        self.exprs.get(id)?.relevant.as_ref()
    }

    /// The parsed `constraint` expression of an item.
    pub fn constraint(&self, id: &str) -> Option<&Expr> {
        self.exprs.get(id)?.constraint.as_ref()
    }

    /// The parsed `expr` of a calc item.
    pub fn calc(&self, id: &str) -> Option<&Expr> {
        self.exprs.get(id)?.calc.as_ref()
    }
}
