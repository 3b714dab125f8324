//! A rule that cannot be decided is reported, never skipped in silence: a
//! unit whose registration gives 行政编制实有 while 核定数 is empty on the
//! form and in its baseline gets a 无法判断 note naming the missing figure
//! (and no 超编 finding); a baseline 核定 0 decides the rule (超编, no note);
//! a unit with nothing entered gets no note. The notes are no findings:
//! they stay out of the register and of the 问题/待确认 counts, and show in
//! the 问题清单 screen, the unit report, `kaocha findings` (and --json) and
//! the 汇总.

mod county_fixture;

use county_fixture::build;

const NOTE: &str = "无法判断“行政编制超编”：缺少行政编制核定数（单位名单未导入，登记表也未填）";

#[test]
fn a_missing_quota_is_a_note_not_a_finding() {
    let c = build();
    // No quota anywhere, 实有 1: a note, and no 超编.
    let njz = c.unit("u-njz");
    let texts: Vec<&str> = njz.gaps.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].starts_with(NOTE), "{texts:?}");
    assert!(texts[0].contains("请导入单位名单，或在登记表中填写"));
    let gap = &njz.gaps[0];
    assert_eq!(gap.rule, "overstaff_admin");
    assert_eq!(gap.numbers, ["quota"]);
    assert_eq!(gap.baseline, ["admin_quota"]);
    assert!(njz.findings.iter().all(|f| f.category != "超编"));
    assert!(njz.findings.is_empty() && njz.dismissed.is_empty());

    // Baseline 核定 0, 实有 1: 超编 by 1, and no note.
    let nyj = c.unit("u-nyj");
    assert!(nyj.gaps.is_empty(), "{:?}", nyj.gaps);
    let over: Vec<&str> = nyj
        .findings
        .iter()
        .filter(|f| f.rule == "overstaff_admin")
        .map(|f| f.facts.as_str())
        .collect();
    assert_eq!(over, ["行政编制核定0名，实有1名，超编1名。"]);

    // Nothing entered yet is no gap.
    let sjj = c.unit("u-sjj");
    assert!(sjj.gaps.is_empty() && sjj.findings.is_empty());

    // The summary counts the note apart from 问题 and 待确认.
    let s = c.summary();
    let line = |id: &str| s.units.iter().find(|u| u.unit == id).unwrap();
    assert_eq!((line("u-njz").gaps, line("u-njz").open), (1, 0));
    assert_eq!((line("u-nyj").gaps, line("u-nyj").open), (0, 1));
    assert_eq!((s.gaps_total, s.gap_units), (1, 1));
    assert_eq!((s.findings_total, s.open_total), (0, 1));
}
