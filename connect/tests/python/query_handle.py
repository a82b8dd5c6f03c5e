"""A streaming query's handle through Spark Connect, as a PySpark user drives it.

Run with SPARK_REMOTE=sc://HOST:PORT. The server must see this script's files: the query reads
text files from a directory this script writes (one file a batch), with its checkpoint beside
them. Prints one line per check, `ok NAME` or `FAIL NAME: why`, and exits 0 only if every
check passed. The console sink prints, on the server's stdout, batch 0 (`a`), batch 1 (`b`)
and, after the restart, batch 2 (`c`).
"""

import os
import shutil
import sys
import tempfile
import time
import traceback

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession

PATIENCE = 60.0  # seconds any one wait may take
FAILED = []


def check(name, condition, detail=""):
    if condition:
        print(f"ok {name}", flush=True)
    else:
        FAILED.append(name)
        print(f"FAIL {name}: {detail}", flush=True)


def attempt(name, step):
    """Runs `step()`; a raised exception fails check `name` with its traceback."""
    try:
        return step()
    except Exception as e:  # noqa: BLE001 (every failure is reported, then the next check runs)
        FAILED.append(name)
        print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
        traceback.print_exc()
        return None


def wait_for_batch(query, batch_id):
    """Waits until the query's last progress is batch `batch_id`; returns that progress."""
    deadline = time.monotonic() + PATIENCE
    while True:
        progress = query.lastProgress
        if progress is not None and progress["batchId"] >= batch_id:
            return progress
        if not query.isActive:
            raise RuntimeError(f"the query ended before batch {batch_id}: {query.exception()}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no batch {batch_id} in {PATIENCE} s; last progress: {progress}")
        time.sleep(0.05)


def write_file(directory, name, text, second):
    """Writes a file with a fixed modification time, so that the source takes them in order."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    stamp = 1_700_000_000 + second
    os.utime(path, (stamp, stamp))


def start(spark, data, checkpoint):
    return (
        spark.readStream.format("text")
        .option("maxFilesPerTrigger", 1)
        .load(data)
        .writeStream.format("console")
        .option("checkpointLocation", checkpoint)
        .start()
    )


def main():
    run_checks("query handle", run)


def run_checks(app_name, run):
    """Runs `run(spark, work)` with a scratch directory `work`, stops what it left running,
    and exits 1 if any check failed."""
    spark = SparkSession.builder.appName(app_name).getOrCreate()
    work = tempfile.mkdtemp(prefix=f"ember-{app_name.replace(' ', '-')}-")
    try:
        run(spark, work)
    finally:
        for query in attempt("active queries at the end", lambda: spark.streams.active) or []:
            attempt("stop at the end", query.stop)
        shutil.rmtree(work, ignore_errors=True)
    if FAILED:
        print(f"{len(FAILED)} checks failed: {', '.join(FAILED)}", flush=True)
        sys.exit(1)
    print("all checks passed", flush=True)


def run(spark, work):
    data = os.path.join(work, "data")
    checkpoint = os.path.join(work, "checkpoint")
    os.mkdir(data)
    write_file(data, "part-0.txt", "a\n", 0)
    write_file(data, "part-1.txt", "b\n", 1)

    query = attempt("start", lambda: start(spark, data, checkpoint))
    if query is None:
        return
    progress = attempt("batches 0 and 1 run", lambda: wait_for_batch(query, 1))
    if progress is not None:
        check(
            'lastProgress["batchId"]',
            progress["batchId"] == 1 and query.lastProgress["batchId"] == 1,
            f"{progress['batchId']}, then {query.lastProgress['batchId']}",
        )
        check(
            'lastProgress.numInputRows',
            progress.numInputRows == 1,
            str(progress.numInputRows),
        )
    check("isActive while running", query.isActive is True, repr(query.isActive))
    status = attempt("status", lambda: query.status)
    if status is not None:
        check(
            "status",
            set(status) == {"message", "isDataAvailable", "isTriggerActive"}
            and isinstance(status["message"], str)
            and status["message"] != "",
            repr(status),
        )
    began = time.monotonic()
    waited = attempt("awaitTermination(0.1)", lambda: query.awaitTermination(0.1))
    took = time.monotonic() - began
    check("awaitTermination(0.1) is False", waited is False, repr(waited))
    check("awaitTermination(0.1) returns soon", took < 10, f"took {took:.1f} s")
    active = attempt("spark.streams.active", lambda: spark.streams.active)
    if active is not None:
        ids = [q.id for q in active]
        check("spark.streams.active has the query", ids == [query.id], f"{ids} vs {query.id}")
    got = attempt("spark.streams.get", lambda: spark.streams.get(query.id))
    check("spark.streams.get", got is not None and got.runId == query.runId, repr(got))

    attempt("stop()", query.stop)
    check("isActive after stop()", query.isActive is False, repr(query.isActive))
    waited = attempt("awaitTermination(0.1) after stop()", lambda: query.awaitTermination(0.1))
    check("awaitTermination(0.1) after stop() is True", waited is True, repr(waited))
    active = attempt("spark.streams.active after stop()", lambda: spark.streams.active)
    check("spark.streams.active after stop() is empty", active == [], repr(active))
    commits = sorted(f for f in os.listdir(os.path.join(checkpoint, "commits")) if f[0] != ".")
    check("the checkpoint has batches 0 and 1 committed", commits == ["0", "1"], repr(commits))

    # A restart from the checkpoint takes only the new file, as the next batch, with the
    # query's id (kept in the checkpoint) and a new run id.
    write_file(data, "part-2.txt", "c\n", 2)
    again = attempt("restart", lambda: start(spark, data, checkpoint))
    if again is not None:
        check("restart keeps the id", again.id == query.id, f"{again.id} vs {query.id}")
        check("restart has a new runId", again.runId != query.runId, again.runId)
        progress = attempt("restart runs batch 2", lambda: wait_for_batch(again, 2))
        if progress is not None:
            first = again.recentProgress[0]
            check(
                "restart resumes at the next batch id",
                first["batchId"] == 2 and progress["batchId"] == 2,
                f"first {first['batchId']}, last {progress['batchId']}",
            )
            check(
                "the restarted batch reads only the new file",
                progress.numInputRows == 1,
                str(progress.numInputRows),
            )
        attempt("stop() after the restart", again.stop)
        check("isActive after the restart's stop()", again.isActive is False, "")

    # An unknown column: Spark's error class and words, as PySpark's own exception.
    lines = spark.readStream.format("text").load(data)
    expected = (
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with "
        "name `valeu` cannot be resolved. Did you mean one of the following? [`value`]."
    )
    for name, step in [
        ("unknown column in columns", lambda: lines.select("valeu").columns),
        (
            "unknown column at start()",
            lambda: lines.select("valeu").writeStream.format("console").start().stop(),
        ),
    ]:
        try:
            step()
            check(name, False, "no error")
        except AnalysisException as e:
            text = str(e)
            check(name, expected in text, text)
            check(
                f"{name}: error class",
                e.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION",
                repr(e.getCondition()),
            )
        except Exception as e:  # noqa: BLE001
            check(name, False, f"{type(e).__name__} instead of AnalysisException: {e}")


if __name__ == "__main__":
    main()
