//! The integration tests, in one crate so that one binary is linked instead of one per
//! file: the library driven directly, the UI drawn on a `TestBackend`, the real binary
//! run for the command line and driven in a pseudo-terminal end to end.
//!
//! Shared helpers live in [`support`]; each other module is one area of behaviour.

mod support;

mod classify;
mod cli;
mod cli_help;
mod compare;
mod compare_tui;
mod config;
mod config_snapshots;
mod csv_roundtrip;
mod depth;
mod dialogs;
mod dot;
mod edit_app;
mod edit_model;
mod edit_proptest;
mod edit_roundtrip;
mod explorer;
mod file_safety_recovery;
mod file_safety_saving;
mod file_safety_settled;
mod handout;
mod headcount;
mod hostile;
mod hostile_cli;
mod hostile_csv;
mod hostile_long;
mod hostile_readers;
mod import_cycles;
mod interop;
mod json_report;
mod lesson;
mod loading;
mod locales;
mod manual;
mod nav;
mod notes_editor;
mod open_files;
mod plan_moves;
mod proptest_org;
mod pty;
mod pty_config;
mod pty_dialogs;
mod pty_explorer;
mod pty_hostile;
mod pty_ids;
mod pty_lesson;
mod pty_nav;
mod pty_signals;
mod quiz;
mod readme;
mod reveal;
mod spanish;
mod spanish_scan;
mod teaching;
mod teaching_details;
mod tui_snapshots;
mod tui_state;
mod undo_limit;
