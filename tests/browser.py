"""Find and start a real Chromium for the browser tests.

Order: $CHROMIUM, then a system Chromium on the PATH (Debian: `apt-get install chromium`),
then the browser Playwright installed itself (`python -m playwright install chromium`).
"""

from __future__ import annotations

import os
import shutil

# Background networking off: this machine (and CI) has no internet, and a reader's
# browser talking to Google services would pollute the request log anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]


def chromium_path() -> str | None:
    """A system Chromium, or None to use Playwright's own."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, **kwargs):
    path = chromium_path()
    options = {"args": CHROMIUM_ARGS, "headless": True, **kwargs}
    if path:
        options["executable_path"] = path
    return playwright.chromium.launch(**options)
