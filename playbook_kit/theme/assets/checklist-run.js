/* Checklist runs (在线勾选): on a checklist page, "开始执行" turns the items
   into checkboxes with a short note each, plus store, date and name. Runs are
   kept in this browser's localStorage (several per checklist, resumable),
   work offline from file://, and print filled in on the same one A4 page.
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

    var printMeta = el("span", "pb-run-print-meta");
    var run = null;

    function runLabel(r) {
      var done = items.filter(function (li) { var s = r.items[li.dataset.item]; return s && s.done; }).length;
      return (r.store || "未填门店") + " · " + (r.date || "未填日期") + " · 已完成 " + done + "/" + items.length;
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
        "　执行人：" + (run.name || "________") + "　完成 " + done + "/" + items.length;
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
      box.setAttribute("aria-describedby", text.id);
      tick.appendChild(box);
      tick.appendChild(el("span", "", "第" + (index + 1) + "项完成"));
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
      controls.appendChild(tick);
      controls.appendChild(note);
      text.appendChild(printed);
      li.appendChild(controls);
    }

    function clearItems() {
      items.forEach(function (li) {
        li.classList.remove("pb-done");
        li.querySelectorAll(".pb-run-controls, .pb-run-note-print").forEach(function (n) { n.parentNode.removeChild(n); });
      });
      signoffs.forEach(function (span) { span.textContent = span.dataset.blank; });
      if (printMeta.parentNode) printMeta.parentNode.removeChild(printMeta);
    }

    function open(r) {
      clearItems();
      run = r;
      data.current = r.id;
      persist();
      store.input.value = r.store || "";
      date.input.value = r.date || "";
      name.input.value = r.name || "";
      items.forEach(itemControls);
      meta.appendChild(printMeta);
      root.classList.add("pb-running");
      panel.hidden = false;
      bar.hidden = true;
      statusText();
    }
    function close() {
      clearItems();
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
    start.addEventListener("click", function () {
      var r = { id: "run-" + Date.now(), version: root.dataset.version, store: "", date: today(), name: "",
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
      data.runs = data.runs.filter(function (x) { return x !== gone; });
      close();
      start.focus();
    });
    print.addEventListener("click", function () { window.print(); });

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
