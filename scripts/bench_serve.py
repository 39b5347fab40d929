#!/usr/bin/env python3
"""Edit-to-served latency of a running preview server. Driven by scripts/bench-serve.sh.

    python3 scripts/bench_serve.py --root SITE --url http://127.0.0.1:PORT/ --log LOG
                                   [--edits 20] [--quiet-ms 300] [--timeout 60]

For each of EDITS rounds it makes two edits to two different documents of SITE/content
(chosen the same way for every server, so the northstar and Hugo flavours of one corpus
get the same documents):

- body: appends a paragraph with a unique token to the end of the document;
- front matter: gives the document's `title:` a unique value.

Before an edit the document's page is fetched once (the writer has it open; Hugo's fast
render only re-renders pages it has served). The clock starts just before the file is
written in place; the page is then fetched in a tight loop over one persistent HTTP
connection until a response carries the token. Between edits it waits until the server's
log LOG has been quiet for QUIET_MS and ends with the report of a finished rebuild, then
a further 0-1 s (fixed pseudo-random), so that edits don't fall in step with a server
that looks for changes on a timer (Hugo batches file events). The log lines written during an edit are scanned for the server's own account of the rebuild (`built: … in X ms`, Hugo's `Total in X ms`;
summed when one edit gave several rebuilds).

Prints one line per kind of edit, for the shell script to lay out:

    body <median_ms> <min_ms> <max_ms> <rebuild_median_ms|-> <timeouts>
    front-matter …
"""

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import time
import urllib.parse

REBUILD = re.compile(r"(?:built: .* in|Total in) ([0-9.]+) ?ms")
OURS = re.compile(r"built: .* in ([0-9.]+) ?ms")
HUGO = re.compile(r"Total in ([0-9.]+) ?ms")


def documents(root):
    """Every document below a kind folder of root/content, sorted (vision.md and Hugo's
    `_index.md` section files left out: their URLs differ between the two generators)."""
    content = os.path.join(root, "content")
    found = []
    for folder in sorted(os.listdir(content)):
        path = os.path.join(content, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if name.endswith(".md") and not name.startswith("_"):
                found.append("%s/%s" % (folder, name))
    return found


class Page:
    """A persistent HTTP/1.1 connection to the server, reopened if the server drops it."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.conn = None

    def get(self, rel):
        """(status, body) of the page for content path rel (`folder/id.md` → `/folder/id/`)."""
        path = "%s/%s/" % (self.prefix, rel[: -len(".md")])
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                resp = self.conn.getresponse()
                body = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, body
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        return 0, b""


class Log:
    """The server's log, read from where the last look ended."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path)

    def new_lines(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        return data.decode("utf-8", "replace").splitlines()

    def wait_quiet(self, quiet, rebuilt=True, limit=60.0):
        """Waits until the log has not grown for `quiet` seconds and, if `rebuilt`, its last
        line says a rebuild finished (Hugo is silent while it rebuilds); at most `limit` s."""
        end = time.monotonic() + limit
        size = os.path.getsize(self.path)
        still = time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.02)
            now = os.path.getsize(self.path)
            if now != size:
                size, still = now, time.monotonic()
            elif time.monotonic() - still >= quiet and (not rebuilt or REBUILD.search(self.last_line())):
                return

    def last_line(self):
        with open(self.path, "rb") as f:
            f.seek(max(0, os.path.getsize(self.path) - 4096))
            lines = [l for l in f.read().decode("utf-8", "replace").splitlines() if l.strip()]
        return lines[-1] if lines else ""


def body_edit(text, token):
    return text.rstrip("\n") + "\n\nEdited for the benchmark: %s.\n" % token


def title_edit(text, token):
    lines = text.split("\n")
    for i, line in enumerate(lines[1:], start=1):
        if line == "---":
            break
        if line.startswith("title: "):
            lines[i] = 'title: "Retitled %s"' % token
            return "\n".join(lines)
    raise SystemExit("no title: line in the front matter")


def measure(page, root, rel, edit, token, timeout):
    """Seconds from writing the edit of rel to the first response carrying token."""
    status, body = page.get(rel)
    if status != 200:
        raise SystemExit("GET %s: status %d before the edit" % (rel, status))
    if token.encode() in body:
        raise SystemExit("%s already carries %s" % (rel, token))
    path = os.path.join(root, "content", rel)
    with open(path, encoding="utf-8") as f:
        new = edit(f.read(), token).encode("utf-8")
    needle = token.encode()
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    start = time.perf_counter()
    try:
        os.write(fd, new)
    finally:
        os.close(fd)
    deadline = start + timeout
    while True:
        status, body = page.get(rel)
        now = time.perf_counter()
        if status == 200 and needle in body:
            return now - start
        if now > deadline:
            return None


def summary(name, times, rebuilds, timeouts):
    ms = [t * 1000 for t in times]
    if not ms:
        return "%s - - - - %d" % (name, timeouts)
    rebuild = "%.1f" % statistics.median(rebuilds) if rebuilds else "-"
    return "%s %.1f %.1f %.1f %s %d" % (
        name, statistics.median(ms), min(ms), max(ms), rebuild, timeouts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--quiet-ms", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--verbose", action="store_true", help="one line per edit on stderr")
    a = ap.parse_args()

    docs = documents(a.root)
    if len(docs) < 2 * a.edits:
        raise SystemExit("the corpus has %d documents; %d edits need %d" % (len(docs), a.edits, 2 * a.edits))
    chosen = random.Random(9).sample(docs, 2 * a.edits)
    page = Page(a.url)
    log = Log(a.log)
    quiet = a.quiet_ms / 1000
    run = "%x" % int(time.time())
    jitter = random.Random(10)
    results = {"body": ([], [], [0]), "front-matter": ([], [], [0])}
    log.wait_quiet(quiet, rebuilt=False)
    for i in range(a.edits):
        for name, rel, edit in (("body", chosen[2 * i], body_edit),
                                ("front-matter", chosen[2 * i + 1], title_edit)):
            token = "bench%s%s%d" % (run, name[0], i)
            log.new_lines()
            took = measure(page, a.root, rel, edit, token, a.timeout)
            log.wait_quiet(quiet)
            time.sleep(jitter.uniform(0, 1))
            times, rebuilds, timeouts = results[name]
            lines = log.new_lines()
            # northstar's "built:" lines count from the change, so the last one is the
            # whole rebuild (the edited page is served first, the pages listing it next);
            # Hugo's "Total in" lines count one rebuild each.
            ours = [float(m.group(1)) for m in map(OURS.search, lines) if m]
            hugo = [float(m.group(1)) for m in map(HUGO.search, lines) if m]
            if ours or hugo:
                rebuilds.append(max(ours, default=0.0) + sum(hugo))
            if took is None:
                timeouts[0] += 1
            else:
                times.append(took)
            if a.verbose:
                shown = "timeout" if took is None else "%.1f ms" % (took * 1000)
                print("%-12s %-60s %10s  %s" % (name, rel, shown, " | ".join(lines)), file=sys.stderr)
    for name, (times, rebuilds, timeouts) in results.items():
        print(summary(name, times, rebuilds, timeouts[0]))


if __name__ == "__main__":
    main()
