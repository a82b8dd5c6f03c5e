//! A client's session on the server: its Spark configuration, the Ember session its plans
//! run in (made when first needed, from the configuration then), and its streaming queries.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use ember::{ClusterArgs, Session, StreamingQuery};

use crate::errors::{ConnectError, ConnectResult};

/// One client session.
#[derive(Debug)]
pub struct ConnectSession {
    /// The client's id for it.
    pub key: String,
    /// The server's id for it, echoed in every response (a client that sees it change knows
    /// the server restarted).
    pub server_side_id: String,
    conf: Mutex<BTreeMap<String, String>>,
    session: Mutex<Option<Session>>,
    queries: Mutex<HashMap<String, StreamingQuery>>,
    cluster: ClusterArgs,
}

impl ConnectSession {
    fn new(key: &str, cluster: ClusterArgs) -> Self {
        ConnectSession {
            key: key.to_string(),
            server_side_id: new_id(),
            conf: Mutex::new(BTreeMap::new()),
            session: Mutex::new(None),
            queries: Mutex::new(HashMap::new()),
            cluster,
        }
    }

    /// The value of a configuration key, if set.
    pub fn conf_get(&self, key: &str) -> Option<String> {
        self.conf.lock().ok()?.get(key).cloned()
    }

    /// Every configuration key set, in key order.
    pub fn conf_all(&self) -> BTreeMap<String, String> {
        self.conf.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Whether `key` may change now: any key until the session's first plan; after it, only
    /// keys Ember does not read (Ember's session configuration is fixed once made).
    pub fn conf_modifiable(&self, key: &str) -> bool {
        let made = self.session.lock().is_ok_and(|s| s.is_some());
        !made || ember::config::HONOURED_KEYS.iter().all(|(k, _)| *k != key)
    }

    /// Sets (`Some`) or unsets (`None`) a configuration key; refuses, in Spark's words, a key
    /// that can no longer change.
    pub fn conf_set(&self, key: &str, value: Option<&str>) -> ConnectResult<()> {
        if self.conf_get(key).as_deref() != value && !self.conf_modifiable(key) {
            return Err(ConnectError::Ember(ember::Error::Analysis(format!(
                "[CANNOT_MODIFY_CONFIG] Cannot modify the value of the Spark config: \"{key}\": \
                 Ember reads it when the session makes its first plan. SQLSTATE: 46110"
            ))));
        }
        if let Ok(mut conf) = self.conf.lock() {
            match value {
                Some(value) => conf.insert(key.to_string(), value.to_string()),
                None => conf.remove(key),
            };
        }
        Ok(())
    }

    /// The Ember session plans run in, made on first use from the configuration.
    pub fn ember(&self) -> ConnectResult<Session> {
        let mut session = self
            .session
            .lock()
            .map_err(|_| ConnectError::Invalid("session lock poisoned".into()))?;
        if let Some(session) = session.as_ref() {
            return Ok(session.clone());
        }
        let mut builder = Session::builder().cluster(self.cluster.clone());
        for (key, value) in self.conf_all() {
            builder = builder.config(&key, value);
        }
        let made = builder.get_or_create()?;
        *session = Some(made.clone());
        Ok(made)
    }

    /// Remembers a query started in this session.
    pub fn add_query(&self, query: StreamingQuery) {
        if let Ok(mut queries) = self.queries.lock() {
            queries.insert(query.id().to_string(), query);
        }
    }

    /// The query with this id (its latest run).
    pub fn query(&self, id: &str) -> ConnectResult<StreamingQuery> {
        self.queries
            .lock()
            .ok()
            .and_then(|q| q.get(id).cloned())
            .ok_or_else(|| ConnectError::NotFound(format!("no streaming query with id {id}")))
    }

    /// Every query started in this session.
    pub fn queries(&self) -> Vec<StreamingQuery> {
        self.queries
            .lock()
            .map(|q| q.values().cloned().collect())
            .unwrap_or_default()
    }
}

/// Every client session, by the client's session id.
#[derive(Debug, Default)]
pub struct Sessions {
    sessions: Mutex<HashMap<String, Arc<ConnectSession>>>,
    cluster: ClusterArgs,
}

impl Sessions {
    /// No sessions yet; queries will run on `cluster`.
    pub fn new(cluster: ClusterArgs) -> Self {
        Sessions {
            sessions: Mutex::new(HashMap::new()),
            cluster,
        }
    }

    /// The session `id`, made on first use.
    pub fn get(&self, id: &str) -> ConnectResult<Arc<ConnectSession>> {
        if id.is_empty() {
            return Err(ConnectError::Invalid(
                "[INVALID_HANDLE.FORMAT] The handle  is invalid. Handle must be an UUID string \
                 of the format '00112233-4455-6677-8899-aabbccddeeff'. SQLSTATE: HY000"
                    .into(),
            ));
        }
        let mut sessions = self
            .sessions
            .lock()
            .map_err(|_| ConnectError::Invalid("sessions lock poisoned".into()))?;
        Ok(sessions
            .entry(id.to_string())
            .or_insert_with(|| Arc::new(ConnectSession::new(id, self.cluster.clone())))
            .clone())
    }

    /// Forgets session `id`, stopping its queries; its server-side id, if it existed.
    pub fn release(&self, id: &str) -> Option<String> {
        let session = self.sessions.lock().ok()?.remove(id)?;
        for query in session.queries() {
            let _ = query.stop();
        }
        Some(session.server_side_id.clone())
    }

    /// How many sessions are open (not released by their client).
    pub fn open(&self) -> usize {
        self.sessions.lock().map_or(0, |s| s.len())
    }

    /// Every running query of every session.
    pub fn all_queries(&self) -> Vec<StreamingQuery> {
        let sessions: Vec<Arc<ConnectSession>> = self
            .sessions
            .lock()
            .map(|s| s.values().cloned().collect())
            .unwrap_or_default();
        sessions.iter().flat_map(|s| s.queries()).collect()
    }
}

/// A new random id in UUID form.
pub fn new_id() -> String {
    ember::ids::new_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ember_reads_are_fixed_once_the_session_has_made_a_plan() {
        let sessions = Sessions::new(ClusterArgs::default());
        let session = sessions
            .get("00112233-4455-6677-8899-aabbccddeeff")
            .unwrap();
        let partitions = "spark.sql.shuffle.partitions";
        session.conf_set(partitions, Some("2")).unwrap();
        session.conf_set("spark.ui.enabled", Some("false")).unwrap();
        session.ember().unwrap();
        assert!(!session.conf_modifiable(partitions));
        // The same value again is no change; another is refused; other keys may change.
        session.conf_set(partitions, Some("2")).unwrap();
        let refused = session
            .conf_set(partitions, Some("4"))
            .unwrap_err()
            .message();
        assert!(refused.starts_with("[CANNOT_MODIFY_CONFIG] Cannot modify the value of the Spark config: \"spark.sql.shuffle.partitions\""), "{refused}");
        assert_eq!(session.conf_get(partitions).as_deref(), Some("2"));
        session.conf_set("my.own.key", Some("x")).unwrap();
    }
}
