#!/usr/bin/env bash
# Checks the example strategy at the repository root: no errors, and exactly the
# warnings the README lists under "Warnings the example keeps on purpose" (code and
# file), no more and no fewer. The example plants them so that the health page, the
# home page's "Needs attention" panel and the badges have something to show.
#
#   scripts/check-example.sh        (from anywhere; builds the binary if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
./target/debug/northstar check --format json >"$report" || status=$?
if [[ $status -ne 0 ]]; then
    ./target/debug/northstar check >&2 || true
    echo "error: the example strategy has errors (exit $status)" >&2
    exit 1
fi
python3 - "$report" README.md <<'PY'
import json, re, sys

report, readme = sys.argv[1], sys.argv[2]
found = sorted((d["code"], d["file"]) for d in map(json.loads, open(report)) if d["severity"] == "warning")
text = open(readme, encoding="utf-8").read()
section = text.split("### Warnings the example keeps on purpose", 1)
if len(section) < 2:
    sys.exit("error: README.md has no section \"Warnings the example keeps on purpose\"")
body = section[1].split("\n#", 1)[0]
listed = sorted(re.findall(r"^- `([a-z0-9-]+)` in `([^`]+)`", body, re.M))
if found != listed:
    print("error: the example's warnings differ from the README's list", file=sys.stderr)
    for item in sorted(set(found) - set(listed)):
        print("  reported, not listed: %s in %s" % item, file=sys.stderr)
    for item in sorted(set(listed) - set(found)):
        print("  listed, not reported: %s in %s" % item, file=sys.stderr)
    sys.exit(1)
print("ok: the example keeps exactly the %d warning%s the README lists" % (len(found), "" if len(found) == 1 else "s"))
PY
