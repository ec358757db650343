// Парта's desktop shell: everything lives in the library so tests and tools can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    parta_app::run();
}
