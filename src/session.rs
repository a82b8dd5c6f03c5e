//! [`Session`] and [`SessionBuilder`]: the entry point, as Spark's `SparkSession`.

use std::sync::{Arc, Once, OnceLock};

use crate::catalog::Tables;
use crate::config::{ClusterArgs, SessionConf, APP_NAME, SHUFFLE_PARTITIONS, STOP_GRACEFULLY};
use crate::dataframe::{DataFrame, DataStreamReader};
use crate::error::Result;
use crate::plan::{LogicalPlan, StaticRelation};
use crate::sink::{SinkProvider, SinkRegistry};
use crate::source::{SourceProvider, SourceRegistry};
use crate::sql::Views;
use crate::streaming::StreamingQueryManager;
use crate::ui::WebUi;
use ember_operators::Row;

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

    /// Sets each configuration key of `settings` in turn, as [`config`](Self::config) does:
    /// the `--conf KEY=VALUE` flags of a job's command line.
    pub fn configs<'a>(mut self, settings: impl IntoIterator<Item = &'a (String, String)>) -> Self {
        for (key, value) in settings {
            self = self.config(key, value);
        }
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
        crate::logging::init();
        self.conf.get_bool(STOP_GRACEFULLY, false)?;
        self.conf.get_positive(SHUFFLE_PARTITIONS)?;
        report_ignored_keys(&self.conf);
        Ok(Session {
            inner: Arc::new(SessionInner {
                conf: self.conf,
                cluster: self.cluster,
                sources: crate::source::builtin_sources(),
                sinks: crate::sink::builtin_sinks(),
                tables: Tables::default(),
                views: Views::default(),
                streams: StreamingQueryManager::default(),
                ui: OnceLock::new(),
            }),
        })
    }
}

fn report_ignored_keys(conf: &SessionConf) {
    static ONCE: Once = Once::new();
    let ignored = conf.ignored_keys();
    if !ignored.is_empty() {
        ONCE.call_once(|| {
            tracing::warn!(
                "ignoring Spark configuration with no meaning in Ember: {}",
                ignored.join(", ")
            )
        });
    }
}

#[derive(Debug)]
struct SessionInner {
    conf: SessionConf,
    cluster: ClusterArgs,
    sources: SourceRegistry,
    sinks: SinkRegistry,
    tables: Tables,
    views: Views,
    streams: StreamingQueryManager,
    /// The web UI, once the first query started (`None` inside: disabled, or not started).
    ui: OnceLock<Option<WebUi>>,
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

    /// A reader for a static DataFrame, as `spark.read`: the files there are now.
    pub fn read(&self) -> DataStreamReader {
        DataStreamReader::batch(self.clone())
    }

    /// A static DataFrame of `rows` with the columns `ddl` declares (`"word STRING, n INT"`),
    /// as Spark's `createDataFrame(rows, schema)`. Each row must match the schema.
    pub fn create_data_frame(&self, rows: Vec<Row>, ddl: &str) -> Result<DataFrame> {
        let schema = crate::source::schema_from_ddl(ddl)?;
        for (i, row) in rows.iter().enumerate() {
            ember_operators::check_row(&schema, row).map_err(|why| {
                crate::Error::InvalidArgument(format!(
                    "create_data_frame: row {i} does not match the schema ({ddl}): {why}"
                ))
            })?;
        }
        Ok(DataFrame::new(
            self.clone(),
            LogicalPlan::Static {
                relation: StaticRelation::Rows(Arc::new(rows)),
                schema,
            },
        ))
    }

    /// The temporary view `name` (registered by
    /// [`create_or_replace_temp_view`](DataFrame::create_or_replace_temp_view)), or else the
    /// in-memory table `name` (a `memory` sink's, named by its `query_name`) as a static
    /// DataFrame of its rows now, as Spark's `spark.table(name)`.
    ///
    /// ```
    /// use ember::Session;
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let err = spark.table("nope").unwrap_err().to_string();
    /// assert!(err.starts_with("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found."));
    /// ```
    pub fn table(&self, name: &str) -> Result<DataFrame> {
        if let Some(plan) = self.inner.views.get(name) {
            return Ok(DataFrame::from_plan(self.clone(), plan));
        }
        let table = self
            .inner
            .tables
            .get(name)
            .ok_or_else(|| crate::sql::table_or_view_not_found(name))?;
        Ok(DataFrame::new(
            self.clone(),
            LogicalPlan::Static {
                relation: StaticRelation::Rows(Arc::new(table.rows)),
                schema: table.schema,
            },
        ))
    }

    /// Runs SQL text, as `spark.sql`: one `SELECT` over temporary views (and in-memory
    /// tables), streaming or static, becomes the DataFrame the same DataFrame calls would
    /// build — same plan, same `explain()`. See [`crate::sql`] for the dialect.
    ///
    /// ```
    /// use ember::{Row, Session};
    /// let spark = Session::builder().get_or_create().unwrap();
    /// let df = spark.create_data_frame(vec![Row::new(vec![1.into()])], "a INT").unwrap();
    /// df.create_or_replace_temp_view("t").unwrap();
    /// let sql = spark.sql("SELECT a + 1 AS b FROM t WHERE a > 0").unwrap();
    /// assert_eq!(sql.schema().names(), ["b"]);
    /// assert_eq!(sql.collect().unwrap(), vec![Row::new(vec![2.into()])]);
    /// ```
    pub fn sql(&self, text: &str) -> Result<DataFrame> {
        crate::sql::sql(self, text)
    }

    /// The session's temporary views.
    pub fn views(&self) -> &Views {
        &self.inner.views
    }

    /// The application name (`spark.app.name`), or `"ember"`.
    pub fn app_name(&self) -> &str {
        self.inner.conf.get(APP_NAME).unwrap_or("ember")
    }

    /// The configuration.
    pub fn conf(&self) -> &SessionConf {
        &self.inner.conf
    }

    /// Registers a source format: `read_stream().format(provider.format())` then finds it.
    /// A provider of a format that exists replaces it.
    pub fn register_source(&self, provider: impl SourceProvider) {
        self.inner.sources.register(Arc::new(provider));
    }

    /// Registers a sink format: `write_stream().format(provider.format())` then finds it.
    /// A provider of a format that exists replaces it.
    pub fn register_sink(&self, provider: impl SinkProvider) {
        self.inner.sinks.register(Arc::new(provider));
    }

    pub(crate) fn sources(&self) -> &SourceRegistry {
        &self.inner.sources
    }

    pub(crate) fn sinks(&self) -> &SinkRegistry {
        &self.inner.sinks
    }

    /// The session's streaming queries and listeners, as Spark's `spark.streams`.
    pub fn streams(&self) -> &StreamingQueryManager {
        &self.inner.streams
    }

    /// The session's in-memory tables (written by `memory` sinks).
    pub fn tables(&self) -> &Tables {
        &self.inner.tables
    }

    /// The address of the session's web UI (`http://127.0.0.1:4040`), once a streaming query
    /// has started it; `None` before, when `spark.ui.enabled` is false, when no port could be
    /// bound, and on processes other than 0 of a cluster. See [`crate::ui`].
    pub fn ui_url(&self) -> Option<String> {
        self.inner.ui.get()?.as_ref().map(|ui| ui.url().to_string())
    }

    /// Starts the web UI if this is the driver's process and it has not started yet.
    pub(crate) fn ensure_ui(&self) {
        if self.inner.cluster.is_driver_process() {
            self.inner
                .ui
                .get_or_init(|| WebUi::start(&self.inner.conf, self.inner.streams.clone()));
        }
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
