//! Asking for the key passphrase: `KAOCHA_PASSPHRASE` for scripts, else the
//! terminal, without echo; nothing when neither is there. The screens ask
//! once before they start (`unlock_before_tui`): while they run, nothing
//! prompts (a prompt would garble the screen), so a key that stayed locked
//! makes signing fail with a message instead.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::app::workspace::Workspace;
use crate::sync::SyncError;
use crate::sync::keys::DeviceKey;

/// Whether asking at the terminal is allowed now.
static PROMPTS: AtomicBool = AtomicBool::new(true);

/// The passphrase from `KAOCHA_PASSPHRASE`, if set and not empty.
pub fn from_env() -> Option<String> {
    std::env::var("KAOCHA_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// A bundle's passphrase from `KAOCHA_BUNDLE_PASSPHRASE`, if set and not
/// empty.
pub fn bundle_from_env() -> Option<String> {
    std::env::var("KAOCHA_BUNDLE_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
}

/// Asks at the terminal without echo (`None` without a terminal).
pub fn prompt(text: &str) -> Option<String> {
    if !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal() {
        return None;
    }
    rpassword::prompt_password(text)
        .ok()
        .map(|p| p.trim_end_matches(['\r', '\n']).to_string())
        .filter(|p| !p.is_empty())
}

/// How this process asks for the passphrase of a protected key, and of a
/// bundle encrypted under one.
pub fn install() {
    crate::sync::read::set_bundle_asker(|| {
        bundle_from_env().or_else(|| {
            PROMPTS
                .load(Ordering::Relaxed)
                .then(|| prompt(&crate::i18n::sync_ask_bundle_passphrase()))
                .flatten()
        })
    });
    crate::sync::protect::set_asker(|| {
        from_env().or_else(|| {
            PROMPTS
                .load(Ordering::Relaxed)
                .then(|| prompt(&crate::i18n::keys_ask_passphrase()))
                .flatten()
        })
    });
}

/// Before the screens start: a protected key is asked for now (three
/// tries), once for the whole session; then prompts stop.
pub fn unlock_before_tui(ws: &Workspace) {
    let dir = ws.store.dir();
    if crate::sync::protect::is_protected(dir) {
        for _ in 0..3 {
            match DeviceKey::load_or_create(dir) {
                Ok(_) => break,
                Err(SyncError::WrongPassphrase) => {
                    super::err(&crate::i18n::keys_wrong_passphrase());
                }
                Err(e) => {
                    super::err(&e.to_string());
                    break;
                }
            }
        }
        // HQ's decryption key opens with the same passphrase, now cached.
        if crate::sync::keys::has_age_identity(dir) {
            let _ = crate::sync::keys::age_identity(dir);
        }
    }
    PROMPTS.store(false, Ordering::Relaxed);
}
