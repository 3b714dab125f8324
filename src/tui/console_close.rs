//! Windows: the console window closing (and the user logging off, the
//! machine shutting down) reaches the loop as SIGHUP does on Unix, through
//! the same flag. Windows ends the process as soon as the handler returns
//! (and at the latest 5 s after the event), so the handler waits until the
//! loop says what was typed is saved, up to 4 s.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{FALSE, TRUE};
use windows_sys::Win32::System::Console::{
    CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT, SetConsoleCtrlHandler,
};
use windows_sys::core::BOOL;

/// Raised by the handler: the loop closes as on SIGHUP.
static CLOSING: OnceLock<Arc<AtomicBool>> = OnceLock::new();
/// Raised when the loop has closed (the app saved what it could).
static DONE: AtomicBool = AtomicBool::new(false);

/// How long the handler holds Windows off.
const WAIT: Duration = Duration::from_secs(4);

unsafe extern "system" fn handler(kind: u32) -> BOOL {
    match kind {
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => {
            if let Some(flag) = CLOSING.get() {
                flag.store(true, Ordering::Relaxed);
            }
            let until = Instant::now() + WAIT;
            while !DONE.load(Ordering::Acquire) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
            TRUE
        }
        // Ctrl+C comes as a key in raw mode; anything else: the default.
        _ => FALSE,
    }
}

/// Raises `flag` when the console closes.
pub fn watch(flag: Arc<AtomicBool>) {
    let _ = CLOSING.set(flag);
    // SAFETY: registers a handler that only touches atomics and sleeps; it
    // stays valid for the life of the process (a plain function).
    unsafe {
        SetConsoleCtrlHandler(Some(handler), TRUE);
    }
}

/// The loop has closed: a waiting handler may let Windows end the process.
pub fn finished() {
    DONE.store(true, Ordering::Release);
}
