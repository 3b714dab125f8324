//! Analysis: automatic findings from rules (`rules`, `findings`), the
//! rules that cannot be decided for want of a figure (`gaps`),
//! questionnaire tallies (`tally`), scores and grades (`score`), digests of
//! interviews and symposia (`digest`), a unit's 自查自评 against its score
//! (`selfcheck`), the campaign summary (`summary`) and text search over
//! units and answers (`search`).
//! Pure functions over domain data: the caller passes a unit, its entries
//! and a way to find forms; nothing here reads the store or writes files.

mod check;
pub mod digest;
mod env;
mod findings;
pub mod gaps;
pub mod publicity;
pub mod quota;
pub mod rectify;
pub mod register;
pub mod review;
mod roster;
pub mod rules;
pub mod score;
pub mod search;
pub mod selfcheck;
pub mod social;
pub mod steps;
pub mod summary;
pub mod tally;

use serde::Serialize;

pub use digest::{Digest, DigestLine, digest};
pub use env::number_text;
pub use findings::{Finding, findings};
pub use gaps::{Gap, gaps};
pub use register::{FindingState, Register, register};
pub use rules::{RuleError, Rules};
pub use score::{Score, score};
pub use selfcheck::SelfComparison;
pub use summary::{Summary, summary};
pub use tally::{Tally, tally};

use crate::domain::{Entry, Grading, Roster, Status, Unit};
use crate::form::eval::Answers;
use crate::form::{Form, FormKind};
use env::RuleEnv;

/// One unit's data: the unit (with its baseline), its entries (deleted ones
/// are skipped, but for the 问题清单 entries that dismiss a finding; drafts
/// count), the forms by id and version, and the reason a deleted entry was
/// deleted with.
pub struct UnitData<'a> {
    pub unit: &'a Unit,
    pub entries: &'a [Entry],
    /// The unit's 实名制 roster, if HQ imported one.
    pub roster: Option<&'a Roster>,
    /// Whether findings may name the roster's people (else 张*).
    pub roster_names: bool,
    pub forms: &'a dyn Fn(&str, u32) -> Option<&'a Form>,
    pub deleted_why: &'a dyn Fn(&str) -> String,
}

impl<'a> UnitData<'a> {
    /// The entries that are not deleted.
    pub fn live(&self) -> impl Iterator<Item = &'a Entry> + use<'a> {
        self.entries.iter().filter(|e| e.status != Status::Deleted)
    }

    /// The live entries of a form id, each with its form version.
    pub fn entries_of(&self, form: &str) -> Vec<(&'a Entry, &'a Form)> {
        self.live()
            .filter(|e| e.form == form)
            .filter_map(|e| (self.forms)(&e.form, e.form_version).map(|f| (e, f)))
            .collect()
    }

    /// The live entries whose form is of `kind`.
    pub fn entries_of_kind(&self, kind: FormKind) -> Vec<(&'a Entry, &'a Form)> {
        self.live()
            .filter_map(|e| (self.forms)(&e.form, e.form_version).map(|f| (e, f)))
            .filter(|(_, f)| f.def.kind == kind)
            .collect()
    }
}

/// One line of the baseline-vs-actual table (核定 / 实有).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableLine {
    pub id: String,
    pub label: String,
    /// A 编制类别 (shown per unit in the campaign summary).
    pub staff: bool,
    pub quota: Option<f64>,
    pub actual: Option<f64>,
    /// actual − quota, when both are known.
    pub diff: Option<f64>,
}

/// Everything reports show about one unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitAnalysis {
    pub unit: Unit,
    /// The registration entry the table reads, if there is one.
    pub registration: Option<String>,
    pub table: Vec<TableLine>,
    /// The findings that stand (the register's recorded and open ones).
    pub findings: Vec<Finding>,
    /// The findings dismissed with a reason (不予认定).
    pub dismissed: Vec<Finding>,
    /// The rules that could not be decided for want of a figure (无法判断):
    /// missing data for HQ, no finding (never in the register or a count of
    /// 问题).
    pub gaps: Vec<Gap>,
    /// Questionnaires counted (not deleted).
    pub questionnaires: usize,
    /// One tally per questionnaire form in use.
    pub tallies: Vec<Tally>,
    /// Interviews and symposia, in creation order.
    pub digests: Vec<Digest>,
    pub score: Option<Score>,
    /// 绩效考核: the procedure's seven steps (empty for other campaigns).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<steps::StepLine>,
    /// The unit's 自查自评 beside its score, when HQ imported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfcheck: Option<SelfComparison>,
}

/// The baseline-vs-actual table: the rules' table rows over the unit's
/// registration entry (the first one that is not deleted); without one, the
/// 核定 column still comes from the baseline and 实有 stays empty.
pub fn table(rules: &Rules, data: &UnitData) -> (Option<String>, Vec<TableLine>) {
    let entries = data.entries_of(&rules.table.form);
    let first = entries.first();
    let baseline = &data.unit.baseline;
    let answers = first.map(|(e, f)| Answers::new(f, &e.answers, baseline));
    let no_numbers = Default::default();
    let env = RuleEnv::new(answers.as_ref(), baseline, None, &no_numbers);
    let num = |v: crate::form::expr::Val| match v {
        crate::form::expr::Val::Num(n) => Some(n),
        _ => None,
    };
    let lines = rules
        .table
        .rows
        .iter()
        .map(|r| {
            let quota = num(r.quota.eval(&env));
            let actual = if answers.is_some() {
                num(r.actual.eval(&env))
            } else {
                None
            };
            TableLine {
                id: r.id.clone(),
                label: r.label.clone(),
                staff: r.staff,
                quota,
                actual,
                diff: quota.zip(actual).map(|(q, a)| a - q),
            }
        })
        .collect();
    (first.map(|(e, _)| e.id.clone()), lines)
}

/// Analyses one unit: table, findings, tallies, digests and score (with
/// the 社会评价 of its questionnaires when the campaign has a rule for it).
pub fn analyse(
    rules: &Rules,
    data: &UnitData,
    grading: &Grading,
    social_rule: Option<&crate::domain::SocialRule>,
) -> UnitAnalysis {
    let (registration, table) = table(rules, data);
    let questionnaires = data.entries_of_kind(FormKind::Questionnaire);
    let mut form_ids: Vec<&str> = questionnaires
        .iter()
        .map(|(e, _)| e.form.as_str())
        .collect();
    form_ids.sort_unstable();
    form_ids.dedup();
    let tallies = form_ids
        .iter()
        .filter_map(|id| {
            let of_form: Vec<&Entry> = questionnaires
                .iter()
                .filter(|(e, _)| e.form == *id)
                .map(|(e, _)| *e)
                .collect();
            let newest = questionnaires
                .iter()
                .filter(|(e, _)| e.form == *id)
                .max_by_key(|(e, _)| e.form_version)
                .map(|(_, f)| *f)?;
            Some(tally(newest, &of_form))
        })
        .collect();
    let mut digests = Vec::new();
    for (entry, form) in data.live().filter_map(|e| {
        let f = (data.forms)(&e.form, e.form_version)?;
        matches!(f.def.kind, FormKind::Interview | FormKind::Symposium).then_some((e, f))
    }) {
        digests.push(digest(form, entry, &data.unit.baseline));
    }
    let scoring = data.entries_of_kind(FormKind::Scoring);
    let chosen = scoring
        .iter()
        .find(|(e, _)| e.status == Status::Final)
        .or_else(|| scoring.first());
    // 专业评审: only a rater's final sheet counts.
    let reviews: Vec<&Entry> = data
        .entries_of_kind(FormKind::Review)
        .into_iter()
        .map(|(e, _)| e)
        .filter(|e| e.status == Status::Final)
        .collect();
    let register = register(findings(rules, data), data, data.deleted_why);
    let score = chosen.map(|(e, f)| {
        let social = social_rule.map(|rule| {
            let max = f.item(&rule.indicator).and_then(|i| i.max).unwrap_or(0.0);
            let live: Vec<(&Entry, &Form)> = data
                .live()
                .filter_map(|e| Some((e, (data.forms)(&e.form, e.form_version)?)))
                .collect();
            social::social(rule, &live, max)
        });
        score(f, e, grading, &reviews, social.as_ref())
    });
    let selfcheck = self_comparison(data, score.as_ref(), grading);
    UnitAnalysis {
        unit: data.unit.clone(),
        registration,
        table,
        findings: register.standing,
        dismissed: register.dismissed,
        gaps: gaps(rules, data),
        questionnaires: questionnaires.len(),
        tallies,
        digests,
        score,
        selfcheck,
        steps: Vec::new(),
    }
}

/// The unit's self-check (its final one, else the first) against its
/// score.
fn self_comparison(
    data: &UnitData,
    assessed: Option<&Score>,
    grading: &Grading,
) -> Option<SelfComparison> {
    let own = data.entries_of_kind(FormKind::SelfCheck);
    let (entry, form) = own
        .iter()
        .find(|(e, _)| e.status == Status::Final)
        .or_else(|| own.first())?;
    let mine = score(form, entry, grading, &[], None);
    Some(selfcheck::compare(&mine, assessed, grading))
}
