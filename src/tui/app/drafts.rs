//! The draft file written on a thread of its own (`app::draft`): its
//! fsync, a millisecond usually and a tenth of a second at worst, never
//! holds up the keys. Requests keep their order and the newest wins;
//! dropping the writer finishes what was asked.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::app::draft;
use crate::domain::Draft;

/// Keeps (`Some`) or clears (`None`) the draft of a data folder.
pub struct Writer {
    dir: PathBuf,
    tx: Option<Sender<Option<Draft>>>,
    thread: Option<JoinHandle<()>>,
}

/// Does one request; an error goes to the log file.
fn write(dir: &std::path::Path, request: &Option<Draft>) {
    let result = match request {
        Some(d) => draft::keep(dir, d),
        None => draft::clear(dir),
    };
    if let Err(e) = result {
        super::log_line(dir, "draft", &e);
    }
}

fn run(dir: PathBuf, rx: Receiver<Option<Draft>>) {
    while let Ok(mut request) = rx.recv() {
        // Only the newest of what waits matters.
        while let Ok(newer) = rx.try_recv() {
            request = newer;
        }
        write(&dir, &request);
    }
}

impl Writer {
    pub fn new(dir: PathBuf) -> Writer {
        let (tx, rx) = channel();
        let thread_dir = dir.clone();
        let thread = std::thread::Builder::new()
            .name("draft".into())
            .spawn(move || run(thread_dir, rx))
            .ok();
        Writer {
            dir,
            tx: thread.is_some().then_some(tx),
            thread,
        }
    }

    /// Asks for the draft to be kept or cleared (done here when no thread
    /// could be started).
    pub fn send(&self, request: Option<Draft>) {
        match &self.tx {
            Some(tx) => {
                if let Err(unsent) = tx.send(request) {
                    write(&self.dir, &unsent.0);
                }
            }
            None => write(&self.dir, &request),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
