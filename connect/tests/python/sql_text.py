"""SQL text through Spark Connect, as a PySpark user writes it: `expr`, `selectExpr`,
`filter("..")`, `createOrReplaceTempView` and `spark.sql` over a stream, and Spark's parse and
analysis errors.

Run with SPARK_REMOTE=sc://HOST:PORT. The server must see this script's files: the query reads
text files from a directory this script writes (one file a batch). Prints one line per check,
`ok NAME` or `FAIL NAME: why`, and exits 0 only if every check passed. The console sink prints,
on the server's stdout, the word count of `the cat` (batch 0), then of `the dog` (batch 1), in
complete mode.
"""

import os
import shutil
import sys
import tempfile

from pyspark.errors import AnalysisException, ParseException
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from query_handle import FAILED, attempt, check, write_file


def main():
    spark = SparkSession.builder.appName("sql text").getOrCreate()
    work = tempfile.mkdtemp(prefix="ember-sql-text-")
    try:
        run(spark, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILED:
        print(f"{len(FAILED)} checks failed: {', '.join(FAILED)}", flush=True)
        sys.exit(1)
    print("all checks passed", flush=True)


def raises(name, exception, expected, step):
    """Checks that `step()` raises `exception` whose text holds `expected`."""
    try:
        step()
        check(name, False, "no exception")
    except exception as e:
        check(name, expected in str(e), str(e))
    except Exception as e:  # noqa: BLE001
        check(name, False, f"{type(e).__name__} instead of {exception.__name__}: {e}")


def run(spark, work):
    data = os.path.join(work, "data")
    os.mkdir(data)
    write_file(data, "part-0.txt", "the cat\n", 0)
    write_file(data, "part-1.txt", "the dog\n", 1)
    lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(data)

    columns = attempt("selectExpr", lambda: lines.selectExpr("*", "upper(value) AS u").columns)
    check("selectExpr columns", columns == ["value", "u"], repr(columns))
    columns = attempt("expr", lambda: lines.select(F.expr("length(value) + 1")).columns)
    check("expr columns", columns == ["(length(value) + 1)"], repr(columns))
    columns = attempt("filter", lambda: lines.filter("value <> 'x'").columns)
    check("filter columns", columns == ["value"], repr(columns))
    raises(
        "expr: a syntax error",
        ParseException,
        "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601",
        lambda: lines.select(F.expr("value +")).columns,
    )

    attempt("createOrReplaceTempView", lambda: lines.createOrReplaceTempView("lines"))
    counts = attempt(
        "spark.sql",
        lambda: spark.sql(
            "SELECT word, count(*) AS count "
            "FROM (SELECT explode(split(value, ' ')) AS word FROM lines) GROUP BY word"
        ),
    )
    if counts is None:
        return
    check("spark.sql is streaming", counts.isStreaming is True, repr(counts.isStreaming))
    check("spark.sql columns", counts.columns == ["word", "count"], repr(counts.columns))
    raises(
        "spark.sql: a syntax error",
        ParseException,
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601",
        lambda: spark.sql("SELEC value FROM lines"),
    )
    raises(
        "spark.sql: an unknown view",
        AnalysisException,
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.",
        lambda: spark.sql("SELECT value FROM nope"),
    )
    raises(
        "spark.sql: an unknown column",
        AnalysisException,
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with "
        "name `nope` cannot be resolved. Did you mean one of the following? [`value`].",
        lambda: spark.sql("SELECT nope FROM lines"),
    )

    query = attempt(
        "start",
        lambda: counts.writeStream.format("console")
        .outputMode("complete")
        .trigger(availableNow=True)
        .start(),
    )
    if query is not None:
        attempt("awaitTermination", query.awaitTermination)


if __name__ == "__main__":
    main()
