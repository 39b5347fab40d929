#!/usr/bin/env bash
# Every internal link of the example strategy resolves, according to an independent
# checker (Debian's `linkchecker`), with the site built under a sub-path base_url and
# served by a plain static file server, as a static host would serve it.
#
#   scripts/link-check.sh
#
# Installs linkchecker with apt when it is missing (as root, on Debian). Needs python3
# for the file server. Exit codes: 0 no broken link, 1 broken links (listed), 2 setup
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."

fail_setup() { echo "link-check: setup failed: $*" >&2; exit 2; }
if ! command -v linkchecker >/dev/null; then
    echo "== installing linkchecker (apt)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y linkchecker; } \
        || fail_setup "apt-get install linkchecker"
fi
command -v python3 >/dev/null || fail_setup "python3 is not installed"

# shellcheck source=scripts/serve-example.sh
source scripts/serve-example.sh
serve_example 18141 || fail_setup "serving the example"
# Internal links only (the example links to no other host); the sitemap is read too,
# so that a page nothing links to is still checked.
linkchecker --no-status --no-warnings --recursion-level=-1 "$base" "${base}sitemap.xml" 2>&1 \
    | grep -v "Running as root user" || rc=${PIPESTATUS[0]}
rc=${rc:-0}
if ((rc != 0)); then
    echo "link-check: broken links (above)" >&2
    exit 1
fi
echo "link-check: ok (${SECONDS}s)"
