"""The benchmark's corpora, built deterministically from what is in the repository (sources/ and the phrases of
bench/phrases/), cached under $EXTRACT_BENCH_CACHE (default /tmp/extract-bench) in a folder named for the
profile, the size and a hash of what the corpus is made from.

Profiles:

- `articles` (the default): text shaped like the articles analysts collect. Markdown notes with front matter,
  headings, bullet lists of figures with their sources cited, and reference links; plain-text reports; scraped
  HTML pages, mostly markup, scripts and page furniture around a short article. Figures come from the phrases
  of bench/phrases/ (written for this benchmark) and from the lines of sources/ with their figures varied:
  each figure of a line scaled by one factor, keeping its decimals and digit grouping, while years, dates,
  quarters and model numbers (H100, GPT-4) stay as they are, so periods are read as in real text. A line of
  sources/ whose figures cannot vary is used at most REUSE times. The mix of formats and languages, document
  sizes and mention density follow what was measured on real articles (DENSITY below).
- `shifted-seeds`: the corpus `make bench` built before: the seeds with every digit shifted and their
  paragraphs resampled. No year survives and 11 % of its lines are distinct, so it overstates throughput;
  kept to compare with earlier results.
- `seeds-repeated`: the five files of sources/ copied as they are, COPIES times: real articles, repeated.
- `seeds-joined` (`joined_seeds`): the five files of sources/ joined, again and again, into one markdown
  document of a given size: a big single document (its front matter says Traditional Chinese, and most of
  its lines are French and English).
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PHRASES = Path(__file__).resolve().parent / "phrases"

# Measured on real articles with the pipeline of commit 77ee718 (mentions per kB of file, kB = 1,000 bytes):
# the development corpus (16 notes: en 4.3, fr 3.5, zh-Hans 3.7, zh-Hant 4.6; 5 scraped pages: 0.04 to 0.19)
# and sources/ (2 notes and 2 plain-text reports: 1.0 to 2.4). Pages: 1 to 12 % of their characters are
# visible article text, 66 % of the lines of the corpus are distinct. The generator is tuned to these.
DENSITY = {("markdown", "en"): 4.3, ("markdown", "fr"): 3.5, ("markdown", "zh-Hans"): 3.7,
           ("markdown", "zh-Hant"): 4.6, ("text", "en"): 2.0, ("text", "fr"): 2.4, ("html", "*"): 0.1}
DISTINCT_LINES = 0.66
# Documents by format (the development corpus and sources/: 19 notes, 2 reports, 5 pages; pages hold 76 % of
# the bytes), and their languages.
FORMATS = [("markdown", 0.77), ("text", 0.09), ("html", 0.14)]
LANGUAGES = {"markdown": ["en", "fr", "zh-Hans", "zh-Hant"], "text": ["en", "fr"],
             "html": ["en", "fr", "zh-Hans", "zh-Hant"]}
REUSE = 2  # times a line of sources/ whose figures do not vary may appear in the corpus
COPIES = 350  # seeds-repeated: copies of each file of sources/
ACTORS = ["AWS", "Microsoft Azure", "Google Cloud", "CoreWeave", "Lambda", "Oracle", "IBM", "Alibaba Cloud",
          "Tencent Cloud", "RunPod", "Nebius", "Crusoe", "NVIDIA", "AMD", "OpenAI", "Anthropic"]
SIZES = {"1MB": 1_000_000, "10MB": 10_000_000, "100MB": 100_000_000}
PROFILES = ("articles", "shifted-seeds", "seeds-repeated")


@functools.cache
def simplified() -> dict[int, str]:
    """Traditional -> Simplified, from the project's own character table."""
    table = {}
    text = (ROOT / "extract/resources/zh_variants.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.startswith("#"):
            for pair in line.split():
                if len(pair) == 2:
                    table[ord(pair[0])] = pair[1]
    return table


def build_corpus(size: str, profile: str = "articles", cache: Path | None = None) -> Path:
    """The corpus of this size and profile, built once and cached (the same bytes every time); the size of
    seeds-repeated is set by COPIES."""
    from . import run

    name = f"seeds-repeated-{COPIES}" if profile == "seeds-repeated" else f"{profile}-{size}"
    folder = (cache or run.CACHE) / f"{name}-{fingerprint()}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    if profile == "seeds-repeated":
        total = _seeds_repeated(folder)
    else:
        make = _shifted_seeds if profile == "shifted-seeds" else _articles
        total = 0
        for name, data in make(SIZES[size]):
            (folder / name).write_bytes(data)
            total += len(data)
    done.write_text(str(total))
    return folder


@functools.cache
def fingerprint() -> str:
    """What the corpora are made from (this code, the phrases, sources/, the character table): a cached corpus
    is used only while they are the same."""
    digest = hashlib.sha256()
    for path in [Path(__file__), *sorted(PHRASES.iterdir()), *sorted((ROOT / "sources").iterdir()),
                 ROOT / "extract/resources/zh_variants.txt"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def _seeds_repeated(folder: Path) -> int:
    total = 0
    for seed in sorted((ROOT / "sources").iterdir()):
        data = seed.read_bytes()
        for i in range(COPIES):
            (folder / f"{i:03d}_{seed.name}").write_bytes(data)
            total += len(data)
    return total


def joined_seeds(megabytes: int, cache: Path) -> Path:
    """A folder holding one document: the files of sources/ joined by line breaks, the whole repeated (joined
    by a line break) as many times as fit in `megabytes` MB."""
    folder = cache / f"seeds-joined-{megabytes}MB-{fingerprint()}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        joined = "\n".join(seed.read_text(encoding="utf-8") for seed in sorted((ROOT / "sources").iterdir()))
        copies = max(1, megabytes * 1_000_000 // len(joined.encode("utf-8")))
        data = "\n".join([joined] * copies).encode("utf-8")
        (folder / "seeds-joined.md").write_bytes(data)
        done.write_text(str(len(data)))
    return folder


# --- shifted-seeds: the corpus of the earlier benchmark, unchanged -------------------------------------------


def _shifted_variant(raw: str, rng: random.Random) -> str:
    """A document like `raw`: other figures, other actors, its paragraphs resampled to another length."""
    shift = rng.randrange(1, 9)
    raw = re.sub(r"\d", lambda m: str((int(m.group()) + shift) % 10), raw)
    swap = rng.sample(ACTORS, 4)
    for old, new in zip(("AWS", "CoreWeave", "Lambda", "Azure"), swap, strict=True):
        raw = raw.replace(old, new)
    head, sep, body = raw.partition("\n---\n") if raw.startswith("---") else ("", "", raw)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    keep = [rng.choice(paragraphs) for _ in range(rng.randrange(3, max(4, len(paragraphs) * 2)))]
    return head + sep + "\n\n".join(keep) + "\n"


def _shifted_html(text: str, lang: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n") if p.strip() and not p.startswith("---"))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Report</title>'
            f"<script>var views = 1234;</script></head><body><nav><a href='/'>Home</a> Top 10</nav>"
            f"<article>{body}</article><footer>© 2025, 1 200 readers</footer></body></html>")


def _shifted_seeds(target: int):
    rng = random.Random(20261122)
    seeds = sorted((ROOT / "sources").iterdir())
    total, i = 0, 0
    while total < target:
        seed = seeds[i % len(seeds)]
        raw = _shifted_variant(seed.read_text(encoding="utf-8"), rng)
        lang = "zh-Hant" if "lang: hant" in raw else ("fr" if "lang: fr" in raw else "en")
        if lang == "zh-Hant" and i % 5 == 0:
            raw, lang = raw.translate(simplified()).replace("lang: hant", "lang: zh"), "zh-Hans"
        if i % 7 == 3:
            name, data = f"doc_{i:06d}.html", _shifted_html(raw, lang)
        else:
            name, data = f"doc_{i:06d}.md", raw
        data = data.encode("utf-8")
        yield name, data
        total += len(data)
        i += 1


# --- articles ---------------------------------------------------------------------------------------------------

# A figure of a line of sources/: digits with their grouping and decimals, or a year, date or name number.
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:([,\u00a0\u202f ])\d{3})+|\d+)(?:([.,])(\d+))?(?![\d])")
LATIN_BEFORE = re.compile(r"[A-Za-z][-‑]?$")
DATE_AFTER = re.compile(r"\s?(?:年|月|日|号|號|st\b|nd\b|rd\b|th\b)")
SLOT = re.compile(r"\{(\w+)\}")
CHINESE_QUARTERS = "一二三四"


@functools.cache
def phrases(lang: str) -> dict:
    """The phrases of a language; Simplified Chinese is the Traditional phrases through the character table."""
    if lang == "zh-Hans":
        data = yaml.safe_load((PHRASES / "zh-Hant.yaml").read_text(encoding="utf-8"))
        data = _translated(data)
        data["front_matter_lang"] = "zh"
        return data
    return yaml.safe_load((PHRASES / f"{lang}.yaml").read_text(encoding="utf-8"))


def _translated(value):
    if isinstance(value, str):
        return value.translate(simplified())
    if isinstance(value, list):
        return [_translated(v) for v in value]
    if isinstance(value, dict):
        return {k: _translated(v) for k, v in value.items()}
    return value


@functools.cache
def seed_lines() -> dict[str, list[str]]:
    """The non-blank lines of the files of sources/, by language (front matter left out); the Traditional
    Chinese ones also through the character table, as Simplified."""
    pools: dict[str, list[str]] = {"en": [], "fr": [], "zh-Hant": [], "zh-Hans": []}
    for seed in sorted((ROOT / "sources").iterdir()):
        raw = seed.read_text(encoding="utf-8")
        head, body = "", raw
        if raw.startswith("---"):
            end = raw.index("\n---", 3)
            head, body = raw[:end], raw[end + 4:]
        if "lang: hant" in head:
            lang = "zh-Hant"
        elif "lang: fr" in head or len(re.findall(r"\b(?:le|la|les|des)\b", body)) > len(re.findall(r"\bthe\b", body)):
            lang = "fr"
        else:
            lang = "en"
        lines = [line.strip() for line in body.splitlines() if line.strip() and line.strip() != "---"]
        pools[lang] += lines
        if lang == "zh-Hant":
            pools["zh-Hans"] += [line.translate(simplified()) for line in lines]
    return pools


class Writer:
    """Sentences, paragraphs and documents of one language, from its phrases and the lines of sources/."""

    def __init__(self, lang: str, rng: random.Random, reused: dict[str, int]) -> None:
        self.lang, self.rng, self.reused = lang, rng, reused
        self.p = phrases(lang)
        self.zh = lang.startswith("zh")
        self.year = 2025
        self.seeds = seed_lines()[lang]

    # numbers

    def number(self, value: float, decimals: int) -> str:
        fmt = self.p["numbers"]
        text = f"{value:.{decimals}f}"
        whole, _, frac = text.partition(".")
        if abs(value) >= fmt["group_from"]:
            group = fmt["group"]
            if group == " " and self.rng.random() < fmt.get("nbsp_share", 0):
                group = self.rng.choice(["\u00a0", "\u202f"])
            whole = f"{int(whole):,}".replace(",", group)
        return whole + (fmt["decimal"] + frac if frac else "")

    def value(self, low: float, high: float, decimals: int) -> str:
        v = math.exp(self.rng.uniform(math.log(low), math.log(high)))
        if decimals == 0:
            v = round(v, -max(0, int(math.log10(v)) - 2))  # 41,000 rather than 41,237: as articles round
        return self.number(v, decimals)

    def _pattern(self, key: str) -> str:
        spec = self.rng.choice(self.p[key])
        form, low, high, decimals = spec
        return form.replace("{v}", self.value(low, high, decimals))

    def percent(self) -> str:
        return self.rng.choice(self.p["percent"]).replace("{v}", self.value(0.5, 80, self.rng.choice([0, 0, 1])))

    def percent_range(self) -> str:
        a = self.rng.uniform(1, 60)
        b = a * self.rng.uniform(1.05, 1.5)
        d = self.rng.choice([0, 0, 1])
        return self.rng.choice(self.p["percent_range"]).replace("{a}", self.number(a, d)).replace("{b}",
                                                                                                  self.number(b, d))

    def count_range(self) -> str:
        a = round(self.rng.uniform(1, 90)) * 100
        b = a + round(self.rng.uniform(1, 30)) * 100
        return (self.rng.choice(self.p["count_range"]).replace("{a}", self.number(a, 0))
                .replace("{b}", self.number(b, 0)).replace("{item}", self.rng.choice(self.p["count_items"])))

    def period(self) -> str:
        year = self.year
        month = self.rng.randrange(12)
        q = self.rng.randrange(4)
        return (self.rng.choice(self.p["periods"]).replace("{Y}", str(year)).replace("{Q}", str(q + 1))
                .replace("{QC}", CHINESE_QUARTERS[q]).replace("{H}", str(self.rng.randrange(1, 3)))
                .replace("{M}", self.p["months"][month]).replace("{D}", str(self.rng.randrange(1, 29))))

    def fill(self, template: str) -> str:
        actors = self.rng.sample(ACTORS, 2)
        slots = {
            "actor": lambda: actors[0], "actor2": lambda: actors[1],
            "market": lambda: self.rng.choice(self.p["markets"]),
            "Y": lambda: str(self.year), "Y0": lambda: str(self.year - self.rng.randrange(1, 4)),
            "Y2": lambda: str(self.year + self.rng.randrange(3, 8)), "period": self.period,
            "Period": lambda: (lambda p: p[:1].upper() + p[1:])(self.period()), "pct": self.percent,
            "pct_range": self.percent_range, "count_range": self.count_range,
            "points": lambda: self.rng.choice(self.p["points"]).replace("{v}", self.value(0.2, 9, 1)),
            "money": lambda: self._pattern("money"), "price": lambda: self._pattern("price"),
            "count": lambda: self._pattern("count"),
            "multiple": lambda: self.rng.choice(self.p["multiple"]).replace("{v}", self.value(1.2, 9, 1)),
            "qual": lambda: self.rng.choice(self.p["qualifiers"]),
        }
        return SLOT.sub(lambda m: slots[m.group(1)](), template)

    # lines of sources/, their figures varied

    def seed_line(self) -> str | None:
        """A line of sources/ with other figures and actors, or None when the lines whose figures cannot
        vary are used up."""
        for _ in range(8):
            line = self.rng.choice(self.seeds)
            varied = self.vary(line)
            if varied != line:
                return varied
            if self.reused.get(line, 0) < REUSE:
                self.reused[line] = self.reused.get(line, 0) + 1
                return line
        return None

    def vary(self, line: str) -> str:
        factor = self.rng.uniform(0.6, 1.6)

        def scaled(m: re.Match) -> str:
            whole, group, mark, frac = m.group(1), m.group(2), m.group(3), m.group(4)
            before, after = line[max(0, m.start() - 12): m.start()], line[m.end(): m.end() + 3]
            digits = whole.replace(group or "", "")
            if not group and not mark and len(digits) == 4 and 1900 <= int(digits) <= 2099:
                return m.group()  # a year
            if LATIN_BEFORE.search(before) or DATE_AFTER.match(after) or self._month_near(before, after):
                return m.group()  # a name (H100, Q1, GPT-4) or a date
            value = float(digits + ("." + frac if mark else ""))
            if value < 10 and not mark:
                return m.group()  # small counts and list numbers stay
            new = value * factor
            decimals = len(frac) if mark else 0
            text = f"{new:.{decimals}f}"
            w, _, f = text.partition(".")
            if group:
                w = f"{int(w):,}".replace(",", group)
            return w + (mark + f if mark else "")

        varied = NUMBER.sub(scaled, line)
        for old in ("AWS", "CoreWeave", "Lambda", "Azure"):
            if old in varied:
                varied = varied.replace(old, self.rng.choice(ACTORS))
        return varied

    def _month_near(self, before: str, after: str) -> bool:
        months = self.p["months"] if not self.zh else []
        tail, head = before.rstrip().lower(), after.lower()
        return any(tail.endswith(m.lower()) or head.startswith(" " + m.lower()[:2]) for m in months)

    # pieces of an article

    def sentence(self, figure_share: float) -> str:
        if self.rng.random() < figure_share:
            return self.fill(self.rng.choice(self.p["figures"]))
        return self.fill(self.rng.choice(self.p["fillers"]))

    def paragraph(self, figure_share: float) -> str:
        sep = "" if self.zh else " "
        return sep.join(self.sentence(figure_share) for _ in range(self.rng.randrange(2, 5)))

    def title(self) -> str:
        return self.fill(self.rng.choice(self.p["titles"]))

    def cite(self, n: int) -> str:
        return f" ([{self.rng.choice(self.p['sources'])}][{n}])" if not self.zh else \
            f"（[{self.rng.choice(self.p['sources'])}][{n}]）"


FIGURE_SHARE = {"en": 0.53, "fr": 0.51, "zh-Hans": 0.42, "zh-Hant": 0.5}  # tuned to DENSITY
TEXT_SHARE = {"en": 0.05, "fr": 0.15}  # the same, for plain-text reports


def _note(w: Writer, rng: random.Random) -> str:
    """A markdown note: front matter, an introduction, sections of bullets and paragraphs, references."""
    share = FIGURE_SHARE[w.lang]
    w.year = rng.choice([2023, 2024, 2024, 2025, 2025, 2025, 2026])
    title = w.title()
    out = ["---", "audio: false", "generated: true", "image: false", f"lang: {w.p['front_matter_lang']}",
           "layout: post", f"title: {title}", f"translated: {'true' if rng.random() < 0.6 else 'false'}",
           "type: note", "---", "", w.fill(rng.choice(w.p["intros"])), "", "---", ""]
    refs = 0
    for _ in range(rng.randrange(2, 10)):
        out += [f"### {rng.choice(w.p['headings'])}", ""]
        kind = rng.random()
        if kind < 0.55:
            for _ in range(rng.randrange(2, 9)):
                refs += rng.random() < 0.7
                colon = "：" if w.zh else (" :" if w.lang == "fr" else ":")
                out.append(f"* **{rng.choice(w.p['labels'])}{colon}** {w.sentence(share)}{w.cite(max(refs, 1))}")
        elif kind < 0.8:
            out.append(w.paragraph(share))
        else:
            for _ in range(rng.randrange(1, 4)):
                line = w.seed_line()
                if line:
                    out += [line, ""]
        out += ["", "---", ""]
    out += [w.fill(rng.choice(w.p["closings"])), ""]
    # References: a translated note cites its sources under their own titles, often in English.
    english = Writer("en", rng, w.reused) if w.zh else None
    for n in range(1, refs + 1):
        slug = "-".join(re.findall(r"[a-z]+", title.lower())[:6]) or "article"
        name = english.title() if english and rng.random() < 0.6 else rng.choice(w.p["sources"])
        out.append(f"[{n}]: https://www.{rng.choice(SITES)}/{w.year}/{rng.randrange(1, 13):02d}/{slug}-"
                   f"{rng.randrange(10**5, 10**6)}?utm_source=chatgpt.com \"{name}\"")
    return "\n".join(out) + "\n"


def _report(w: Writer, rng: random.Random) -> str:
    """A plain-text report as scraped: short heading lines, long paragraphs, lines of sources/ among them."""
    share = TEXT_SHARE[w.lang]
    w.year = rng.choice([2024, 2025, 2025, 2026])
    out = [w.title()]
    for _ in range(rng.randrange(6, 30)):
        r = rng.random()
        if r < 0.25:
            out.append(rng.choice(w.p["headings"]))
        elif r < 0.55:
            out.append(" ".join(w.paragraph(share) for _ in range(rng.randrange(1, 4))))
        else:
            out.append(w.seed_line() or w.paragraph(share))
    return "\n".join(out) + "\n"


SITES = ["marketwire-news.com", "cloudbeat.io", "infra-report.net", "techledger.com", "lesechos-tech.fr",
         "datacentre-hebdo.fr", "caijing-tech.cn", "keji-daily.com.tw", "observer-markets.com", "ai-ledger.org"]
HTML_LANG = {"en": ["en-US", "en", "en-GB"], "fr": ["fr-FR", "fr"], "zh-Hans": ["zh-CN", "zh-Hans", "zh"],
             "zh-Hant": ["zh-TW", "zh-Hant", "zh-HK"]}
IDENT = "abcdefghijklmnopqrstuvwxyz"


def _ident(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice(IDENT) for _ in range(n))


def _page(w: Writer, rng: random.Random) -> str:
    """A scraped page: head full of meta, links, styles and scripts; navigation; a short article; related
    links, comments and a footer; more scripts. Most of its bytes are markup, laid out one tag or rule a
    line as page sources are, so that many of its lines (</div>, }) repeat as theirs do."""
    w.year = rng.choice([2024, 2025, 2025, 2026])
    site, theme = rng.choice(SITES), _ident(rng, 8)
    title = w.title()
    lang = rng.choice(HTML_LANG[w.lang]) if rng.random() < 0.9 else None
    out = ["<!DOCTYPE html>", "", f'<html{f" lang={chr(34)}{lang}{chr(34)}" if lang else ""}>', "", "<head>",
           '\t<meta charset="UTF-8">', f"\t<title>{html.escape(title)} | {site}</title>",
           f'\t<meta name="description" content="{html.escape(w.fill(rng.choice(w.p["intros"])))}">',
           f'\t<meta property="og:title" content="{html.escape(title)}">',
           '\t<meta name="viewport" content="width=device-width, initial-scale=1">']
    for size in sorted(rng.sample(range(16, 512, 4), rng.randrange(8, 30))):
        out.append(f'\t<link rel="icon" type="image/png" href="https://{site}/wp-content/themes/{theme}/'
                   f'images/favicons/favicon-{size}x{size}.png" sizes="{size}x{size}">')
    out.append("\t<style>")
    for _ in range(rng.randrange(60, 400)):
        rules = " ".join([*rng.sample(CSS_RULES, rng.randrange(1, 4)),
                          f"{rng.choice(CSS_SIZED)}: {rng.randrange(1, 60)}px {rng.randrange(0, 40)}px;"])
        out.append(f"\t.{_ident(rng, rng.randrange(3, 8))}-{rng.choice(CSS_PARTS)} {{ {rules} }}")
        if rng.random() < 0.1:
            out.append("\t}")  # the end of a media query
    out.append("\t</style>")
    stamp = f"{w.year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    out.append(f'\t<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
               f'"headline":"{html.escape(title)}","datePublished":"{stamp}T{rng.randrange(24):02d}:'
               f'{rng.randrange(60):02d}:00Z","wordCount":{rng.randrange(300, 3000)},"publisher":{{"@type":'
               f'"Organization","name":"{site}"}}}}</script>')
    out += ["\t<script>", "\twindow.dataLayer = window.dataLayer || [];",
            f'\tvar cfg = {{"postId": {rng.randrange(10**6)}, "section": "{_ident(rng)}", "ads": '
            f"[{', '.join(str(rng.randrange(10**4)) for _ in range(8))}]}};", "\t</script>", "</head>", "",
            f'<body class="post-template-default single postid-{rng.randrange(10**6)}">',
            '<header class="site-header">', '<nav class="main-nav">', "<ul>"]
    for _ in range(rng.randrange(15, 70)):
        out.append(f'<li class="menu-item menu-item-{rng.randrange(10**5)}"><a href="https://{site}/{_ident(rng)}/">'
                   f'{html.escape(rng.choice(w.p["headings"]))}</a></li>')
    out += ["</ul>", "</nav>", "</header>", '<div class="content">', "<main>", '<article class="post">',
            f"<h1>{html.escape(title)}</h1>", '<div class="byline">',
            f"{_ident(rng, 5).title()} {_ident(rng, 7).title()}", f'<time datetime="{stamp}">{stamp}</time>',
            "</div>"]
    share = FIGURE_SHARE[w.lang] * 0.8
    for _ in range(rng.randrange(2, 14)):
        r = rng.random()
        if r < 0.15:
            out.append(f"<h2>{html.escape(rng.choice(w.p['headings']))}</h2>")
        elif r < 0.3:
            out += ["<ul>", *(f"<li>{html.escape(w.sentence(share))}</li>" for _ in range(rng.randrange(2, 6))),
                    "</ul>"]
        elif r < 0.5:
            out.append(f"<p>{html.escape(w.seed_line() or w.paragraph(share))}</p>")
        else:
            out.append(f"<p>{html.escape(w.paragraph(share))}</p>")
    out += ["</article>", '<div class="more-stories">']
    for _ in range(rng.randrange(20, 120)):
        out += _card(w, rng, site)
    out += ["</div>", '<aside class="related">', "<h3>Related</h3>", "<ul>"]
    for _ in range(rng.randrange(6, 16)):
        out += ["<li>", f'<a href="https://{site}/{w.year}/{_ident(rng)}-{rng.randrange(10**6)}">'
                f"{html.escape(w.title())}</a>", f'<span class="views">{rng.randrange(100, 90000):,}</span>', "</li>"]
    out += ["</ul>", "</aside>", '<section class="comments">', f"<h3>{rng.randrange(0, 400)} comments</h3>"]
    for _ in range(rng.randrange(0, 12)):
        out += ['<div class="comment">', f"<p>{html.escape(w.fill(rng.choice(w.p['fillers'])))}</p>", "</div>"]
    out += ["</section>", "</main>", "</div>", '<footer class="site-footer">',
            f"<p>© {w.year} {site}. All rights reserved.</p>", "<ul>"]
    for _ in range(rng.randrange(10, 40)):
        out += ["<li>", f'<a href="https://{site}/{_ident(rng)}">{_ident(rng, 7)}</a>', "</li>"]
    out += ["</ul>", "</footer>"]
    for _ in range(rng.randrange(4, 20)):
        out.append(f'<script src="https://{site}/wp-includes/js/{_ident(rng)}.min.js?ver={rng.randrange(1, 7)}.'
                   f'{rng.randrange(10)}.{rng.randrange(10)}"></script>')
    out.append("<script>")
    for _ in range(rng.randrange(40, 300)):
        out += [f"function {_ident(rng, rng.randrange(3, 9))}(e, t) {{ var n = e[{rng.randrange(64)}] || "
                f"{rng.randrange(10**4)}; t.{_ident(rng, 5)}(n, '{_ident(rng, 4)}');",
                *(rng.sample(JS_LINES, rng.randrange(0, 2) // 1 if rng.random() < 0.5 else 0)), "}"]
    out += ["</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _card(w: Writer, rng: random.Random, site: str) -> list[str]:
    """A teaser of another story, nested as the grids of news sites are (about 25 tags a kB)."""
    slug, n = _ident(rng, 9), rng.randrange(10**6)
    title = html.escape(w.title()).replace("&#x27;", "&#8217;")
    return [f'<div class="card card--{rng.choice(CSS_PARTS)}" data-id="{n}" data-position="{rng.randrange(40)}">',
            f'<a class="card__link" href="https://{site}/{w.year}/{rng.randrange(1, 13):02d}/{slug}-{n}/">',
            f'<div class="card__media"><picture><source srcset="https://{site}/img/{slug}-{n}.webp 1x" '
            f'type="image/webp"><img src="https://{site}/img/{slug}-{n}.jpg" alt="{title}" '
            f'width="{rng.randrange(3, 9)}00" height="{rng.randrange(2, 6)}00" loading="lazy"></picture></div>',
            '<div class="card__body">', f'<span class="card__kicker">{html.escape(rng.choice(w.p["headings"]))}</span>',
            f'<h3 class="card__title">{title}</h3>',
            f'<span class="card__meta"><time datetime="{w.year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}">'
            f"{rng.randrange(1, 29)}&nbsp;{rng.choice(w.p['months'])}</time> &middot; {rng.randrange(2, 15)}&nbsp;min"
            "</span></div></a></div>"]


CSS_PARTS = ["header", "title", "wrapper", "item", "link", "icon", "container", "inner", "button", "label"]
CSS_SIZED = ["margin", "padding", "border-radius", "box-shadow", "background-position"]
CSS_RULES = ["margin: 0;", "padding: 0;", "display: block;", "display: flex;", "position: relative;",
             "font-weight: 700;", "color: #333;", "width: 100%;", "text-decoration: none;", "line-height: 1.4;",
             "font-size: 14px;", "margin-bottom: 20px;", "border: 1px solid #ddd;", "overflow: hidden;"]
JS_LINES = ["\tif (!t) return null;", "\tt.classList.add('is-active');", "\tdocument.body.appendChild(t);",
            "\tn = n + 1;", "\twindow.addEventListener('scroll', e);", "\tconsole.log(n);"]


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    r, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if r < acc:
            return value
    return weighted[-1][0]


def _articles(target: int):
    rng = random.Random(20261219)
    reused: dict[str, int] = {}
    writers = {lang: Writer(lang, random.Random(rng.random()), reused) for lang in ("en", "fr", "zh-Hans", "zh-Hant")}
    total, i = 0, 0
    while total < target:
        fmt = _pick(rng, FORMATS)
        lang = rng.choice(LANGUAGES[fmt])
        w = writers[lang]
        if fmt == "markdown":
            name, text = f"doc_{i:06d}.md", _note(w, rng)
        elif fmt == "text":
            name, text = f"doc_{i:06d}.txt", _report(w, rng)
        else:
            name, text = f"doc_{i:06d}.html", _page(w, rng)
        data = text.encode("utf-8")
        yield name, data
        total += len(data)
        i += 1
