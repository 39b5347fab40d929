#!/usr/bin/env bash
# What the strategy's history costs a build: the same synthetic corpus built with and
# without a git repository behind it, the repository holding one commit a quarter
# (scripts/history_corpus.py), alternating in one run; median wall time and peak
# memory from `/usr/bin/time -v`. Never part of the tests.
#
#   scripts/bench-history.sh [DOCUMENTS [QUARTERS]]     (default: 10000 8)
#
# Four builds, each measured RUNS times (default 5):
#   full, no git      caches deleted before each run: every page made
#   full, git         the same, with the history read from git from scratch
#   rebuild, no git   into the folder the last build wrote, nothing changed
#   rebuild, git      the same, with the history's cache from the last build
# Environment: BENCH_WORK, the folder for corpora and outputs (default target/bench);
# NORTHSTAR_SHARED, the folder holding bench/gen_corpus.py (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${NORTHSTAR_SHARED:-../shared}/bench/gen_corpus.py
[[ -f $gen ]] || { echo "error: $gen not found; set NORTHSTAR_SHARED" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
command -v git >/dev/null || { echo "error: git is not installed" >&2; exit 2; }
docs=${1:-10000}
quarters=${2:-8}
runs=${RUNS:-5}
cargo build --release --locked --quiet
bin=$PWD/target/release/northstar
work=${BENCH_WORK:-$PWD/target/bench}
git_site=$work/history-$docs-$quarters
plain_site=$work/history-$docs-$quarters-plain
if [[ ! -d $git_site/.git ]]; then
    rm -rf "$git_site" "$plain_site"
    python3 "$gen" --docs "$docs" --out "$git_site" >/dev/null
    # Long enough that no document goes stale: the warnings would be the same in both.
    printf 'title = "History benchmark"\nstale_after_days = 3650\n' >"$git_site/site.toml"
    python3 scripts/history_corpus.py "$git_site" "$quarters"
    mkdir -p "$plain_site"
    cp -r "$git_site/content" "$git_site/site.toml" "$plain_site/"
fi
echo "corpus: $docs documents, $(git -C "$git_site" rev-list --count HEAD) commits ($git_site)"

# measure NAME SITE OUT FRESH: one run; prints "wall_seconds max_rss_kb".
measure() {
    local site=$2 out=$3 fresh=$4 log
    if [[ $fresh == 1 ]]; then
        rm -rf "$out" "$(dirname "$out")/.$(basename "$out").northstar-cache"
    fi
    log=$(mktemp)
    /usr/bin/time -v "$bin" build --root "$site" --out "$out" --today 2026-12-01 >/dev/null 2>"$log"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
                /Maximum resident set size/ { m = $2 } END { print w, m }' "$log"
    rm -f "$log"
}

names=("full, no git" "full, git" "rebuild, no git" "rebuild, git")
sites=("$plain_site" "$git_site" "$plain_site" "$git_site")
outs=("$work/out/history-plain" "$work/out/history-git" "$work/out/history-plain-again" "$work/out/history-git-again")
fresh=(1 1 0 0)
declare -A walls rss
# Warm-up: a build swaps its output with the folder of the build before, so a rebuild
# keeps files from the second build into a folder on.
for i in 0 1 2 3 2 3; do measure "${names[$i]}" "${sites[$i]}" "${outs[$i]}" "${fresh[$i]}" >/dev/null; done
for ((r = 0; r < runs; r++)); do
    for i in 0 1 2 3; do
        read -r w m < <(measure "${names[$i]}" "${sites[$i]}" "${outs[$i]}" "${fresh[$i]}")
        walls[$i]+="$w "
        rss[$i]+="$m "
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf '\n| build | wall (median of %d) | peak memory |\n| --- | ---: | ---: |\n' "$runs"
for i in 0 1 2 3; do
    w=$(echo "${walls[$i]}" | median)
    m=$(echo "${rss[$i]}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
    printf '| %s | %.2f s | %d MiB |\n' "${names[$i]}" "$w" "$((m / 1024))"
done
