//! The fleet, on Kafka: `rdtrace ... -o kafka://BROKER/TOPIC` publishes
//! the NDJSON events of `--format json` ([`publish`]), each keyed by the
//! host's name, and `rdtrace collect kafka://BROKER/TOPIC` reads a topic
//! and prints the hosts' aggregations merged as one ([`collect`]). The
//! client is `rskafka` (pure Rust); a topic is used as one partition,
//! so every host's events keep their order.

pub mod collect;
pub mod publish;

use crate::error::{Error, Result};
use rskafka::client::partition::{PartitionClient, UnknownTopicHandling};
use rskafka::client::{Client, ClientBuilder};
use std::time::Duration;

/// How long one request to the broker may take before it counts as
/// failed (rskafka itself would retry a down broker forever).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A `kafka://BROKER[,BROKER...]/TOPIC` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Bootstrap brokers, `host:port` (9092 when the port is left out).
    pub brokers: Vec<String>,
    /// The topic.
    pub topic: String,
}

impl Target {
    /// `url` as a target, `None` when it is not a `kafka://` address.
    pub fn parse(url: &str) -> Option<Result<Target>> {
        let rest = url.strip_prefix("kafka://")?;
        let bad = |why: &str| {
            Err(Error::Usage(format!(
                "{url}: {why} (kafka://HOST[:PORT]/TOPIC)"
            )))
        };
        let Some((brokers, topic)) = rest.split_once('/') else {
            return Some(bad("no topic"));
        };
        if topic.is_empty() || topic.contains('/') || brokers.is_empty() {
            return Some(bad("want one broker list and one topic"));
        }
        let brokers = brokers
            .split(',')
            .map(|b| match b.rsplit_once(':') {
                Some((_, port)) if port.parse::<u16>().is_ok() => b.to_string(),
                _ => format!("{b}:9092"),
            })
            .collect();
        Some(Ok(Target {
            brokers,
            topic: topic.to_string(),
        }))
    }

    /// How messages name it.
    pub fn url(&self) -> String {
        format!("kafka://{}/{}", self.brokers.join(","), self.topic)
    }
}

/// This host's name, the key of every event it publishes.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "localhost".into())
}

/// A runtime for the client's requests, on the calling thread.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            what: "starting the Kafka client's runtime".into(),
            source,
        })
}

/// The broker's error as text.
fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Runs `f` for at most [`REQUEST_TIMEOUT`].
pub async fn timed<T, E: std::fmt::Display>(
    what: &str,
    f: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, String> {
    match tokio::time::timeout(REQUEST_TIMEOUT, f).await {
        Ok(r) => r.map_err(|e| format!("{what}: {}", text(e))),
        Err(_) => Err(format!(
            "{what}: no answer within {}s",
            REQUEST_TIMEOUT.as_secs()
        )),
    }
}

/// A client of `target`'s partition 0, the topic created (one partition)
/// if it does not exist.
pub async fn connect(target: &Target) -> std::result::Result<PartitionClient, String> {
    let backoff = rskafka::BackoffConfig {
        init_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
        base: 2.0,
        deadline: Some(REQUEST_TIMEOUT),
    };
    let builder = ClientBuilder::new(target.brokers.clone())
        .client_id("rdtrace")
        .backoff_config(backoff);
    let client: Client = timed("connecting", builder.build()).await?;
    let topics = timed("listing topics", client.list_topics()).await?;
    if !topics.iter().any(|t| t.name == target.topic) {
        let controller = client.controller_client().map_err(text)?;
        // Another host may create it first: that is fine.
        let _ = timed(
            "creating the topic",
            controller.create_topic(target.topic.clone(), 1, 1, 5_000),
        )
        .await;
    }
    timed(
        "opening the topic",
        client.partition_client(target.topic.clone(), 0, UnknownTopicHandling::Retry),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse() {
        let t = Target::parse("kafka://10.0.2.101/fleet").unwrap().unwrap();
        assert_eq!(t.brokers, ["10.0.2.101:9092"]);
        assert_eq!(t.topic, "fleet");
        let t = Target::parse("kafka://a:1,b/t").unwrap().unwrap();
        assert_eq!(t.brokers, ["a:1", "b:9092"]);
        assert_eq!(t.url(), "kafka://a:1,b:9092/t");
        assert!(Target::parse("out.json").is_none());
        assert!(Target::parse("kafka://broker").unwrap().is_err());
        assert!(Target::parse("kafka:///t").unwrap().is_err());
    }
}
