#!/usr/bin/env bash
# Measures the preview's edit-to-served latency: from writing a document to the first
# HTTP response of its page that carries the change, for a body edit and a front-matter
# edit (median, min and max of EDITS edits each), and the server's peak memory (VmHWM).
# `northstar serve` first, then `hugo server` on the same corpus in Hugo's flavour, in
# its fast-render mode and with full re-renders. Never part of the tests.
#
#   scripts/bench-serve.sh [DOCS] [EDITS]        (defaults: 10000 documents, 20 edits)
#
# The corpus comes from ../shared/bench/gen_corpus.py; set NORTHSTAR_SHARED to the
# folder holding bench/gen_corpus.py when it lives elsewhere. Without `hugo` installed
# (`apt-get install -y hugo`), or with BENCH_ONLY_NORTHSTAR=1, only northstar is
# measured. The edits and the polling
# are done by scripts/bench_serve.py (python3, standard library only).
set -euo pipefail
docs=${1:-10000}
edits=${2:-20}
cd "$(dirname "$0")/.."
gen=${NORTHSTAR_SHARED:-../shared}/bench/gen_corpus.py
if [[ ! -f $gen ]]; then
    echo "error: $gen not found; set NORTHSTAR_SHARED to the folder holding bench/gen_corpus.py" >&2
    exit 2
fi
cargo build --release --locked --quiet
bin=$PWD/target/release/northstar
scratch=$(mktemp -d)
pid=
stop_server() {
    if [[ -n $pid ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        pid=
    fi
}
trap 'stop_server; rm -rf "$scratch"' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

corpus() { # corpus DIR FLAVOR: (re)writes the corpus
    python3 "$gen" --docs "$docs" --out "$1" --flavor "$2" --force >/dev/null
}

# measure NAME LOG COMMAND…: starts the server COMMAND with its output in LOG, waits for
# the URL it prints, runs the edits against ROOT and prints two rows of the table.
measure() {
    local name=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 &
    pid=$!
    local url=
    for _ in $(seq 6000); do
        url=$(grep -oE '(serving .* at|Web Server is available at) http://[^ ]+' "$log" |
            grep -oE 'http://[^ ]+' | head -n 1 || true)
        [[ -n $url ]] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "error: $name exited before serving:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.1
    done
    if [[ -z $url ]]; then
        echo "error: $name printed no URL within 10 minutes" >&2
        exit 1
    fi
    url=${url/localhost/127.0.0.1}
    local rows
    rows=$(python3 scripts/bench_serve.py --root "$root" --url "$url" --log "$log" --edits "$edits" \
        ${BENCH_VERBOSE:+--verbose})
    local peak
    peak=$(awk '/^VmHWM:/ {print int($2 / 1024)}' "/proc/$pid/status")
    stop_server
    while read -r edit median min max rebuild timeouts; do
        printf '%-20s %-13s %9s %9s %9s %11s %8s %7s MiB\n' "$name" "$edit" "$median" "$min" "$max" \
            "$rebuild" "$timeouts" "$peak"
    done <<<"$rows"
}

root=$scratch/northstar
corpus "$root" plain
echo "documents: $(find "$root/content" -name '*.md' | wc -l), edits: $edits body + $edits front matter"
echo "latency in ms from writing the file to the first response carrying the change;"
echo "rebuild: the server's own report of its rebuild time (median, ms)"
printf '%-20s %-13s %9s %9s %9s %11s %8s %11s\n' server edit median min max rebuild timeouts "peak memory"
measure northstar "$scratch/northstar.log" "$bin" serve --root "$root" --port "$(free_port)"

if [[ -n ${BENCH_ONLY_NORTHSTAR:-} ]]; then
    exit 0
fi
if ! command -v hugo >/dev/null 2>&1; then
    echo "hugo is not installed: \`apt-get install -y hugo\` to measure it too" >&2
    exit 0
fi
root=$scratch/hugo
for mode in fast full; do
    corpus "$root" hugo
    flags=(--disableFastRender=false)
    [[ $mode == full ]] && flags=(--disableFastRender)
    measure "hugo ($mode render)" "$scratch/hugo-$mode.log" \
        hugo server --source "$root" --bind 127.0.0.1 --port "$(free_port)" "${flags[@]}"
done
echo "($(hugo version | grep -oE 'v[0-9.]+' | head -n 1))"
