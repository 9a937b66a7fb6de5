//! The sign-in throttle is kept in the database: repeated wrong passwords for an email block
//! it for the window, and the block holds after the server restarts (and so across servers
//! over one database).

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;
use crate::web::{Browser, PASSWORD, sign_up_owner};

on_both_backends!(sign_in_throttle_survives_a_restart);

/// Wrong passwords an email is allowed within the window (the app's `FAILURES_PER_EMAIL`).
const FAILURES_PER_EMAIL: usize = 10;

async fn sign_in_throttle_survives_a_restart(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut server = TestServer::start(&db).await;
    sign_up_owner(&server).await;
    {
        let mut guesser = Browser::new(&server);
        guesser.get("/login").await;
        let wrong = [("email", "ada@example.com"), ("password", "a wrong guess")];
        for attempt in 1..=FAILURES_PER_EMAIL {
            let page = guesser.post("/login", &wrong).await;
            assert_eq!(page.status, 401, "attempt {attempt}: {}", page.body);
        }
        let page = guesser.post("/login", &wrong).await;
        assert_eq!(page.status, 429, "{}", page.body);
        assert!(page.body.contains("Too many attempts"));
    }
    assert!(server.stop(), "the server stops cleanly");

    // A new server process over the same database: the email is still blocked, even with the
    // right password; another email from the same address is not.
    let server = TestServer::start(&db).await;
    let mut owner = Browser::new(&server);
    owner.get("/login").await;
    let page = owner
        .post(
            "/login",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 429, "{}", page.body);
    assert!(page.body.contains("Too many attempts"));
    let page = owner
        .post(
            "/login",
            &[("email", "bob@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 401, "{}", page.body);
}
