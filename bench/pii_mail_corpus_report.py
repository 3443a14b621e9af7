"""False alarms and recall of the personal-data guard on invented support mails.

The corpus is tests/pii_mail_corpus.py (seeded; a train and a test half; the
detector was adjusted on the train half only). For each half, per kind of
mail and per source of the material (body, csv, xlsx, docx, pdf, png, log):
- ordinary mails: how many the guard would destroy (and notify the client
  about) and how many attachments it would quarantine for the dispatcher;
- mails with personal material: the share of the certain personal data
  caught (found in a scan whose verdict destroys it) and of mails destroyed.
Then the same for ordinary mails without the sender's contact zone; the
scanned (image-only) PDFs once more as a guard that read them by OCR would
judge them (their page pictures through the same OCR as a PNG: an estimate,
as file_text does not read PDFs by OCR and quarantines them); and the time
the guard takes per mail. Prints counts only, no detected value.

    python3 bench/pii_mail_corpus_report.py [--no-ocr] [--seconds S]

`--seconds` gives each file's scan that time instead of the guard's default
(15 s): on a loaded machine OCR runs past the default and the image is
quarantined (cannot verify) instead of read; a longer time measures what
the detector finds in the image.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import load_pure_lib  # noqa: E402
from pii_mail_corpus import SEED, build, judge, measure, totals  # noqa: E402


def rate(part, whole):
    return f"{part / whole:.3f}" if whole else "-"


def print_rows(rows, family):
    header = "caught     destroyed"
    if family == "ordinary":
        header = "destroyed  quarantined"
    print(f"  {'by':<7}{'name':<15}{'mails':>6}  {header}")
    for (fam, group, name), row in sorted(rows.items()):
        if fam != family:
            continue
        if family == "ordinary":
            figures = (
                f"{row['destroy']:>3} ({rate(row['destroy'], row['mails'])})"
                f"  {row['quarantine']:>3} ({rate(row['quarantine'], row['mails'])})"
            )
        else:
            figures = (
                f"{row['caught']:>3}/{row['expected']:<3} "
                f"({rate(row['caught'], row['expected'])})"
                f"  {row['destroy']:>2}/{row['mails']}"
            )
        print(f"  {group:<7}{name:<15}{row['mails']:>6}  {figures}")
    total = totals(rows, family)
    if family == "ordinary":
        print(
            f"  all: {total['mails']} mails, destroyed {total['destroy']} "
            f"({rate(total['destroy'], total['mails'])}), quarantined "
            f"{total['quarantine']} ({rate(total['quarantine'], total['mails'])})"
        )
    else:
        print(
            f"  all: {total['mails']} mails, recall of certain data "
            f"{total['caught']}/{total['expected']} "
            f"({rate(total['caught'], total['expected'])}), destroyed "
            f"{total['destroy']}/{total['mails']}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    pd = load_pure_lib("stekas_helpdesk", "personal_data")
    budget = pd.Budget(seconds=args.seconds) if args.seconds else None
    cz = load_pure_lib("stekas_helpdesk", "contact_zone")
    file_text = load_pure_lib("stekas_helpdesk", "file_text")
    ocr = file_text.ocr_available() and not args.no_ocr
    mails = [m for m in build() if ocr or not m.needs_ocr]
    seconds = args.seconds or pd.DEFAULT_BUDGET.seconds
    print(
        f"seed {SEED}; {len(mails)} mails (OCR {'on' if ocr else 'off'}; "
        f"{seconds:g} s a file)"
    )
    for split in ("train", "test"):
        half = [m for m in mails if m.split == split]
        rows = measure(half, pd, cz, budget=budget)
        for family in ("ordinary", "material"):
            print(f"{split} half, {family}:")
            print_rows(rows, family)
        ordinary = [m for m in half if m.family == "ordinary"]
        without = totals(measure(ordinary, pd, cz, use_zone=False), "ordinary")
        print(
            f"{split} half, ordinary, without the contact zone: destroyed "
            f"{without['destroy']}/{without['mails']}"
        )
        scans = [m for m in half if m.pages]
        if scans and ocr:
            pages = measure(scans, pd, cz, read_pages=True, budget=budget)
            print(f"{split} half, scanned PDFs read by OCR of their pages (estimate):")
            for family in ("ordinary", "material"):
                print_rows(pages, family)
    # The guard's time per mail: zone, body and attachments, as judge() runs.
    times = {}
    for mail in mails:
        t0 = time.perf_counter()
        judge(mail, pd, cz, budget=budget)
        times.setdefault(mail.source, []).append(time.perf_counter() - t0)
    print("time per mail (zone + body + attachments), ms: median / max")
    for source, values in sorted(times.items()):
        values.sort()
        print(
            f"  {source:<6}{len(values):>5} mails  "
            f"{values[len(values) // 2] * 1000:8.1f} / {values[-1] * 1000:8.1f}"
        )


if __name__ == "__main__":
    main()
