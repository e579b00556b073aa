"""Screenshots of the dashboard for the README, from a real run over the demo corpus.

    make screenshots        (or: .venv/bin/python scripts/screenshots.py [OUT_DIR])

Ingests examples/articles into a temporary database, starts `sitreps serve` on it and has
headless Chromium (Debian's chromium and chromedriver) save the map, an event page and the
review queue as PNG files in docs/screenshots/.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    db = str(tmp / "demo.db")
    sitreps = [sys.executable, "-m", "sitreps.cli"]
    subprocess.run(sitreps + ["ingest", str(ROOT / "examples" / "articles"), "--db", db],
                   check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(sitreps + ["serve", "--db", db, "--port", str(port)])
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--window-size=1400,950", f"--user-data-dir={tmp / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    loaded = lambda d: d.find_element("tag name", "body").get_attribute("data-loaded") == "true"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        shots = {"map.png": base + "/?country=AF"}
        with urllib.request.urlopen(base + "/api/events?sort=fatalities&limit=1") as r:
            top = json.loads(r.read())["events"][0]
        shots["event.png"] = f"{base}/event/{top['event_id']}"
        shots["review.png"] = base + "/review"
        for name, url in shots.items():
            driver.get(url)
            WebDriverWait(driver, 30).until(loaded)
            time.sleep(1)  # let the map draw its outlines
            driver.save_screenshot(str(out / name))
            print(f"wrote {out / name}")
    finally:
        driver.quit()
        server.terminate()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
