//! Asking for the key passphrase: `KAOCHA_PASSPHRASE` for scripts, else the
//! terminal, without echo; nothing when neither is there.

use std::io::IsTerminal;

/// The passphrase from `KAOCHA_PASSPHRASE`, if set and not empty.
pub fn from_env() -> Option<String> {
    std::env::var("KAOCHA_PASSPHRASE")
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

/// How this process asks for the passphrase of a protected key.
pub fn install() {
    crate::sync::protect::set_asker(|| {
        from_env().or_else(|| prompt(&crate::i18n::keys_ask_passphrase()))
    });
}
