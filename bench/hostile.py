"""Hostile inputs: how long the recognizer and the whole extraction take on adversarial text.

    python -m bench.hostile        (or: make bench-hostile)

Prints one line per input and writes bench/results/hostile-<machine>.json. The test suite runs the same
inputs with a generous bound; the times that matter are the ones recorded here.
"""

from __future__ import annotations

import json
import platform
import random
import string
import time
from pathlib import Path

# The inputs issue #5 names, built on the fly (nothing binary is committed).
INPUTS = {
    "100,000 digits in a row": lambda: "1" * 100_000,
    "10,000 nested ranges 1-2-3-…": lambda: "-".join(str(i) for i in range(1, 10_001)) + " %",
    "a 5 MB line without spaces": lambda: "".join(random.Random(5).choices(BASE64, k=5_000_000)),
    "20,000 currency signs": lambda: "$" * 10_000 + "€" * 5_000 + "¥" * 5_000 + " 5 $ " * 2_000,
    "a 1 MB line of Chinese numerals": lambda: ("三十五億兩千萬" * 150_000)[:1_000_000],
    "10,000 qualifiers in a row": lambda: "more than " * 10_000 + "5%",
}
# Not a hostile input but a dense one: a figure every 14 characters, to show the cost per figure stays
# flat (linear time). Its duration is a throughput figure, not bounded by the 2-second bar.
DENSE = {"a 500 kB line with a figure every 14 characters": lambda: ("x9Ab3%c0,5d€7-" * 36_000)[:500_000]}
LANGS = ["en", "fr", "zh-Hant"]
BASE64 = string.ascii_letters + string.digits + "+/="


def measure(text: str, lang: str) -> dict[str, float]:
    """Seconds to recognize the figures of `text`, and to extract the mentions of it as a document."""
    from extract import parse
    from extract.extractor import extract_document
    from extract.readers import read_bytes

    t0 = time.perf_counter()
    figures = parse(text, lang)
    t1 = time.perf_counter()
    doc = read_bytes(("---\nlang: " + lang + "\n---\n" + text).encode("utf-8"), "hostile.md")
    _, mentions = extract_document(doc)
    t2 = time.perf_counter()
    return {"recognize_s": round(t1 - t0, 3), "extract_s": round(t2 - t1, 3), "figures": len(figures),
            "mentions": len(mentions)}


def warm_up() -> None:
    """Load what a process loads once (packs, compiled patterns, the language detector's profiles), so that
    the times recorded are those of each input, not of the first one to come."""
    from langdetect import detect_langs

    for lang in LANGS:
        measure("warm up: 5 % of 12 USD, abc123 xyz", lang)
    detect_langs("lorem ipsum dolor sit amet")  # the detector's profiles: no warm-up text above needed them


def main() -> None:
    warm_up()
    results = {}
    for name, make in {**INPUTS, **DENSE}.items():
        text = make()
        for lang in LANGS:
            r = measure(text, lang)
            results[f"{name} [{lang}]"] = r
            print(f"{name:34s} {lang:8s} recognize {r['recognize_s']:6.3f}s  extract {r['extract_s']:6.3f}s  "
                  f"({r['figures']} figures, {r['mentions']} mentions)", flush=True)
    machine = {"node": platform.node(), "machine": platform.machine(), "python": platform.python_version(),
               "processor": platform.processor() or platform.machine()}
    out = Path(__file__).parent / "results" / f"hostile-{platform.node() or 'machine'}.json"
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=2, ensure_ascii=False) + "\n")
    print(f"written {out}")


if __name__ == "__main__":
    main()
