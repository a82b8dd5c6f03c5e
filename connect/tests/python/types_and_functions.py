"""A streaming query over JSON lines through Spark Connect that uses issue #15's types and
functions as a PySpark user writes them: `from_json` with a DDL schema (a map and a struct
inside), `col.field`, `col["key"]`, `getItem`, `getField`, `try_to_timestamp`, a decimal
cast, `create_map`, literals of `Decimal` and `bytearray`, a float cast,
`approx_count_distinct` (Spark refuses `count_distinct` on a stream), `sum` of decimals,
`max` of timestamps and `first` of a map.

Run with SPARK_REMOTE=sc://HOST:PORT (or without it, on a local classic Spark, to see what
PySpark prints). Writes three files of JSON lines (one a batch) to a directory the server
reads; the console sink prints the batches in update mode on the server's stdout
(`connect/tests/expected/types_and_functions.txt`, PySpark 4.3's output for this script).
Through Connect it first checks the names and types of extractions, dotted names and
literals, a struct's `select("j.*")` and an extraction's error, as Spark 4.3's own Connect
server gives them (one line per check, `ok NAME` or `FAIL NAME: why`), and exits 1 if one
failed.
"""

import atexit
import datetime
import os
import shutil
import sys
import tempfile
from decimal import Decimal

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession, functions as F

from query_handle import FAILED, attempt, check, write_file

BATCHES = [
    '{"user": "ann", "ts": "2024-03-01 10:00:00", "amount": "12.5", '
    '"tags": {"kind": "book"}, "place": {"city": "Oslo"}}\n'
    '{"user": "ann", "ts": "2024-03-01 10:05:30", "amount": "7.25", '
    '"tags": {"kind": "pen"}, "place": {"city": "Oslo"}}\n',
    '{"user": "bob", "ts": "2024-03-02 08:00:00", "amount": "100", '
    '"tags": {"kind": "book"}, "place": {"city": "Rome"}}\n',
    '{"user": "ann", "ts": "2024-03-03 09:15:00", "amount": "0.05", '
    '"tags": {"kind": "book"}, "place": {"city": "Oslo"}}\n'
    '{"user": "bob", "ts": "bad", "amount": "1.005", "tags": {}, "place": null}\n',
]

SCHEMA = (
    "user STRING, ts STRING, amount STRING, tags MAP<STRING, STRING>, "
    "place STRUCT<city: STRING>"
)

builder = SparkSession.builder
if "SPARK_REMOTE" not in os.environ:
    builder = (
        builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
    )
spark = builder.getOrCreate()
data = tempfile.mkdtemp(prefix="types-and-functions-")
# Removed when the script ends, however it ends.
atexit.register(shutil.rmtree, data, ignore_errors=True)
for b, text in enumerate(BATCHES):
    write_file(data, f"batch-{b}.json", text, b)
lines = spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(data)
parsed = lines.select(F.from_json("value", SCHEMA).alias("j"))

# What Spark 4.3's Connect server answers for the same expressions.
NAMES = [
    "j.user",
    "j.tags[kind]",
    "j.tags[kind]",
    "j.place.city",
    "split(j.user,  , -1)[0]",
    "X'6162'",
    "CAST(1.5 AS FLOAT)",
    "map(a, 1)",
    "1.50",
    "TIMESTAMP '2024-01-02 03:04:05'",
    "DATE '2024-01-02'",
]
TYPES = (
    "struct<j.user:string,j.tags[kind]:string,j.tags[kind]:string,j.place.city:string,"
    "split(j.user,  , -1)[0]:string,X'6162':binary,CAST(1.5 AS FLOAT):float,"
    "map(a, 1):map<string,int>,1.50:decimal(10,2),TIMESTAMP '2024-01-02 03:04:05':timestamp,"
    "DATE '2024-01-02':date>"
)
if "SPARK_REMOTE" in os.environ:
    extracted = parsed.select(
        F.col("j").user,
        F.col("j")["tags"]["kind"],
        F.col("j").tags.getItem("kind"),
        F.col("j").getField("place").city,
        F.split(F.col("j").user, " ")[0],
        F.lit(bytearray(b"ab")),
        F.lit(1.5).cast("float"),
        F.create_map(F.lit("a"), F.lit(1)),
        F.lit(Decimal("1.50")),
        F.lit(datetime.datetime(2024, 1, 2, 3, 4, 5)),
        F.lit(datetime.date(2024, 1, 2)),
    )
    columns = attempt("columns", lambda: extracted.columns)
    check("columns", columns == NAMES, repr(columns))
    # Spark's Connect server types `lit(Decimal("1.50"))` decimal(10,2) (the larger of the
    # value's precision and the 10 PySpark declares), and so does Ember's.
    types = attempt("types", lambda: extracted.schema.simpleString())
    check("types", types == TYPES, repr(types))
    dotted = parsed.select(F.col("j.user"), "j.place.city", "j.tags.kind")
    types = attempt("dotted names", lambda: dotted.schema.simpleString())
    check("dotted names", types == "struct<user:string,city:string,kind:string>", repr(types))
    columns = attempt("star", lambda: parsed.select("j.*").columns)
    check("star", columns == ["user", "ts", "amount", "tags", "place"], repr(columns))
    try:
        parsed.select(F.col("j").place[0]).columns
        check("a struct's field by number", False, "no exception")
    except AnalysisException as e:
        expected = (
            "[INVALID_EXTRACT_FIELD_TYPE] Field name should be a non-null string literal, "
            'but it\'s "0". SQLSTATE: 42000'
        )
        check("a struct's field by number", str(e).startswith(expected), str(e))
    if FAILED:
        sys.exit(1)

rows = parsed.select(
    F.col("j").user.alias("user"),
    F.try_to_timestamp(F.col("j")["ts"]).alias("ts"),
    F.col("j").getField("amount").cast("decimal(10,2)").alias("amount"),
    F.col("j")["tags"].getItem("kind").alias("kind"),
    F.create_map(F.lit("city"), F.col("j")["place"]["city"]).alias("m"),
    (F.lit(1.5).cast("float") * F.lit(2)).alias("f"),
    F.lit(bytearray(b"ab")).alias("b"),
    F.lit(Decimal("1.50")).alias("fee"),
)
totals = rows.groupBy("user").agg(
    F.approx_count_distinct("kind").alias("kinds"),
    F.sum(F.col("amount") * F.col("fee")).alias("charged"),
    F.max("ts").alias("last"),
    F.first("m").alias("m"),
    F.max("f").alias("f"),
    F.first("b").alias("b"),
)
query = (
    totals.writeStream.format("console")
    .outputMode("update")
    .option("truncate", "false")
    .trigger(availableNow=True)
    .start()
)
query.awaitTermination()
