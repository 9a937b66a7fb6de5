//! `opencx bench`: the performance figures of docs/BENCHMARKS.md, measured the same way each
//! time. The server runs as a child process (`opencx serve`) on a fresh database, and this
//! process drives it over loopback HTTP with keep-alive connections, so the figures include
//! HTTP parsing, validation, the group commit and fsync. Load and server share the machine's
//! cores; say so when quoting the figures.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use opencx_app::metrics::MetricsQuery;
use opencx_app::{App, system_clock};
use opencx_store::{DAY_MS, NewAnswer, NewResponse, Store, StoreOptions};
use serde_json::{Value, json};

/// A server process started for a benchmark.
struct ServerProcess {
    child: Child,
    base: String,
    key: String,
}

impl ServerProcess {
    fn start(database_url: &str) -> anyhow::Result<ServerProcess> {
        let mut child = Command::new(std::env::current_exe()?)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--no-demo",
                // The load comes from one address: the per-address limit is turned off.
                "--public-rate-limit",
                "0",
                "--database-url",
                database_url,
            ])
            .env(
                "OPENCX_LOG",
                std::env::var("OPENCX_BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting the server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut key = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(k) = line.split_whitespace().find(|w| w.starts_with("ocx_")) {
                key = k.to_owned();
            }
            if let Some(address) = line.strip_prefix("listening on ") {
                return Ok(ServerProcess {
                    child,
                    base: address.to_owned(),
                    key,
                });
            }
        }
        bail!("the server exited before listening")
    }

    /// Resident memory of the server process, in MiB.
    fn rss_mib(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(str::to_owned)
            })
            .and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
            .map_or(0.0, |kb| kb / 1024.0)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index]) / 1000.0
}

fn survey_definition() -> Value {
    json!({
        "title": "Benchmark",
        "languages": ["en", "pl"],
        "questions": [
            {"id": "nps", "kind": "nps", "required": true},
            {"id": "why", "kind": "long_text", "show_if": {"question": "nps", "max": 6}},
            {"id": "csat", "kind": "csat"}
        ]
    })
}

async fn create_live_survey(
    client: &reqwest::Client,
    server: &ServerProcess,
    slug: &str,
) -> anyhow::Result<String> {
    let created: Value = client
        .post(format!("{}/api/v1/surveys", server.base))
        .bearer_auth(&server.key)
        .json(&json!({"slug": slug, "definition": survey_definition()}))
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().context("survey id")?.to_owned();
    client
        .post(format!("{}/api/v1/surveys/{id}/publish", server.base))
        .bearer_auth(&server.key)
        .send()
        .await?;
    Ok(id)
}

/// Runs `clients` loops for `seconds`, each calling `request(i)`; returns (count, sorted latencies µs, errors).
async fn drive<F, Fut>(clients: usize, seconds: f64, request: F) -> (u64, Vec<u32>, u64)
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let request = request.clone();
        let counter = counter.clone();
        let errors = errors.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(100_000);
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                if request(i).await {
                    latencies.push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap_or_default());
    }
    all.sort_unstable();
    (all.len() as u64, all, errors.load(Ordering::Relaxed))
}

/// The database to benchmark: the given URL, or a fresh SQLite file in a temporary folder (kept
/// as long as the returned folder lives).
fn database(given: Option<String>) -> anyhow::Result<(Option<tempfile::TempDir>, String)> {
    if let Some(url) = given {
        return Ok((None, url));
    }
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    Ok((Some(dir), url))
}

/// `opencx bench intake`: durable responses per second through the public endpoint.
pub async fn intake(
    database_url: Option<String>,
    clients: usize,
    seconds: f64,
) -> anyhow::Result<()> {
    let (_dir, url) = database(database_url)?;
    let server = ServerProcess::start(&url)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let slug = format!("bench-{}", std::process::id());
    create_live_survey(&client, &server, &slug).await?;
    let idle = server.rss_mib();
    let endpoint = format!("{}/s/{slug}/responses", server.base);
    let run = format!("{}", std::process::id());
    let (count, latencies, errors) = drive(clients, seconds, move |i| {
        let client = client.clone();
        let endpoint = endpoint.clone();
        let run = run.clone();
        async move {
            let nps = (i % 11) as i64;
            let mut answers = json!({"nps": nps, "csat": 1 + (i % 5) as i64});
            if nps <= 6 {
                answers["why"] = json!("Delivery took too long and nobody answered my emails.");
            }
            let body = json!({"answers": answers, "channel": if i % 2 == 0 { "email" } else { "qr" },
                              "language": if i % 3 == 0 { "pl" } else { "en" },
                              "dimensions": {"store": format!("store-{}", i % 20)},
                              "idempotency_key": format!("{run}-{i}")});
            matches!(client.post(&endpoint).json(&body).send().await, Ok(r) if r.status().as_u16() == 201)
        }
    })
    .await;
    let loaded = server.rss_mib();
    println!(
        "intake  backend={}  clients={clients}  seconds={seconds}",
        backend_name(&url)
    );
    println!(
        "  responses stored and acknowledged: {count} ({:.0}/s), errors: {errors}",
        count as f64 / seconds
    );
    println!(
        "  latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!("  server RSS MiB: idle {idle:.1}, after load {loaded:.1}");
    Ok(())
}

/// `opencx bench page`: the respondent page under concurrent GETs.
pub async fn page(
    database_url: Option<String>,
    clients: usize,
    seconds: f64,
) -> anyhow::Result<()> {
    let (_dir, url) = database(database_url)?;
    let server = ServerProcess::start(&url)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let slug = format!("page-{}", std::process::id());
    create_live_survey(&client, &server, &slug).await?;
    let page_url = format!("{}/s/{slug}?channel=qr&store=warsaw-3", server.base);
    let size = client.get(&page_url).send().await?.bytes().await?.len();
    let (count, latencies, errors) = drive(clients, seconds, move |_| {
        let client = client.clone();
        let page_url = page_url.clone();
        async move {
            match client
                .get(&page_url)
                .header("accept-language", "he-IL,he;q=0.9")
                .send()
                .await
            {
                Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                _ => false,
            }
        }
    })
    .await;
    println!(
        "page  backend={}  clients={clients}  seconds={seconds}  html bytes={size}",
        backend_name(&url)
    );
    println!(
        "  pages: {count} ({:.0}/s), errors: {errors}",
        count as f64 / seconds
    );
    println!(
        "  latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!("  server RSS MiB: {:.1}", server.rss_mib());
    Ok(())
}

/// `opencx bench metrics`: generates `responses` responses over a year, then times the metrics
/// query (all time, one month, one channel, a weekly trend).
pub async fn metrics(database_url: Option<String>, responses: usize) -> anyhow::Result<()> {
    let (_dir, url) = database(database_url)?;
    let clock = system_clock();
    let store = Store::open(&url, StoreOptions::default(), clock()).await?;
    let app = App::new(store.clone(), clock.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let workspace = store
        .create_workspace(&format!("bench-{}", std::process::id()), "Bench", app.now())
        .await?;
    let survey = app
        .create_survey(workspace.id, None, survey_definition())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let survey = app
        .publish_survey(workspace.id, survey.row.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = app.now();
    let started = Instant::now();
    let mut batch = Vec::with_capacity(2048);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift: fast, reproducible, good enough for spreading test data.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..responses {
        let r = next();
        let nps = (r % 11) as i64;
        let csat = 1 + ((r >> 8) % 5) as i64;
        let day_offset = ((r >> 16) % 365) as i64;
        batch.push(NewResponse {
            workspace_id: workspace.id,
            survey_id: survey.row.id,
            survey_version: survey.version,
            idempotency_key: format!("m{i}"),
            submitted_at: now - day_offset * DAY_MS - ((r >> 32) % DAY_MS as u64) as i64,
            language: if (r >> 40) % 3 == 0 {
                "pl".into()
            } else {
                "en".into()
            },
            channel: ["email", "qr", "link", "sms", "widget"][((r >> 44) % 5) as usize].into(),
            dimensions: Vec::new(),
            answers: vec![
                NewAnswer {
                    question_id: "nps".into(),
                    number: Some(nps),
                    text: None,
                    buckets: vec![nps.to_string()],
                },
                NewAnswer {
                    question_id: "csat".into(),
                    number: Some(csat),
                    text: None,
                    buckets: vec![csat.to_string()],
                },
            ],
            counts_start: true,
        });
        if batch.len() == 2048 {
            store.insert_batch(&batch, now).await?;
            batch.clear();
        }
        if i > 0 && i % 1_000_000 == 0 {
            eprintln!(
                "  {i} responses written ({:.0}/s)",
                i as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    if !batch.is_empty() {
        store.insert_batch(&batch, now).await?;
    }
    let load_seconds = started.elapsed().as_secs_f64();
    println!(
        "metrics  backend={}  responses={responses}",
        backend_name(&url)
    );
    println!(
        "  generated in {load_seconds:.1} s ({:.0} responses/s, batches of 2048)",
        responses as f64 / load_seconds
    );
    let today = now.div_euclid(DAY_MS);
    let cases = [
        ("all time", MetricsQuery::default()),
        (
            "last 30 days",
            MetricsQuery {
                from_day: Some(today - 29),
                to_day: Some(today),
                ..Default::default()
            },
        ),
        (
            "channel=email",
            MetricsQuery {
                channel: Some("email".into()),
                ..Default::default()
            },
        ),
        (
            "weekly trend",
            MetricsQuery {
                group_by: Some(opencx_app::metrics::Granularity::Week),
                ..Default::default()
            },
        ),
    ];
    for (name, query) in cases {
        let mut timings = Vec::new();
        let mut answered = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let report = app
                .survey_metrics(&survey, &query)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            timings.push(t.elapsed().as_secs_f64() * 1000.0);
            answered = report.questions[0].answered;
        }
        timings.sort_by(f64::total_cmp);
        println!(
            "  {name:<14} n={answered:<9} median {:.2} ms  max {:.2} ms (20 runs)",
            timings[timings.len() / 2],
            timings[timings.len() - 1]
        );
    }
    store.close().await;
    Ok(())
}

fn backend_name(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    }
}
