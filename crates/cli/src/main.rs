//! The `parta` binary; everything lives in the library (`parta_cli`).

fn main() -> std::process::ExitCode {
    parta_cli::run()
}
