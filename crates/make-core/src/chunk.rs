//! Arrays in chunks: a payload that is an array of records is sent as
//! several triggers of at most `chunk_size` records, each under Make's 5 MB,
//! each with its own idempotency key (`KEY-chunk-N`) and its own entry in
//! the report. Chunks go in order; the first that Make does not accept
//! stops the rest, so a scenario never sees chunk 3 without chunk 2.

use std::ops::Range;

use serde_json::{Value, json};

use crate::{CallOptions, MakeClient, TriggerError, TriggerReport, TriggerStatus, WebhookUrl};

/// Why an array cannot be cut into chunks that fit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("`chunk_size` must be at least 1")]
    ZeroChunkSize,
    #[error(
        "record {index} of the payload is {size} bytes as JSON, more than the {limit} bytes a chunk may hold within the payload limit, so it cannot be sent even alone"
    )]
    RecordTooLarge {
        index: usize,
        size: usize,
        limit: usize,
    },
}

/// Cuts `records` into consecutive ranges of at most `max_records` records
/// whose JSON array (`[a,b,c]`) is at most `max_bytes` bytes.
pub fn plan_chunks(
    records: &[Value],
    max_records: usize,
    max_bytes: usize,
) -> Result<Vec<Range<usize>>, ChunkError> {
    if max_records == 0 {
        return Err(ChunkError::ZeroChunkSize);
    }
    let mut chunks = Vec::new();
    let mut start = 0;
    // `[` and `]`; each record adds its length and, after the first, a comma.
    let mut bytes = 2;
    for (index, record) in records.iter().enumerate() {
        let size = json_len(record);
        if size + 2 > max_bytes {
            return Err(ChunkError::RecordTooLarge {
                index,
                size,
                limit: max_bytes,
            });
        }
        let count = index - start;
        let grown = bytes + size + usize::from(count > 0);
        if count == max_records || grown > max_bytes {
            chunks.push(start..index);
            start = index;
            bytes = 2 + size;
        } else {
            bytes = grown;
        }
    }
    if start < records.len() {
        chunks.push(start..records.len());
    }
    Ok(chunks)
}

/// The length of `value` as compact JSON, without building the text.
fn json_len(value: &Value) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing a `Value` to a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

impl MakeClient {
    /// Sends `records` as triggers of at most `chunk_size` records each and
    /// under the payload limit. The report sums them up: `status` is the
    /// first chunk's that was not accepted (else success), `attempts` the
    /// total, `idempotency_key` the base of the chunks' keys, and
    /// `response_body` one entry per chunk sent:
    /// `{chunk, records, status, http_status, attempts, idempotency_key, response_body}`.
    pub async fn trigger_chunks(
        &self,
        url: &WebhookUrl,
        scenario_name: &str,
        records: &[Value],
        chunk_size: usize,
        call: CallOptions,
    ) -> Result<TriggerReport, TriggerError> {
        let options = self.options();
        let overhead = envelope_overhead(scenario_name);
        let max_bytes = options.max_payload_bytes.saturating_sub(overhead);
        let chunks = plan_chunks(records, chunk_size, max_bytes).map_err(|error| {
            TriggerError::InvalidPayload {
                reason: error.to_string(),
            }
        })?;
        let base = call
            .idempotency_key
            .clone()
            .or_else(|| options.idempotency_key.clone())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let total = chunks.len();
        let mut entries = Vec::with_capacity(total);
        let mut attempts = 0;
        let mut last_status = 200;
        let mut stopped: Option<(usize, TriggerStatus, String)> = None;
        for (index, range) in chunks.iter().enumerate() {
            let number = index + 1;
            let key = format!("{base}-chunk-{number}");
            let chunk_call = CallOptions {
                idempotency_key: Some(key.clone()),
                cancel: call.cancel.clone(),
                observer: call.observer.clone(),
            };
            let payload = Value::Array(records[range.clone()].to_vec());
            let report = match self
                .trigger_with(url, scenario_name, &payload, chunk_call)
                .await
            {
                Ok(report) => report,
                // Nothing was accepted yet: the caller sees the error as for one trigger.
                Err(error) if number == 1 => return Err(error),
                Err(error @ TriggerError::Cancelled { .. }) => return Err(error),
                Err(error) => {
                    entries.push(json!({
                        "chunk": number,
                        "records": range.len(),
                        "status": TriggerStatus::Error,
                        "idempotency_key": key,
                        "error": error.to_string(),
                    }));
                    stopped = Some((number, TriggerStatus::Error, error.to_string()));
                    break;
                }
            };
            attempts += report.attempts;
            last_status = report.http_status;
            entries.push(json!({
                "chunk": number,
                "records": range.len(),
                "status": report.status,
                "http_status": report.http_status,
                "attempts": report.attempts,
                "idempotency_key": key,
                "response_body": report.response_body,
            }));
            if report.status != TriggerStatus::Success {
                stopped = Some((number, report.status, report.message));
                break;
            }
        }
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        let (status, message) = match stopped {
            None => (
                TriggerStatus::Success,
                format!(
                    "Sent {} record{} in {total} chunk{} of at most {chunk_size}: all accepted",
                    records.len(),
                    plural(records.len()),
                    plural(total)
                ),
            ),
            Some((number, status, why)) => (
                status,
                format!(
                    "chunk {number} of {total} was not accepted: {why}; chunks before it were accepted, chunks after it were not sent"
                ),
            ),
        };
        Ok(TriggerReport {
            status,
            message,
            scenario_name: scenario_name.to_owned(),
            http_status: last_status,
            response_body: Value::Array(entries),
            response_truncated: false,
            attempts,
            idempotency_key: Some(base),
        })
    }
}

/// Bytes of the envelope around the payload: `{"scenario_name":..,"triggered_at":..,"data":}`.
fn envelope_overhead(scenario_name: &str) -> usize {
    let at = jiff::Timestamp::UNIX_EPOCH;
    json_len(&crate::envelope(scenario_name, at, &json!([]))).saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(count: usize) -> Vec<Value> {
        (0..count).map(|id| json!({"id": id})).collect()
    }

    #[test]
    fn chunks_hold_at_most_chunk_size_records_in_order() {
        let ranges = plan_chunks(&records(7), 3, usize::MAX).expect("fits");
        assert_eq!(ranges, [0..3, 3..6, 6..7]);
        assert_eq!(plan_chunks(&[], 3, usize::MAX).expect("fits"), []);
    }

    #[test]
    fn chunks_stay_under_the_byte_limit_exactly() {
        // `{"id":0}` is 8 bytes: `[a,b]` is 2 + 8 + 1 + 8 = 19 bytes.
        let records = records(5);
        assert_eq!(
            plan_chunks(&records, 10, 19).expect("fits"),
            [0..2, 2..4, 4..5]
        );
        assert_eq!(plan_chunks(&records, 10, 18).expect("fits").len(), 5);
        let joined = serde_json::to_vec(&Value::Array(records[0..2].to_vec())).expect("json");
        assert_eq!(joined.len(), 19);
    }

    #[test]
    fn a_record_too_large_alone_is_named() {
        let records = vec![json!({"id": 1}), json!({"blob": "x".repeat(100)})];
        let error = plan_chunks(&records, 10, 50).expect_err("too large");
        assert_eq!(
            error,
            ChunkError::RecordTooLarge {
                index: 1,
                size: 111,
                limit: 50
            }
        );
        assert_eq!(plan_chunks(&records, 0, 50), Err(ChunkError::ZeroChunkSize));
    }
}
