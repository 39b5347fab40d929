"""Build benchmark: northstar against Hugo on the same synthetic corpora.

Run through scripts/bench.sh, which builds the release binary first. For each size it
generates the corpus (plain flavour for northstar, Hugo's flavour for Hugo) unless it
is there already, builds each once to fill the output folders, then alternates
northstar and Hugo RUNS times, rebuilding into the existing output folder as people
do, each under `/usr/bin/time -v`, after editing the body of one document (another
one each run, the same in both corpora; restored at the end). northstar is measured
twice: as a user runs it (the rebuild keeps what the edit did not affect) and with
its caches beside the output deleted before each run (every page made again). It
prints the median wall time, the median CPU time (user + system) and the largest peak
resident memory, and northstar's share of Hugo's wall time. `check` alone is
measured the same way. Standard library only.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys


def measure(command):
    """Runs COMMAND under /usr/bin/time -v; returns (wall s, cpu s, peak MiB)."""
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    report = result.stderr
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed:\n{report[-2000:]}")

    def field(name):
        match = re.search(rf"{re.escape(name)}: (.+)", report)
        if not match:
            sys.exit(f"error: no `{name}` in the output of /usr/bin/time -v")
        return match.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak = int(field("Maximum resident set size (kbytes)")) / 1024
    return wall, cpu, peak


def summary(samples):
    walls, cpus, peaks = zip(*samples)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


class Edits:
    """Edits the body of one document of each corpus before a run: the n-th
    initiative, by name, gets a line at its end. Restores every file it edited."""

    def __init__(self, corpora):
        self.corpora = corpora
        folder = os.path.join(corpora[0], "content", "initiatives")
        self.names = sorted(n for n in os.listdir(folder) if n.endswith(".md") and n != "_index.md")
        self.originals = {}

    def edit(self, run):
        name = self.names[(run * 7919) % len(self.names)]
        for corpus in self.corpora:
            path = os.path.join(corpus, "content", "initiatives", name)
            if path not in self.originals:
                with open(path, encoding="utf-8") as f:
                    self.originals[path] = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.originals[path] + f"\nEdited before benchmark run {run}.\n")

    def restore(self):
        for path, text in self.originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        self.originals = {}


def generate(gen, docs, out, flavor):
    if os.path.isdir(os.path.join(out, "content")):
        return
    subprocess.run(
        [sys.executable, gen, "--docs", str(docs), "--out", out, "--flavor", flavor, "--force"],
        stdout=subprocess.DEVNULL,
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--gen", required=True)
    parser.add_argument("--work", required=True, help="folder for corpora and outputs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hugo", action="store_true", help="measure Hugo too")
    parser.add_argument("--tmpfs", help="a tmpfs folder (such as /dev/shm) to build into as well")
    parser.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args()

    rows = []
    per_doc = []
    for docs in args.sizes:
        plain = os.path.join(args.work, f"corpus-{docs}")
        hugo_site = os.path.join(args.work, f"corpus-{docs}-hugo")
        generate(args.gen, docs, plain, "plain")
        if args.hugo:
            generate(args.gen, docs, hugo_site, "hugo")
        targets = [("disk", os.path.join(args.work, "out", str(docs)))]
        if args.tmpfs:
            targets.append(("tmpfs", os.path.join(args.tmpfs, f"northstar-bench-{docs}")))
        for where, base in targets:
            ours_out, hugo_out = os.path.join(base, "northstar"), os.path.join(base, "hugo")
            ours = [args.bin, "build", "--root", plain, "--out", ours_out]
            theirs = ["hugo", "--quiet", "-s", hugo_site, "-d", hugo_out]
            caches = os.path.join(base, ".northstar.northstar-cache")
            # Fill the output folders: every measured run rebuilds over the last. northstar
            # fills twice, so that the output before the last build is kept beside it, as
            # every rebuild after a site's first finds it.
            measure(ours)
            measure(ours)
            if args.hugo:
                measure(theirs)
            edits = Edits([plain, hugo_site] if args.hugo else [plain])
            ours_runs, full_runs, hugo_runs = [], [], []
            try:
                for run in range(args.runs):
                    edits.edit(run)
                    ours_runs.append(measure(ours))
                    if args.hugo:
                        hugo_runs.append(measure(theirs))
                # Without its records a build keeps nothing; each of these also leaves
                # the next without the record of the folder it writes into.
                for run in range(args.runs):
                    edits.edit(args.runs + run)
                    shutil.rmtree(caches, ignore_errors=True)
                    full_runs.append(measure(ours))
            finally:
                edits.restore()
            ours_sum, full_sum = summary(ours_runs), summary(full_runs)
            ratio = full_ratio = ""
            if args.hugo:
                hugo_sum = summary(hugo_runs)
                ratio = f"{ours_sum[0] / hugo_sum[0]:.3f}"
                full_ratio = f"{full_sum[0] / hugo_sum[0]:.3f}"
                rows.append((docs, "hugo", where, *hugo_sum, ""))
            rows.append((docs, "northstar build", where, *ours_sum, ratio))
            rows.append((docs, "northstar build, caches deleted", where, *full_sum, full_ratio))
            if where == "disk":
                per_doc.append((docs, ours_sum[0] / docs * 1000, full_sum[0] / docs * 1000))
            if base.startswith(args.tmpfs or "\0"):
                shutil.rmtree(base, ignore_errors=True)
        check = summary([measure([args.bin, "check", "--root", plain]) for _ in range(args.runs)])
        rows.append((docs, "northstar check", "-", *check, ""))

    print(f"median of {args.runs} runs, alternating; peak = largest maximum resident set size")
    print()
    print("| documents | command | output | wall | CPU | peak memory | northstar / Hugo (wall) |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: |")
    for docs, name, where, wall, cpu, peak, ratio in rows:
        print(f"| {docs:,} | {name} | {where} | {wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MiB | {ratio} |")
    if len(per_doc) > 1:
        print()
        print("northstar build on disk, wall time per document (rebuild; caches deleted):")
        for docs, ms, full_ms in per_doc:
            print(f"  {docs:>7,} documents: {ms:.3f} ms; {full_ms:.3f} ms")


if __name__ == "__main__":
    main()
