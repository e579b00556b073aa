import datetime as dt
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from sitreps.models import Article, Failure
from sitreps.read import read_sources
from sitreps.read.web import read_url


def read(*paths, **kw):
    return list(read_sources([str(p) for p in paths], **kw))


def test_jsonl_keeps_good_lines_and_reports_bad_ones(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "x1", "published": "2020-01-02", "title": "T",
                             "text": "Gunmen attacked a bus."}) + "\n{not json\n"
                 + json.dumps({"id": "x2", "text": ""}) + "\n")
    items = read(f)
    assert isinstance(items[0], Article) and items[0].id == "x1"
    assert items[0].published == dt.date(2020, 1, 2)
    assert isinstance(items[1], Failure) and "not JSON" in items[1].reason
    assert isinstance(items[2], Failure) and items[2].reason == "no text"


def test_csv_with_extra_cells_and_missing_columns(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("id,published,text\nc1,2020-05-01,A convoy was ambushed.\nc2,2020-05-01,x,extra\n")
    items = read(f)
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]
    bad = tmp_path / "b.csv"
    bad.write_text("id,body\n1,hello\n")
    (failure,) = read(bad)
    assert "no a 'text' column" not in failure.reason and "'text' column" in failure.reason


def test_text_front_matter_and_published_option(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("---\ntitle: Blast in town\npublished: 2021-03-04\n---\nA bomb went off.\n")
    (a,) = read(f)
    assert (a.title, a.published, a.text.strip()) == ("Blast in town", dt.date(2021, 3, 4),
                                                      "A bomb went off.")
    g = tmp_path / "plain.txt"
    g.write_text("Headline here\nBody of the story.\n")
    (b,) = read(g, published=dt.date(2022, 1, 1))
    assert (b.title, b.published) == ("Headline here", dt.date(2022, 1, 1))


def test_ids_are_stable_and_folders_are_recursive(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("Title\nSome text about a clash.")
    (tmp_path / "notes.md").write_text("not an article")
    first = read(tmp_path)
    assert len(first) == 1 and first[0].id == read(tmp_path)[0].id


def test_binary_and_missing_files_fail_with_a_reason(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(b"\x00\x01\x02binary")
    (failure,) = read(f, tmp_path / "nope.txt")[:1]
    assert isinstance(failure, Failure) and "binary" in failure.reason
    assert read(tmp_path / "nope.txt")[0].reason == "no such file or folder"


def test_html_page(tmp_path):
    paragraph = "<p>Militants attacked an army post in the north on Monday, officials said. " \
                "The fighting went on for hours and several soldiers were hurt.</p>"
    f = tmp_path / "page.html"
    f.write_text(f"<html><head><title>Post attacked</title></head><body><article>"
                 f"<h1>Post attacked</h1>{paragraph * 3}</article></body></html>")
    (a,) = read(f)
    assert isinstance(a, Article) and "army post" in a.text


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Clash in north</title><link>https://example.org/1</link><guid>g1</guid>
<pubDate>Mon, 21 Oct 2019 10:00:00 GMT</pubDate><description>&lt;p&gt;Fighters clashed.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_feed_file_and_feed_url(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_bytes(FEED)
    (a,) = read(f)
    assert (a.id, a.outlet, a.published, a.text) == ("g1", "Wire", dt.date(2019, 10, 21),
                                                     "Fighters clashed.")
    (b,) = list(read_url("https://example.org/feed", fetch=lambda url: (FEED, "application/rss+xml")))
    assert b.url == "https://example.org/1"


def test_offline_url_is_a_failure_not_a_crash():
    (failure,) = read("http://127.0.0.1:9/nothing-listens-here")
    assert isinstance(failure, Failure) and "cannot fetch" in failure.reason


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".jsonl", ".csv", ".txt", ".json", ".html"]))
def test_readers_never_raise_on_garbage(tmp_path, data, suffix):
    f = tmp_path / f"fuzz{suffix}"
    f.write_bytes(data)
    for item in read(f):
        assert isinstance(item, (Article, Failure))
