//! `runner-cli execute`: load the job, validate env and inputs, run it, print
//! its response, and turn the outcome into an exit code. With `--each` the
//! prepared run is handed to [`crate::batch`], which runs it once per record.

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use job_runner::eval::Limits;
use job_runner::job::model::{Function, Job};
use job_runner::run::{RunResult, RunState};
use job_runner::value::Value;
use make_core::{
    ApiKey, MakeClient, RateLimit, RateLimiter, RetryPolicy, TriggerOptions, WebhookUrl,
};
use tokio_util::sync::CancellationToken;

use crate::cli::{ExecuteArgs, ReliabilityArgs};
use crate::env::EnvSources;
use crate::error::CliError;
use crate::exit_codes;
use crate::host::LiveHost;
use crate::output;
use crate::redact::Redactor;
use crate::sandbox::{self, Sandbox};

/// The env var the sandbox takes over.
const WEBHOOK_ENV: &str = "make_webhook_url";
/// When set, sent to Make as `x-make-apikey` (a secret like the URL).
const API_KEY_ENV: &str = "make_api_key";
/// Replaces the default per-webhook rate limit, e.g. `30/1s`, or `off`.
const MAKE_RATE_ENV: &str = "RUNNER_MAKE_RATE";

fn trigger_options(
    flags: &ReliabilityArgs,
    api_key: Option<String>,
    rate_limiter: Option<Arc<RateLimiter>>,
) -> TriggerOptions {
    let defaults = TriggerOptions::default();
    TriggerOptions {
        timeout: flags.timeout,
        retry: RetryPolicy {
            max_retries: flags.retries,
            max_retry_wait: flags.max_retry_wait,
            retry_ambiguous: flags.retry_ambiguous,
            ..defaults.retry.clone()
        },
        api_key: api_key.map(ApiKey::new),
        idempotency_key: flags.idempotency_key.clone(),
        rate_limiter,
        ..defaults
    }
}

/// Everything a run needs, prepared once: a single run uses it once, a batch
/// (`--each`) once per record.
pub(crate) struct Prepared<'a> {
    pub(crate) job: &'a Job,
    pub(crate) function: &'a Arc<Function>,
    pub(crate) env_values: IndexMap<String, String>,
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) host: LiveHost,
    /// Cancels whatever is under way: Make triggers, requests and waits.
    pub(crate) cancel: CancellationToken,
    pub(crate) sandbox: Option<Sandbox>,
    pub(crate) limits: Limits,
}

pub(crate) fn run(
    jobs_dir: &Path,
    args: &ExecuteArgs,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    let catalog = super::load_catalog(jobs_dir)?;
    let job = super::find_job(&catalog, &args.job)?;
    if let Some(each) = &args.batch.each {
        // Fail on a missing input file before starting a runtime or a sandbox.
        let source = crate::batch::Source::open(each)?;
        let mut prepared = prepare(job, args, redactor)?;
        let database = crate::database::for_job(job, &args.database, jobs_dir)?;
        prepared.host.set_database(database);
        return crate::batch::run(prepared, &args.batch, source, redactor);
    }
    let mut prepared = prepare(job, args, redactor)?;
    let database = crate::database::for_job(job, &args.database, jobs_dir)?;
    prepared.host.set_database(database);
    let inputs = crate::inputs::assemble(
        job,
        prepared.function,
        args.input_file.as_deref(),
        &args.inputs,
        args.max_input_file.saturating_mul(1024 * 1024),
    )?;
    for spec in prepared
        .function
        .inputs
        .iter()
        .filter(|spec| spec.sensitive)
    {
        if let Some(secret) = inputs.get(&spec.name) {
            redactor.add_value(&secret.to_json());
        }
    }

    let on_ctrl_c = prepared.cancel.clone();
    prepared.runtime.spawn(async move {
        if crate::signals::next().await.is_some() {
            on_ctrl_c.cancel();
        }
    });

    tracing::debug!(
        "running job `{}` (function `{}`)",
        job.name,
        prepared.function.name
    );
    let result = job_runner::eval::execute(
        job,
        inputs,
        &prepared.env_values,
        &prepared.host,
        &prepared.limits,
    );

    let Prepared {
        runtime,
        host,
        sandbox,
        ..
    } = prepared;
    if let Some(sandbox) = sandbox {
        let received = runtime.block_on(sandbox.stop());
        output::info(redactor, &sandbox::describe(&received, redactor));
    }
    let unknown = host.may_have_triggered();
    report(&job.name, &result, host.cancellation(), unknown, redactor)
}

/// Checks the job's env, starts the runtime (and the sandbox), and builds the
/// Make client and the host: the part of a run that does not depend on inputs.
pub(crate) fn prepare<'a>(
    job: &'a Job,
    args: &ExecuteArgs,
    redactor: &Redactor,
) -> Result<Prepared<'a>, CliError> {
    let function = job.main_function().ok_or_else(|| {
        CliError::config(format!("job `{}` has no function `{}`", job.name, job.main))
    })?;

    let mut env = EnvSources::collect(&args.envs, Path::new(".env"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| {
            CliError::new(exit_codes::JOB_FAILED, "cannot start the async runtime")
                .caused_by(&error)
        })?;

    let sandbox = if let Some(plan) = &args.sandbox {
        let sandbox = runtime
            .block_on(Sandbox::start(plan.clone()))
            .map_err(|error| {
                CliError::new(
                    exit_codes::JOB_FAILED,
                    "cannot start the sandbox webhook on 127.0.0.1",
                )
                .caused_by(&error)
            })?;
        if env.lookup(WEBHOOK_ENV).is_some() {
            tracing::info!(
                "--sandbox: ignoring the configured {WEBHOOK_ENV}; triggers go to the sandbox"
            );
        }
        env.set_flag(WEBHOOK_ENV, sandbox.webhook_url().to_owned());
        Some(sandbox)
    } else {
        None
    };

    let env_values =
        job_runner::job::env::check_env(job, |name| env.lookup(name)).map_err(|missing| {
            let error = CliError::config(missing.to_string());
            if job.env.iter().any(|name| name == WEBHOOK_ENV) && args.sandbox.is_none() {
                error.with_hint("to try the job without a Make account, add `--sandbox`")
            } else {
                error
            }
        })?;
    for value in env_values.values() {
        register_secret(redactor, value);
    }
    // A malformed webhook URL is a configuration problem: say so before the
    // run starts, rather than as an input error halfway through it.
    if let Some(url) = env_values.get(WEBHOOK_ENV) {
        let parsed = WebhookUrl::parse(url).map_err(|error| {
            CliError::config(format!("`{WEBHOOK_ENV}` is not a usable webhook URL: {error}"))
                .with_hint("copy the URL of the scenario's Custom webhook from Make, e.g. https://hook.eu1.make.com/...")
        })?;
        warn_if_plain_http(&parsed, redactor);
    }

    let cancel = CancellationToken::new();
    let api_key = env.lookup(API_KEY_ENV).filter(|key| !key.is_empty());
    if let Some(key) = &api_key {
        redactor.add(key);
        // A header cannot hold it: say so now, not as an HTTP error mid-run.
        if key.chars().any(char::is_control) {
            return Err(CliError::config(format!(
                "`{API_KEY_ENV}` holds a line break or another control character"
            ))
            .with_hint("set it without the newline a file or `echo` may have added"));
        }
    }
    let rate_limiter = default_rate_limiter()?;
    let make = MakeClient::new(trigger_options(&args.reliability, api_key, rate_limiter)).map_err(
        |error| {
            CliError::new(exit_codes::JOB_FAILED, "cannot set up the Make client").caused_by(&error)
        },
    )?;
    let host = LiveHost::new(runtime.handle().clone(), make, cancel.clone(), redactor).map_err(
        |error| {
            CliError::new(exit_codes::JOB_FAILED, "cannot set up the HTTP client").caused_by(&error)
        },
    )?;

    let limits = args.limits.to_limits();
    Ok(Prepared {
        job,
        function,
        env_values,
        runtime,
        host,
        cancel,
        sandbox,
        limits,
    })
}

/// A webhook over `http://` sends its token in clear text; on this
/// machine's loopback (a stand-in, the sandbox) that is fine.
fn warn_if_plain_http(url: &WebhookUrl, redactor: &Redactor) {
    let url = url.expose_secret();
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    if url.scheme() == "http" && !loopback {
        output::eprint(
            redactor,
            &format!(
                "warning: `{WEBHOOK_ENV}` uses http://, so its token crosses the network unencrypted; Make's webhooks take https://"
            ),
        );
    }
}

/// The per-webhook limiter of `make.trigger_scenario`: Make's 300/10s, unless
/// `RUNNER_MAKE_RATE` changes it (`off` disables it). A knob for tests and
/// benchmarks that stand in for Make with a scaled limit, or with none.
fn default_rate_limiter() -> Result<Option<Arc<RateLimiter>>, CliError> {
    let Some(text) = std::env::var_os(MAKE_RATE_ENV) else {
        return Ok(Some(RateLimiter::process_default()));
    };
    let text = text.to_string_lossy();
    if text.trim() == "off" {
        return Ok(None);
    }
    let limit: RateLimit = text.parse().map_err(|error| {
        CliError::config(format!("{MAKE_RATE_ENV} is not valid")).caused_by(&error)
    })?;
    Ok(Some(Arc::new(RateLimiter::new(limit))))
}

/// The webhook URL is registered whole and by its token, so neither shows up
/// even when a library prints only the path.
fn register_secret(redactor: &Redactor, value: &str) {
    redactor.add(value);
    if let Ok(url) = WebhookUrl::parse(value) {
        for fragment in url.secret_fragments() {
            redactor.add(&fragment);
        }
    }
}

/// Prints the response on stdout (or the error on stderr) and picks the exit code.
/// A run that ended without a response still prints a JSON object, so `| jq`
/// always gets one: `status` is `unknown` when Make may have received a
/// trigger (a timeout after sending), else `error` or `cancelled`.
fn report(
    job_name: &str,
    result: &RunResult,
    cancellation: Option<String>,
    may_have_triggered: bool,
    redactor: &Redactor,
) -> Result<i32, CliError> {
    if result.state != RunState::Complete {
        let status = match (may_have_triggered, result.state) {
            (true, _) => "unknown",
            (false, RunState::Cancelled) => "cancelled",
            (false, _) => "error",
        };
        let error = result.error.as_ref();
        let report = serde_json::json!({
            "status": status,
            "error": {
                "type": error.map_or("cancelled", |error| error.kind.as_str()),
                "message": error.map_or_else(
                    || cancellation.clone().unwrap_or_else(|| "the run was cancelled".to_owned()),
                    |error| error.message.clone(),
                ),
                "location": error.and_then(|error| error.location.clone()),
            },
        });
        output::print_json(redactor, &report);
    }
    match result.state {
        RunState::Complete => {
            let response = result.response.clone().unwrap_or(Value::Null);
            output::print_json(redactor, &response.to_json());
            Ok(exit_code_for_response(&response))
        }
        RunState::Error => {
            let error = result.error.as_ref();
            let kind = error.map_or("standard", |error| error.kind.as_str());
            let mut message = format!(
                "job `{job_name}` failed: {}",
                error.map_or("no error was recorded", |error| error.message.as_str())
            );
            if let Some(location) = error.and_then(|error| error.location.as_deref()) {
                message.push_str(&format!("\n  --> {location}"));
            }
            let code = match kind {
                "inputerror" => exit_codes::INVALID_INPUT,
                "database_unavailable" => exit_codes::DATABASE_UNAVAILABLE,
                _ => exit_codes::JOB_FAILED,
            };
            Err(CliError::new(code, message).with_details(format!("  error type: {kind}")))
        }
        RunState::Cancelled => Err(CliError::new(
            crate::signals::stop_code(),
            format!(
                "job `{job_name}` was cancelled ({})",
                if crate::signals::stop_code() == exit_codes::TERMINATED {
                    "SIGTERM"
                } else {
                    "Ctrl-C"
                }
            ),
        )
        .with_details(format!(
            "  {}",
            cancellation.unwrap_or_else(|| "no request was under way".to_owned())
        ))),
    }
}

/// A response with a `status` says whether the work it reports succeeded.
fn exit_code_for_response(response: &Value) -> i32 {
    let status = response
        .as_object()
        .and_then(|object| object.get("status"))
        .and_then(Value::as_str);
    match status {
        None | Some("success") => exit_codes::SUCCESS,
        Some("rate_limited") => exit_codes::RATE_LIMITED,
        Some(_) => exit_codes::JOB_FAILED,
    }
}
