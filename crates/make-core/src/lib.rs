//! Trigger Make.com scenarios through their custom webhooks.
//!
//! The webhook URL is a bearer credential, so [`WebhookUrl`] never shows it
//! whole. [`MakeClient::trigger`] POSTs a JSON envelope and classifies Make's
//! answer into a [`TriggerReport`]. This crate does not know XanoScript.

mod report;
mod webhook_url;

pub use report::{TriggerReport, TriggerStatus};
pub use webhook_url::{InvalidWebhookUrl, WebhookUrl};
