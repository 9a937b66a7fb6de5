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
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper::header;
use hyper_util::rt::TokioIo;
use opencx_app::metrics::MetricsQuery;
use opencx_app::{App, system_clock};
use opencx_store::{DAY_MS, NewAnswer, NewResponse, Store, StoreOptions};
use serde_json::{Value, json};

/// A server process started for a benchmark.
struct ServerProcess {
    child: Child,
    base: String,
    key: String,
    /// The one-time code for the first owner, printed while no account exists.
    setup_code: Option<String>,
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
        let mut setup_code = None;
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(k) = line.split_whitespace().find(|w| w.starts_with("ocx_")) {
                key = k.to_owned();
            }
            if let Some(code) = line.trim().strip_prefix("setup code: ") {
                setup_code = Some(code.trim().to_owned());
            }
            if let Some(address) = line.strip_prefix("listening on ") {
                return Ok(ServerProcess {
                    child,
                    base: address.to_owned(),
                    key,
                    setup_code,
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

/// The JSON body of intake request `i` of run `run`: a detractor (NPS 0–6) also explains
/// their score, channels and languages alternate, 20 stores, a unique idempotency key. Written
/// with `format!` rather than built as a `serde_json::Value`: the load generator shares the
/// server's cores, so what it spends per request is taken from the server.
fn intake_body(run: u32, i: u64) -> String {
    let nps = i % 11;
    let why = if nps <= 6 {
        r#","why":"Delivery took too long and nobody answered my emails.""#
    } else {
        ""
    };
    let channel = if i.is_multiple_of(2) { "email" } else { "qr" };
    let language = if i.is_multiple_of(3) { "pl" } else { "en" };
    format!(
        r#"{{"answers":{{"nps":{nps},"csat":{csat}{why}}},"channel":"{channel}","language":"{language}","dimensions":{{"store":"store-{store}"}},"idempotency_key":"{run}-{i}"}}"#,
        csat = 1 + i % 5,
        store = i % 20,
    )
}

/// Runs `clients` loops for `seconds`, each over one keep-alive HTTP/1.1 connection of its own on
/// hyper's connection API (no pool, no redirects, no JSON values): the request of iteration `i`
/// is `request(i)`, and it counts when it answers 2xx and its body is read to the end. Returns
/// (count, sorted latencies µs, errors). reqwest cost the load generator about 37 µs of CPU per
/// request, a third of what the server spent on it.
async fn drive_http<F>(
    base: &str,
    clients: usize,
    seconds: f64,
    request: F,
) -> anyhow::Result<(u64, Vec<u32>, u64)>
where
    F: Fn(u64) -> Result<Request<Full<Bytes>>, hyper::http::Error> + Send + Sync + 'static,
{
    let address = base
        .strip_prefix("http://")
        .context("the server's address is not http://")?
        .to_owned();
    let host = header::HeaderValue::from_str(&address)?;
    let request = Arc::new(request);
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let host = host.clone();
        let stream = tokio::net::TcpStream::connect(&address).await?;
        stream.set_nodelay(true)?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        let (request, counter, errors) = (request.clone(), counter.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(100_000);
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                let Ok(mut request) = request(i) else {
                    errors.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                request.headers_mut().insert(header::HOST, host.clone());
                let ok = match sender.send_request(request).await {
                    Ok(response) => {
                        let success = response.status().is_success();
                        response.into_body().collect().await.is_ok() && success
                    }
                    // The connection is gone: nothing more can be sent on it.
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                };
                if ok {
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
    Ok((all.len() as u64, all, errors.load(Ordering::Relaxed)))
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

/// A server on a fresh (or the given) database with one live survey `PREFIX-PID`, and a client
/// keeping a connection per load client.
struct SurveyServer {
    /// The temporary folder of a fresh SQLite database, removed when this is dropped.
    _dir: Option<tempfile::TempDir>,
    server: ServerProcess,
    client: reqwest::Client,
    slug: String,
    backend: &'static str,
}

async fn server_with_survey(
    database_url: Option<String>,
    clients: usize,
    prefix: &str,
) -> anyhow::Result<SurveyServer> {
    let (dir, url) = database(database_url)?;
    let server = ServerProcess::start(&url)?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let slug = format!("{prefix}-{}", std::process::id());
    create_live_survey(&client, &server, &slug).await?;
    Ok(SurveyServer {
        _dir: dir,
        server,
        client,
        slug,
        backend: backend_name(&url),
    })
}

/// `opencx bench intake`: durable responses per second through the public endpoint.
pub async fn intake(
    database_url: Option<String>,
    clients: usize,
    seconds: f64,
) -> anyhow::Result<()> {
    let setup = server_with_survey(database_url, clients, "bench").await?;
    let (server, slug) = (&setup.server, &setup.slug);
    let idle = server.rss_mib();
    let path = format!("/s/{slug}/responses");
    let run = std::process::id();
    let (count, latencies, errors) = drive_http(&server.base, clients, seconds, move |i| {
        Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(intake_body(run, i))))
    })
    .await?;
    let loaded = server.rss_mib();
    println!(
        "intake  backend={}  clients={clients}  seconds={seconds}",
        setup.backend
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
    let setup = server_with_survey(database_url, clients, "page").await?;
    let (server, client, slug) = (&setup.server, setup.client.clone(), &setup.slug);
    let page_url = format!("{}/s/{slug}?channel=qr&store=warsaw-3", server.base);
    let size = client.get(&page_url).send().await?.bytes().await?.len();
    let path = format!("/s/{slug}?channel=qr&store=warsaw-3");
    let (count, latencies, errors) = drive_http(&server.base, clients, seconds, move |_| {
        Request::get(path.as_str())
            .header(header::ACCEPT_LANGUAGE, "he-IL,he;q=0.9")
            .body(Full::new(Bytes::new()))
    })
    .await?;
    println!(
        "page  backend={}  clients={clients}  seconds={seconds}  html bytes={size}",
        setup.backend
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

/// What generated responses carry besides an NPS and a CSAT answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Two scores, 5 channels, 2 languages: the data of `bench metrics`, unchanged since its
    /// first figures.
    Plain,
    /// Also an open answer from about two detractors in three, link parameters (`store`,
    /// `campaign`) and 4 languages: what a survey's dashboard shows.
    Dashboard,
    /// The data of `Dashboard`, with its open answers queued for analysis.
    Texts,
}

const CHANNELS: [&str; 5] = ["email", "qr", "link", "sms", "widget"];

/// Open answers of the generated detractors.
const COMPLAINTS: [&str; 8] = [
    "Delivery took too long and nobody answered my emails.",
    "The parcel arrived damaged; the replacement took two weeks.",
    "Prices went up again without any notice.",
    "Support closed my ticket without solving anything.",
    "The app logs me out every day.",
    "Staff in the store were friendly, but the queue was far too long.",
    "I was charged twice and waited a month for the refund.",
    "Hard to find the return form on the website.",
];

/// Writes `responses` generated responses to `survey`, spread over the 365 days before `now`,
/// through the batch insert of the intake (batches of 2048, one transaction each).
async fn generate(
    store: &Store,
    survey: &opencx_app::surveys::LoadedSurvey,
    responses: usize,
    now: i64,
    shape: Shape,
) -> anyhow::Result<()> {
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
        let score = |id: &str, value: i64| NewAnswer {
            question_id: id.into(),
            number: Some(value),
            text: None,
            buckets: vec![value.to_string()],
            analyse: false,
        };
        let mut answers = vec![score("nps", nps), score("csat", csat)];
        let mut dimensions = Vec::new();
        let language = match shape {
            Shape::Plain => {
                if (r >> 40) % 3 == 0 {
                    "pl"
                } else {
                    "en"
                }
            }
            Shape::Dashboard | Shape::Texts => {
                // A second, independent draw: the bits of the first are spent.
                let s = next();
                if nps <= 6 && s % 3 != 0 {
                    answers.push(NewAnswer {
                        question_id: "why".into(),
                        number: None,
                        text: Some(COMPLAINTS[((s >> 8) % 8) as usize].to_owned()),
                        buckets: Vec::new(),
                        // For the dashboard's figures they are not analysed: that would only
                        // load the machine while it is measured.
                        analyse: shape == Shape::Texts,
                    });
                }
                dimensions.push(("store".to_owned(), format!("store-{}", (s >> 16) % 40)));
                dimensions.push((
                    "campaign".to_owned(),
                    ["spring", "summer", "autumn", "winter"][((s >> 24) % 4) as usize].to_owned(),
                ));
                match (s >> 32) % 20 {
                    0..=9 => "en",
                    10..=14 => "pl",
                    15..=17 => "he",
                    _ => "de",
                }
            }
        };
        batch.push(NewResponse {
            workspace_id: survey.row.workspace_id,
            survey_id: survey.row.id,
            survey_version: survey.version,
            idempotency_key: format!("m{i}"),
            submitted_at: now - day_offset * DAY_MS - ((r >> 32) % DAY_MS as u64) as i64,
            language: language.into(),
            channel: CHANNELS[((r >> 44) % 5) as usize].into(),
            dimensions,
            answers,
            counts_start: true,
        });
        if batch.len() == 2048 {
            store.insert_batch(std::mem::take(&mut batch), now).await?;
            // As a server's folder would, while intake runs: the journal never grows long.
            store.fold_journal().await?;
        }
        if i > 0 && i % 1_000_000 == 0 {
            eprintln!(
                "  {i} responses written ({:.0}/s)",
                i as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    if !batch.is_empty() {
        store.insert_batch(batch, now).await?;
    }
    store.fold_journal().await?;
    Ok(())
}

/// A workspace with one live survey and its generated responses, written straight into the
/// database before the server starts on it (it then finds a workspace, creates none, and prints
/// the setup code).
struct Seeded {
    /// The workspace's slug.
    slug: String,
    survey: opencx_app::surveys::LoadedSurvey,
    now: i64,
    load_seconds: f64,
}

async fn seed(url: &str, responses: usize, shape: Shape) -> anyhow::Result<Seeded> {
    let clock = system_clock();
    let store = Store::open(url, StoreOptions::default(), clock()).await?;
    let app = App::new(store.clone(), clock.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let slug = format!("bench-{}", std::process::id());
    let workspace = store.create_workspace(&slug, "Bench", app.now()).await?;
    let mut definition = survey_definition();
    definition["title"] = json!("Dashboard benchmark");
    definition["languages"] = json!(["en", "pl", "he", "de"]);
    let survey = app
        .create_survey(workspace.id, None, definition)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let survey = app
        .publish_survey(workspace.id, survey.row.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = app.now();
    let started = Instant::now();
    generate(&store, &survey, responses, now, shape).await?;
    let load_seconds = started.elapsed().as_secs_f64();
    store.close().await;
    Ok(Seeded {
        slug,
        survey,
        now,
        load_seconds,
    })
}

/// `opencx bench text`: generates responses whose detractors' open answers are queued, starts
/// the server and times its analyser draining the queue (language, sentiment, themes, stored);
/// then the time from one new answer's acknowledgement to its stored analysis, and the themes
/// page of the survey and of the workspace.
pub async fn text(
    database_url: Option<String>,
    responses: usize,
    seconds: f64,
) -> anyhow::Result<()> {
    let (_dir, url) = database(database_url)?;
    let Seeded {
        slug,
        survey,
        load_seconds,
        now,
    } = seed(&url, responses, Shape::Texts).await?;
    let clock = system_clock();
    let store = Store::open(&url, StoreOptions::default(), clock()).await?;
    let queued = store.text_queue_len().await?;
    println!(
        "text  backend={}  responses={responses}  open answers queued={queued}",
        backend_name(&url)
    );
    println!("  generated in {load_seconds:.1} s");

    let server = ServerProcess::start(&url)?;
    let started = Instant::now();
    loop {
        let left = store.text_queue_len().await?;
        if left == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(3600) {
            bail!("{left} answers still queued after an hour");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let drained = started.elapsed().as_secs_f64();
    println!(
        "  analysed and stored by the server: {queued} in {drained:.1} s ({:.0} answers/s), server RSS {:.1} MiB",
        queued as f64 / drained,
        server.rss_mib()
    );

    // One new answer, from its acknowledgement to its stored analysis (the analyser wakes on
    // the commit), measured a few times.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut delays = Vec::new();
    for i in 0..20 {
        let answer: Value = client
            .post(format!("{}/s/{}/responses", server.base, survey.row.slug))
            .json(
                &json!({"answers": {"nps": 2, "why": COMPLAINTS[i % COMPLAINTS.len()]},
                          "idempotency_key": format!("latency-{i}")}),
            )
            .send()
            .await?
            .json()
            .await?;
        let acknowledged = Instant::now();
        let id: i64 = answer["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .context("the intake answers with the response id")?;
        while store.text_analyses_of(survey.row.id, id).await?.is_empty() {
            if acknowledged.elapsed() > Duration::from_secs(30) {
                bail!("response {id} not analysed within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        delays.push(acknowledged.elapsed().as_micros() as u32);
    }
    delays.sort_unstable();
    println!(
        "  new answer acknowledged → analysis stored, ms (20, polled every 5 ms): p50 {:.1}  max {:.1}",
        percentile(&delays, 0.5),
        percentile(&delays, 1.0)
    );
    store.close().await;

    let cookie = sign_up_owner(&client, &server).await?;
    for (name, path, marker) in [
        (
            "survey themes (90 days)",
            format!("/w/{slug}/surveys/{}/themes", survey.row.id),
            "class=\"grid compact themes\"",
        ),
        (
            "workspace themes (90 days)",
            format!("/w/{slug}/themes"),
            "class=\"grid compact themes\"",
        ),
        (
            "text analytics page (discovery over 4 languages)",
            format!("/w/{slug}/text"),
            "fieldset class=\"theme\"",
        ),
        // A theme's answers across the surveys: a common theme, its negative mentions, a
        // search, and a theme no answer mentions (the whole period's mentions looked through).
        (
            "delivery answers (90 days, first page)",
            format!("/w/{slug}/themes/delivery/answers"),
            "id=\"matching\"",
        ),
        (
            "delivery answers, negative, searched \"parcel\"",
            format!("/w/{slug}/themes/delivery/answers?sentiment=negative&q=parcel"),
            "id=\"matching\"",
        ),
        // A page 60 days back, as "Older answers" reaches after about 70 pages here: where
        // it starts must not depend on how many newer answers there are.
        (
            "delivery answers, a page 60 days back",
            format!(
                "/w/{slug}/themes/delivery/answers?after={}.{}.~",
                now - 60 * DAY_MS,
                i64::MAX
            ),
            "id=\"matching\"",
        ),
        (
            "cleanliness answers (none)",
            format!("/w/{slug}/themes/cleanliness/answers"),
            "class=\"filters\"",
        ),
    ] {
        let target = format!("{}{path}", server.base);
        let first = Instant::now();
        let body = client
            .get(&target)
            .header("cookie", &cookie)
            .send()
            .await?
            .text()
            .await?;
        if !body.contains(marker) {
            bail!("GET {path}: not the expected page");
        }
        let first = first.elapsed().as_secs_f64() * 1000.0;
        let (count, latencies, errors) =
            signed_in_pages(&server.base, &path, &cookie, 1, seconds).await?;
        println!(
            "  {name}: first {first:.1} ms; then 1 client: {count} pages, errors {errors}, p50 {:.1} ms  p99 {:.1} ms",
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99)
        );
    }
    Ok(())
}

/// `opencx bench metrics`: generates `responses` responses over a year, then times the metrics
/// query (all time, one month, one channel, a weekly trend).
pub async fn metrics(
    database_url: Option<String>,
    responses: usize,
    zone: &str,
) -> anyhow::Result<()> {
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
    generate(&store, &survey, responses, now, Shape::Plain).await?;
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
    // A change of the workspace's zone: one short transaction, then the stored responses are
    // moved to their new days a chunk per transaction (what the server's background task does,
    // without its pauses). Each chunk's time is how long it holds the write lock.
    let t = Instant::now();
    let zone = opencx_domain::zone::Zone::parse(zone)?;
    store.set_time_zone(workspace.id, zone, app.now()).await?;
    let change_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut steps = Vec::new();
    let mut last = opencx_store::RecountProgress::default();
    loop {
        let step = Instant::now();
        match store
            .recount_step(workspace.id, opencx_store::RECOUNT_CHUNK)
            .await?
        {
            opencx_store::RecountStep::Walked(progress) => last = progress,
            opencx_store::RecountStep::Finished => break,
        }
        steps.push(step.elapsed().as_secs_f64() * 1000.0);
    }
    let total = t.elapsed().as_secs_f64();
    steps.sort_by(f64::total_cmp);
    let at = |q: f64| {
        steps
            .get(((steps.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "  zone change    to {}: {change_ms:.1} ms; then {} responses walked, {} moved, in {} chunks of {} \
         ({total:.2} s): a chunk median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        zone.name(),
        last.done,
        last.moved,
        steps.len(),
        opencx_store::RECOUNT_CHUNK,
        at(0.5),
        at(0.9),
        at(1.0)
    );
    store.close().await;
    Ok(())
}

/// GETs of a signed-in page (`cookie`) by `clients` loops for `seconds`, each read to its
/// end: (count, sorted latencies µs, errors).
async fn signed_in_pages(
    base: &str,
    path: &str,
    cookie: &str,
    clients: usize,
    seconds: f64,
) -> anyhow::Result<(u64, Vec<u32>, u64)> {
    let (path, cookie) = (path.to_owned(), header::HeaderValue::from_str(cookie)?);
    drive_http(base, clients, seconds, move |_| {
        Request::get(path.as_str())
            .header(header::COOKIE, cookie.clone())
            .body(Full::new(Bytes::new()))
    })
    .await
}

fn backend_name(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    }
}

/// The value of cookie `name` set by a response.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| {
            let pair = cookie.split(';').next()?;
            let (n, value) = pair.split_once('=')?;
            (n.trim() == name).then(|| value.to_owned())
        })
}

/// The value of the attribute `name` in one HTML tag (`<link ...>`), unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let offset = tag.len() - rest.trim_start().len();
        let value = &tag[offset..];
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(
            raw.replace("&#x2f;", "/")
                .replace("&#47;", "/")
                .replace("&amp;", "&"),
        );
    }
    None
}

/// What a browser loads with a page on a first visit: the stylesheets (`<link rel=stylesheet
/// href>`) and scripts (`<script src>`) the HTML references, in order.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find('<') {
        let start = from + start;
        let end = lower[start..]
            .find('>')
            .map_or(lower.len(), |e| start + e + 1);
        let tag = &html[start..end];
        let tag_lower = &lower[start..end];
        let url = if tag_lower.starts_with("<link")
            && attribute(tag, "rel").is_some_and(|rel| {
                rel.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("stylesheet"))
            }) {
            attribute(tag, "href")
        } else if tag_lower.starts_with("<script") {
            attribute(tag, "src")
        } else {
            None
        };
        if let Some(url) = url.filter(|u| !u.is_empty())
            && !found.contains(&url)
        {
            found.push(url);
        }
        from = end;
    }
    found
}

/// Size of `bytes` compressed with gzip at the default level (6, as web servers commonly use).
fn gzip_size(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::default(),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_or(0, |v| v.len())
}

/// One file of a page load: its bytes as the server sends them without compression, gzipped,
/// and what the server sent to a browser that accepts compression.
struct Transferred {
    path: String,
    content_type: String,
    bytes: usize,
    gzip: usize,
    /// `Content-Encoding` of the answer to a browser's `Accept-Encoding` (none: identity).
    encoding: Option<String>,
    /// Body bytes of that answer.
    sent: usize,
    /// Bytes of the answer's status line and headers (HTTP/1.1).
    header_bytes: usize,
    cache_control: String,
}

/// A browser's `Accept-Encoding`.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

async fn transferred(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &str,
) -> anyhow::Result<Transferred> {
    let url = format!("{base}{path}");
    let plain = client
        .get(&url)
        .header("cookie", cookie)
        .header("accept-encoding", "identity")
        .send()
        .await?;
    if !plain.status().is_success() {
        bail!("GET {path}: {}", plain.status());
    }
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let content_type = header(&plain, "content-type");
    let cache_control = header(&plain, "cache-control");
    let body = plain.bytes().await?;
    let browser = client
        .get(&url)
        .header("cookie", cookie)
        .header("accept-encoding", BROWSER_ENCODINGS)
        .send()
        .await?;
    let encoding = Some(header(&browser, "content-encoding")).filter(|e| !e.is_empty());
    let header_bytes = "HTTP/1.1 200 OK\r\n".len()
        + browser
            .headers()
            .iter()
            .map(|(name, value)| name.as_str().len() + 2 + value.len() + 2)
            .sum::<usize>()
        + 2;
    let sent = browser.bytes().await?.len();
    Ok(Transferred {
        path: path.to_owned(),
        content_type,
        bytes: body.len(),
        gzip: gzip_size(&body),
        encoding,
        sent,
        header_bytes,
        cache_control,
    })
}

/// Signs up the first owner through `/setup` with the printed setup code, as a person would;
/// returns the `Cookie` header of the new session.
async fn sign_up_owner(client: &reqwest::Client, server: &ServerProcess) -> anyhow::Result<String> {
    let code = server
        .setup_code
        .as_deref()
        .context("the server printed no setup code (does the database have accounts already?)")?;
    let page = client.get(format!("{}/setup", server.base)).send().await?;
    if !page.status().is_success() {
        bail!("GET /setup: {}", page.status());
    }
    let pre = set_cookie(&page, "ocx_pre").context("the setup page set no form cookie")?;
    let body = page.text().await?;
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("the setup page has no form token")?
        .to_owned();
    let answer = client
        .post(format!("{}/setup", server.base))
        .header("cookie", format!("ocx_pre={pre}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", code),
            ("name", "Bench Owner"),
            ("email", "owner@bench.example"),
            ("password", "bench password, long enough"),
            ("language", "en"),
        ])
        .send()
        .await?;
    let session = set_cookie(&answer, "ocx_session");
    match session {
        Some(token) if answer.status().is_redirection() => Ok(format!("ocx_session={token}")),
        _ => bail!("POST /setup did not sign in: {}", answer.status()),
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `opencx bench dashboard`: a survey's dashboard page over `responses` generated responses,
/// signed in as its owner: latency under `clients` concurrent readers, and what a first visit
/// transfers.
pub async fn dashboard(
    database_url: Option<String>,
    responses: usize,
    clients: &[usize],
    seconds: f64,
) -> anyhow::Result<()> {
    let (_dir, url) = database(database_url)?;
    let Seeded {
        slug,
        survey,
        now,
        load_seconds,
    } = seed(&url, responses, Shape::Dashboard).await?;

    let server = ServerProcess::start(&url)?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(clients.iter().copied().max().unwrap_or(1))
        .build()?;
    let cookie = sign_up_owner(&client, &server).await?;
    println!(
        "dashboard  backend={}  responses={responses}  seconds={seconds}",
        backend_name(&url)
    );
    println!(
        "  generated in {load_seconds:.1} s ({:.0} responses/s, batches of 2048)",
        responses as f64 / load_seconds
    );
    println!("  server RSS MiB: idle {:.1}", server.rss_mib());

    let page = format!("/w/{slug}/surveys/{}", survey.row.id);
    let today = now.div_euclid(DAY_MS);
    let year = opencx_app::metrics::date_of(today - 364);
    let cases = [
        ("default period (90 days)", page.clone()),
        ("whole year", format!("{page}?from={year}")),
        ("live part", format!("{page}?partial=1")),
    ];

    // The first request of each: the server's caches (survey, session, SQLite pages) cold.
    let mut firsts = Vec::new();
    for (name, path) in &cases {
        let t = Instant::now();
        let answer = client
            .get(format!("{}{path}", server.base))
            .header("cookie", &cookie)
            .send()
            .await?;
        let status = answer.status();
        let body = answer.text().await?;
        if !status.is_success() || !body.contains("NPS") {
            bail!(
                "GET {path}: {status}, not a dashboard: {}",
                body.chars().take(300).collect::<String>()
            );
        }
        firsts.push(format!(
            "{name} {:.1} ms ({} B)",
            t.elapsed().as_secs_f64() * 1000.0,
            thousands(body.len())
        ));
    }
    println!("  first request of each: {}", firsts.join(", "));

    // A first visit: the page, then every stylesheet and script it references.
    let html = client
        .get(format!("{}{page}", server.base))
        .header("cookie", &cookie)
        .send()
        .await?
        .text()
        .await?;
    let mut files = vec![transferred(&client, &server.base, &page, &cookie).await?];
    for asset in referenced_assets(&html) {
        files.push(transferred(&client, &server.base, &asset, &cookie).await?);
    }
    println!(
        "  first visit (no cache), bytes; gzip = level 6 here; sent = answer to Accept-Encoding: {BROWSER_ENCODINGS}"
    );
    for f in &files {
        println!(
            "    {:<44} {:>9}  gzip {:>8}  sent {:>9} ({})  {}  cache: {}",
            f.path,
            thousands(f.bytes),
            thousands(f.gzip),
            thousands(f.sent),
            f.encoding.as_deref().unwrap_or("uncompressed"),
            f.content_type,
            if f.cache_control.is_empty() {
                "—"
            } else {
                &f.cache_control
            }
        );
    }
    let sum = |f: fn(&Transferred) -> usize| files.iter().map(f).sum::<usize>();
    println!(
        "    {:<44} {:>9}  gzip {:>8}  sent {:>9}  + {} B of response headers; the server {}",
        format!("total ({} files)", files.len()),
        thousands(sum(|f| f.bytes)),
        thousands(sum(|f| f.gzip)),
        thousands(sum(|f| f.sent)),
        thousands(sum(|f| f.header_bytes)),
        if files.iter().any(|f| f.encoding.is_some()) {
            "compresses"
        } else {
            "does not compress"
        }
    );

    for &c in clients {
        for (name, path) in &cases {
            let (count, latencies, errors) =
                signed_in_pages(&server.base, path, &cookie, c, seconds).await?;
            println!("  {name}  clients={c}  GET {path}");
            println!(
                "    pages: {count} ({:.1}/s), errors: {errors}",
                count as f64 / seconds
            );
            println!(
                "    latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
                percentile(&latencies, 0.50),
                percentile(&latencies, 0.90),
                percentile(&latencies, 0.99),
                percentile(&latencies, 1.0)
            );
            println!("    server RSS MiB: {:.1}", server.rss_mib());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_stylesheets_and_scripts_a_page_loads() {
        let html = r#"<!doctype html><html><head>
            <link rel="stylesheet" href="/assets/app.1234.css">
            <link rel=icon href="/favicon.ico">
            <LINK REL='preload stylesheet' HREF='/a&amp;b.css'>
            </head><body><a href="/x">x</a>
            <script type="module" src="/assets/dashboard.99.js"></script>
            <script>inline()</script>
            <script src="/assets/dashboard.99.js"></script>
            <link rel="stylesheet" href="/assets/app.1234.css"></body></html>"#;
        assert_eq!(
            referenced_assets(html),
            [
                "/assets/app.1234.css",
                "/a&b.css",
                "/assets/dashboard.99.js"
            ]
        );
    }

    #[test]
    fn gzip_and_thousands() {
        let text = "the same words again ".repeat(100);
        let size = gzip_size(text.as_bytes());
        assert!(size > 20 && size < text.len() / 10, "{size}");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
