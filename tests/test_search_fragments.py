"""The search index split into fragments (issue 25): the weights Material's lunr
would give, every document read back, a bounded download per word, the offline
copy inlined. Fast: a small index written by hand, no build."""
from __future__ import annotations

import json

import pytest

from playbook_kit.engines import search_fragments as fragments

CONFIG = {"separator": "[\\s\\u200b\\-、。，]+", "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}


@pytest.fixture(autouse=True)
def few_sounds(monkeypatch):
    """The pinyin of a few characters only: the real table takes seconds without the build's cache."""
    monkeypatch.setattr(fragments, "SOUND_CHARS", [ord(c) for c in "锁所码马推广光"])


def small_site(tmp_path, docs):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": CONFIG, "docs": docs}), encoding="utf-8")
    return tmp_path


DOCS = [{"location": "ka/", "title": "KA\u200b卖场", "text": "<p>锁码\u200b和\u200b堆头</p>"},
        {"location": "ka/#lock", "title": "单品\u200b锁码", "text": "<p>连续\u200b3\u200b个\u200b月\u200b未\u200b销售 &lt;b&gt;</p>"},
        {"location": "learn/x/", "title": "新人\u200b上手", "text": "<p>锁码</p>", "boost": 0.2}]


def test_fragments_hold_every_document_and_lunr_weights(tmp_path):
    site = small_site(tmp_path, DOCS)
    written = fragments.write_fragments(site, tmp_path, {"generated": ["learn/*"], "demoted": ["nowhere/"]})
    manifest = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["pb"]
    assert written == len(manifest["shards"]) + 1 + 1 and manifest["docs"] == 3
    assert manifest["ranked"] == {"generated": [2], "demoted": []}
    assert [d["location"] for d in fragments.indexed_documents(site)] == ["ka/", "ka/#lock", "learn/x/"]
    words = json.loads((site / "search/pb" / f"t{ord('锁'):x}.json").read_text(encoding="utf-8"))
    df, *postings = words["锁码"]
    weight = {postings[i]: postings[i + 2] for i in range(0, len(postings), 3)}
    assert df == 3 and [postings[i + 1] for i in range(0, len(postings), 3)] == [0, 0, 2]  # each doc's page
    assert weight[1] > weight[0] > weight[2]  # in a title (×1000) above text, a boosted-down page below
    assert "<b>" in json.loads((site / "search/pb" / "t3c.json").read_text(encoding="utf-8"))  # text, unescaped


def test_a_word_keeps_only_its_best_documents(tmp_path, monkeypatch):
    monkeypatch.setattr(fragments, "MAX_POSTINGS", 2)
    site = small_site(tmp_path, DOCS)
    fragments.write_fragments(site, tmp_path, {})
    df, *postings = json.loads((site / "search/pb" / f"t{ord('锁'):x}.json").read_text(encoding="utf-8"))["锁码"]
    assert df == 3 and len(postings) == 6 and 2 not in postings[::3]  # the weakest document left out


@pytest.mark.parametrize("inline", [True, False])
def test_the_offline_copy_gets_every_fragment_inlined(tmp_path, inline):
    site = small_site(tmp_path, DOCS)
    fragments.write_fragments(site, tmp_path, {}, inline=inline)
    manifest = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["pb"]
    assert ("inline" in manifest) == inline and (site / "search/pb").exists() != inline
    assert len(fragments.indexed_documents(site)) == 3


def test_a_preview_is_cut_before_a_tag_not_inside_one():
    text = "<p>" + "字" * (fragments.MAX_TEXT - 5) + "</p><p>后面</p>"
    cut = fragments.preview_text(text)
    assert cut.count("<") == cut.count(">") and len(cut) <= fragments.MAX_TEXT and cut.startswith(text[:100])
