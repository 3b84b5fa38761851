/* Accessibility fixes for Material's own markup (found by axe-core in the tests),
   and the print buttons: pages carry no inline event handlers (the sanitiser
   removes every on* attribute), so their behaviour is attached here. */
(function () {
  "use strict";
  /* a table wider than its box: say that it scrolls, and let the keyboard scroll it */
  function scrollHints() {
    Array.prototype.forEach.call(document.querySelectorAll(".pb-table-scroll"), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 2;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("pb-scroll-hint");
      box.classList.toggle("pb-scrolls", scrolls);
      if (scrolls) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格（可左右滚动）");
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
  function run() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
    scrollHints();
    window.addEventListener("resize", scrollHints);
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".pb-print")) window.print();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
