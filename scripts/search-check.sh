#!/usr/bin/env bash
# The example strategy's search box in headless Chromium (scripts/search-check.mjs),
# built under a sub-path base_url and served by a plain static file server, as a
# static host would serve it.
#
#   scripts/search-check.sh [SCREENSHOT_DIR]
#
# Relies on the Chromium and the npm packages (playwright-core) that
# scripts/check-html.sh installs. Needs python3 for the file server.
# Exit codes: 0 passed, 1 a check failed, 2 setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."

fail_setup() { echo "search-check: setup failed: $*" >&2; exit 2; }
[[ -x /usr/bin/chromium ]] || fail_setup "chromium is not installed (scripts/check-html.sh installs it)"
[[ -d node_modules/playwright-core ]] || fail_setup "playwright-core is not installed (scripts/check-html.sh installs it)"
command -v python3 >/dev/null || fail_setup "python3 is not installed"

port=18131
tmp=$(mktemp -d)
server=
cleanup() {
    [[ -n $server ]] && kill "$server" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

cargo build --locked --quiet
./target/debug/northstar build --out "$tmp/www/strategy" --base-url "http://127.0.0.1:$port/strategy/" >/dev/null
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/www" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/strategy/')" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
node scripts/search-check.mjs "http://127.0.0.1:$port/strategy/" "$@"
echo "search-check: ok (${SECONDS}s)"
