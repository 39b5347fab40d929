#!/usr/bin/env python3
"""history_corpus.py - a synthetic strategy with quarterly history in git.

Usage:
    python3 scripts/history_corpus.py CORPUS_DIR QUARTERS

CORPUS_DIR holds a corpus written by gen_corpus.py (content/ and nothing in git
yet). Makes it a git repository with QUARTERS commits, one a quarter from
2025-Q1 on, each dated the 15th of the quarter's second month: the first holds
the corpus as written, every later one edits about 3% of the initiatives
(status moves along proposed -> planned -> in-progress -> done, or the quarter
slips) and about 3% of the objectives (a key result's current value), the same
documents on every run. Deterministic: the same corpus and QUARTERS give the
same commits, ids and all (fixed author, committer and dates).
"""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

STATUSES = ["proposed", "planned", "in-progress", "done"]


def git(root, *args, date=None):
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Strategy Bot",
        GIT_AUTHOR_EMAIL="bot@example.com",
        GIT_COMMITTER_NAME="Strategy Bot",
        GIT_COMMITTER_EMAIL="bot@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def next_quarter(text):
    year, q = int(text[:4]), int(text[-1])
    return f"{year + (q == 4)}-Q{q % 4 + 1}"


def edit_initiative(text):
    status = re.search(r"^status: (\S+)$", text, re.M)
    if status and status.group(1) in STATUSES[:-1]:
        following = STATUSES[STATUSES.index(status.group(1)) + 1]
        return text.replace(status.group(0), f"status: {following}", 1)
    quarter = re.search(r"^quarter: (\d{4}-Q[1-4])$", text, re.M)
    if quarter:
        return text.replace(quarter.group(0), f"quarter: {next_quarter(quarter.group(1))}", 1)
    return text


def edit_objective(text):
    current = re.search(r"current: (\d+(?:\.\d+)?)", text)
    if current:
        value = float(current.group(1)) * 1.1 + 1
        return text.replace(current.group(0), f"current: {value:.1f}", 1)
    return text


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, quarters = Path(sys.argv[1]), int(sys.argv[2])
    if (root / ".git").exists():
        sys.exit(f"{root} is already a git repository")
    initiatives = sorted((root / "content/initiatives").glob("*.md"))
    objectives = sorted((root / "content/okrs").glob("*.md"))
    git(root, "init", "-q", "-b", "main")
    rng = random.Random(7)
    for n in range(quarters):
        year, q = 2025 + n // 4, n % 4 + 1
        date = f"{year}-{3 * q - 1:02d}-15"
        if n > 0:
            for files, edit in ((initiatives, edit_initiative), (objectives, edit_objective)):
                for path in rng.sample(files, max(1, len(files) * 3 // 100)):
                    path.write_text(edit(path.read_text()))
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"{year}-Q{q}", date=date)


if __name__ == "__main__":
    main()
