"""Personal-data detector throughput, on one core, no Odoo.

Builds a Lithuanian-like text corpus (default 50 MB) of mail-sized documents
with some personal data in them, then times, in the same run:
- the baseline: reading the files and decoding their bytes;
- the detector: `personal_data.scan_file` on the same bytes (it decodes too).
Prints MB/s for both and the ratio detector/baseline (time).

    python3 bench/detector_throughput.py [--mb 50] [--doc-kb 64]
"""

import argparse
import importlib.util
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_lib():
    init = ROOT / "stekas_helpdesk" / "lib" / "__init__.py"
    spec = importlib.util.spec_from_file_location(
        "_bench_lib", init, submodule_search_locations=[str(init.parent)]
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_bench_lib"] = mod
    spec.loader.exec_module(mod)
    return importlib.import_module("_bench_lib.personal_data")


WORDS = (
    "sąskaita ataskaita programa klaida duomenys atnaujinimas buhalterija "
    "mokėjimas darbuotojas žiniaraštis eksportas importas laikotarpis PVM "
    "sąrašas įmonė kreipinys konsultacija nustatymai ataskaitų formavimas"
).split()
PII = [
    "asmens kodas 39001010017",
    "tel. +370 612 34567",
    "el. paštas jonas.petraitis@pavyzdys.lt",
    "IBAN LT12 1000 0111 0100 1000",
    "Ona Petraitienė, vyriausioji buhalterė",
]


def make_document(rng, size):
    parts, length = [], 0
    while length < size:
        if rng.random() < 0.02:
            chunk = rng.choice(PII)
        else:
            chunk = " ".join(rng.choice(WORDS) for _ in range(12)) + "."
        parts.append(chunk)
        length += len(chunk.encode()) + 1
    return "\n".join(parts).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--doc-kb", type=int, default=64)
    args = parser.parse_args()
    personal_data = load_lib()
    rng = random.Random(7)
    total = int(args.mb * 1024 * 1024)
    with tempfile.TemporaryDirectory() as tmp:
        paths, written = [], 0
        while written < total:
            data = make_document(rng, args.doc_kb * 1024)
            path = Path(tmp, f"doc{len(paths):05d}.txt")
            path.write_bytes(data)
            paths.append(path)
            written += len(data)
        mb = written / 1024 / 1024

        t0 = time.perf_counter()
        chars = 0
        for path in paths:
            chars += len(path.read_bytes().decode("utf-8"))
        baseline = time.perf_counter() - t0

        t0 = time.perf_counter()
        hits = 0
        for path in paths:
            report = personal_data.scan_file(path.read_bytes(), path.name)
            hits += len(report.hits)
        detector = time.perf_counter() - t0

    print(f"corpus: {mb:.1f} MB in {len(paths)} documents, {hits} hits")
    print(f"baseline read+decode: {baseline:.3f} s ({mb / baseline:.1f} MB/s)")
    print(f"detector scan_file:   {detector:.3f} s ({mb / detector:.2f} MB/s)")
    print(f"ratio detector/baseline: {detector / baseline:.0f}x")


if __name__ == "__main__":
    main()
