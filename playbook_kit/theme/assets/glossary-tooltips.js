/* Glossary tooltips: the build marks a glossary term where its sense applies,
   at word boundaries, once per section (playbook_kit/render/glossary_marks.py);
   hover, keyboard focus or a tap shows its definition in a box kept inside the
   screen, with a link to the term on the glossary page. Definitions come from
   assets/glossary-data.js, generated from data/ at build time. On the glossary
   page this script also adds the filter box. */
(function () {
  "use strict";
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

  /* the build marked the terms (playbook_kit/render/glossary_marks.py: scope,
     word boundaries, once per section); each mark gets its definition here */
  function describe(root, entries) {
    var byId = {};
    entries.forEach(function (e) { byId[e.id] = e; });
    Array.prototype.forEach.call(root.querySelectorAll("abbr.pb-gloss[data-term]"), function (abbr) {
      var entry = byId[abbr.getAttribute("data-term")];
      if (entry) abbr.setAttribute("data-definition", entry.t + "：" + entry.d);
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
    describe(root, entries);
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
