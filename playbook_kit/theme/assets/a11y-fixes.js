/* Accessibility fixes for Material's own markup (found by axe-core and by
   walking the site with the keyboard in the tests), and the print buttons:
   pages carry no inline event handlers (the sanitiser removes every on*
   attribute), so their behaviour is attached here.
   - scrolling tables: a Tab stop named from the table's own title;
   - navigation landmarks: named from their section's title;
   - the narrow-width menu and search (below Material's breakpoints): named,
     focusable controls; Escape closes; focus moves in and back; a closed
     drawer and a closed search are out of the Tab order. */
(function () {
  "use strict";
  /* Material's own breakpoints (main.css): below them the navigation is a
     drawer behind the menu button, and search an overlay behind its button */
  var DRAWER = window.matchMedia("(max-width: 76.234375em)");
  var SEARCH_OVERLAY = window.matchMedia("(max-width: 59.984375em)");
  var HEADINGS = "h1, h2, h3, h4, h5, h6";

  /* a heading's words without its "¶" link */
  function headingText(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* a table's own title: its caption, else the last heading before it */
  function tableTitle(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.replace(/\s+/g, " ").trim();
    var title = document.title.split(" - ")[0];
    Array.prototype.forEach.call(document.querySelectorAll(".md-content " + HEADINGS.replace(/, /g, ", .md-content ")), function (h) {
      if (h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) title = headingText(h);
    });
    return title;
  }

  /* a table wider than its box: say that it scrolls, and let the keyboard scroll it */
  function scrollHints() {
    var used = {};
    Array.prototype.forEach.call(document.querySelectorAll(".pb-table-scroll, .md-typeset__scrollwrap:not(.pb-table-scroll *)"), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 2;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("pb-scroll-hint");
      box.classList.toggle("pb-scrolls", scrolls);
      if (scrolls) {
        var name = tableTitle(box) + "（表格，可左右滚动）";
        used[name] = (used[name] || 0) + 1;
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", used[name] > 1 ? name + " 之" + used[name] : name);
        if (!has) {
          hint = document.createElement("p");
          hint.className = "pb-scroll-hint";
          hint.textContent = "表格较宽：左右滑动（或用方向键）查看其余各列 →";
          box.parentNode.insertBefore(hint, box);
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        if (has) hint.parentNode.removeChild(hint);
      }
    });
  }

  /* the "¶" after each heading: named in Chinese after its heading */
  function nameHeadingLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a.headerlink"), function (link) {
      var heading = link.parentElement;
      link.setAttribute("aria-label", "本节链接：" + (heading ? headingText(heading) : ""));
    });
  }

  /* a code block that scrolls (a phone, a narrowed window) is a Tab stop, as
     Material makes it on load: kept so when the width changes later */
  function scrollingCode() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset pre > code"), function (code) {
      if (code.scrollWidth > code.clientWidth + 2) {
        if (!code.hasAttribute("tabindex")) { code.tabIndex = 0; code.setAttribute("data-pb-scrolls", ""); }
      } else if (code.hasAttribute("data-pb-scrolls")) {
        code.removeAttribute("tabindex");
        code.removeAttribute("data-pb-scrolls");
      }
    });
  }

  /* Material labels a section's navigation by an empty toggle: name it after
     the section, so screen readers list "KA 卖场" and not eight nameless ones */
  function nameLandmarks() {
    Array.prototype.forEach.call(document.querySelectorAll("nav[aria-labelledby]"), function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (label && label.textContent.trim()) return;
      var title = nav.querySelector(".md-nav__title");
      if (!title) return;
      nav.removeAttribute("aria-labelledby");
      nav.setAttribute("aria-label", "导航：" + title.textContent.replace(/\s+/g, " ").trim());
    });
    /* the page's table of contents appears twice (in the drawer and beside the page) */
    var tocs = document.querySelectorAll("nav.md-nav--secondary");
    if (tocs.length > 1) tocs[0].setAttribute("aria-label", "导航：本页目录");
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
  }

  /* a label Material uses as a button: focusable and named; Material's own
     keyboard handler presses a focused label on Enter, Space is added here */
  function asButton(label, name) {
    if (!label) return null;
    label.tabIndex = 0;
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", name);
    return label;
  }
  document.addEventListener("keydown", function (event) {
    var label = event.target;
    if (event.key !== " " || label.tagName !== "LABEL" || label.getAttribute("role") !== "button") return;
    event.preventDefault();
    label.click();
  });

  /* The drawer's panels (below 1220 px): the top level, and one per open
     section or page contents, each sliding over its parent. Only the open
     panel's links and buttons are Tab stops; the others are out of sight. */
  function isPanel(nav) {
    return nav.classList.contains("md-nav--primary") || !!nav.parentElement.querySelector(":scope > input.md-nav__toggle");
  }
  function panelOf(element) {
    for (var nav = element.closest("nav"); nav; nav = nav.parentElement.closest("nav")) {
      if (isPanel(nav)) return nav;
    }
    return null;
  }
  function openPanel(primary) {
    var panel = primary, next;
    while ((next = Array.prototype.find.call(panel.querySelectorAll("input.md-nav__toggle:checked ~ nav"),
      function (nav) { return panelOf(nav.parentElement) === panel; }))) panel = next;
    return panel;
  }
  function panelLabelName(label) {
    var words = label.textContent.replace(/\s+/g, " ").trim();
    var target = label.getAttribute("for");
    if (label.classList.contains("md-nav__title")) return "返回上一级：" + words;
    if (target === "__toc") return words + "（本页目录）";
    var section = label.parentElement.querySelector("a");
    return "展开：" + (section ? section.textContent.replace(/\s+/g, " ").trim() : words);
  }
  function syncPanels(drawer, open) {
    Array.prototype.forEach.call(drawer.querySelectorAll("[data-pb-untab]"), function (element) {
      element.removeAttribute("data-pb-untab");
      element.removeAttribute("tabindex");
      if (element.tagName === "LABEL") { element.removeAttribute("role"); element.removeAttribute("aria-label"); }
    });
    var primary = drawer.querySelector(".md-nav--primary");
    if (!open || !primary) return;
    var panel = openPanel(primary);
    Array.prototype.forEach.call(drawer.querySelectorAll("a[href], label.md-nav__link[for], label.md-nav__title[for]"), function (element) {
      var mine = panelOf(element) === panel;
      if (element.tagName === "LABEL") {
        if (!mine || element.getAttribute("for") === "__drawer") return;
        asButton(element, panelLabelName(element));
      } else if (mine) {
        return;
      } else {
        element.tabIndex = -1;
      }
      element.setAttribute("data-pb-untab", "");
    });
  }

  function drawerMenu() {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    var button = asButton(document.querySelector(".md-header label[for=__drawer]"), "导航菜单");
    if (!toggle || !drawer || !button) return;
    drawer.id = drawer.id || "pb-drawer";
    button.setAttribute("aria-controls", drawer.id);
    function sync() {
      var narrow = DRAWER.matches, open = toggle.checked;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      drawer.inert = narrow && !open;
      syncPanels(drawer, narrow && open);
    }
    function focusPanel() {
      var panel = openPanel(drawer.querySelector(".md-nav--primary") || drawer);
      var first = panel.querySelector("[tabindex='0'], a[href]:not([tabindex])");
      if (first) first.focus();
    }
    toggle.addEventListener("change", function () {
      sync();
      if (toggle.checked && DRAWER.matches) focusPanel();
      else if (!toggle.checked && drawer.contains(document.activeElement)) button.focus();
    });
    /* a section or the page contents opened or closed inside the drawer */
    drawer.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.classList.contains("md-nav__toggle") || !DRAWER.matches || !toggle.checked) return;
      var had = drawer.contains(document.activeElement);
      sync();
      if (!had) return;
      if (input.checked) focusPanel();
      else {
        var opener = drawer.querySelector("label.md-nav__link[for='" + input.id + "']");
        if (opener && opener.tabIndex === 0) opener.focus(); else focusPanel();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked && DRAWER.matches) {
        var inside = drawer.contains(document.activeElement);
        toggle.click();
        if (inside || document.activeElement === document.body) button.focus();
      }
    });
    DRAWER.addEventListener("change", sync);
    sync();
  }

  function searchOverlay() {
    var toggle = document.getElementById("__search");
    var input = document.querySelector(".md-search__input");
    var button = asButton(document.querySelector(".md-header label[for=__search]"), "搜索");
    if (!toggle || !input || !button) return;
    function sync() {
      /* closed and hidden: not a Tab stop (Material's shortcuts still focus it) */
      if (SEARCH_OVERLAY.matches && !toggle.checked) input.tabIndex = -1;
      else input.removeAttribute("tabindex");
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
    toggle.addEventListener("change", function () {
      sync();
      if (!toggle.checked && SEARCH_OVERLAY.matches &&
          (document.activeElement === document.body || document.activeElement === input)) button.focus();
    });
    SEARCH_OVERLAY.addEventListener("change", sync);
    sync();
  }

  function run() {
    nameLandmarks();
    nameHeadingLinks();
    drawerMenu();
    searchOverlay();
    scrollHints();
    /* Material wraps Markdown tables once its own scripts ran */
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(scrollHints);
    window.addEventListener("load", scrollHints);
    window.addEventListener("resize", scrollHints);
    window.addEventListener("resize", scrollingCode);
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".pb-print")) window.print();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
