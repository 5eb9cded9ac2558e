//! The xtask binary as the integration tests run it.

use std::process::Command;

/// The xtask binary with no log filter and no proxy from the environment,
/// so its output and its requests to local test servers are the same on
/// every machine.
pub fn xtask_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.env_remove("RUST_LOG");
    for var in [
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ] {
        command.env_remove(var);
    }
    command
}
