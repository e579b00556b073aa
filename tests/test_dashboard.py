"""The dashboard in a real headless Chromium against a real `sitreps serve`.

Chromium and chromedriver come from Debian (`make test` installs them with apt when it can);
the tests are skipped, with the reason, on a machine where they could not be installed.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import HERE

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = ("Gunmen attacked a police checkpoint in Kunduz province on Monday, killing four "
           "policemen, a provincial spokesman said. The attackers left a note reading "
           "<img src=x onerror=\"document.body.dataset.pwned='img'\"> and "
           "<script>document.body.dataset.pwned='script'</script> at the post.")


def _have_browser() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


if not _have_browser():
    # scripts/system-deps.sh (run by `make test`) installs them with apt where it can, and
    # says so when it cannot.
    pytestmark = pytest.mark.skip(reason="chromium and chromedriver are not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A database made by the CLI from the test texts and one hostile article, served by a
    real `sitreps serve` process."""
    tmp = tmp_path_factory.mktemp("dash")
    db = str(tmp / "dash.db")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": "hostile", "title": "<b>Checkpoint</b> attack",
                                   "published": "2021-06-08", "outlet": "Test Wire",
                                   "text": HOSTILE}) + "\n")
    sitreps = [sys.executable, "-m", "sitreps.cli"]
    subprocess.run(sitreps + ["ingest", str(HERE / "texts"), str(hostile), "--db", db],
                   check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(sitreps + ["serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            _get(base + "/api/stats")
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("sitreps serve did not start: " + proc.stdout.read().decode()[-2000:])
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(browser, url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded") == "true")


def _points(browser) -> int:
    return len(browser.find_elements("css selector", "path.event-point"))


def test_map_shows_every_event_and_a_filter_narrows_them(server, browser):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    everything = _get(server + "/api/events.geojson")["features"]
    battles = _get(server + "/api/events.geojson?type=Battles")["features"]
    assert 0 < len(battles) < len(everything)
    _open(browser, server + "/")
    assert _points(browser) == len(everything)
    rows = browser.find_elements("css selector", "#events tbody tr")
    assert len(rows) == _get(server + "/api/events")["total"]
    assert browser.find_elements("css selector", "#timeline svg rect.bar")
    talks = _get(server + "/api/talks")
    assert talks["rounds"] >= 1
    assert browser.find_element("css selector", "#talks p").text == talks["summary"]
    assert browser.find_elements("css selector", "#talks table tbody tr")

    Select(browser.find_element("name", "type")).select_by_value("Battles")
    WebDriverWait(browser, 20).until(lambda d: "type=Battles" in d.current_url and
                                     d.find_element("tag name", "body")
                                     .get_attribute("data-loaded") == "true")
    assert _points(browser) == len(battles)
    browser.refresh()  # the filter lives in the URL
    WebDriverWait(browser, 20).until(lambda d: _points(d) == len(battles))
    assert Select(browser.find_element("name", "type")).first_selected_option.text == "Battles"


def test_event_page_shows_evidence_claims_and_escapes_article_markup(server, browser):
    (event,) = [e for e in _get(server + "/api/events?limit=1000")["events"]
                if e["article_ids"] == ["hostile"]]
    _open(browser, f"{server}/event/{event['event_id']}")
    marks = [m.text for m in browser.find_elements("css selector", "mark.evidence")]
    assert marks and marks == [e["text"] for e in event["evidence"]]
    claims = browser.find_elements("css selector", "#claims tbody tr")
    assert len(claims) == len(event["claims"])
    page = browser.find_element("css selector", ".article-text").text
    assert "<script>document.body.dataset.pwned='script'</script>" in page
    assert browser.find_element("css selector", "article.source h3").text == \
        "<b>Checkpoint</b> attack"
    assert browser.execute_script("return document.body.dataset.pwned") is None


def test_a_correction_persists_after_reload(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    event = _get(server + "/api/events?sort=fatalities")["events"][0]
    _open(browser, f"{server}/event/{event['event_id']}")
    killed = browser.find_element("css selector", "#edit input[name=fatalities]")
    killed.clear()
    killed.send_keys("17")
    browser.find_element("name", "note").send_keys("hospital count")
    browser.find_element("css selector", "#review button[type=submit]").click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element("id", "message").text.startswith("Saved"))
    browser.refresh()
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element("tag name", "body").get_attribute("data-loaded") == "true")
    fields = {row.find_element("tag name", "th").text: row.find_element("tag name", "td").text
              for row in browser.find_elements("css selector", "#fields tr")}
    assert fields["Killed"] == "17"
    assert browser.find_element("id", "status").text == "Review status: corrected"
    (edit,) = browser.find_elements("css selector", "#history li")
    assert "hospital count" in edit.text and edit.find_element("tag name", "time").text
    assert _get(f"{server}/api/events/{event['event_id']}")["fatalities"]["best"] == 17


def test_review_queue_works_from_the_keyboard(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/review")
    items = browser.find_elements("css selector", "#queue li")
    waiting = _get(server + "/api/events?status=unreviewed&sort=confidence")["events"]
    assert [i.get_attribute("data-id") for i in items] == [e["event_id"] for e in waiting]
    ActionChains(browser).send_keys("j").perform()
    assert browser.find_element("css selector", "#queue li.selected").get_attribute(
        "data-id") == waiting[1]["event_id"]
    ActionChains(browser).send_keys("x").perform()
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements("css selector", "#queue li")) == len(waiting) - 1)
    rejected = _get(server + "/api/events?status=rejected")["events"]
    assert [e["event_id"] for e in rejected] == [waiting[1]["event_id"]]
