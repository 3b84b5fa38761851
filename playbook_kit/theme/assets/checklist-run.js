/* Checklist runs (在线勾选): on a checklist page, "开始执行" turns each item's
   printed box into its one checkbox (the item text toggles it too) with a short
   note, plus store, date and name. Runs are kept in this browser's localStorage
   (several per checklist, resumable), work offline from file://, and print
   filled in on the same one A4 page, stating the version they were done on.
   A run remembers the version and the item texts it started on: opened on a
   newer version it says so, lists what changed and lets the rep continue on
   the new version or print the old run as it was. Deleting offers an undo.
   Nothing is sent anywhere. All controls are created here (page HTML carries
   no form elements); text is set with textContent only. */
(function () {
  "use strict";
  var PREFIX = "pb-runs:";
  var NOTE_MAX = 40;

  function load(id) {
    var data = window.PBStore.load(PREFIX + id, null);
    return data && Array.isArray(data.runs) ? data : { current: null, runs: [] };  // unreadable: start again
  }
  function save(id, data) { window.PBStore.save(PREFIX + id, data); }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function button(text, className) {
    var b = el("button", "md-button " + className, text);
    b.type = "button";
    return b;
  }
  function field(labelText, id, type, maxLength) {
    var wrap = el("div", "pb-run-field");
    var label = el("label", "", labelText);
    label.htmlFor = id;
    var input = el("input");
    input.id = id;
    input.type = type;
    if (maxLength) input.maxLength = maxLength;
    input.autocomplete = "off";
    wrap.appendChild(label);
    wrap.appendChild(input);
    return { wrap: wrap, input: input };
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var id = root.dataset.checklist;
    var data = load(id);
    var items = Array.prototype.slice.call(root.querySelectorAll("li.pb-item[data-item]"));
    var head = root.querySelector(".pb-checklist-head");
    var meta = root.querySelector(".pb-checklist-meta");
    var signoffs = Array.prototype.slice.call(root.querySelectorAll(".pb-signoff span"));
    signoffs.forEach(function (span) { span.dataset.blank = span.textContent; });

    // --- the bar: start a run, or resume a saved one ---------------------------------
    var bar = el("div", "pb-run-bar");
    var start = button("开始执行", "md-button--primary pb-run-start");
    bar.appendChild(start);
    var pickWrap = el("div", "pb-run-pick");
    var pickLabel = el("label", "", "已保存的执行记录");
    pickLabel.htmlFor = "pb-run-pick-" + id;
    var pick = el("select");
    pick.id = "pb-run-pick-" + id;
    var resume = button("继续执行", "pb-run-resume");
    pickWrap.appendChild(pickLabel);
    pickWrap.appendChild(pick);
    pickWrap.appendChild(resume);
    bar.appendChild(pickWrap);

    // --- the panel while running -------------------------------------------------------
    var panel = el("div", "pb-run-panel");
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "本次执行");
    panel.hidden = true;
    var store = field("门店", "pb-run-store-" + id, "text", 40);
    var date = field("日期", "pb-run-date-" + id, "date");
    var name = field("执行人", "pb-run-name-" + id, "text", 20);
    var fields = el("div", "pb-run-fields");
    [store, date, name].forEach(function (f) { fields.appendChild(f.wrap); });
    panel.appendChild(fields);
    var status = el("p", "pb-run-status");
    status.setAttribute("aria-live", "polite");
    panel.appendChild(status);
    var actions = el("div", "pb-run-actions");
    var print = button("打印本次记录", "pb-run-print");
    var stop = button("结束执行", "pb-run-stop");
    var remove = button("删除本次记录", "pb-run-delete");
    [print, stop, remove].forEach(function (b) { actions.appendChild(b); });
    panel.appendChild(actions);
    head.parentNode.insertBefore(bar, head.nextSibling);
    bar.parentNode.insertBefore(panel, bar.nextSibling);

    // --- a run started on another version: what changed, and a choice ----------------------
    var notice = el("div", "pb-run-outdated");
    notice.setAttribute("role", "alert");
    notice.hidden = true;
    var noticeText = el("p", "pb-run-outdated-text");
    var changes = el("ul", "pb-run-changes");
    var noticeActions = el("div", "pb-run-actions");
    var upgrade = button("在新版本上继续", "md-button--primary pb-run-upgrade");
    var printOld = button("打印旧版本记录", "pb-run-print-old");
    noticeActions.appendChild(upgrade);
    noticeActions.appendChild(printOld);
    [noticeText, changes, noticeActions].forEach(function (n) { notice.appendChild(n); });
    panel.insertBefore(notice, status);
    var oldSheet = el("div", "pb-run-old");
    oldSheet.hidden = true;
    root.appendChild(oldSheet);

    // --- undo after a delete ---------------------------------------------------------------
    var undoBar = el("p", "pb-run-undo");
    undoBar.setAttribute("role", "status");
    var undoText = el("span", "");
    var undo = button("撤销删除", "pb-run-undo-button");
    undoBar.appendChild(undoText);
    undoBar.appendChild(undo);
    undoBar.hidden = true;
    bar.appendChild(undoBar);
    var deleted = null;

    var printMeta = el("span", "pb-run-print-meta");
    var run = null;
    var version = root.dataset.version;

    function itemText(li) {
      var text = li.querySelector(".pb-item-text").cloneNode(true);
      // only the printed words: not our note, the ※ mark, or anything a script shows next to a term
      text.querySelectorAll(".pb-run-note-print, .pb-uncertain-mark, [role=tooltip], [hidden], button, .pb-gloss-pop").forEach(function (n) { n.parentNode.removeChild(n); });
      return text.textContent.replace(/\s+/g, " ").trim();
    }
    function snapshot() {
      var texts = {};
      items.forEach(function (li) { texts[li.dataset.item] = itemText(li); });
      return { order: items.map(function (li) { return li.dataset.item; }), texts: texts };
    }
    function doneIn(r) {
      var ids = r.snapshot ? r.snapshot.order : items.map(function (li) { return li.dataset.item; });
      return { done: ids.filter(function (key) { var s = r.items[key]; return s && s.done; }).length, of: ids.length };
    }
    function runLabel(r) {
      var count = doneIn(r);
      return (r.store || "未填门店") + " · " + (r.date || "未填日期") + " · 版本 " + (r.version || "?") +
        " · 已完成 " + count.done + "/" + count.of;
    }
    // what differs between the run's items and the page's: changed, dropped, added
    function differences(r) {
      var now = snapshot(), was = r.snapshot || { order: [], texts: {} }, out = [];
      was.order.forEach(function (key, index) {
        var ticked = r.items[key] && r.items[key].done ? "（已勾选）" : "";
        if (!(key in now.texts)) out.push({ key: key, kind: "dropped", text: "删去：第" + (index + 1) + "项“" + was.texts[key] + "”" + ticked });
        else if (now.texts[key] !== was.texts[key]) out.push({ key: key, kind: "changed", text: "改动：第" + (index + 1) + "项由“" + was.texts[key] + "”改为“" + now.texts[key] + "”" + ticked });
      });
      now.order.forEach(function (key, index) {
        if (!(key in was.texts)) out.push({ key: key, kind: "added", text: "新增：第" + (index + 1) + "项“" + now.texts[key] + "”" });
      });
      return out;
    }
    function fillPick() {
      while (pick.firstChild) pick.removeChild(pick.firstChild);
      data.runs.slice().reverse().forEach(function (r) {
        var option = el("option", "", runLabel(r));
        option.value = r.id;
        pick.appendChild(option);
      });
      pickWrap.hidden = data.runs.length === 0;
    }
    function persist() {
      if (run) run.updated = new Date().toISOString();
      save(id, data);
    }
    function statusText() {
      var done = items.filter(function (li) { var s = run.items[li.dataset.item]; return s && s.done; }).length;
      status.textContent = "已完成 " + done + " / " + items.length + " 项 · 自动保存在本机";
      printMeta.textContent = "门店：" + (run.store || "________") + "　执行日期：" + (run.date || "________") +
        "　执行人：" + (run.name || "________") + "　完成 " + done + "/" + items.length + "　按版本 " + run.version + " 执行";
      signoffs.forEach(function (span) {
        var blank = span.dataset.blank;
        if (blank.indexOf("姓名") === 0 && run.name) span.textContent = "姓名：" + run.name;
        else if (blank.indexOf("日期") === 0 && run.date) span.textContent = "日期：" + run.date;
        else span.textContent = blank;
      });
    }

    function itemControls(li, index) {
      var state = run.items[li.dataset.item] || { done: false, note: "" };
      var text = li.querySelector(".pb-item-text");
      if (!text.id) text.id = "pb-run-text-" + id + "-" + li.dataset.item;
      var controls = el("div", "pb-run-controls");
      var tick = el("label", "pb-run-tick");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !!state.done;
      box.setAttribute("aria-labelledby", text.id);
      tick.appendChild(box);
      li.querySelector(".pb-box").insertAdjacentElement("afterend", tick);
      text.classList.add("pb-run-toggles");
      text.addEventListener("click", toggleFromText);
      text.pbToggle = toggleFromText;
      function toggleFromText(event) {
        if (event.target.closest("a, summary, details, button, input, abbr, [data-definition]")) return;  // a term opens its note
        box.click();
      }
      var note = el("input", "pb-run-note");
      note.type = "text";
      note.maxLength = NOTE_MAX;
      note.value = state.note || "";
      note.placeholder = "备注（可选）";
      note.setAttribute("aria-label", "第" + (index + 1) + "项备注");
      var printed = el("span", "pb-run-note-print", state.note ? "备注：" + state.note : "");
      function update() {
        run.items[li.dataset.item] = { done: box.checked, note: note.value.slice(0, NOTE_MAX) };
        li.classList.toggle("pb-done", box.checked);
        printed.textContent = note.value ? "备注：" + note.value : "";
        persist();
        statusText();
      }
      box.addEventListener("change", update);
      note.addEventListener("input", update);
      li.classList.toggle("pb-done", !!state.done);
      controls.appendChild(note);
      text.appendChild(printed);
      li.appendChild(controls);
    }

    function clearItems() {
      items.forEach(function (li) {
        li.classList.remove("pb-done");
        li.querySelectorAll(".pb-run-controls, .pb-run-note-print, .pb-run-tick").forEach(function (n) { n.parentNode.removeChild(n); });
        var text = li.querySelector(".pb-item-text");
        text.classList.remove("pb-run-toggles");
        if (text.pbToggle) text.removeEventListener("click", text.pbToggle);
      });
      signoffs.forEach(function (span) { span.textContent = span.dataset.blank; });
      if (printMeta.parentNode) printMeta.parentNode.removeChild(printMeta);
    }

    function open(r) {
      clearItems();
      run = r;
      if (!r.snapshot && r.version === version) r.snapshot = snapshot();   // a run saved before runs kept one
      data.current = r.id;
      persist();
      store.input.value = r.store || "";
      date.input.value = r.date || "";
      name.input.value = r.name || "";
      root.classList.add("pb-running");
      panel.hidden = false;
      bar.hidden = true;
      undoBar.hidden = true;
      if (r.version !== version) { showOutdated(r); return; }
      notice.hidden = true;
      root.classList.remove("pb-run-is-outdated");
      items.forEach(itemControls);
      meta.appendChild(printMeta);
      statusText();
    }
    function showOutdated(r) {
      root.classList.add("pb-run-is-outdated");
      noticeText.textContent = "这条记录是按版本 " + (r.version || "?") + " 开始的，检查表现在是版本 " + version +
        "。可以在新版本上继续（改动和删去的项不再算已勾选），或先打印旧版本的记录。";
      while (changes.firstChild) changes.removeChild(changes.firstChild);
      var diff = differences(r);
      if (!r.snapshot) diff = [{ text: "这条记录没有保存开始时的条目，无法列出改动。" }];
      else if (!diff.length) diff = [{ text: "条目文字没有变化。" }];
      diff.forEach(function (d) { changes.appendChild(el("li", d.kind ? "pb-run-" + d.kind : "", d.text)); });
      status.textContent = "旧版本记录 · 已完成 " + doneIn(r).done + " / " + doneIn(r).of + " 项";
      notice.hidden = false;
    }
    function upgradeRun() {
      differences(run).forEach(function (d) { if (d.kind !== "added") delete run.items[d.key]; });
      run.previous = { version: run.version, snapshot: run.snapshot };
      run.version = version;
      run.snapshot = snapshot();
      persist();
      open(run);
      status.textContent = "已改为按版本 " + version + " 执行 · " + status.textContent;
      store.input.focus();
    }
    // the old run as it was, for printing: its version, its items, its ticks and notes
    function fillOldSheet(r) {
      while (oldSheet.firstChild) oldSheet.removeChild(oldSheet.firstChild);
      oldSheet.appendChild(el("h2", "", (root.dataset.title || "") + " · 版本 " + (r.version || "?") + "（旧版本记录）"));
      oldSheet.appendChild(el("p", "pb-run-old-meta", "门店：" + (r.store || "________") + "　执行日期：" +
        (r.date || "________") + "　执行人：" + (r.name || "________") + "　完成 " + doneIn(r).done + "/" + doneIn(r).of));
      var list = el("ol", "pb-items");
      (r.snapshot ? r.snapshot.order : []).forEach(function (key) {
        var state = r.items[key] || {};
        var li = el("li", "pb-item" + (state.done ? " pb-done" : ""));
        li.appendChild(el("span", "pb-box"));
        var text = el("span", "pb-item-text", r.snapshot.texts[key]);
        if (state.note) text.appendChild(el("span", "pb-run-note-print", "备注：" + state.note));
        li.appendChild(text);
        list.appendChild(li);
      });
      oldSheet.appendChild(list);
      oldSheet.appendChild(el("p", "pb-checklist-foot", (root.dataset.title || "") + " · 版本 " + (r.version || "?") +
        " · 本记录按版本 " + (r.version || "?") + " 执行，网站上现行版本为 " + version));
    }
    function close() {
      clearItems();
      notice.hidden = true;
      root.classList.remove("pb-run-is-outdated");
      run = null;
      data.current = null;
      save(id, data);
      root.classList.remove("pb-running");
      panel.hidden = true;
      bar.hidden = false;
      fillPick();
    }

    [["store", store], ["date", date], ["name", name]].forEach(function (pair) {
      pair[1].input.addEventListener("input", function () {
        if (!run) return;
        run[pair[0]] = pair[1].input.value;
        persist();
        statusText();
      });
    });
    upgrade.addEventListener("click", upgradeRun);
    printOld.addEventListener("click", function () {
      fillOldSheet(run);
      oldSheet.hidden = false;
      document.body.classList.add("pb-printing-old-run");
      window.print();
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("pb-printing-old-run");
      oldSheet.hidden = true;
    });
    start.addEventListener("click", function () {
      var r = { id: "run-" + Date.now(), version: version, snapshot: snapshot(), store: "", date: today(), name: "",
                started: new Date().toISOString(), items: {} };
      data.runs.push(r);
      open(r);
      store.input.focus();
    });
    resume.addEventListener("click", function () {
      var r = data.runs.filter(function (x) { return x.id === pick.value; })[0];
      if (r) { open(r); store.input.focus(); }
    });
    stop.addEventListener("click", function () { close(); start.focus(); });
    remove.addEventListener("click", function () {
      var gone = run;
      deleted = { run: gone, at: data.runs.indexOf(gone) };
      data.runs = data.runs.filter(function (x) { return x !== gone; });
      close();
      undoText.textContent = "已删除记录（" + runLabel(gone) + "）。";
      undoBar.hidden = false;
      undo.focus();
    });
    undo.addEventListener("click", function () {
      if (!deleted) return;
      data.runs.splice(deleted.at, 0, deleted.run);
      var back = deleted.run;
      deleted = null;
      open(back);
      status.textContent = "已恢复 · " + status.textContent;
      store.input.focus();
    });
    print.addEventListener("click", function () {
      if (root.classList.contains("pb-run-is-outdated")) printOld.click();
      else window.print();
    });

    fillPick();
    var current = data.runs.filter(function (x) { return x.id === data.current; })[0];
    if (current) open(current);
  }

  function init() {
    var lists = document.querySelectorAll(".pb-checklist[data-checklist]");
    // a channel bundle repeats every checklist for printing: runs belong on the checklist's own page
    if (lists.length !== 1 || lists[0].closest(".pb-bundle")) return;
    setup(lists[0]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
