#!/usr/bin/env bash
# HTML-quality checks of a built site:
#   1. the Nu HTML Checker (vnu-jar) over every *.html file, errors only;
#   2. axe-core in headless Chromium over the served site (scripts/axe-check.mjs),
#      in the light and the dark colour scheme,
#      failing on serious or critical accessibility violations.
#
#   scripts/check-html.sh SITE_DIR
#
# Installs what it needs when missing (as root, on Debian): the `chromium` package
# with apt, and the npm packages pinned in package-lock.json with `npm ci`.
# Needs node, npm and java on PATH. The checks themselves talk only to 127.0.0.1.
# Exit codes: 0 clean, 1 findings, 2 usage or setup failure.
set -euo pipefail

fail_setup() { echo "check-html: setup failed: $*" >&2; exit 2; }

[[ $# -eq 1 && -d ${1:-} ]] || { echo "usage: scripts/check-html.sh SITE_DIR" >&2; exit 2; }
site=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."

for tool in node npm java; do
    command -v "$tool" >/dev/null || fail_setup "$tool is not installed"
done

if [[ ! -x /usr/bin/chromium ]]; then
    echo "== installing chromium (apt)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
        || fail_setup "apt-get install chromium"
fi

# node_modules is stale when it was installed from another package-lock.json.
stamp=node_modules/.check-html-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_sum" ]]; then
    echo "== installing npm packages (npm ci)"
    # --ignore-scripts: vnu-jar's postinstall would download a JDK; the system Java is used.
    npm ci --ignore-scripts --no-audit --no-fund || fail_setup "npm ci"
    echo "$lock_sum" >"$stamp"
fi
vnu=node_modules/vnu-jar/build/dist/vnu.jar
[[ -f $vnu ]] || fail_setup "$vnu is missing"

mapfile -d '' pages < <(find "$site" -type f -name '*.html' -print0 | sort -z)
[[ ${#pages[@]} -gt 0 ]] || fail_setup "no *.html files under $site"

echo "== Nu HTML Checker: ${#pages[@]} file(s)"
vnu_rc=0
printf '%s\0' "${pages[@]}" | xargs -0 java -jar "$vnu" --errors-only --skip-non-html 2>&1 || vnu_rc=$?
case $vnu_rc in
    0) echo "vnu: no errors" ;;
    123) echo "vnu: errors found (above)" ;;  # xargs: some vnu run exited 1
    *) fail_setup "vnu exited with $vnu_rc" ;;
esac

echo "== axe-core in Chromium"
axe_rc=0
node scripts/axe-check.mjs "$site" || axe_rc=$?
[[ $axe_rc -le 1 ]] || fail_setup "axe-check exited with $axe_rc"

if [[ $vnu_rc -ne 0 || $axe_rc -ne 0 ]]; then
    echo "check-html: FAILED (${SECONDS}s)"
    exit 1
fi
echo "check-html: ok (${SECONDS}s)"
