#!/usr/bin/env bash
# Times a full `northstar build` of a site against `hugo` on the same corpus: the
# median wall time of RUNS runs and the peak memory of one run of each. Never part of
# the tests.
#
#   scripts/bench-build.sh PLAIN_SITE [HUGO_SITE] [RUNS]
#
# PLAIN_SITE and HUGO_SITE are the same synthetic corpus in the project's two
# flavours (`gen_corpus.py --docs 10000 --out DIR [--flavor hugo]`). Without
# HUGO_SITE, or without `hugo` installed (`apt-get install -y hugo`), only northstar
# is measured.
set -euo pipefail
plain=${1:?usage: scripts/bench-build.sh PLAIN_SITE [HUGO_SITE] [RUNS]}
hugo_site=${2:-}
runs=${3:-5}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=$PWD/target/release/northstar
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# median_and_peak NAME COMMAND…: runs COMMAND RUNS times, then once under time -f %M.
median_and_peak() {
    local name=$1
    shift
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    local median peak
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    peak=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
    printf '%-10s wall %6.2f s (median of %s)   peak memory %5d MiB\n' "$name" "$median" "$runs" "$((peak / 1024))"
}

echo "documents: $(find "$plain/content" -name '*.md' | wc -l)"
median_and_peak northstar "$bin" build --root "$plain" --out "$scratch/northstar"
if [[ -n $hugo_site ]] && command -v hugo >/dev/null 2>&1; then
    median_and_peak hugo hugo --quiet -s "$hugo_site" -d "$scratch/hugo"
fi
