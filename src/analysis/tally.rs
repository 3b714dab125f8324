//! Questionnaire tallies: per choice item, how many chose each option and
//! what share (one decimal), overall and per respondent category. Anonymous
//! by construction: a tally holds counts only, never entry ids or authors,
//! and no group of fewer than 3 respondents is shown on its own (fewer than
//! 3 questionnaires in all: no counts at all).

use serde::Serialize;
use serde_json::Value;

use crate::domain::{Entry, Status};
use crate::form::{Form, Item, ItemType};
use crate::i18n;

/// Fewest respondents a group needs to be shown separately.
pub const MIN_GROUP: usize = 3;
/// The key of the group that gathers small categories (其他/不分组).
pub const OTHER_GROUP: &str = "_other";
/// The item whose answer is the respondent category.
pub const RESPONDENT_ITEM: &str = "respondent";

/// The tally of one questionnaire form at one unit (or over several).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub form: String,
    pub title: String,
    /// Questionnaires counted.
    pub respondents: usize,
    /// The groups shown separately; empty when results are not broken down.
    pub groups: Vec<Group>,
    pub items: Vec<ItemTally>,
}

/// A respondent group: a category, or `OTHER_GROUP`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    pub respondents: usize,
}

/// One item's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemTally {
    pub item: String,
    pub label: String,
    /// Multiple choice: shares are of respondents and may add up past 100.
    pub multi: bool,
    /// Questionnaires that answered the item.
    pub answered: usize,
    pub options: Vec<OptionCount>,
    /// The same counts per group, in the order of `Tally::groups`.
    pub by_group: Vec<GroupTally>,
}

/// How many chose one option, and their share of those who answered (%).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCount {
    pub value: String,
    pub label: String,
    pub count: usize,
    /// Percent, one decimal (e.g. 45.5).
    pub percent: f64,
}

/// One group's counts of an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTally {
    pub group: String,
    pub answered: usize,
    pub options: Vec<OptionCount>,
}

/// A share as a percentage with one decimal (half away from zero).
pub fn percent(count: usize, of: usize) -> f64 {
    if of == 0 {
        return 0.0;
    }
    (count as f64 * 1000.0 / of as f64).round() / 10.0
}

/// Tallies the (not deleted) entries of `form`.
pub fn tally(form: &Form, entries: &[&Entry]) -> Tally {
    let live: Vec<&Entry> = entries
        .iter()
        .copied()
        .filter(|e| e.status != Status::Deleted)
        .collect();
    if live.len() < MIN_GROUP {
        // Counts of one or two questionnaires would show how a person
        // answered: only how many there are is told.
        return Tally {
            form: form.def.id.clone(),
            title: form.def.title.clone(),
            respondents: live.len(),
            groups: Vec::new(),
            items: Vec::new(),
        };
    }
    let (groups, group_of) = groups(form, &live);
    // Each group's entries, gathered once for every item.
    let members: Vec<Vec<&Entry>> = groups
        .iter()
        .map(|g| {
            live.iter()
                .zip(&group_of)
                .filter(|(_, k)| **k == g.key)
                .map(|(e, _)| *e)
                .collect()
        })
        .collect();
    let items = form
        .def
        .all_items()
        .filter(|i| matches!(i.kind, ItemType::Choice | ItemType::Multi))
        .filter(|i| i.id != RESPONDENT_ITEM && form.repeat_of(&i.id).is_none())
        .map(|item| {
            let (answered, options) = count(item, &live);
            let by_group = groups
                .iter()
                .zip(&members)
                .map(|(g, members)| {
                    let (answered, options) = count(item, members);
                    GroupTally {
                        group: g.key.clone(),
                        answered,
                        options,
                    }
                })
                .collect();
            ItemTally {
                item: item.id.clone(),
                label: item.label.clone(),
                multi: item.kind == ItemType::Multi,
                answered,
                options,
                by_group,
            }
        })
        .collect();
    Tally {
        form: form.def.id.clone(),
        title: form.def.title.clone(),
        respondents: live.len(),
        groups,
        items,
    }
}

/// The groups shown, and each entry's group key. Categories with fewer than
/// `MIN_GROUP` respondents (and entries without a category) go to the
/// "other" group; while that group itself is smaller than `MIN_GROUP`, the
/// smallest shown category joins it, so no group of 1 or 2 can be read off
/// by subtracting the others from the total. One group alone is no breakdown.
fn groups(form: &Form, live: &[&Entry]) -> (Vec<Group>, Vec<String>) {
    let Some(item) = form
        .item(RESPONDENT_ITEM)
        .filter(|i| i.kind == ItemType::Choice)
    else {
        return (Vec::new(), vec![OTHER_GROUP.to_string(); live.len()]);
    };
    let category = |e: &Entry| -> Option<String> {
        let v = e.answers.get(RESPONDENT_ITEM).and_then(Value::as_str)?;
        item.choice_label(v).map(|_| v.to_string())
    };
    let cats: Vec<Option<String>> = live.iter().map(|e| category(e)).collect();
    let mut shown: Vec<Group> = item
        .choices()
        .iter()
        .map(|c| Group {
            key: c.value.clone(),
            label: c.label.clone(),
            respondents: cats
                .iter()
                .filter(|k| k.as_deref() == Some(&c.value))
                .count(),
        })
        .filter(|g| g.respondents >= MIN_GROUP)
        .collect();
    let mut other = live.len() - shown.iter().map(|g| g.respondents).sum::<usize>();
    while (1..MIN_GROUP).contains(&other) && !shown.is_empty() {
        let smallest = shown
            .iter()
            .enumerate()
            .min_by_key(|(i, g)| (g.respondents, usize::MAX - i))
            .map(|(i, _)| i)
            .unwrap_or(0);
        other += shown.remove(smallest).respondents;
    }
    let mut groups = shown;
    if other > 0 {
        groups.push(Group {
            key: OTHER_GROUP.to_string(),
            label: i18n::a_group_other(),
            respondents: other,
        });
    }
    if groups.len() < 2 {
        groups.clear();
    }
    let keys = cats
        .into_iter()
        .map(|k| match k {
            Some(k) if groups.iter().any(|g| g.key == k) => k,
            _ => OTHER_GROUP.to_string(),
        })
        .collect();
    (groups, keys)
}

/// How many of `entries` answered `item`, and the count of each option.
fn count(item: &Item, entries: &[&Entry]) -> (usize, Vec<OptionCount>) {
    let mut answered = 0;
    let mut counts = vec![0usize; item.choices().len()];
    for e in entries {
        let chosen: Vec<&str> = match e.answers.get(&item.id) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(vs)) => vs.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        let mut any = false;
        for (i, c) in item.choices().iter().enumerate() {
            if chosen.contains(&c.value.as_str()) {
                if let Some(n) = counts.get_mut(i) {
                    *n += 1;
                }
                any = true;
            }
        }
        if any {
            answered += 1;
        }
    }
    let options = item
        .choices()
        .iter()
        .zip(counts)
        .map(|(c, count)| OptionCount {
            value: c.value.clone(),
            label: c.label.clone(),
            count,
            percent: percent(count, answered),
        })
        .collect();
    (answered, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(1, 8), 12.5);
        assert_eq!(percent(5, 11), 45.5);
        assert_eq!(percent(0, 0), 0.0);
    }
}
