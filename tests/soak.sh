#!/usr/bin/env bash
# Soak test (not part of `cargo test`): each job of examples/soak_job.rs is killed with
# SIGKILL at random moments, KILLS times (default 100), each run at a scale drawn from one
# worker, two workers and two processes of two workers on loopback, and restarted from its
# checkpoint; then run to its end. Its final answer must equal that of a run never killed:
# no row lost, none doubled.
#
#   tests/soak.sh            # 100 kills a job
#   tests/soak.sh 20 dedup   # 20 kills, one job
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100}
shift || true
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(word-count windowed dedup sessions join)
cargo build --example soak_job 2>&1 | tail -1
bin=$PWD/target/debug/examples/soak_job
work=$(mktemp -d)
# SOAK_KEEP=1 keeps the work directory (inputs, outputs, checkpoints) for a post-mortem.
if [ -n "${SOAK_KEEP:-}" ]; then echo "soak: work directory $work"; fi
trap 'pkill -9 -f "$bin" 2>/dev/null || true; [ -n "${SOAK_KEEP:-}" ] || rm -rf "$work"' EXIT

# Input: 30 files of 40 lines of words w0..w49 (csv `ts,word` events for `windowed`).
make_input() { # job dir
  mkdir -p "$2"
  local seed=7
  for f in $(seq -w 0 29); do
    : > "$2/part-$f.txt"
    for l in $(seq 0 39); do
      seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
      if [ "$1" = windowed ]; then
        printf '2026-01-01 %02d:%02d:00,w%d\n' $(( 10 + 10#$f / 6 )) $(( (10#$f % 6) * 10 + l % 10 )) $(( seed % 50 )) >> "$2/part-$f.txt"
      else
        printf 'w%d w%d w%d\n' $(( seed % 50 )) $(( seed / 50 % 50 )) $(( seed / 2500 % 50 )) >> "$2/part-$f.txt"
      fi
    done
    touch -d "2026-01-01 00:00:$f" "$2/part-$f.txt"
  done
}

# Starts the job at a random scale in the background; its pids in PIDS.
start() { # job dir
  local args=(--job "$1" --input "$2/in" --out "$2/out" --checkpoint "$2/ck")
  case $(( RANDOM % 3 )) in
    0) SCALE=w1; "$bin" "${args[@]}" -w 1 > /dev/null 2>&1 & PIDS=($!) ;;
    1) SCALE=w2; "$bin" "${args[@]}" -w 2 > /dev/null 2>&1 & PIDS=($!) ;;
    2) SCALE=p2
       local base=$(( 20000 + RANDOM % 20000 ))
       printf '127.0.0.1:%d\n127.0.0.1:%d\n' "$base" $(( base + 1 )) > "$2/hosts"
       "$bin" "${args[@]}" -w 2 -n 2 -p 1 -h "$2/hosts" > /dev/null 2>&1 & local p1=$!
       "$bin" "${args[@]}" -w 2 -n 2 -p 0 -h "$2/hosts" > /dev/null 2>&1 & PIDS=($! "$p1") ;;
  esac
}

total_kills=0; lost_total=0; doubled_total=0
declare -A by_scale=([w1]=0 [w2]=0 [p2]=0)
for job in "${jobs[@]}"; do
  dir=$work/$job
  make_input "$job" "$dir/in"
  clean=$work/$job-clean
  # -a keeps the modification times, which order the file source's batches (a plain copy
  # would order them by copying time, and the watermark would then drop different rows).
  cp -a "$dir/in" "$work/$job-clean-in"
  began=$(date +%s%N)
  "$bin" --job "$job" --input "$work/$job-clean-in" --out "$clean" --checkpoint "$work/$job-clean-ck" -w 1 > /dev/null 2>&1
  took_ms=$(( ($(date +%s%N) - began) / 1000000 ))
  expected=$("$bin" --job "$job" --summarize "$clean")
  for k in $(seq 1 "$kills"); do
    start "$job" "$dir"
    sleep "$(awk -v ms=$(( RANDOM % (took_ms + 200) )) 'BEGIN { print ms / 1000 }')"
    kill -9 "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
    by_scale[$SCALE]=$(( ${by_scale[$SCALE]} + 1 ))
    if [ -n "${SOAK_KEEP:-}" ]; then # what each kill left, and the scale it ran at
      mkdir -p "$work/history/$job-$k-$SCALE"
      cp -a "$dir/ck" "$dir/out" "$work/history/$job-$k-$SCALE/" 2>/dev/null || true
    fi
  done
  # Then to the end, at a random scale; a run that fails (say, a port taken) is tried again.
  for attempt in 1 2 3; do
    start "$job" "$dir"
    if wait "${PIDS[0]}"; then wait "${PIDS[@]}" 2>/dev/null || true; break; fi
    kill -9 "${PIDS[@]}" 2>/dev/null || true
  done
  actual=$("$bin" --job "$job" --summarize "$dir/out")
  lost=$(diff <(echo "$expected") <(echo "$actual") | grep -c '^<' || true)
  doubled=$(diff <(echo "$expected") <(echo "$actual") | grep -c '^>' || true)
  rows=$(echo "$expected" | grep -c . || true)
  echo "soak: $job: $kills SIGKILLs, $rows rows in its answer, $lost lost, $doubled doubled"
  total_kills=$(( total_kills + kills )); lost_total=$(( lost_total + lost )); doubled_total=$(( doubled_total + doubled ))
done
echo "soak: ${#jobs[@]} jobs, $total_kills SIGKILLs (${by_scale[w1]} at 1 worker, ${by_scale[w2]} at 2 workers, ${by_scale[p2]} as 2 processes), $lost_total rows lost, $doubled_total doubled"
[ "$lost_total" -eq 0 ] && [ "$doubled_total" -eq 0 ]
