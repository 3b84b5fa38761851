/* Glossary tooltips: a glossary term is underlined once per section (its first
   occurrence after a heading), never in headings, links or in the glossary's
   own entry for that term; hover, keyboard focus or a tap shows its definition
   in a box kept inside the screen, with a link to the term on the glossary
   page. Chinese has no word boundaries, so terms are matched as substrings,
   longest first. Data comes from assets/glossary-data.js, generated from data/
   at build time. On the glossary page this script also adds the filter box. */
(function () {
  "use strict";
  var SKIP = "a, code, pre, script, style, textarea, select, option, button, input, label, summary, h1, h2, h3, h4, h5, h6, .pb-gloss, .pb-glossary dt, .pb-gloss-index, .md-search, .md-nav, .md-header, .md-footer, .pb-page-footer, .pb-checklist, .pb-dt-helper, svg";
  var HEADING = /^H[1-6]$/;

  function escape(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function glossaryUrl(termId) {
    var script = document.querySelector('script[src*="assets/glossary-data.js"]');
    var base = script ? script.src : document.baseURI;
    var page = location.protocol === "file:" ? "../glossary/index.html" : "../glossary/";
    return new URL(page, base).href.split("#")[0] + "#term-" + termId;
  }

  var popup = null, current = null;
  function ensurePopup() {
    if (popup) return popup;
    popup = document.createElement("div");
    popup.className = "pb-gloss-pop";
    popup.id = "pb-gloss-pop";
    popup.setAttribute("role", "tooltip");
    popup.hidden = true;
    var text = document.createElement("p");
    text.className = "pb-gloss-pop-text";
    var link = document.createElement("a");
    link.className = "pb-gloss-pop-link";
    link.textContent = "在术语表中查看";
    popup.appendChild(text);
    popup.appendChild(link);
    document.body.appendChild(popup);
    return popup;
  }

  /* below the term, moved left as far as needed to stay inside the viewport */
  function show(mark) {
    var box = ensurePopup();
    box.querySelector(".pb-gloss-pop-text").textContent = mark.getAttribute("data-definition");
    box.querySelector(".pb-gloss-pop-link").href = glossaryUrl(mark.getAttribute("data-term"));
    box.hidden = false;
    var rect = mark.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (rect.bottom + window.scrollY + 6) + "px";
    mark.setAttribute("aria-describedby", "pb-gloss-pop");
    current = mark;
  }
  function hide() {
    if (popup) popup.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function mark(root, entries) {
    var byWord = {};
    entries.forEach(function (e) { byWord[e.w] = e; });
    var pattern = new RegExp(entries.map(function (e) { return escape(e.w); }).join("|"), "g");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1) {
          if (HEADING.test(node.tagName) || node.tagName === "DT") return NodeFilter.FILTER_ACCEPT;
          return node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        }
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    /* document order: a heading starts a new section; in the glossary each
       entry (dt) is a section whose own term is never marked */
    var work = [], seen = {};
    while (walker.nextNode()) {
      var node = walker.currentNode;
      if (node.nodeType === 1) {
        seen = {};
        if (node.tagName === "DT" && node.getAttribute("data-term")) seen[node.getAttribute("data-term")] = true;
        continue;
      }
      if (node.parentElement.closest(SKIP)) continue;
      var text = node.nodeValue, match, hits = [];
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        var entry = byWord[match[0]];
        if (seen[entry.id]) continue;
        seen[entry.id] = true;
        hits.push({ index: match.index, word: match[0], entry: entry });
      }
      if (hits.length) work.push({ node: node, hits: hits });
    }
    work.forEach(function (item) {
      var text = item.node.nodeValue, last = 0, fragment = document.createDocumentFragment();
      item.hits.forEach(function (hit) {
        fragment.appendChild(document.createTextNode(text.slice(last, hit.index)));
        var abbr = document.createElement("abbr");
        abbr.className = "pb-gloss";
        abbr.textContent = hit.word;
        abbr.setAttribute("data-definition", hit.entry.t + "：" + hit.entry.d);
        abbr.setAttribute("data-term", hit.entry.id);
        abbr.tabIndex = 0;
        fragment.appendChild(abbr);
        last = hit.index + hit.word.length;
      });
      fragment.appendChild(document.createTextNode(text.slice(last)));
      item.node.parentNode.replaceChild(fragment, item.node);
    });
  }

  function filterBox() {
    var slot = document.querySelector(".pb-gloss-filter-slot");
    if (!slot) return;
    var label = document.createElement("label");
    label.htmlFor = "pb-gloss-filter";
    label.textContent = "筛选术语：";
    var field = document.createElement("input");
    field.type = "search";
    field.id = "pb-gloss-filter";
    field.className = "pb-gloss-filter";
    field.placeholder = "输入术语、别称或拼音首字母，如 ch";
    var status = document.createElement("span");
    status.className = "pb-gloss-filter-status";
    status.setAttribute("role", "status");
    slot.appendChild(label);
    slot.appendChild(field);
    slot.appendChild(status);
    var terms = Array.prototype.slice.call(document.querySelectorAll(".pb-glossary dt[data-filter]"));
    field.addEventListener("input", function () {
      var query = field.value.trim().toLowerCase(), shown = 0;
      terms.forEach(function (dt) {
        var ok = !query || dt.getAttribute("data-filter").toLowerCase().indexOf(query) >= 0;
        dt.hidden = !ok;
        var dd = dt.nextElementSibling;
        if (dd && dd.tagName === "DD") dd.hidden = !ok;
        if (ok) shown++;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".pb-gloss-group"), function (group) {
        group.hidden = !group.querySelector("dt:not([hidden])");
      });
      status.textContent = query ? "找到 " + shown + " 个" : "";
    });
  }

  /* glossary-data.js holds each definition once: {terms: {id: [term, definition]}, words: [[word, id]]} */
  function glossaryEntries(data) {
    if (!data || !data.words || !data.terms) return [];
    return data.words.map(function (pair) {
      var term = data.terms[pair[1]];
      return { w: pair[0], id: pair[1], t: term[0], d: term[1] };
    });
  }

  function run() {
    filterBox();
    var entries = glossaryEntries(window.PB_GLOSSARY);
    var root = document.querySelector(".md-content article");
    if (!entries.length || !root) return;
    mark(root, entries);
    root.addEventListener("mouseover", function (event) {
      var abbr = event.target.closest && event.target.closest(".pb-gloss");
      if (abbr && abbr !== current) show(abbr);
    });
    root.addEventListener("focusin", function (event) {
      var abbr = event.target.closest && event.target.closest(".pb-gloss");
      if (abbr) show(abbr);
    });
    // a tap shows the definition on touch screens; a tap elsewhere or Escape closes it
    document.addEventListener("click", function (event) {
      var abbr = event.target.closest && event.target.closest(".pb-gloss");
      if (abbr) { show(abbr); return; }  /* a tap also fires mouseover: show, never toggle */
      if (popup && !popup.contains(event.target)) hide();
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
