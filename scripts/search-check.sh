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

# shellcheck source=scripts/serve-example.sh
source scripts/serve-example.sh
serve_example 18131 || fail_setup "serving the example"
node scripts/search-check.mjs "$base" "$@"
echo "search-check: ok (${SECONDS}s)"
