"""Family 2: every field of every kind comes out inert, in every place it appears.

The whole real catalogue is poisoned (tests/conftest.py `poisoned`): every
free-text value the checks accept gets a payload of template code, raw HTML,
Markdown link syntax with `javascript:`, `attr_list` event attributes and a
`</script>` break-out. The built site (pages, role pages, checklists, bundles,
search index, glossary script, decision-helper data) is then scanned. On the
main of 2026-11-27 the role page printed `<script>` raw and evaluated
`{{ … }}`, and the checklist link macro produced a live `javascript:` link.
"""
from __future__ import annotations

import json

from inertness import scan_html, scan_site


def test_payload_reached_hundreds_of_fields(poisoned):
    assert poisoned.build.returncode == 0, poisoned.build.output
    assert poisoned.fields >= 300, poisoned.fields


def test_nothing_executable_or_evaluated_anywhere(poisoned):
    assert poisoned.build.returncode == 0, poisoned.build.output
    findings = scan_site(poisoned.site)
    assert findings == [], "\n".join(findings[:40])


def test_payload_is_shown_as_text(poisoned):
    html = (poisoned.site / "roles" / "salesman" / "index.html").read_text(encoding="utf-8")
    assert "{{ &#39;pw&#39; ~ &#39;ned&#39; }}" in html or "{{ 'pw' ~ 'ned' }}" in html
    assert "&lt;script&gt;alert(&#39;x1&#39;)&lt;/script&gt;" in html or "&lt;script&gt;alert('x1')&lt;/script&gt;" in html
    checklist = (poisoned.site / "checklists" / "index.html").read_text(encoding="utf-8")
    assert "[link](javascript:alert" in checklist  # Markdown link syntax stays literal text


def test_glossary_script_is_plain_data(poisoned):
    text = (poisoned.site / "assets" / "glossary-data.js").read_text(encoding="utf-8")
    prefix = "window.PB_GLOSSARY = "
    assert text.startswith(prefix)
    data = json.loads(text[len(prefix):].rstrip().rstrip(";"))
    assert any("<script>" in definition for _, definition in data["terms"].values())  # the data survives, as data
    assert "<" not in text and "\u2028" not in text


def test_decision_helper_data_is_an_attribute(poisoned):
    html = (poisoned.site / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    assert 'class="pb-dt-data"' not in html and "data-helper=" in html
    assert scan_html(html, "ka/rtmart") == []
