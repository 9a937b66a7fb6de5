//! `opencx`: the OpenCX server and command line. `main` only parses the command and wires the
//! pieces; the work lives in the library crates.

mod bench;
mod config;
mod text_analyze;

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use opencx_app::surveys::{ExportFormat, export_document, read_document};
use opencx_app::{App, AppOptions, system_clock};
use opencx_store::{Store, StoreOptions, redact_url};

/// The server allocates and frees many small buffers per request on several threads; glibc's
/// allocator spent about a fifth of the server's CPU on them under intake load (decision 0023).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// OpenCX: a self-hosted customer-experience platform.
#[derive(Parser)]
#[command(name = "opencx", version, about)]
struct Cli {
    /// Configuration file (TOML); `opencx.toml` in the working folder is read when present.
    #[arg(long, global = true, env = "OPENCX_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://PATH (default: DATA_DIR/opencx.db) or postgres://...
    #[arg(long, global = true, env = "OPENCX_DATABASE_URL")]
    database_url: Option<String>,
    /// Folder for the embedded database (default: ./data).
    #[arg(long, global = true, env = "OPENCX_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Log format: text or json.
    #[arg(long, global = true, env = "OPENCX_LOG_FORMAT")]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrations run first; a demo workspace is created on first start).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "OPENCX_LISTEN")]
        listen: Option<String>,
        /// Do not create the demo workspace on first start (an empty workspace is created instead).
        #[arg(long, env = "OPENCX_NO_DEMO")]
        no_demo: bool,
        /// Requests per second allowed per client address on the public routes (survey pages,
        /// response intake), with bursts of three times as many; 0 turns the limit off.
        #[arg(long, env = "OPENCX_PUBLIC_RATE_LIMIT", default_value_t = 20.0)]
        public_rate_limit: f64,
        /// Responses looked at per transaction when the figures are recounted after a change of
        /// a workspace's time zone: smaller holds the write lock for less time per chunk.
        #[arg(long, env = "OPENCX_RECOUNT_CHUNK", default_value_t = opencx_store::RECOUNT_CHUNK,
              value_parser = clap::value_parser!(i64).range(1..=100_000))]
        recount_chunk: i64,
        /// Mark session cookies `Secure`: set this when users reach the server over HTTPS
        /// (directly or through a reverse proxy).
        #[arg(long, env = "OPENCX_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The address people reach this server at (`https://cx.example.com`): links shown to
        /// copy use it, forms must come from it; with https:// cookies are marked Secure.
        #[arg(long, env = "OPENCX_PUBLIC_URL")]
        public_url: Option<String>,
        /// A reverse proxy (IP address or CIDR network) whose X-Forwarded-For names the client
        /// for the per-address rate limit; repeat for several (comma-separated in the
        /// environment). Requests from other addresses are limited by their own address.
        #[arg(
            long = "trusted-proxy",
            env = "OPENCX_TRUSTED_PROXIES",
            value_delimiter = ',',
            value_name = "IP_OR_CIDR"
        )]
        trusted_proxies: Vec<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Surveys as code: import and export definitions.
    Survey {
        #[command(subcommand)]
        command: SurveyCommand,
    },
    /// Workspace API keys.
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
    /// People who sign in to the web app.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Create a demo workspace with every template and generated responses.
    Demo {
        /// Generated responses per survey.
        #[arg(long, default_value_t = 600)]
        responses: usize,
        /// An existing account (email) to make owner of the new workspace, so that it can be
        /// opened in the web app.
        #[arg(long)]
        owner: Option<String>,
    },
    /// Measure performance (see docs/BENCHMARKS.md). Uses a fresh SQLite file unless
    /// --database-url is given (a PostgreSQL database is used as it is: give an empty one).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Text analytics of open answers.
    Text {
        #[command(subcommand)]
        command: TextCommand,
    },
}

#[derive(Subcommand)]
enum TextCommand {
    /// Measures sentiment against labelled files (CSV or TSV with the columns text, language
    /// and label — positive, neutral or negative — and optionally id): accuracy, macro-F1 and a
    /// confusion matrix per language, for the word lists and rules, simple baselines, and a
    /// model trained on a development share (about 70%, chosen by a hash of each row) and
    /// judged on the rest.
    Eval {
        /// The labelled files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Judge the word lists on the development share instead (for tuning them without
        /// looking at the held-out share); the model is not reported.
        #[arg(long)]
        development: bool,
    },
    /// Shows what the engine makes of one text: its language, sentiment (overall and per
    /// sentence), the words that moved it, and the starter themes it mentions. Uses the word
    /// lists and rules only; a workspace's own model and taxonomy are used by the server.
    Analyze {
        /// The text (several arguments are joined with spaces).
        #[arg(required = true)]
        text: Vec<String>,
        /// The language assumed when the text is too short to tell (en, pl, he or fa).
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
enum SurveyCommand {
    /// Create a draft survey from a JSON or YAML definition file.
    Import {
        file: PathBuf,
        /// Workspace, by its slug (as in /w/SLUG) or its id (default: the first workspace).
        #[arg(long)]
        workspace: Option<String>,
        /// Public address /s/SLUG (default: made from the title).
        #[arg(long)]
        slug: Option<String>,
        /// Publish it right away.
        #[arg(long)]
        publish: bool,
    },
    /// Print a survey's definition exactly as it was given.
    Export {
        id: i64,
        #[arg(long, default_value = "json")]
        format: String,
        /// Version number (default: the current one).
        #[arg(long)]
        version: Option<i64>,
        /// Workspace, by its slug (as in /w/SLUG) or its id (default: the first workspace).
        #[arg(long)]
        workspace: Option<String>,
    },
    /// List the surveys of a workspace.
    List {
        /// Workspace, by its slug (as in /w/SLUG) or its id (default: the first workspace).
        #[arg(long)]
        workspace: Option<String>,
    },
}

#[derive(Subcommand)]
enum ApiKeyCommand {
    /// Create an API key (printed once).
    Create {
        /// Workspace, by its slug (as in /w/SLUG) or its id (default: the first workspace).
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, default_value = "created on the command line")]
        name: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account with a role in a workspace. The password is read from the
    /// environment variable OPENCX_PASSWORD, or else from the first line of standard input.
    Create {
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin, editor, analyst or viewer.
        #[arg(long, default_value = "owner")]
        role: String,
        /// Workspace, by its slug (as in /w/SLUG) or its id (default: the first workspace).
        #[arg(long)]
        workspace: Option<String>,
        /// The app's language for this person: en, pl, he or fa.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Set a new password for an account (read like `create`'s); every session of it ends.
    SetPassword { email: String },
}

/// A password from OPENCX_PASSWORD or the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("OPENCX_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Text analytics through the server: the analyser draining a queue of generated open
    /// answers, the delay from a new answer to its analysis, the themes pages and a theme's answers.
    Text {
        #[arg(long, default_value_t = 200_000)]
        responses: usize,
        /// Seconds each themes page is requested for.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    /// Durable responses per second through POST /s/{slug}/responses.
    Intake {
        #[arg(long, default_value_t = 64)]
        clients: usize,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    /// The respondent page under concurrent GETs.
    Page {
        #[arg(long, default_value_t = 16)]
        clients: usize,
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
    /// Metrics of one survey over many generated responses.
    Metrics {
        #[arg(long, default_value_t = 1_000_000)]
        responses: usize,
        /// The zone the workspace changes to at the end (from UTC), recounting its figures.
        #[arg(long, default_value = "Europe/Warsaw")]
        zone: String,
    },
    /// A survey's dashboard page over many generated responses, signed in as its owner:
    /// latency of the page (default period, the whole year, the live part) and the bytes of a
    /// first visit.
    Dashboard {
        #[arg(long, default_value_t = 1_000_000)]
        responses: usize,
        /// Concurrent clients; a comma-separated list measures each in turn (e.g. 1,4).
        #[arg(long, value_delimiter = ',', default_value = "1")]
        clients: Vec<usize>,
        /// Seconds per measured case.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print an example configuration file.
    Example,
}

fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("OPENCX_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open_app(settings: &config::Settings, options: AppOptions) -> anyhow::Result<App> {
    let clock = system_clock();
    let store = Store::open(&settings.database_url, StoreOptions::default(), clock())
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                redact_url(&settings.database_url)
            )
        })?;
    App::with_options(store, clock, options)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The workspace named on the command line by its slug or its id, or else the first one.
async fn workspace_id(app: &App, given: Option<String>) -> anyhow::Result<i64> {
    if let Some(given) = given {
        // A slug first: the one the pages show (/w/demo), and a slug may be all digits.
        if let Some(w) = app.store.find_workspace_by_slug(&given).await? {
            return Ok(w.id);
        }
        if let Ok(id) = given.parse::<i64>() {
            match app.store.get_workspace(id).await {
                Ok(w) => return Ok(w.id),
                Err(opencx_store::StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        bail!("there is no workspace with the slug or id {given:?}");
    }
    match app.store.list_workspaces().await?.first() {
        Some(w) => Ok(w.id),
        None => bail!("there is no workspace yet: run `opencx serve` once, or `opencx demo`"),
    }
}

fn print_key_banner(workspace_id: i64, key: &str) {
    println!();
    println!("  ┌──────────────────────────────────────────────────────────────────────────┐");
    println!("  │ Admin API key for workspace {workspace_id:<45}│");
    println!("  │ {key:<73}│");
    println!("  │ It is shown only this once; it is stored hashed. Keep it somewhere safe. │");
    println!("  └──────────────────────────────────────────────────────────────────────────┘");
    println!();
}

fn print_setup_banner(address: &std::net::SocketAddr, code: &str) {
    let url = format!("http://{address}/setup");
    println!();
    println!("  No account exists yet. Open {url}");
    println!("  and create the owner account with this one-time setup code:");
    println!();
    println!("      setup code: {code}");
    println!();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let file = config::FileConfig::load(cli.config.as_deref())?;
    let file_public_url = file.public_url.clone();
    let (listen, no_demo, trusted_proxies) = match &cli.command {
        Command::Serve {
            listen,
            no_demo,
            trusted_proxies,
            ..
        } => (
            listen.clone(),
            *no_demo,
            (!trusted_proxies.is_empty()).then(|| trusted_proxies.clone()),
        ),
        _ => (None, false, None),
    };
    let settings = config::resolve(
        file,
        listen,
        cli.database_url.clone(),
        cli.data_dir.clone(),
        no_demo,
        cli.log_format.clone(),
        trusted_proxies,
    )?;
    init_logging(settings.json_logs);

    match cli.command {
        Command::Serve {
            public_rate_limit,
            recount_chunk,
            secure_cookies,
            public_url,
            ..
        } => {
            let public_url = public_url
                .or(file_public_url)
                .filter(|u| !u.trim().is_empty())
                .map(|u| config::check_public_url(&u))
                .transpose()?;
            serve(
                settings,
                (public_rate_limit, recount_chunk),
                secure_cookies,
                public_url,
            )
            .await
        }
        Command::Migrate => {
            let applied =
                opencx_store::migrate_only(&settings.database_url, system_clock()()).await?;
            println!("applied {} migration(s): {applied:?}", applied.len());
            Ok(())
        }
        Command::Survey { command } => {
            let app = open_app(&settings, AppOptions::default()).await?;
            match command {
                SurveyCommand::Import {
                    file,
                    workspace,
                    slug,
                    publish,
                } => {
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    let document = read_document(&text)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                    let workspace = workspace_id(&app, workspace).await?;
                    let mut survey = app
                        .create_survey(workspace, slug.as_deref(), document)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                    if publish {
                        survey = app
                            .publish_survey(workspace, survey.row.id)
                            .await
                            .map_err(|e| anyhow::anyhow!("{e}"))?;
                    }
                    println!(
                        "{}\t{}\t{}\t/s/{}",
                        survey.row.id, survey.row.status, survey.row.title, survey.row.slug
                    );
                }
                SurveyCommand::Export {
                    id,
                    format,
                    version,
                    workspace,
                } => {
                    let format = match format.as_str() {
                        "json" => ExportFormat::Json,
                        "yaml" => ExportFormat::Yaml,
                        other => bail!("--format must be json or yaml, not {other}"),
                    };
                    let workspace = workspace_id(&app, workspace).await?;
                    let row = app
                        .store
                        .get_survey(workspace, id)
                        .await
                        .with_context(|| format!("survey {id} not found"))?;
                    let survey = app
                        .load_version(row, version)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    print!(
                        "{}",
                        export_document(&survey.document, format)
                            .map_err(|e| anyhow::anyhow!("{e}"))?
                    );
                }
                SurveyCommand::List { workspace } => {
                    let workspace = workspace_id(&app, workspace).await?;
                    for s in app.store.list_surveys(workspace).await? {
                        println!(
                            "{}\t{}\t{}\t{}\t/s/{}",
                            s.id, s.status, s.response_count, s.title, s.slug
                        );
                    }
                }
            }
            app.store.close().await;
            Ok(())
        }
        Command::ApiKey {
            command: ApiKeyCommand::Create { workspace, name },
        } => {
            let app = open_app(&settings, AppOptions::default()).await?;
            let workspace = workspace_id(&app, workspace).await?;
            let key = app
                .create_api_key(workspace, &name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            print_key_banner(workspace, &key.key);
            app.store.close().await;
            Ok(())
        }
        Command::User { command } => {
            let app = open_app(&settings, AppOptions::default()).await?;
            match command {
                UserCommand::Create {
                    email,
                    name,
                    role,
                    workspace,
                    language,
                } => {
                    let role = opencx_domain::access::Role::parse(&role).with_context(|| {
                        format!("unknown role {role}: owner, admin, editor, analyst or viewer")
                    })?;
                    let workspace = workspace_id(&app, workspace).await?;
                    let form = opencx_app::accounts::AccountForm {
                        email,
                        name,
                        password: read_password()?,
                        language,
                    };
                    let user = app
                        .create_user(workspace, role, &form)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("created {} ({role} of workspace {workspace})", user.email);
                }
                UserCommand::SetPassword { email } => {
                    app.reset_password(&email, &read_password()?)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("password changed; every session of {email} has ended");
                }
            }
            Ok(())
        }
        Command::Demo { responses, owner } => {
            let app = open_app(&settings, AppOptions::default()).await?;
            // Checked first, so that a mistyped email creates nothing.
            let owner = match owner {
                Some(email) => Some(
                    app.store
                        .find_user_by_email(
                            &opencx_app::accounts::normalize_email(&email)
                                .map_err(|e| anyhow::anyhow!("{e}"))?,
                        )
                        .await?
                        .with_context(|| format!("no account has the email {email}"))?,
                ),
                None => None,
            };
            let seed = app
                .seed_demo(responses)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "demo workspace {} with {} surveys and {} responses",
                seed.workspace_id, seed.surveys, seed.responses
            );
            match owner {
                Some(user) => {
                    app.store
                        .add_membership(seed.workspace_id, user.id, "owner", app.now())
                        .await?;
                    println!("{} is its owner", user.email);
                }
                None if app.store.count_users().await? > 0 => println!(
                    "nobody can open it in the web app yet: give it an owner with \
                     `opencx user create EMAIL --name NAME --workspace {}`, or run \
                     `opencx demo --owner EMAIL` to make an existing account owner of a new one",
                    seed.workspace_id
                ),
                None => {}
            }
            print_key_banner(seed.workspace_id, &seed.api_key.key);
            app.store.close().await;
            Ok(())
        }
        Command::Bench { command } => {
            // Only an explicit URL is used; the default data folder is never benchmarked into.
            let url = cli.database_url.clone();
            match command {
                BenchCommand::Intake { clients, seconds } => {
                    bench::intake(url, clients, seconds).await
                }
                BenchCommand::Page { clients, seconds } => bench::page(url, clients, seconds).await,
                BenchCommand::Metrics { responses, zone } => {
                    bench::metrics(url, responses, &zone).await
                }
                BenchCommand::Dashboard {
                    responses,
                    clients,
                    seconds,
                } => bench::dashboard(url, responses, &clients, seconds).await,
                BenchCommand::Text { responses, seconds } => {
                    bench::text(url, responses, seconds).await
                }
            }
        }
        Command::Text {
            command: TextCommand::Eval { files, development },
        } => {
            let mut records = Vec::new();
            for file in &files {
                let content = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                records.extend(
                    opencx_text::eval::read_labelled(&content)
                        .with_context(|| format!("{} is not a labelled file", file.display()))?,
                );
            }
            let options = opencx_text::eval::EvalOptions {
                on_development: development,
                ..Default::default()
            };
            let analyzer = opencx_text::sentiment::SentimentAnalyzer::new();
            print!(
                "{}",
                opencx_text::eval::evaluate(&records, &analyzer, &options)
            );
            Ok(())
        }
        Command::Text {
            command: TextCommand::Analyze { text, lang },
        } => {
            let Some(fallback) = opencx_text::lang::Lang::from_code(&lang) else {
                bail!("--lang must be one of en, pl, he or fa, not {lang:?}");
            };
            print!("{}", text_analyze::report(&text.join(" "), fallback));
            Ok(())
        }
        Command::Config {
            command: ConfigCommand::Example,
        } => {
            print!("{}", config::EXAMPLE);
            Ok(())
        }
    }
}

async fn serve(
    settings: config::Settings,
    (public_rate_limit, recount_chunk): (f64, i64),
    secure_cookies: bool,
    public_url: Option<String>,
) -> anyhow::Result<()> {
    if !(public_rate_limit.is_finite() && public_rate_limit >= 0.0) {
        bail!("--public-rate-limit must be a number of requests per second, 0 or more");
    }
    // Raised when shutdown begins, so that open event streams end and the server can stop.
    let stopping = tokio::sync::watch::Sender::new(false);
    let web_options = opencx_web::WebOptions {
        public_rate_limit: (public_rate_limit > 0.0).then(|| opencx_web::rate_limit::RateLimit {
            per_second: public_rate_limit,
            burst: (public_rate_limit * 3.0).max(1.0),
        }),
        secure_cookies: secure_cookies
            || public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
        public_url,
        trusted_proxies: settings.trusted_proxies.clone(),
        shutdown: Some(stopping.subscribe()),
    };
    tracing::info!(database = %redact_url(&settings.database_url), "opening the database");
    let app = open_app(&settings, AppOptions { recount_chunk }).await?;
    if app.store.list_workspaces().await?.is_empty() {
        if settings.demo {
            let seed = app
                .seed_demo(600)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            tracing::info!(
                workspace = seed.workspace_id,
                surveys = seed.surveys,
                responses = seed.responses,
                "created the demo workspace"
            );
            print_key_banner(seed.workspace_id, &seed.api_key.key);
        } else {
            let workspace = app
                .store
                .create_workspace("default", "My workspace", app.now())
                .await?;
            let key = app
                .create_api_key(workspace.id, "admin (created on first start)")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            print_key_banner(workspace.id, &key.key);
        }
    }
    // Open answers get their language, sentiment and themes in the background.
    opencx_app::text::spawn_text_analyser(app.clone(), app.ingest.subscribe());
    // PostgreSQL's planner statistics kept current (decision 0040); the server's alone, so
    // that a short command does not wait for an ANALYZE before it exits.
    app.store.spawn_statistics_refresh();
    let listener = tokio::net::TcpListener::bind(&settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let address = listener.local_addr()?;
    if let Some(code) = app
        .issue_setup_code()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        print_setup_banner(&address, &code);
    }
    let stop_signal = shutdown_signal();
    // Tests and scripts read this line to find a random port.
    println!("listening on http://{address}");
    tracing::info!(%address, "listening");
    let store = app.store.clone();
    axum::serve(
        listener,
        opencx_web::router(app, web_options)
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        stop_signal.await;
        stopping.send_replace(true);
    })
    .await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Waits for Ctrl-C or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: a SIGTERM that arrives just after "listening on" is printed must
/// start a clean shutdown, not kill the process.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let terminate = signal(SignalKind::terminate());
    let interrupt = signal(SignalKind::interrupt());
    async move {
        let wait = |installed: std::io::Result<tokio::signal::unix::Signal>| async move {
            match installed {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! { () = wait(interrupt) => {}, () = wait(terminate) => {} }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
