"""Progress of a run: a bar on a terminal (tqdm), plain log lines every so often anywhere else."""

from __future__ import annotations

import os
import time
from typing import TextIO

LOG_EVERY = 10.0  # seconds between plain log lines (EXTRACT_PROGRESS_EVERY in the environment: others)


def log_every() -> float:
    try:
        return max(0.0, float(os.environ.get("EXTRACT_PROGRESS_EVERY", LOG_EVERY)))
    except ValueError:
        return LOG_EVERY


class Progress:
    """Documents done, their rate and the errors so far, for `total` documents."""

    def __init__(self, total: int, stream: TextIO, every: float | None = None) -> None:
        self.total, self.stream, self.every = total, stream, log_every() if every is None else every
        self.done = self.errors = 0
        self.started = self.logged = time.monotonic()
        self.bar = None
        if total and _is_terminal(stream):
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: a pool may fork while the bar is up
            self.bar = tqdm(total=total, file=stream, unit="doc", dynamic_ncols=True, desc="extract")

    def update(self, failed: bool) -> None:
        self.done += 1
        self.errors += failed
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.errors} errors", refresh=False)
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.logged >= self.every:
            self.logged = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        return f"extract: {self.done}/{self.total} documents, {rate:.1f} documents/s, {self.errors} errors"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
