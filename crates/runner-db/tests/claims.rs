//! The claims of task occurrences on every backend (SQLite, and PostgreSQL
//! when `RUNNER_TEST_POSTGRES` is set, in a schema of its own): one claim
//! wins, leases renew and run out, a take-over is a compare-and-set, a
//! retry is due at its time, and pruning keeps each task's latest.

mod support;

use runner_db::history::{Claim, ClaimEnd, Claims, new_run_id};
use support::databases;

const NOW: i64 = 1_780_000_000_000;

fn claim(owner: &str, scheduled_for_ms: i64) -> Claim {
    Claim {
        task: "nightly".to_owned(),
        scheduled_for_ms,
        attempt: 1,
        run_id: new_run_id(NOW),
        owner: owner.to_owned(),
        idempotency_key: format!("nightly-{scheduled_for_ms}"),
    }
}

#[tokio::test]
async fn one_claim_wins_and_a_lost_lease_is_taken_over_once() {
    for (backend, database) in databases(&[]).await {
        let claims = Claims::open(&database).await.expect("claims open");
        // Opening again (another process) keeps the table.
        let again = Claims::open(&database).await.expect("claims open twice");
        let first = claim("a", NOW);
        assert!(
            claims.claim(&first, NOW + 1000).await.expect("claim"),
            "{backend}"
        );
        assert!(
            !again
                .claim(&claim("b", NOW), NOW + 1000)
                .await
                .expect("claim"),
            "{backend}"
        );
        assert!(
            claims.renew(&first, NOW + 2000).await.expect("renew"),
            "{backend}"
        );
        assert!(
            claims.stale(NOW + 1500).await.expect("stale").is_empty(),
            "{backend}"
        );
        // The holder stops renewing: past the lease, the claim is stale.
        let stale = claims.stale(NOW + 2001).await.expect("stale");
        assert_eq!(stale.len(), 1, "{backend}");
        assert!(stale[0].lease_lost, "{backend}");
        assert_eq!(stale[0].claim, first, "{backend}");
        let next = Claim {
            attempt: 2,
            run_id: new_run_id(NOW + 2001),
            owner: "b".to_owned(),
            ..first.clone()
        };
        let other = Claim {
            run_id: new_run_id(NOW + 2002),
            owner: "c".to_owned(),
            ..next.clone()
        };
        assert!(
            claims
                .take_over(&stale[0], &next, NOW + 5000)
                .await
                .expect("take over"),
            "{backend}"
        );
        assert!(
            !again
                .take_over(&stale[0], &other, NOW + 5000)
                .await
                .expect("take over"),
            "{backend}"
        );
        // The old holder's renewal and end no longer count.
        assert!(
            !claims.renew(&first, NOW + 9000).await.expect("renew"),
            "{backend}"
        );
        assert!(
            !claims.finish(&first, ClaimEnd::Done).await.expect("finish"),
            "{backend}"
        );
        assert!(
            claims.finish(&next, ClaimEnd::Done).await.expect("finish"),
            "{backend}"
        );
        assert!(
            claims.stale(NOW + 99_000).await.expect("stale").is_empty(),
            "{backend}"
        );
        assert_eq!(
            claims.latest("nightly").await.expect("latest"),
            Some(NOW),
            "{backend}"
        );
        assert_eq!(
            claims.latest("other").await.expect("latest"),
            None,
            "{backend}"
        );
        database.drop_schema().await.expect("schema dropped");
        database.close().await;
    }
}

#[tokio::test]
async fn a_retry_is_due_at_its_time_and_pruning_keeps_the_latest() {
    for (backend, database) in databases(&[]).await {
        let claims = Claims::open(&database).await.expect("claims open");
        let failed = claim("a", NOW);
        assert!(claims.claim(&failed, NOW + 1000).await.expect("claim"));
        assert!(
            claims
                .finish(&failed, ClaimEnd::RetryAt(NOW + 30_000))
                .await
                .expect("finish")
        );
        assert!(
            claims.stale(NOW + 29_999).await.expect("stale").is_empty(),
            "{backend}"
        );
        let due = claims.stale(NOW + 30_000).await.expect("stale");
        assert_eq!(due.len(), 1, "{backend}");
        assert!(!due[0].lease_lost, "{backend}");
        assert!(
            claims
                .abandon(&due[0], ClaimEnd::Done, NOW + 30_000)
                .await
                .expect("abandon"),
            "{backend}"
        );
        // Ended once: a second scheduler's try and the old holder's end lose.
        assert!(
            !claims
                .abandon(&due[0], ClaimEnd::Done, NOW + 30_000)
                .await
                .expect("abandon"),
            "{backend}"
        );
        assert!(
            !claims
                .finish(&failed, ClaimEnd::Done)
                .await
                .expect("finish"),
            "{backend}"
        );
        for k in 1..=3 {
            let later = claim("a", NOW + k * 1000);
            assert!(claims.claim(&later, NOW + k * 1000).await.expect("claim"));
            assert!(claims.finish(&later, ClaimEnd::Done).await.expect("finish"));
        }
        // Everything is old, but the latest stays: it tells what was missed.
        assert_eq!(
            claims.prune(NOW + 99_000).await.expect("prune"),
            3,
            "{backend}"
        );
        assert_eq!(
            claims.latest("nightly").await.expect("latest"),
            Some(NOW + 3000),
            "{backend}"
        );
        database.drop_schema().await.expect("schema dropped");
        database.close().await;
    }
}

#[tokio::test]
async fn a_lost_lease_is_ended_or_parked_once_and_its_holder_no_longer_counts() {
    for (backend, database) in databases(&[]).await {
        let claims = Claims::open(&database).await.expect("claims open");
        let held = claim("a", NOW);
        assert!(claims.claim(&held, NOW + 1000).await.expect("claim"));
        let stale = claims.stale(NOW + 1001).await.expect("stale");
        assert_eq!(stale.len(), 1, "{backend}");
        // The holder renews before a taker acts: the lease is still its own.
        assert!(claims.renew(&held, NOW + 5000).await.expect("renew"));
        assert!(
            !claims
                .abandon(&stale[0], ClaimEnd::Done, NOW + 1001)
                .await
                .expect("abandon"),
            "{backend}"
        );
        // Past the renewed lease, one of two takers parks it for a retry.
        let stale = claims.stale(NOW + 5001).await.expect("stale");
        let park = ClaimEnd::RetryAt(NOW + 9000);
        assert!(
            claims
                .abandon(&stale[0], park, NOW + 5001)
                .await
                .expect("abandon"),
            "{backend}"
        );
        assert!(
            !claims
                .abandon(&stale[0], park, NOW + 5001)
                .await
                .expect("abandon"),
            "{backend}"
        );
        // Parked, it keeps its run id; the old holder still cannot renew or end it.
        assert!(!claims.renew(&held, NOW + 9000).await.expect("renew"));
        assert!(!claims.finish(&held, ClaimEnd::Done).await.expect("finish"));
        assert!(claims.stale(NOW + 8999).await.expect("stale").is_empty());
        let due = claims.stale(NOW + 9000).await.expect("stale");
        assert_eq!(due.len(), 1, "{backend}");
        assert!(!due[0].lease_lost, "{backend}");
        database.drop_schema().await.expect("schema dropped");
        database.close().await;
    }
}
