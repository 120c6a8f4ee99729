"""The README's screenshots: the home page, the hotline form and an event, on a 360 px
phone and a 1366 px laptop, in both languages, as the first screen shows them.

Run against a portal serving the demo data (`make run`), with Debian's Chromium:
    .venv/bin/python tools/screenshots.py [http://127.0.0.1:8000]
It writes docs/screenshots/<page>-<language>-<width>.png.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SCREENS = {360: 740, 1366: 768}
LANGUAGES = {"uk": "/", "en": "/en/"}


def first_event(page) -> str:
    """The path of the first upcoming event the list links to that is neither
    postponed nor cancelled (those cards name their status in bold)."""
    page.goto(f"{BASE}/events/")
    cards = page.locator("main article").filter(has_not=page.locator("strong"))
    href = cards.first.locator("h2 a").get_attribute("href") or ""
    return re.sub(r"^/(en/)?", "", href)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        event = first_event(browser.new_page())
        pages = {"home": "", "hotline-form": "hotline/new/", "event": event}
        for width, height in SCREENS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for language, prefix in LANGUAGES.items():
                for name, path in pages.items():
                    page.goto(f"{BASE}{prefix}{path}")
                    target = OUT / f"{name}-{language}-{width}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(OUT.parents[1]))
        browser.close()


if __name__ == "__main__":
    main()
