"""Spark's aggregate functions by PySpark's names through Spark Connect.

Run with SPARK_REMOTE=sc://HOST:PORT. Writes three `key,value` files (one a batch) to a
directory the server reads, and aggregates them per key in update mode with `count_distinct`,
`approx_count_distinct`, `sum_distinct`, `first`/`last` (with and without `ignorenulls`),
`collect_list`, `collect_set`, `stddev` and `var_pop`; the console sink prints the batches on
the server's stdout (Ember's `tests/expected/aggregate_functions_update.txt`).
"""

import atexit
import os
import shutil
import tempfile

from pyspark.sql import SparkSession, functions as F

BATCHES = ["a,1\na,3\nb,\nb,2\nd,9\n", "a,2\na,3\nb,\nc,5\n", "a,4\nb,7\nc,\n"]

spark = SparkSession.builder.getOrCreate()
data = tempfile.mkdtemp(prefix="aggregate-functions-")
# Removed when the script ends, however it ends.
atexit.register(shutil.rmtree, data, ignore_errors=True)
for b, text in enumerate(BATCHES):
    path = os.path.join(data, f"batch-{b}.txt")
    with open(path, "w") as f:
        f.write(text)
    os.utime(path, (1_700_000_000 + b, 1_700_000_000 + b))
lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(data)
v = F.regexp_extract("value", "^[^,]*,(.*)$", 1)
rows = lines.select(
    F.regexp_extract("value", "^([^,]*),", 1).alias("k"),
    F.when(v == "", F.lit(None)).otherwise(v.cast("bigint")).alias("v"),
)
aggregated = rows.groupBy("k").agg(
    F.count_distinct("v"),
    F.approx_count_distinct("v"),
    F.sum_distinct("v"),
    F.first("v"),
    F.first("v", True),
    F.last("v"),
    F.last("v", ignorenulls=True),
    F.collect_list("v"),
    F.collect_set("v"),
    F.stddev("v"),
    F.var_pop("v"),
)
query = (
    aggregated.writeStream.format("console")
    .outputMode("update")
    .trigger(availableNow=True)
    .start()
)
query.awaitTermination()
