#!/usr/bin/env bash
# A Python venv with Spark Connect's Python client (`pyspark-client`, pure Python, no JVM) for
# ember-connect's tests and for trying PySpark programs against Ember. Idempotent: the venv is
# made and filled once; later runs only check it. Prints the venv's python on stdout.
#
#   scripts/pyspark-client-venv.sh                 # target/pyspark-client-venv
#   EMBER_PYSPARK_VENV=DIR scripts/pyspark-client-venv.sh   # DIR absolute, or relative to the repository
#
# Then: SPARK_REMOTE=sc://localhost:15002 "$(scripts/pyspark-client-venv.sh)" my_job.py
set -euo pipefail
cd "$(dirname "$0")/.."

# The client version the tests were written against (it brings grpcio, pandas and pyarrow),
# and pandas below 3: PySpark 4.2 warns on every start that it does not support pandas 3 yet.
PYSPARK_CLIENT_VERSION=4.2.0
PANDAS='pandas<3'

venv="${EMBER_PYSPARK_VENV:-target/pyspark-client-venv}"
python="$venv/bin/python"

installed() {
    [ -x "$python" ] && "$python" - "$PYSPARK_CLIENT_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import pyspark.sql.connect.session  # noqa: F401  (the client and its grpc/pandas/arrow deps)
ok = version("pyspark-client") == sys.argv[1] and int(version("pandas").split(".")[0]) < 3
sys.exit(0 if ok else 1)
PY
}

if ! installed; then
    base="$(command -v python3 || true)"
    [ -n "$base" ] || base=/usr/bin/python3
    echo "pyspark-client-venv: making $venv with $base: pyspark-client==$PYSPARK_CLIENT_VERSION '$PANDAS'" >&2
    mkdir -p "$(dirname "$venv")"
    [ -x "$python" ] || "$base" -m venv "$venv"
    "$python" -m pip install --quiet "pyspark-client==$PYSPARK_CLIENT_VERSION" "$PANDAS" >&2
    installed || {
        echo "pyspark-client-venv: pyspark-client did not install in $venv" >&2
        exit 1
    }
fi

# An absolute path, so it can be used from any directory.
echo "$(cd "$(dirname "$python")" && pwd)/$(basename "$python")"
