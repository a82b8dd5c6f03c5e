//! The UI's HTML: the list of queries (`/`) and each query's statistics page
//! (`/query/<id>`), as Spark's Structured Streaming tab shows them. The part of a page that
//! changes (`<div id="live">`) is also served alone as a fragment, which a few lines of inline
//! script fetch every second to refresh the page without reloading it.

use std::fmt::Write as _;

use super::chart::{format_value, short_number, Chart, Series, Unit};
use super::snapshot::QuerySnapshot;
use crate::streaming::StreamingQueryProgress;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with every character that `escaped` maps replaced by what it maps to.
pub(crate) fn replace_chars(text: &str, escaped: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match escaped(c) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font:14px/1.4 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0;color:#222}\
header{background:#2c3e50;color:#fff;padding:10px 20px;font-size:16px}\
header a{color:#fff;text-decoration:none;font-weight:600}\
main{padding:10px 20px}h1{font-size:22px;margin:10px 0}h2{font-size:17px;margin:18px 0 8px}\
table{border-collapse:collapse;margin:6px 0}\
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;font-variant-numeric:tabular-nums}\
th{background:#f3f3f3}td.n{text-align:right}\
dl.info{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:6px 0}\
dl.info dt{font-weight:600}dl.info dd{margin:0;font-family:monospace}\
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:6px}\
figure.chart{margin:0;padding:6px;border:1px solid #e3e3e3;border-radius:4px}\
figcaption{font-weight:600;margin-bottom:2px}\
figure.chart svg{display:block;width:100%;height:auto}\
svg .plot{fill:#fff;stroke:#ccc}svg .grid{stroke:#eee}\
svg .tick,svg .axis{font-size:10px;fill:#555}svg .empty{font-size:12px;fill:#999}\
ul.legend{list-style:none;margin:2px 0 0;padding:0;font-size:12px}\
ul.legend li{display:inline-block;margin-right:10px}\
ul.legend span{display:inline-block;width:10px;height:10px;margin-right:4px}\
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:8px;overflow:auto}\
pre.error{background:#fdecea;border-color:#f5c2c0}\
.stopped{color:#777}.failed{color:#b00}";

/// Every `refresh` milliseconds, replaces `#live`'s content with its fragment, until the
/// fragment says the query is no longer active.
const SCRIPT: &str = "(function(){var live=document.getElementById('live');if(!live)return;\
var url=live.getAttribute('data-fragment');\
function active(){var s=live.querySelector('[data-active]');\
return !s||s.getAttribute('data-active')==='true';}\
var timer=setInterval(function(){if(!active()){clearInterval(timer);return;}\
fetch(url,{cache:'no-store'}).then(function(r){return r.ok?r.text():null;})\
.then(function(t){if(t!==null){live.innerHTML=t;}}).catch(function(){});},1000);})();";

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>\
         <style>{STYLE}</style></head><body><header><a href=\"/\">Ember</a> \u{b7} Structured \
         Streaming</header><main>{body}</main><script>{SCRIPT}</script></body></html>",
        title = escape(title)
    )
}

/// `/`: the session's queries, active then finished.
pub(crate) fn index(queries: &[QuerySnapshot]) -> String {
    let body = format!(
        "<h1>Streaming Query Statistics</h1><div id=\"live\" data-fragment=\"/fragment\">{}\
         </div>",
        index_fragment(queries)
    );
    layout("Ember: Structured Streaming", &body)
}

/// The changing part of `/`: the tables of active and finished queries.
pub(crate) fn index_fragment(queries: &[QuerySnapshot]) -> String {
    let (active, finished): (Vec<_>, Vec<_>) = queries.iter().partition(|q| q.active);
    let mut out = String::new();
    for (title, list) in [
        ("Active Streaming Queries", active),
        ("Completed Streaming Queries", finished),
    ] {
        let _ = write!(out, "<h2>{title} ({})</h2>", list.len());
        if list.is_empty() {
            out.push_str("<p>None.</p>");
            continue;
        }
        out.push_str(
            "<table class=\"queries\"><thead><tr><th>Name</th><th>Status</th><th>ID</th>\
             <th>Run ID</th><th>Batches</th><th>Input rows/s</th><th>Processed rows/s</th>\
             <th>Latest batch</th><th>Error</th></tr></thead><tbody>",
        );
        for q in list {
            let last = q.last();
            let rate = |f: fn(&StreamingQueryProgress) -> f64| {
                last.map_or_else(|| "\u{2014}".to_string(), |p| rate_text(f(p)))
            };
            let _ = write!(
                out,
                "<tr class=\"query\" data-query-id=\"{id}\" data-run-id=\"{run}\">\
                 <td><a href=\"/query/{run}\">{name}</a></td><td>{status}</td><td>{id}</td>\
                 <td>{run}</td><td class=\"n\">{batches}</td><td class=\"n\">{input}</td>\
                 <td class=\"n\">{processed}</td><td class=\"n\">{latest}</td><td>{error}</td></tr>",
                id = escape(&q.id),
                run = escape(&q.run_id),
                name = display_name(q),
                status = escape(&q.status.message),
                batches = q.batches,
                input = rate(|p| p.input_rows_per_second),
                processed = rate(|p| p.processed_rows_per_second),
                latest = last.map_or_else(|| "\u{2014}".to_string(), |p| p.batch_id.to_string()),
                error = q
                    .exception
                    .as_deref()
                    .map(|e| format!("<span class=\"failed\">{}</span>", escape(first_line(e))))
                    .unwrap_or_default(),
            );
        }
        out.push_str("</tbody></table>");
    }
    out
}

/// `/query/<id>`: one query's statistics, charts, recent batches and plan.
pub(crate) fn query(q: &QuerySnapshot) -> String {
    let body = format!(
        "<h1>Streaming Query Statistics</h1><dl class=\"info\"><dt>Name</dt><dd>{name}</dd>\
         <dt>Id</dt><dd>{id}</dd><dt>Run Id</dt><dd>{run}</dd></dl>\
         <div id=\"live\" data-fragment=\"/query/{run}/fragment\">{live}</div>\
         <h2>Plan</h2><pre class=\"explain\">{plan}</pre>",
        name = display_name(q),
        id = escape(&q.id),
        run = escape(&q.run_id),
        live = query_fragment(q),
        plan = escape(&q.explain),
    );
    layout(&format!("Ember: {}", q.name_or_empty()), &body)
}

/// The changing part of a query's page: its status, charts and recent batches.
pub(crate) fn query_fragment(q: &QuerySnapshot) -> String {
    let mut out = String::new();
    let state = match (q.active, &q.exception) {
        (true, _) => "running",
        (false, None) => "stopped",
        (false, Some(_)) => "failed",
    };
    let _ = write!(
        out,
        "<dl class=\"info\" data-active=\"{}\"><dt>Status</dt><dd class=\"{state}\">{} \
         ({state})</dd><dt>Batches completed</dt><dd>{}</dd>",
        q.active,
        escape(&q.status.message),
        q.batches
    );
    if !q.progress.is_empty() {
        let n = q.progress.len() as f64;
        let average = |f: fn(&StreamingQueryProgress) -> f64| {
            let finite: Vec<f64> = q.progress.iter().map(f).filter(|v| v.is_finite()).collect();
            rate_text(finite.iter().sum::<f64>() / finite.len().max(1) as f64)
        };
        let _ = write!(
            out,
            "<dt>Avg input</dt><dd>{} rows/s</dd><dt>Avg process</dt><dd>{} rows/s</dd>\
             <dt>Avg batch duration</dt><dd>{} ms</dd>",
            average(|p| p.input_rows_per_second),
            average(|p| p.processed_rows_per_second),
            short_number(
                q.progress
                    .iter()
                    .map(|p| p.batch_duration as f64)
                    .sum::<f64>()
                    / n
            ),
        );
    }
    out.push_str("</dl>");
    if let Some(exception) = &q.exception {
        let _ = write!(out, "<pre class=\"error\">{}</pre>", escape(exception));
    }
    out.push_str("<section class=\"charts\">");
    for chart in charts(&q.progress) {
        out.push_str(&chart.render());
    }
    let _ = write!(
        out,
        "</section><h2>Recent batches ({})</h2><table class=\"batches\"><thead><tr>\
         <th>Batch</th><th>Time</th><th>Input rows</th><th>Input rows/s</th>\
         <th>Processed rows/s</th><th>Duration (ms)</th><th>Output rows</th></tr></thead><tbody>",
        q.progress.len()
    );
    for p in q.progress.iter().rev() {
        let _ = write!(
            out,
            "<tr class=\"batch\" data-batch-id=\"{id}\" data-input-rows=\"{input}\" \
             data-output-rows=\"{output}\" data-duration-ms=\"{duration}\"><td class=\"n\">{id}\
             </td><td>{time}</td><td class=\"n\">{input}</td><td class=\"n\">{input_rate}</td>\
             <td class=\"n\">{processed_rate}</td><td class=\"n\" title=\"{precise}\">{duration}\
             </td><td class=\"n\">{output}</td></tr>",
            id = p.batch_id,
            input = p.num_input_rows,
            output = p.sink.num_output_rows,
            duration = p.batch_duration,
            time = escape(&p.timestamp),
            input_rate = rate_text(p.input_rows_per_second),
            processed_rate = rate_text(p.processed_rows_per_second),
            precise = format_value(Unit::Millis, p.elapsed.as_secs_f64() * 1e3),
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The phases of a batch in the duration chart, bottom up, as Spark's "Operation Duration".
const PHASES: [&str; 6] = [
    "addBatch",
    "getBatch",
    "latestOffset",
    "queryPlanning",
    "walCommit",
    "commitOffsets",
];

/// The charts of a query's page, over its recent batches.
fn charts(progress: &[StreamingQueryProgress]) -> Vec<Chart> {
    let per_batch = |name: &str, value: &dyn Fn(&StreamingQueryProgress) -> Option<f64>| Series {
        name: name.to_string(),
        points: progress
            .iter()
            .filter_map(|p| value(p).map(|v| (p.batch_id, v)))
            .collect(),
    };
    let line = |id, title: &str, unit, series: Vec<Series>, empty| Chart {
        id,
        title: title.to_string(),
        unit,
        stacked: false,
        series,
        empty,
    };
    const NO_BATCH: &str = "no batch yet";
    let watermarked = progress
        .iter()
        .any(|p| p.event_time.contains_key("watermark"));
    let no_watermark = if watermarked {
        "no watermark yet"
    } else {
        "the query has no watermark"
    };
    let watermark = |p: &StreamingQueryProgress| p.watermark_ms().filter(|&ms| ms > 0);
    let max_event_time = |p: &StreamingQueryProgress| {
        p.event_time
            .get("max")
            .and_then(|t| crate::streaming::progress::parse_ms(t))
    };
    vec![
        line(
            "input-rate",
            "Input Rate (rows/s)",
            Unit::RowsPerSecond,
            vec![per_batch("input", &|p| Some(p.input_rows_per_second))],
            NO_BATCH,
        ),
        line(
            "process-rate",
            "Process Rate (rows/s)",
            Unit::RowsPerSecond,
            vec![per_batch("processed", &|p| {
                Some(p.processed_rows_per_second)
            })],
            NO_BATCH,
        ),
        line(
            "input-rows",
            "Input Rows",
            Unit::Rows,
            vec![per_batch("input rows", &|p| Some(p.num_input_rows as f64))],
            NO_BATCH,
        ),
        Chart {
            id: "batch-duration",
            title: "Batch Duration by Phase (ms)".to_string(),
            unit: Unit::Millis,
            stacked: true,
            series: duration_series(progress),
            empty: NO_BATCH,
        },
        line(
            "state-rows",
            "State Rows per Operator",
            Unit::Rows,
            state_series(progress),
            "the query keeps no state",
        ),
        line(
            "watermark",
            "Watermark (UTC)",
            Unit::Instant,
            vec![per_batch("watermark", &|p| {
                watermark(p).map(|ms| ms as f64)
            })],
            no_watermark,
        ),
        line(
            "event-time-lag",
            "Event-Time Lag: max event time \u{2212} watermark (s)",
            Unit::Seconds,
            vec![per_batch("lag", &|p| {
                let (max, mark) = (max_event_time(p)?, watermark(p)?);
                Some((max - mark) as f64 / 1000.0)
            })],
            no_watermark,
        ),
    ]
}

/// One layer per phase (Spark's, then any of Ember's own), and `other`: the batch's measured
/// time that no phase accounts for (sub-millisecond batches show only there).
fn duration_series(progress: &[StreamingQueryProgress]) -> Vec<Series> {
    let mut names: Vec<&str> = PHASES.to_vec();
    for p in progress {
        for name in p.duration_ms.keys() {
            if name != "triggerExecution" && !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    let mut series: Vec<Series> = names
        .iter()
        .map(|name| Series {
            name: name.to_string(),
            points: progress
                .iter()
                .map(|p| (p.batch_id, p.duration(name) as f64))
                .collect(),
        })
        .collect();
    series.push(Series {
        name: "other".to_string(),
        points: progress
            .iter()
            .map(|p| {
                let total = if p.elapsed.is_zero() {
                    p.batch_duration as f64
                } else {
                    p.elapsed.as_secs_f64() * 1e3
                };
                let phases: u64 = names.iter().map(|name| p.duration(name)).sum();
                (p.batch_id, (total - phases as f64).max(0.0))
            })
            .collect(),
    });
    series
}

/// One line per stateful operator, in the plan's order.
fn state_series(progress: &[StreamingQueryProgress]) -> Vec<Series> {
    let operators = progress
        .iter()
        .map(|p| p.state_operators.len())
        .max()
        .unwrap_or(0);
    (0..operators)
        .map(|i| Series {
            name: progress
                .iter()
                .rev()
                .find_map(|p| p.state_operators.get(i))
                .map_or_else(String::new, |s| format!("{i}: {}", s.operator_name)),
            points: progress
                .iter()
                .filter_map(|p| {
                    let state = p.state_operators.get(i)?;
                    Some((p.batch_id, state.num_rows_total as f64))
                })
                .collect(),
        })
        .collect()
}

/// A rate with one decimal, or a dash when it is not a number (a rate over no time).
fn rate_text(rate: f64) -> String {
    if rate.is_finite() {
        format!("{rate:.1}")
    } else {
        "\u{2014}".to_string()
    }
}

/// The query's name, escaped, or `<unnamed>` in grey.
fn display_name(q: &QuerySnapshot) -> String {
    match &q.name {
        Some(name) => escape(name),
        None => "<span class=\"stopped\">&lt;unnamed&gt;</span>".to_string(),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::fixtures::snapshot;

    #[test]
    fn the_query_page_has_every_chart_a_row_per_batch_and_the_plan() {
        let page = query(&snapshot(true, 3));
        assert_eq!(page.matches("<svg").count(), 7, "{page}");
        assert_eq!(page.matches("<tr class=\"batch\"").count(), 3);
        assert!(page.contains("data-batch-id=\"2\" data-input-rows=\"20\" data-output-rows=\"21\""));
        assert!(page.contains("<pre class=\"explain\">== Physical Plan ==\n&lt;x&gt;</pre>"));
        assert!(page.contains("&lt;b&gt;counts&lt;/b&gt;") && !page.contains("<b>counts"));
        assert!(page.contains("data-active=\"true\""));
        assert!(page.contains("data-fragment=\"/query/r/fragment\""));
        // The sub-millisecond rest of each batch is drawn as `other`.
        assert!(page.contains("addBatch 2 ms"), "{page}");
        assert!(page.contains("other 1.5 ms"), "{page}");
    }

    #[test]
    fn the_index_lists_active_and_finished_queries() {
        let page = index(&[snapshot(true, 1), snapshot(false, 2)]);
        assert!(page.contains("Active Streaming Queries (1)"));
        assert!(page.contains("Completed Streaming Queries (1)"));
        assert_eq!(page.matches("<tr class=\"query\"").count(), 2);
        assert!(page.contains("<a href=\"/query/r\">"));
        assert!(index(&[]).contains("None."));
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
