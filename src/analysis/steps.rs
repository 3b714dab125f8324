//! The 绩效考核 procedure of one unit, step by step (自查自评 → 考核预告 →
//! 实地考察 → 社会评价 → 专业评审 → 确定等次 → 公示备案): each step's state
//! and its date, read from the unit's entries, its score and the campaign's
//! procedure settings. Nothing here is stored: the states follow the data.

use serde::Serialize;

use super::UnitData;
use super::score::Score;
use crate::domain::{Campaign, Entry, Status};
use crate::form::FormKind;
use crate::i18n;

/// The seven steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    SelfCheck,
    Notice,
    Visit,
    Social,
    Review,
    Grade,
    Publicity,
}

impl StepKind {
    pub const ALL: [StepKind; 7] = [
        StepKind::SelfCheck,
        StepKind::Notice,
        StepKind::Visit,
        StepKind::Social,
        StepKind::Review,
        StepKind::Grade,
        StepKind::Publicity,
    ];

    /// 自查自评, 考核预告 …
    pub fn name(self) -> String {
        i18n::st_name(self as usize)
    }
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// 未开始
    Todo,
    /// 进行中
    Doing,
    /// 已完成
    Done,
    /// 逾期 (past its date and not done)
    Late,
}

impl StepState {
    /// 未开始, 进行中, 已完成, 逾期.
    pub fn name(self) -> String {
        i18n::st_state(self as usize)
    }
}

/// One step of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepLine {
    pub step: StepKind,
    pub state: StepState,
    /// The day it was done, or is due or planned (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A short account (问卷 38/30 份, 评委 2/3 …); may be empty.
    pub detail: String,
}

/// The day of a stored time (`2013-11-04T09:30:00+08:00` → `2013-11-04`).
fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

/// The latest day among entries' last changes.
fn last_day<'a>(entries: impl Iterator<Item = &'a Entry>) -> Option<String> {
    entries.map(|e| day(&e.updated_at)).max()
}

/// What the procedure reads besides the unit's data.
pub struct StepsOf<'a> {
    pub campaign: &'a Campaign,
    /// The kind of a form, by id (its newest version).
    pub form_kind: &'a dyn Fn(&str) -> Option<FormKind>,
    /// YYYY-MM-DD.
    pub today: &'a str,
    /// The unit's objections (异议) not decided yet.
    pub open_objections: usize,
}

/// The procedure of one unit.
pub fn steps(of: &StepsOf, data: &UnitData, score: Option<&Score>) -> Vec<StepLine> {
    let (campaign, today, open_objections) = (of.campaign, of.today, of.open_objections);
    let p = campaign.procedure.as_deref().cloned().unwrap_or_default();
    let kind_of = |e: &Entry| (data.forms)(&e.form, e.form_version).map(|f| f.def.kind);
    let line = |step, state, date: Option<String>, detail: String| StepLine {
        step,
        state,
        date,
        detail,
    };
    let mut out = Vec::with_capacity(7);

    // 自查自评: the unit's self-check came back (imported), or is late.
    let selfchecks: Vec<&Entry> = data
        .live()
        .filter(|e| (of.form_kind)(&e.form) == Some(FormKind::SelfCheck))
        .collect();
    out.push(
        match (last_day(selfchecks.iter().copied()), &p.selfcheck_due) {
            (Some(d), _) => line(StepKind::SelfCheck, StepState::Done, Some(d), String::new()),
            (None, Some(due)) if due.as_str() < today => line(
                StepKind::SelfCheck,
                StepState::Late,
                Some(due.clone()),
                String::new(),
            ),
            (None, due) => line(
                StepKind::SelfCheck,
                StepState::Todo,
                due.clone(),
                String::new(),
            ),
        },
    );

    // 考核预告: the visit is announced once its days are set.
    out.push(match (&p.visit_from, &p.visit_to) {
        (Some(from), to) => line(
            StepKind::Notice,
            StepState::Done,
            Some(from.clone()),
            i18n::st_visit_days(from, to.as_deref().unwrap_or(from)),
        ),
        (None, _) => line(StepKind::Notice, StepState::Todo, None, i18n::st_no_days()),
    });

    // 实地考察: the stages that are neither questionnaires nor review
    // sheets nor the self-check.
    let visit_forms: Vec<&crate::domain::Stage> = campaign
        .stages
        .iter()
        .filter(|s| {
            !matches!(
                (of.form_kind)(&s.form),
                Some(FormKind::Questionnaire | FormKind::Review | FormKind::SelfCheck)
            )
        })
        .collect();
    let of_stage = |form: &str, status: Option<Status>| -> Vec<&Entry> {
        data.live()
            .filter(|e| e.form == form && status.is_none_or(|s| e.status == s))
            .collect()
    };
    let required: Vec<_> = visit_forms.iter().filter(|s| s.min > 0).collect();
    let all_done = !required.is_empty()
        && required
            .iter()
            .all(|s| s.done_by(of_stage(&s.form, Some(Status::Final)).len()));
    let visited: Vec<&Entry> = visit_forms
        .iter()
        .flat_map(|s| of_stage(&s.form, None))
        .collect();
    let done_stages = required
        .iter()
        .filter(|s| s.done_by(of_stage(&s.form, Some(Status::Final)).len()))
        .count();
    out.push(if all_done {
        line(
            StepKind::Visit,
            StepState::Done,
            last_day(visited.iter().copied()),
            i18n::st_of(done_stages, required.len()),
        )
    } else if !visited.is_empty() {
        line(
            StepKind::Visit,
            StepState::Doing,
            visited.iter().map(|e| day(&e.created_at)).min(),
            i18n::st_of(done_stages, required.len()),
        )
    } else {
        line(
            StepKind::Visit,
            StepState::Todo,
            p.visit_from.clone(),
            String::new(),
        )
    });

    // 社会评价: by the campaign's rule, else the team's own score.
    let social = score.and_then(|s| {
        s.sections
            .iter()
            .flat_map(|x| &x.indicators)
            .find_map(|i| i.social.clone())
    });
    let social_score = p.social.as_ref().and_then(|rule| {
        score.and_then(|s| {
            s.sections
                .iter()
                .flat_map(|x| &x.indicators)
                .find(|i| i.item == rule.indicator)
                .and_then(|i| i.score)
        })
    });
    out.push(match (&p.social, social) {
        (Some(_), Some(s)) => {
            let state = if !s.too_few() {
                StepState::Done
            } else if s.counted > 0 {
                StepState::Doing
            } else {
                StepState::Todo
            };
            line(
                StepKind::Social,
                state,
                None,
                i18n::st_sample(s.counted, s.min_sample as usize),
            )
        }
        // A rule but no score sheet yet: count the questionnaires.
        (Some(rule), None) => {
            let n = data
                .live()
                .filter(|e| e.form == rule.form && e.status == Status::Final)
                .count();
            let state = if n > 0 {
                StepState::Doing
            } else {
                StepState::Todo
            };
            line(
                StepKind::Social,
                state,
                None,
                i18n::st_sample(n, rule.min_sample as usize),
            )
        }
        (None, _) => match social_score {
            Some(_) => line(StepKind::Social, StepState::Done, None, String::new()),
            None => line(StepKind::Social, StepState::Todo, None, String::new()),
        },
    });

    // 专业评审: every listed rater's sheet final (or, with no list, every
    // sheet begun).
    let sheets: Vec<&Entry> = data
        .live()
        .filter(|e| kind_of(e) == Some(FormKind::Review))
        .collect();
    let finals: Vec<&Entry> = sheets
        .iter()
        .copied()
        .filter(|e| e.status == Status::Final)
        .collect();
    let rater_of = |e: &Entry| {
        e.answers
            .get("rater")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .unwrap_or_else(|| e.created_by.person.clone())
    };
    let (done, wanted) = if p.raters.is_empty() {
        (finals.len(), sheets.len())
    } else {
        let signed: Vec<String> = finals.iter().map(|e| rater_of(e)).collect();
        (
            p.raters.iter().filter(|r| signed.contains(r)).count(),
            p.raters.len(),
        )
    };
    out.push(if wanted > 0 && done >= wanted {
        line(
            StepKind::Review,
            StepState::Done,
            last_day(finals.iter().copied()),
            i18n::st_raters(done, wanted),
        )
    } else if !sheets.is_empty() {
        line(
            StepKind::Review,
            StepState::Doing,
            None,
            i18n::st_raters(done, wanted),
        )
    } else {
        line(StepKind::Review, StepState::Todo, None, String::new())
    });

    // 确定等次: every indicator scored.
    out.push(match score {
        Some(s) if s.complete => line(
            StepKind::Grade,
            StepState::Done,
            None,
            i18n::st_total(&super::number_text(s.total)),
        ),
        Some(_) => line(StepKind::Grade, StepState::Doing, None, String::new()),
        None => line(StepKind::Grade, StepState::Todo, None, String::new()),
    });

    // 公示备案: the 公示 period, then no objection left open.
    out.push(match (&p.publicity_from, &p.publicity_to) {
        (Some(from), _) if today < from.as_str() => line(
            StepKind::Publicity,
            StepState::Todo,
            Some(from.clone()),
            String::new(),
        ),
        (Some(_), Some(to)) if today <= to.as_str() || open_objections > 0 => line(
            StepKind::Publicity,
            StepState::Doing,
            Some(to.clone()),
            if open_objections > 0 {
                i18n::st_objections(open_objections)
            } else {
                i18n::st_until(to)
            },
        ),
        (Some(_), Some(to)) => line(
            StepKind::Publicity,
            StepState::Done,
            Some(to.clone()),
            String::new(),
        ),
        _ => line(
            StepKind::Publicity,
            StepState::Todo,
            None,
            i18n::st_no_days(),
        ),
    });
    out
}

/// How many steps are done, of seven.
pub fn done_count(steps: &[StepLine]) -> usize {
    steps.iter().filter(|s| s.state == StepState::Done).count()
}
