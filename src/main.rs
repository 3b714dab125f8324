//! The `kaocha` binary: parses the command line and runs it.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// mimalloc: an import spends a quarter of its time in glibc's allocator
/// (sled allocates and frees on several threads); see BENCHMARKS.md.
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kaocha::cli::main()
}
