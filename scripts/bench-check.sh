#!/usr/bin/env bash
# Times `northstar check` on a site: the median wall time of RUNS runs and the peak
# memory of one, with the release binary. Never part of the tests.
#
#   scripts/bench-check.sh SITE_DIR [RUNS]
#
# SITE_DIR is any site, e.g. a synthetic corpus of 10,000 documents written by the
# project's corpus generator (`gen_corpus.py --docs 10000 --out DIR`).
set -euo pipefail
site=${1:?usage: scripts/bench-check.sh SITE_DIR [RUNS]}
runs=${2:-5}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=$PWD/target/release/northstar

times=()
for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$bin" check --root "$site" --format json >/dev/null || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
peak=$(/usr/bin/time -f '%M' "$bin" check --root "$site" --format json 2>&1 >/dev/null | tail -n 1)
documents=$(find "$site/content" -name '*.md' | wc -l)
echo "documents: $documents"
echo "check wall time, median of $runs: ${median}s"
echo "check peak memory: $((peak / 1024)) MiB"
