#!/usr/bin/env bash
# `northstar serve` in headless Chromium (scripts/serve-check.mjs): live reload after
# a body edit, the error overlay after a broken front matter and its removal after
# the fix, a stylesheet swap without a reload, a deleted and recreated document, and
# the first document of a kind. Run twice: at the root and under a sub-path
# (--base-url /strategy/).
#
#   scripts/serve-check.sh
#
# Each run serves a temporary copy of the example strategy (site.toml, content/)
# without content/updates/, so that step 7 creates the site's first update; the
# copy's [[links]] to the removed updates become plain text.
#
# Relies on what scripts/check-html.sh installs (it runs before this in .ci/run):
# /usr/bin/chromium and the npm packages of package-lock.json (playwright-core).
# Needs cargo and node on PATH. Talks only to 127.0.0.1.
# Exit codes: 0 all passed, 1 a check failed, 2 setup failure.
set -euo pipefail

fail_setup() { echo "serve-check: setup failed: $*" >&2; exit 2; }

cd "$(dirname "$0")/.."
repo=$(pwd)

command -v node >/dev/null || fail_setup "node is not installed"
[[ -x /usr/bin/chromium ]] || fail_setup "/usr/bin/chromium is missing (scripts/check-html.sh installs it)"
[[ -d node_modules/playwright-core ]] \
    || fail_setup "node_modules/playwright-core is missing (run npm ci, or scripts/check-html.sh)"

echo "== cargo build"
cargo build --locked --quiet || fail_setup "cargo build"
bin="${CARGO_TARGET_DIR:-$repo/target}/debug/northstar"
[[ -x $bin ]] || fail_setup "$bin is missing"

tmp=$(mktemp -d)
server=
cleanup() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# A copy of the example strategy without updates, in $1, with an empty static/ (step 5
# adds a stylesheet there; creating the folder itself would reload every page).
prepare_site() {
    local site=$1 ids=() f
    mkdir -p "$site/static"
    cp -R site.toml content "$site/"
    for f in "$site"/content/updates/*.md; do
        ids+=("$(basename "$f" .md)")
    done
    rm -rf "$site/content/updates"
    local pattern
    pattern=$(IFS='|'; echo "${ids[*]}")
    find "$site/content" -name '*.md' -print0 \
        | xargs -0 sed -E -i "s/\[\[($pattern)(\|[^]]*)?\]\]/\1/g"
}

# Serves a fresh copy (extra serve arguments in "$@") and runs the browser check.
run() {
    local name=$1
    shift
    local site="$tmp/$name"
    prepare_site "$site"
    echo "== serve-check: $name"
    # Created here: the background job opens its redirections only once it runs.
    : >"$tmp/$name.err"
    "$bin" serve --root "$site" --port 18111 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    server=$!
    local url='' waited=0
    while [[ -z $url ]]; do
        url=$(sed -nE 's/^serving .* at (http:[^ ]+) \(Ctrl-C to stop\)$/\1/p' "$tmp/$name.err")
        if [[ -z $url ]]; then
            if ! kill -0 "$server" 2>/dev/null || ((waited >= 100)); then
                cat "$tmp/$name.err" >&2
                fail_setup "northstar serve did not print its URL"
            fi
            sleep 0.1
            waited=$((waited + 1))
        fi
    done
    echo "serving $url"
    local rc=0
    node scripts/serve-check.mjs "$url" "$site" || rc=$?
    if ((rc != 0)); then
        echo "-- northstar serve's terminal:" >&2
        cat "$tmp/$name.err" >&2
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
    ((rc == 0)) || exit "$rc"
}

run root
run sub-path --base-url /strategy/
echo "serve-check: ok (${SECONDS}s)"
