/* Learning paths (新人上手): "已读" per item, kept in this browser's
   localStorage by item (the page it points to), so an item read on one path
   counts on every path that lists it. Works from file://; nothing is sent
   anywhere. Controls are created here: page HTML carries no form elements. */
(function () {
  "use strict";
  var PREFIX = "pb-learn:";
  var READ = PREFIX + "read";   // item key -> date read, for every path

  // progress kept per path before it was kept per item is merged in once
  function load(pathId) {
    var state = window.PBStore.load(READ, {}) || {};
    var old = window.PBStore.load(PREFIX + pathId, null);
    if (old && typeof old === "object") {
      Object.keys(old).forEach(function (key) { if (!state[key]) state[key] = old[key]; });
      window.PBStore.save(READ, state);
      try { window.localStorage.removeItem(PREFIX + pathId); } catch (e) { /* storage off */ }
    }
    return state;
  }
  function save(state) { window.PBStore.save(READ, state); }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var id = root.dataset.path;
    var state = load(id);
    var items = Array.prototype.slice.call(root.querySelectorAll(".pb-path-item[data-key]"));
    var progress = root.querySelector(".pb-path-progress");

    function refresh() {
      var done = 0, left = 0;
      items.forEach(function (item) {
        var read = !!state[item.dataset.key];
        var button = item.querySelector(".pb-path-toggle");
        item.classList.toggle("pb-read", read);
        button.setAttribute("aria-pressed", read ? "true" : "false");
        button.textContent = read ? "已读 ✓" : "标为已读";
        /* the name starts with the words shown, so voice control can press it */
        button.setAttribute("aria-label", button.textContent + "：" + item.querySelector("a").textContent);
        if (read) done += 1; else left += Number(item.dataset.minutes || 0);
      });
      progress.textContent = "已读 " + done + " / " + items.length + (left ? "，还剩约 " + left + " 分钟" : "，全部读完");
    }

    items.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pb-path-toggle";
      button.addEventListener("click", function () {
        state = window.PBStore.load(READ, {}) || {};   // another tab or path may have marked items
        if (state[item.dataset.key]) delete state[item.dataset.key];
        else state[item.dataset.key] = new Date().toISOString().slice(0, 10);
        save(state);
        refresh();
      });
      item.insertBefore(button, item.firstChild);
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button pb-path-reset";
    reset.textContent = "重置进度";
    reset.addEventListener("click", function () {
      var read = items.filter(function (item) { return state[item.dataset.key]; });
      if (!read.length || !window.confirm("把这条路径上已读的 " + read.length +
          " 项都标为未读？其他路径里的同一项也会变为未读。")) return;
      read.forEach(function (item) { delete state[item.dataset.key]; });
      save(state);
      refresh();
    });
    progress.parentNode.insertBefore(reset, progress.nextSibling);
    refresh();
  }

  function init() {
    document.querySelectorAll(".pb-path[data-path]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
