/* Glossary tooltips: every occurrence of a glossary term in the page text gets
   its definition on hover, keyboard focus or tap. Chinese has no word
   boundaries, so terms are matched as substrings, longest first (Markdown's
   abbr extension only matches at word boundaries and misses them). Data comes
   from assets/glossary-data.js, generated from data/ at build time. */
(function () {
  "use strict";
  var SKIP = "a, code, pre, script, style, textarea, select, option, button, h1, h2, h3, h4, h5, h6, .pb-gloss, .pb-glossary dt, .md-search, .md-nav, .md-header, .md-footer, .pb-page-footer, .pb-checklist, svg";

  function escape(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function run() {
    var entries = window.PB_GLOSSARY || [];
    var root = document.querySelector(".md-content article");
    if (!entries.length || !root) return;
    var byWord = {};
    entries.forEach(function (e) { byWord[e.w] = e; });
    var pattern = new RegExp(entries.map(function (e) { return escape(e.w); }).join("|"), "g");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
        return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, fragment = null;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
        var entry = byWord[match[0]];
        var mark = document.createElement("abbr");
        mark.className = "pb-gloss";
        mark.textContent = match[0];
        mark.title = entry.t + "：" + entry.d;
        mark.dataset.term = entry.id;
        mark.tabIndex = 0;
        fragment.appendChild(mark);
        last = match.index + match[0].length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(fragment, node);
      }
    });
    // a tap toggles the definition on touch screens
    root.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest(".pb-gloss");
      Array.prototype.forEach.call(root.querySelectorAll(".pb-gloss.pb-open"), function (open) {
        if (open !== mark) open.classList.remove("pb-open");
      });
      if (mark) mark.classList.toggle("pb-open");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
