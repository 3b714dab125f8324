//! This installation's identity (device id and a label), kept in
//! `device.json` beside the database so a rebuilt database keeps it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{Result, StoreError};
use super::fsutil;

/// Who this installation is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    /// A UUIDv7 made on first run.
    pub id: String,
    /// A human label, e.g. the host name.
    pub label: String,
}

/// Reads `device.json`, creating it on first run.
pub fn load_or_create(dir: &Path) -> Result<Device> {
    let path = dir.join("device.json");
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            detail: format!("device.json: {e}"),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let device = Device {
                id: uuid::Uuid::now_v7().to_string(),
                label: host_label(),
            };
            let bytes = serde_json::to_vec_pretty(&device).map_err(|e| StoreError::Corrupt {
                detail: e.to_string(),
            })?;
            fsutil::write_atomic(&path, &bytes).map_err(|e| StoreError::io("device.json", e))?;
            Ok(device)
        }
        Err(e) => Err(StoreError::io("device.json", e)),
    }
}

fn host_label() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "kaocha".to_string())
}
