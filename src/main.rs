//! The `kaocha` binary: parses the command line and runs it.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() -> std::process::ExitCode {
    kaocha::cli::main()
}
