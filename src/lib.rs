//! kaocha (考察): the field kit of an assessment team (考核组). The library
//! holds every layer; the `kaocha` binary is a thin shell over `cli`.
//!
//! Layers (dependencies point down only): `cli` → `tui` → `edit`/`workspace`/
//! `demo`/`present` → `store` → `form` → `domain`; `i18n` holds every
//! user-visible string.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod analysis;
pub mod app;

pub mod cli;

pub mod domain;

pub mod form;
pub mod hq;
pub mod i18n;

pub mod report;
pub mod store;
pub mod sync;
pub mod tui;
