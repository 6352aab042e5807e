//! The server tested in process: requests go through the whole router (tower `oneshot`), or,
//! where the network matters (slow clients, early refusals), through a bound loopback port.

mod alerts;
mod api;
mod auth;
mod bad_input;
mod common;
mod follow;
mod fuzz_replay;
mod hardening;
mod knowledge;
mod xss;
