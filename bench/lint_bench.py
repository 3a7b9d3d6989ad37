"""Benchmark: the job-ad linter on postings of about 600 words.

The postings are the SkillSpan-derived postings in ../shared/data/postings, each cut or
repeated to 600 words on a sentence end (real job-ad text, with its lists and headings). Each
round lints every posting once; the figure is the median time per posting over the rounds.

Baseline (same run, same texts): one case-insensitive regex pass that finds every word, and
the Flesch-Kincaid grade of the text alone (textstat), the floor of any linter that reads each
word and grades the text.

    .venv/bin/python bench/lint_bench.py [--rounds 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

import textstat

from onramp.jobs.lint import lint_text

ROOT = Path(__file__).resolve().parents[1]
POSTINGS = ROOT.parent / "shared" / "data" / "postings" / "skillspan_postings_train_dev.jsonl"
WORDS = 600
_WORD = re.compile(r"\w+", re.I)


def postings_of(words: int) -> list[str]:
    texts = []
    for line in POSTINGS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        body = text
        while len(_WORD.findall(body)) < words:
            body += "\n" + text
        cut = [m.end() for m in _WORD.finditer(body)][words - 1]
        end = body.find("\n", cut)
        texts.append(body[: end if end > 0 else len(body)])
    return texts


def per_item(work: object, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            work(text)  # type: ignore[operator]
        times.append((time.perf_counter() - start) / len(texts))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts = postings_of(WORDS)
    lint_text(texts[0])  # load the rule data once, as a server does
    lint = per_item(lint_text, texts, args.rounds)
    words = per_item(_WORD.findall, texts, args.rounds)
    grade = per_item(textstat.flesch_kincaid_grade, texts, args.rounds)
    findings = sum(len(lint_text(t)) for t in texts)
    report = {
        "postings": len(texts),
        "words_each": WORDS,
        "rounds": args.rounds,
        "lint_ms_median": round(statistics.median(lint) * 1000, 2),
        "baseline_words_ms_median": round(statistics.median(words) * 1000, 3),
        "baseline_grade_ms_median": round(statistics.median(grade) * 1000, 2),
        "ratio_lint_to_grade": round(statistics.median(lint) / statistics.median(grade), 1),
        "findings_per_posting": round(findings / len(texts), 1),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
