"""Build benchmark: northstar against Hugo on the same synthetic corpora.

Run through scripts/bench.sh, which builds the release binary first. For each size it
generates the corpus (plain flavour for northstar, Hugo's flavour for Hugo) unless it
is there already, builds each once to fill the output folders, then alternates
northstar and Hugo RUNS times, rebuilding into the existing output folder as people
do, each under `/usr/bin/time -v`. It prints the median wall time, the median CPU time
(user + system) and the largest peak resident memory, and northstar's share of Hugo's
wall time. `check` alone is measured the same way. Standard library only.
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
            # Fill the output folders: every measured run rebuilds over the last. northstar
            # fills twice, so that the output before the last build is kept beside it, as
            # every rebuild after a site's first finds it.
            measure(ours)
            measure(ours)
            if args.hugo:
                measure(theirs)
            ours_runs, hugo_runs = [], []
            for _ in range(args.runs):
                ours_runs.append(measure(ours))
                if args.hugo:
                    hugo_runs.append(measure(theirs))
            ours_sum = summary(ours_runs)
            ratio = ""
            if args.hugo:
                hugo_sum = summary(hugo_runs)
                ratio = f"{ours_sum[0] / hugo_sum[0]:.3f}"
                rows.append((docs, "hugo", where, *hugo_sum, ""))
            rows.append((docs, "northstar build", where, *ours_sum, ratio))
            if where == "disk":
                per_doc.append((docs, ours_sum[0] / docs * 1000))
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
        print("northstar build on disk, wall time per document:")
        for docs, ms in per_doc:
            print(f"  {docs:>7,} documents: {ms:.3f} ms")


if __name__ == "__main__":
    main()
