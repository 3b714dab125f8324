//! The `kaocha` binary: parses the command line and runs it.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// mimalloc: an import spends a quarter of its time in glibc's allocator
/// (sled allocates and frees on several threads); see BENCHMARKS.md.
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `kaocha bench` lives here, beside the library: it drives the TUI as a
/// person would, and no layer of the library depends on it.
mod bench;

fn main() -> std::process::ExitCode {
    kaocha::cli::main(bench::command)
}
