//! `bench-make-server PORT`: a Make stand-in for benchmarks. Every request
//! is read whole and answered `200 Accepted`, as Make does when a scenario
//! has no Webhook response module; `GET /count` answers how many POSTs came.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

async fn answer(
    request: Request<Incoming>,
    posts: Arc<AtomicU64>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.method() == Method::GET {
        let count = posts.load(Ordering::Relaxed).to_string();
        return Ok(Response::new(Full::new(Bytes::from(count))));
    }
    // Read the body as Make would before answering.
    let _ = request.into_body().collect().await;
    posts.fetch_add(1, Ordering::Relaxed);
    let response = Response::builder()
        .header("content-type", "text/plain; charset=utf-8")
        .header("make-actual-status", "200")
        .body(Full::new(Bytes::from_static(b"Accepted")))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::from_static(b"Accepted"))));
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(18_080);
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let posts = Arc::new(AtomicU64::new(0));
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let posts = Arc::clone(&posts);
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(request, Arc::clone(&posts)));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
