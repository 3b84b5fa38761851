/* Accessibility fixes for Material's own markup (found by axe-core in the tests),
   and the print buttons: pages carry no inline event handlers (the sanitiser
   removes every on* attribute), so their behaviour is attached here. */
(function () {
  "use strict";
  function run() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".pb-print")) window.print();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
