//! `bench-client-ceiling URL SECONDS`: POSTs the benchmark body to URL with 16
//! requests in flight for SECONDS and prints the rate, as wrk would.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const BODY: &str = r#"{"scenario_name":"xano-data-sync","triggered_at":"2024-01-15T10:30:00.000Z","data":{"event":"user_signup","user_id":12345,"email":"user@example.com","plan":"premium","timestamp":"2024-01-15T10:30:00Z"}}"#;
const IN_FLIGHT: usize = 16;

#[tokio::main(worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: bench-client-ceiling URL SECONDS")?;
    let seconds: u64 = args.next().unwrap_or_else(|| "5".to_owned()).parse()?;
    let client = reqwest::Client::new();
    let sent = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut senders = Vec::new();
    for _ in 0..IN_FLIGHT {
        let (client, url, sent) = (client.clone(), url.clone(), Arc::clone(&sent));
        senders.push(tokio::spawn(async move {
            while Instant::now() < end {
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(BODY)
                    .send()
                    .await?;
                answer.bytes().await?;
                sent.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), reqwest::Error>(())
        }));
    }
    for sender in senders {
        sender.await??;
    }
    println!("{}", sent.load(Ordering::Relaxed) / seconds);
    Ok(())
}
