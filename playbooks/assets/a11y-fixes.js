/* Accessibility fixes for Material's own markup (found by axe-core in the tests). */
(function () {
  "use strict";
  function run() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
