/* Glossary tooltips: the build marks a glossary term where its sense applies,
   at word boundaries, once per section (playbook_kit/render/glossary_marks.py);
   hover, keyboard focus or a tap shows its definition in a box kept inside the
   screen, with a link to the term on the glossary page (the next Tab stop); the
   box closes when the pointer or focus leaves the term and the box, on a tap
   elsewhere and on Escape. Definitions come from assets/glossary-data.js,
   generated from data/ at build time. On the glossary page this script also
   adds the filter box. */
(function () {
  "use strict";
  function glossaryUrl(termId) {
    var script = document.querySelector('script[src*="assets/glossary-data.js"]');
    var base = script ? script.src : document.baseURI;
    var page = location.protocol === "file:" ? "../glossary/index.html" : "../glossary/";
    return new URL(page, base).href.split("#")[0] + "#term-" + termId;
  }

  /* The popup is inserted right after its term, so its "在术语表中查看" link is
     the next Tab stop and it sits inside the page's main landmark; fixed
     positioning keeps it out of the layout and unclipped by scrolling tables. */
  var popup = null, current = null, leaving = null;
  var CONTROLS = "input, select, textarea, button, label, .md-button";
  function ensurePopup() {
    if (popup) return popup;
    popup = document.createElement("span");
    popup.className = "pb-gloss-pop";
    popup.id = "pb-gloss-pop";
    popup.hidden = true;
    var text = document.createElement("span");
    text.className = "pb-gloss-pop-text";
    text.id = "pb-gloss-pop-text";
    var link = document.createElement("a");
    link.className = "pb-gloss-pop-link";
    link.textContent = "在术语表中查看";
    popup.appendChild(text);
    popup.appendChild(link);
    return popup;
  }

  function overlapsControl(box, mark) {
    var r = box.getBoundingClientRect();
    return Array.prototype.some.call(document.querySelectorAll(CONTROLS), function (control) {
      if (box.contains(control) || control.contains(mark)) return false;
      var c = control.getBoundingClientRect();
      return c.width && c.right > r.left && c.left < r.right && c.bottom > r.top && c.top < r.bottom;
    });
  }

  /* below the term, moved left as far as needed to stay inside the viewport;
     above it when below would hide a control or leave the screen */
  function place() {
    if (!current || popup.hidden) return;
    var rect = current.getBoundingClientRect();
    var view = document.documentElement.clientWidth;
    var width = Math.min(popup.offsetWidth, view - 16);
    popup.style.left = Math.max(8, Math.min(rect.left, view - width - 8)) + "px";
    popup.style.top = (rect.bottom + 6) + "px";
    var below = popup.getBoundingClientRect();
    var above = rect.top - 6 - below.height;
    if ((below.bottom > window.innerHeight || overlapsControl(popup, current)) && above >= 0) {
      popup.style.top = above + "px";
      if (overlapsControl(popup, current)) popup.style.top = (rect.bottom + 6) + "px";
    }
  }

  function show(mark) {
    var box = ensurePopup();
    clearTimeout(leaving);
    box.querySelector(".pb-gloss-pop-text").textContent = mark.getAttribute("data-definition");
    box.querySelector(".pb-gloss-pop-link").href = glossaryUrl(mark.getAttribute("data-term"));
    if (current && current !== mark) current.removeAttribute("aria-describedby");
    if (mark.nextSibling !== box) mark.parentNode.insertBefore(box, mark.nextSibling);
    box.hidden = false;
    mark.setAttribute("aria-describedby", "pb-gloss-pop-text");
    current = mark;
    place();
  }
  function hide() {
    clearTimeout(leaving);
    if (popup) popup.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }
  function within(node) {
    return !!node && !!current && (current.contains(node) || popup.contains(node));
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
      /* no letter link to a group the filter hid */
      Array.prototype.forEach.call(document.querySelectorAll(".pb-gloss-letters a[href^='#']"), function (link) {
        var group = document.getElementById(link.getAttribute("href").slice(1));
        if (group) link.hidden = group.hidden;
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
      else if (within(event.target)) clearTimeout(leaving);
    });
    /* the pointer left the term and its popup: close, after a moment to reach the popup */
    root.addEventListener("mouseout", function (event) {
      if (within(event.target) && !within(event.relatedTarget)) leaving = setTimeout(hide, 300);
    });
    root.addEventListener("focusin", function (event) {
      var abbr = event.target.closest && event.target.closest(".pb-gloss");
      if (abbr) show(abbr);
    });
    /* focus left the term and its popup (Tab past the link, Shift+Tab, a click elsewhere) */
    root.addEventListener("focusout", function (event) {
      if (within(event.target) && !within(event.relatedTarget)) hide();
    });
    // a tap shows the definition on touch screens; a tap elsewhere or Escape closes it
    document.addEventListener("click", function (event) {
      var abbr = event.target.closest && event.target.closest(".pb-gloss");
      if (abbr) { show(abbr); return; }  /* a tap also fires mouseover: show, never toggle */
      /* a tap elsewhere, or on the box's text, closes it */
      if (popup && !(event.target.closest && event.target.closest(".pb-gloss-pop-link"))) hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !current) return;
      var term = current, inside = popup.contains(document.activeElement);
      hide();
      if (inside) term.focus();
    });
    window.addEventListener("scroll", place, { passive: true, capture: true });
    window.addEventListener("resize", place);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
