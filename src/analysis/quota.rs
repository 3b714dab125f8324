//! 确定等次 by quota: after the grade lines, a campaign may cap the share of
//! units in a grade (A 不超过参评单位的 30 %). Units over the cap move to
//! the next grade, ranked by total, then 共性指标, then 个性指标 (the stated
//! tie rule); units still equal on all three at the cap all move (a quota
//! is a ceiling). Each moved unit says why.

use serde::Serialize;

use crate::domain::Grading;
use crate::i18n;

/// A scored unit as the quota sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub unit: String,
    pub name: String,
    pub total: f64,
    pub common: f64,
    pub specific: f64,
    /// By the lines; changed in place by `apply_quotas`.
    pub grade: String,
}

/// A unit the quota moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    pub unit: String,
    pub from: String,
    pub to: String,
    pub why: String,
}

/// The capped grades in order, each with the grade a unit over it gets.
const CAPPED: [(&str, &str); 2] = [("A", "B"), ("B", "C")];

/// Applies the campaign's quotas to scored units (their grades by the lines
/// in, final grades out); returns the units moved, in rank order.
pub fn apply_quotas(units: &mut [Ranked], grading: &Grading) -> Vec<Moved> {
    let scored = units.len();
    let mut moved = Vec::new();
    for (grade, next) in CAPPED {
        let quota = match grade {
            "A" => grading.a_quota,
            _ => grading.b_quota,
        };
        let Some(quota) = quota else { continue };
        // Places: the share of scored units, rounded down (a ceiling).
        let places = (quota * scored as f64 + 1e-9).floor() as usize;
        let mut in_grade: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].grade == grade)
            .collect();
        if in_grade.len() <= places {
            continue;
        }
        let key = |r: &Ranked| (r.total, r.common, r.specific);
        in_grade.sort_by(|&a, &b| {
            let (ka, kb) = (key(&units[a]), key(&units[b]));
            kb.partial_cmp(&ka).unwrap_or(std::cmp::Ordering::Equal)
        });
        // Units tied on everything with the first one left out leave too.
        let mut keep = places;
        if let (Some(&last_in), Some(&first_out)) =
            (in_grade.get(places.wrapping_sub(1)), in_grade.get(places))
            && places > 0
            && key(&units[last_in]) == key(&units[first_out])
        {
            while keep > 0
                && in_grade
                    .get(keep - 1)
                    .is_some_and(|&i| key(&units[i]) == key(&units[first_out]))
            {
                keep -= 1;
            }
        }
        // The key the cap fell on, when equal units made the grade give up
        // places.
        let boundary = (keep < places)
            .then(|| in_grade.get(places).map(|&i| key(&units[i])))
            .flatten();
        for (rank, &i) in in_grade.iter().enumerate().skip(keep) {
            let tied = boundary.is_some_and(|b| key(&units[i]) == b);
            let why = if tied {
                i18n::qt_moved_tied(grade, &pct(quota), places, scored, next)
            } else {
                i18n::qt_moved(grade, &pct(quota), places, scored, rank + 1, next)
            };
            moved.push(Moved {
                unit: units[i].unit.clone(),
                from: grade.to_string(),
                to: next.to_string(),
                why,
            });
            units[i].grade = next.to_string();
        }
    }
    moved
}

/// A share as a percent for people (0.3 → 30).
fn pct(share: f64) -> String {
    crate::analysis::number_text((share * 1000.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, total: f64, common: f64, grade: &str) -> Ranked {
        Ranked {
            unit: id.into(),
            name: id.into(),
            total,
            common,
            specific: total - common,
            grade: grade.into(),
        }
    }

    fn grading(a: Option<f64>, b: Option<f64>) -> Grading {
        Grading {
            a_quota: a,
            b_quota: b,
            ..Grading::default()
        }
    }

    fn grades(units: &[Ranked]) -> Vec<(&str, &str)> {
        units
            .iter()
            .map(|u| (u.unit.as_str(), u.grade.as_str()))
            .collect()
    }

    /// Ten units, five over the A line: 30 % is 3 places.
    fn ten() -> Vec<Ranked> {
        vec![
            unit("u1", 96.0, 38.0, "A"),
            unit("u2", 92.0, 36.0, "A"),
            unit("u3", 94.0, 39.0, "A"),
            unit("u4", 92.0, 38.0, "A"),
            unit("u5", 91.0, 40.0, "A"),
            unit("u6", 85.0, 35.0, "B"),
            unit("u7", 80.0, 35.0, "B"),
            unit("u8", 78.0, 30.0, "B"),
            unit("u9", 70.0, 30.0, "C"),
            unit("u10", 60.0, 25.0, "C"),
        ]
    }

    #[test]
    fn a_tie_on_the_total_is_broken_by_the_common_indicators() {
        let mut units = ten();
        let moved = apply_quotas(&mut units, &grading(Some(0.3), None));
        // 96, 94 and the 92 with 共性 38 keep A; the 92 with 36 and the 91 move.
        assert_eq!(
            grades(&units)[..5],
            [
                ("u1", "A"),
                ("u2", "B"),
                ("u3", "A"),
                ("u4", "A"),
                ("u5", "B")
            ]
        );
        let who: Vec<(&str, usize)> = moved
            .iter()
            .map(|m| (m.unit.as_str(), m.why.matches("第4").count()))
            .collect();
        assert_eq!(who, [("u2", 1), ("u5", 0)]);
        assert!(moved[0].why.contains("30%") && moved[0].why.contains("10个单位中3个"));
    }

    #[test]
    fn units_equal_on_everything_at_the_cap_all_move() {
        let mut units = ten();
        units[1] = unit("u2", 92.0, 38.0, "A"); // now equal to u4 in all three
        let moved = apply_quotas(&mut units, &grading(Some(0.3), None));
        let a: Vec<&str> = units
            .iter()
            .filter(|u| u.grade == "A")
            .map(|u| u.unit.as_str())
            .collect();
        assert_eq!(a, ["u1", "u3"], "2 A: the third place would take two");
        assert_eq!(moved.len(), 3);
        assert!(
            moved
                .iter()
                .any(|m| m.unit == "u2" && m.why.contains("完全相同"))
        );
    }

    #[test]
    fn a_moved_unit_can_move_on_when_the_next_grade_is_full_too() {
        let mut units = ten();
        // A: 3 places; B: 40 % = 4 places, and 3 B + 2 moved from A = 5.
        let moved = apply_quotas(&mut units, &grading(Some(0.3), Some(0.4)));
        let b: Vec<&str> = units
            .iter()
            .filter(|u| u.grade == "B")
            .map(|u| u.unit.as_str())
            .collect();
        assert_eq!(b, ["u2", "u5", "u6", "u7"]);
        assert_eq!(units[7].grade, "C", "the lowest B, 78, moves to C");
        assert_eq!(moved.last().map(|m| m.unit.as_str()), Some("u8"));
    }

    #[test]
    fn without_quotas_or_within_them_nothing_moves() {
        let mut units = ten();
        assert!(apply_quotas(&mut units, &grading(None, None)).is_empty());
        assert!(apply_quotas(&mut units, &grading(Some(0.5), None)).is_empty());
        assert_eq!(grades(&units), grades(&ten()));
    }
}
