//! A small county campaign for the tests of 上级单位 and of rules that
//! cannot be decided (无法判断), built through the library on a temp data
//! dir: a workspace, the campaign stored as HQ's import would leave it,
//! registrations made with `new_entry`.
#![allow(dead_code)]

use kaocha::analysis::{Rules, UnitAnalysis, summary::Summary};
use kaocha::app::workspace::Workspace;
use kaocha::domain::Campaign;
use kaocha::store::CURRENT_CAMPAIGN;
use serde_json::json;

pub struct County {
    pub dir: tempfile::TempDir,
    pub ws: Workspace,
    pub campaign: Campaign,
    pub rules: Rules,
}

/// Three units, listed in this order (the child before its parent, so an
/// order by parent shows):
/// * `u-njz` 县农业技术推广中心, under 县农业农村局, no figure in its
///   baseline (HQ never imported them); its registration gives 行政编制实有
///   1 and no 核定数: 行政编制超编 cannot be decided;
/// * `u-sjj` 县审计局, no figures and no entry at all: nothing entered yet;
/// * `u-nyj` 县农业农村局, 行政编制 核定 0 in its baseline, its
///   registration gives 实有 1 and leaves 核定数 empty: 超编 by 1.
pub fn build() -> County {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ws = Workspace::open(dir.path(), Some("测试员".into())).unwrap_or_else(|e| panic!("{e}"));
    let campaign: Campaign = serde_json::from_value(json!({
        "id": "county-2024", "name": "2024年测试县机构编制评估", "kind": "jgbz", "year": 2024,
        "teams": [{"id": "t1", "name": "第一组"}],
        "units": [
            {"id": "u-njz", "name": "县农业技术推广中心", "team": "t1", "parent": "u-nyj"},
            {"id": "u-sjj", "name": "县审计局", "team": "t1"},
            {"id": "u-nyj", "name": "县农业农村局", "team": "t1",
             "baseline": {"admin_quota": 0}}
        ],
        "stages": [
            {"form": "jgbz.registration", "title": "调查登记表", "min": 1},
            {"form": "findings", "title": "问题清单", "min": 0}
        ]
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    ws.store
        .put_campaign(&campaign)
        .unwrap_or_else(|e| panic!("{e}"));
    ws.store
        .set_setting(CURRENT_CAMPAIGN, json!("county-2024"))
        .unwrap_or_else(|e| panic!("{e}"));
    let form = ws
        .latest_form("jgbz.registration")
        .unwrap_or_else(|e| panic!("{e}"));
    for (unit, name) in [
        ("u-njz", "东阿县农业技术推广中心"),
        ("u-nyj", "东阿县农业农村局"),
    ] {
        let unit = ws.unit(&campaign, unit).unwrap_or_else(|e| panic!("{e}"));
        let sets = vec![
            ("unit_name".to_string(), name.to_string()),
            ("admin_actual".to_string(), "1".to_string()),
        ];
        ws.new_entry(&campaign, &unit, form, &sets)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let rules = Rules::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    County {
        dir,
        ws,
        campaign,
        rules,
    }
}

impl County {
    pub fn unit(&self, id: &str) -> UnitAnalysis {
        let unit = self
            .ws
            .unit(&self.campaign, id)
            .unwrap_or_else(|e| panic!("{e}"));
        kaocha::report::analyse_unit(&self.ws.store, &self.campaign, &unit, &self.rules)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn units(&self) -> Vec<UnitAnalysis> {
        kaocha::report::analyse_campaign(&self.ws.store, &self.campaign, &self.rules)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn summary(&self) -> Summary {
        kaocha::analysis::summary(&self.campaign, &self.units())
    }

    /// The data dir, closed by the library so the binary can open it.
    pub fn into_dir(self) -> tempfile::TempDir {
        self.dir
    }
}
