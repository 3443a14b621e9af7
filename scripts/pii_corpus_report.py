"""Recall and precision per kind of the personal-data detector on its corpus.

Usage: python3 scripts/pii_corpus_report.py
The corpus is tests/data/pii/ (invented data) and the binary files that
tests/pii_corpus.py builds from it. Prints no detected value, only counts.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import load_pure_lib  # noqa: E402
from pii_corpus import build_corpus, score  # noqa: E402


def main():
    pd = load_pure_lib("stekas_helpdesk", "personal_data")
    file_text = load_pure_lib("stekas_helpdesk", "file_text")
    ocr = file_text.ocr_available()
    docs = [d for d in build_corpus() if ocr or not d.needs_ocr]
    readable = [d for d in docs if not d.expected_unreadable]
    reports = {}

    def scan(doc):
        if doc.filename not in reports:
            reports[doc.filename] = pd.scan_file(doc.data, doc.filename)
        return reports[doc.filename]

    stats = score(readable, scan, pd.normalize_value, pd.KINDS)
    print(f"documents: {len(docs)} (OCR {'on' if ocr else 'off: image skipped'})")
    print(
        f"{'kind':<14}{'expected':>9}{'found':>7}{'matched':>8}"
        f"{'recall':>8}{'precision':>10}{'level ok':>9}"
    )
    for kind, item in stats.items():
        print(
            f"{kind:<14}{item['expected']:>9}{item['found']:>7}{item['matched']:>8}"
            f"{item['recall']:>8.2f}{item['precision']:>10.2f}"
            f"{item['level_accuracy']:>9.2f}"
        )
    holdout = score(
        [d for d in readable if d.filename == "holdout.txt"],
        scan,
        pd.normalize_value,
        pd.KINDS,
    )
    expected = sum(item["expected"] for item in holdout.values())
    found = sum(item["found"] for item in holdout.values())
    matched = sum(item["matched"] for item in holdout.values())
    level_ok = sum(item["level_ok"] for item in holdout.values())
    print(
        f"held-out file (not tuned on): {matched}/{expected} found, "
        f"{found - matched} false, {level_ok}/{matched} with the right level"
    )
    print("cannot verify:")
    ok = True
    for doc in docs:
        if doc.expected_unreadable:
            report = scan(doc)
            reasons = sorted({reason for _part, reason in report.unreadable})
            good = (
                report.status == "cannot_verify" and doc.expected_unreadable in reasons
            )
            ok = ok and good
            print(
                f"  {doc.filename:<22} {report.status:<14} {','.join(reasons)}"
                f"{'' if good else '  <-- expected ' + doc.expected_unreadable}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
