//! OpenCX integration tests: one test binary (faster to build on two cores). Each scenario runs
//! against SQLite and against PostgreSQL; the browser scenarios (`browser`) run on SQLite.

mod harness;

mod api;
mod browser;
mod builder;
mod builder_rules;
mod cli;
mod durability;
mod forms;
mod idempotency;
mod nodes;
mod page;
mod partials;
mod public;
mod rollups;
mod statistics;
mod sub_themes;
mod text_api;
mod themes;
mod throttle;
mod time_zones;
mod web;
mod zone_recounts;

/// Declares a scenario `async fn NAME(backend: Backend)` as two tests, `NAME::sqlite` and
/// `NAME::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::harness::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::harness::Backend::Postgres).await
                }
            }
        )*
    };
}
