//! Which page or endpoint answers a path.

use super::server::{Reply, Request};
use super::snapshot::{self, QuerySnapshot};
use super::{api, metrics, pages};
use crate::streaming::StreamingQueryManager;

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json";

/// The answer to `request`, from the state of `manager`'s queries now.
pub(crate) fn route(manager: &StreamingQueryManager, request: &Request) -> Reply {
    let segments: Vec<&str> = request.path[1..].split('/').collect();
    match segments.as_slice() {
        [""] => Reply::ok(HTML, pages::index(&snapshot::all(manager))),
        ["fragment"] => Reply::ok(HTML, pages::index_fragment(&snapshot::all(manager))),
        ["query", ""] => match request.param("id") {
            Some(key) => with_query(manager, key, |q| Reply::ok(HTML, pages::query(q))),
            None => not_found("no query id (/query/?id=<id>)"),
        },
        ["query", key] | ["query", key, ""] => {
            with_query(manager, key, |q| Reply::ok(HTML, pages::query(q)))
        }
        ["query", key, "fragment"] => {
            with_query(manager, key, |q| Reply::ok(HTML, pages::query_fragment(q)))
        }
        ["api", "v1", "streaming", "queries"] => {
            Reply::ok(JSON, api::queries(&snapshot::all(manager)))
        }
        ["api", "v1", "streaming", "queries", key] => {
            with_query(manager, key, |q| Reply::ok(JSON, api::query(q)))
        }
        ["api", "v1", "streaming", "queries", key, "progress"] => {
            with_query(manager, key, |q| Reply::ok(JSON, api::progress(q)))
        }
        ["metrics"] => Reply::ok(
            metrics::CONTENT_TYPE,
            metrics::exposition(&snapshot::latest_runs(manager)),
        ),
        _ => not_found("no such page"),
    }
}

/// `answer` for the query whose run id or id is `key` (with every recent batch), or 404.
fn with_query(
    manager: &StreamingQueryManager,
    key: &str,
    answer: impl FnOnce(&QuerySnapshot) -> Reply,
) -> Reply {
    match snapshot::find(manager, key) {
        Some(query) => answer(&QuerySnapshot::of(&query, true)),
        None => not_found("no query with this id in the session"),
    }
}

fn not_found(why: &str) -> Reply {
    Reply::error(404, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str) -> Reply {
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (path.to_string(), None),
        };
        route(&StreamingQueryManager::default(), &Request { path, query })
    }

    #[test]
    fn pages_answer_and_unknown_paths_and_queries_are_not_found() {
        assert_eq!(get("/").status, 200);
        assert_eq!(get("/fragment").status, 200);
        assert_eq!(get("/api/v1/streaming/queries").body, "[]");
        assert_eq!(get("/metrics").content_type, metrics::CONTENT_TYPE);
        for missing in [
            "/nope",
            "/query/",
            "/query/?id=abc",
            "/query/abc",
            "/query/abc/fragment",
            "/api/v1/streaming/queries/abc",
            "/api/v1/streaming/queries/abc/progress",
            "/api/v1/streaming/queries/abc/other",
            "//",
        ] {
            assert_eq!(get(missing).status, 404, "{missing}");
        }
    }
}
