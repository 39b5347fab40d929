#!/usr/bin/env bash
# The build benchmark: `northstar build` (and `check` alone) against Hugo on the same
# synthetic corpora, alternating in one run, rebuilding into existing output folders on
# disk and in tmpfs; median wall and CPU time and peak memory from `/usr/bin/time -v`.
# Never part of the tests. The preview's latency has its own script,
# scripts/bench-serve.sh; BENCH_SERVE=1 runs it after this one on 10,000 documents.
#
#   scripts/bench.sh [SIZES…]        (default: 1000 10000 50000)
#
# Environment: RUNS (default 5); BENCH_WORK, the folder for corpora and outputs
# (default target/bench; 50,000 documents take about 2 GB with Hugo's outputs);
# NORTHSTAR_SHARED, the folder holding bench/gen_corpus.py (default ../shared);
# BENCH_ONLY_NORTHSTAR=1 to leave Hugo out. Hugo is measured when installed
# (`apt-get install -y hugo`).
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${NORTHSTAR_SHARED:-../shared}/bench/gen_corpus.py
if [[ ! -f $gen ]]; then
    echo "error: $gen not found; set NORTHSTAR_SHARED to the folder holding bench/gen_corpus.py" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time is missing (apt-get install -y time)" >&2
    exit 2
fi
sizes=("$@")
if [[ ${#sizes[@]} -eq 0 ]]; then
    sizes=(1000 10000 50000)
fi
cargo build --release --locked --quiet
work=${BENCH_WORK:-$PWD/target/bench}
mkdir -p "$work"
args=(--bin "$PWD/target/release/northstar" --gen "$gen" --work "$work" --runs "${RUNS:-5}")
if [[ -z ${BENCH_ONLY_NORTHSTAR:-} ]] && command -v hugo >/dev/null 2>&1; then
    args+=(--hugo)
    hugo version
fi
if [[ -d /dev/shm ]]; then
    args+=(--tmpfs /dev/shm)
fi
python3 scripts/bench.py "${args[@]}" "${sizes[@]}"
if [[ -n ${BENCH_SERVE:-} ]]; then
    bash scripts/bench-serve.sh 10000
fi
