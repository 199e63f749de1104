//! What every run needs before its inputs: the job's env checked (secrets
//! registered with the redactor), the runtime and the sandbox started, the
//! Make client and the host built. A single run (`commands::execute`) uses
//! it once, a batch (`crate::batch`) once per record; neither knows the other.

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use job_runner::eval::Limits;
use job_runner::job::model::{Function, Job};
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
use crate::sandbox::Sandbox;

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
    prepare_for(job, function, &RunSettings::of(args), redactor)
}

/// The flags a run is prepared with, from `execute` or `serve`.
pub(crate) struct RunSettings<'a> {
    pub(crate) envs: &'a [String],
    pub(crate) sandbox: Option<&'a crate::sandbox::Plan>,
    pub(crate) sandbox_env: &'a [String],
    pub(crate) reliability: &'a ReliabilityArgs,
    pub(crate) limits: &'a crate::cli::LimitArgs,
}

impl<'a> RunSettings<'a> {
    pub(crate) fn of(args: &'a ExecuteArgs) -> RunSettings<'a> {
        RunSettings {
            envs: &args.envs,
            sandbox: args.sandbox.as_ref(),
            sandbox_env: &args.sandbox_env,
            reliability: &args.reliability,
            limits: &args.limits,
        }
    }
}

/// [`prepare`] for `function`: the main function, or a task's body.
pub(crate) fn prepare_for<'a>(
    job: &'a Job,
    function: &'a Arc<Function>,
    args: &RunSettings<'_>,
    redactor: &Redactor,
) -> Result<Prepared<'a>, CliError> {
    let mut env = EnvSources::collect(args.envs, Path::new(".env"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| {
            CliError::new(exit_codes::JOB_FAILED, "cannot start the async runtime")
                .caused_by(&error)
        })?;

    let sandbox = if let Some(plan) = args.sandbox {
        let sandbox = runtime
            .block_on(Sandbox::start(plan.clone()))
            .map_err(|error| {
                CliError::new(
                    exit_codes::JOB_FAILED,
                    "cannot start the sandbox webhook on 127.0.0.1",
                )
                .caused_by(&error)
            })?;
        for name in sandboxed_env(job, args.sandbox_env, &env) {
            if env.lookup(&name).is_some() {
                tracing::info!(
                    "--sandbox: ignoring the configured {name}; it points at the sandbox"
                );
            }
            env.set_flag(&name, sandbox.webhook_url().to_owned());
        }
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
    let make = MakeClient::new(trigger_options(args.reliability, api_key, rate_limiter)).map_err(
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

/// The env vars `--sandbox` stands in for: those `--sandbox-env` names, or
/// else every URL the job declares (`make_webhook_url`, any name with `url`
/// or `webhook` in it, any whose value is an http(s) URL).
fn sandboxed_env(job: &Job, picked: &[String], env: &EnvSources) -> Vec<String> {
    if !picked.is_empty() {
        return picked.to_vec();
    }
    job.env
        .iter()
        .filter(|name| {
            let lower = name.to_lowercase();
            let value = env.lookup(name).unwrap_or_default();
            name.as_str() == WEBHOOK_ENV
                || lower.contains("url")
                || lower.contains("webhook")
                || value.starts_with("http://")
                || value.starts_with("https://")
        })
        .cloned()
        .collect()
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
