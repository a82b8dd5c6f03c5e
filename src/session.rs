//! [`Session`] and [`SessionBuilder`]: the entry point, as Spark's `SparkSession`.

use std::sync::{Arc, Once};

use crate::config::{ClusterArgs, SessionConf, APP_NAME, SHUFFLE_PARTITIONS, STOP_GRACEFULLY};
use crate::dataframe::DataStreamReader;
use crate::error::Result;

/// Builds a [`Session`], as `SparkSession.builder`.
///
/// ```
/// use ember::Session;
/// let spark = Session::builder()
///     .app_name("Word Count")
///     .config("spark.sql.shuffle.partitions", 2)
///     .get_or_create()
///     .unwrap();
/// assert_eq!(spark.app_name(), "Word Count");
/// ```
#[derive(Clone, Debug, Default)]
pub struct SessionBuilder {
    conf: SessionConf,
    cluster: ClusterArgs,
}

impl SessionBuilder {
    /// Sets the application name (`spark.app.name`).
    pub fn app_name(mut self, name: &str) -> Self {
        self.conf.set(APP_NAME, name);
        self
    }

    /// Sets a Spark configuration key. Keys with a meaning in Ember are honoured (see
    /// [`crate::config::HONOURED_KEYS`]); others are accepted and named once on stderr.
    pub fn config(mut self, key: &str, value: impl ToString) -> Self {
        self.conf.set(key, value);
        self
    }

    /// Sets the workers and processes (timely's `-w`, `-n`, `-p`, `-h`), usually from the
    /// command line.
    pub fn cluster(mut self, cluster: ClusterArgs) -> Self {
        self.cluster = cluster;
        self
    }

    /// Validates the configuration and returns the session.
    pub fn get_or_create(self) -> Result<Session> {
        self.conf.get_bool(STOP_GRACEFULLY, false)?;
        self.conf.get_positive(SHUFFLE_PARTITIONS)?;
        report_ignored_keys(&self.conf);
        Ok(Session {
            inner: Arc::new(SessionInner {
                conf: self.conf,
                cluster: self.cluster,
            }),
        })
    }
}

fn report_ignored_keys(conf: &SessionConf) {
    static ONCE: Once = Once::new();
    let ignored = conf.ignored_keys();
    if !ignored.is_empty() {
        ONCE.call_once(|| {
            eprintln!(
                "ember: ignoring Spark configuration with no meaning in Ember: {}",
                ignored.join(", ")
            )
        });
    }
}

#[derive(Debug)]
struct SessionInner {
    conf: SessionConf,
    cluster: ClusterArgs,
}

/// The entry point to Ember: reads streams, holds the configuration. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Session {
    inner: Arc<SessionInner>,
}

impl Session {
    /// A new [`SessionBuilder`].
    pub fn builder() -> SessionBuilder {
        SessionBuilder::default()
    }

    /// A reader for a streaming source, as `spark.readStream`.
    pub fn read_stream(&self) -> DataStreamReader {
        DataStreamReader::new(self.clone())
    }

    /// The application name (`spark.app.name`), or `"ember"`.
    pub fn app_name(&self) -> &str {
        self.inner.conf.get(APP_NAME).unwrap_or("ember")
    }

    /// The configuration.
    pub fn conf(&self) -> &SessionConf {
        &self.inner.conf
    }

    pub(crate) fn cluster(&self) -> &ClusterArgs {
        &self.inner.cluster
    }

    /// Worker threads per process when `-w` is not given.
    pub(crate) fn default_workers(&self) -> usize {
        self.inner
            .conf
            .get_positive(SHUFFLE_PARTITIONS)
            .ok()
            .flatten()
            .unwrap_or(1)
    }

    pub(crate) fn stop_gracefully(&self) -> bool {
        self.inner
            .conf
            .get_bool(STOP_GRACEFULLY, false)
            .unwrap_or(false)
    }
}
