"""Family 3: raw HTML in pages. Policy (SECURITY.md): pages may use layout
HTML (tables, details, spans with classes…); executable content is removed by
nh3 after Markdown: `<script>`, every `on*` attribute, `javascript:`,
`vbscript:` and `data:` URLs in any case or entity spelling, iframes, objects,
forms' actions, and titles / table-of-contents entries keep text only.
Files that are not pages or pictures may not be under playbooks/.
On the main of 2026-11-27 all of these reached the site unchanged.
"""
from __future__ import annotations

import pytest

from conftest import editor_check
from inertness import scan_html
from playbook_kit.render.html_policy import clean_page, clean_title

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#58;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<svg onload=alert(1)><circle/></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<details open ontoggle=alert(1)><summary>x</summary></details>',
    '<p style="x" onclick="alert(1)">x</p>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://example.com/" target="_blank">ok</a>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitiser_removes_executable_content(attack):
    cleaned = clean_page(attack)
    assert scan_html(cleaned, "page") == []
    assert "alert" not in cleaned.lower().replace("&lt;", "<") or "<script" not in cleaned.lower()
    assert "onerror" not in cleaned.lower() and "onload" not in cleaned.lower()


def test_layout_html_stays():
    html = ('<div class="pb-x" id="a" data-helper="{}" aria-label="x"><table><tr><th scope="col">a</th>'
            '<td colspan="2">b</td></tr></table><details open><summary>s</summary>t</details>'
            '<a href="../ka/rtmart/#x">内链</a><a href="https://example.com/">外链</a></div>')
    expected = (html.replace("<tr>", "<tbody><tr>").replace("</tr></table>", "</tr></tbody></table>")
                .replace("<details open>", '<details open="">'))
    assert clean_page(html) == expected


def test_titles_keep_text_only():
    assert clean_title("标题 &lt;img src=x onerror=alert(1)&gt;") == "标题 &lt;img src=x onerror=alert(1)&gt;"
    assert clean_title('A <img src=x onerror=alert(1)> & B') == "A  &amp; B"


def test_the_built_page_is_clean(poisoned):
    """tests/inertness.py PAGE_PAYLOAD, appended to a real page and built."""
    assert poisoned.build.returncode == 0, poisoned.build.output
    warnings = [line for line in poisoned.build.output.splitlines() if line.startswith("WARNING")]
    assert all("avascript:" in line for line in warnings), warnings
    html = (poisoned.site / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    assert scan_html(html, "ka/rtmart") == []
    assert "一段文字" in html and "<details open" in html  # layout and text stay


@pytest.mark.parametrize("name", ["evil.html", "logo.svg", "x.js", "style.css", "page.htm", "a.xhtml"])
def test_files_that_are_not_pages_or_pictures_are_refused(project, name):
    (project / "playbooks" / "ka" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1
    assert f"playbooks/ka/{name}:1:1: “playbooks/” 里不允许放这种文件: “{name}”" in run.output, run.output


@pytest.mark.parametrize("front, message", [
    ("description: '\"><script>alert(1)</script>'", "页面开头不支持设置 “description”"),
    ("template: ../../etc/passwd", "页面开头不支持设置 “template”"),
    ("title: [a]", "title 应为文字"),
    ("hide: [everything]", "hide 应为列表"),
    ("search: {boost: 1e999}", "超出范围"),
])
def test_front_matter_is_checked(project, front, message):
    page = project / "playbooks" / "ka" / "rtmart.md"
    page.write_text(f"---\n{front}\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1
    assert "playbooks/ka/rtmart.md:2:" in run.output and message in run.output, run.output
