/* Interactive helper for decision tables: pick the inputs, see the matching
   rule highlighted and its outcome. Built from the JSON the build puts in the
   helper's data-helper attribute (pages carry no inline script); without JavaScript the plain table remains. No network. */
(function () {
  "use strict";

  function matches(cell, value, type) {
    if (cell.any) return true;
    if (value === null || value === undefined || value === "") return false;
    if (cell.intervals) {
      var x = Number(value);
      return cell.intervals.some(function (i) {
        var low = i[0], high = i[1], lowClosed = i[2], highClosed = i[3];
        if (low !== null && (x < low || (x === low && !lowClosed))) return false;
        if (high !== null && (x > high || (x === high && !highClosed))) return false;
        return true;
      });
    }
    if (type === "boolean") return cell.values.indexOf(value === "true") >= 0;
    return cell.values.indexOf(String(value)) >= 0;
  }

  function control(input, index, tableId) {
    var wrap = document.createElement("div");
    wrap.className = "pb-dt-control";
    var label = document.createElement("label");
    var id = "pb-dt-" + tableId + "-" + index;
    label.htmlFor = id;
    label.textContent = input.label + (input.unit ? "（" + input.unit + "）" : "");
    var field;
    if (input.type === "number") {
      field = document.createElement("input");
      field.type = "number";
      field.step = "any";
      if (input.min !== null) field.min = input.min;
      if (input.max !== null) field.max = input.max;
    } else {
      field = document.createElement("select");
      var options = input.type === "boolean" ? [["true", "是"], ["false", "否"]]
        : input.values.map(function (v) { return [v, v]; });
      var blank = document.createElement("option");
      blank.value = "";
      blank.textContent = "请选择";
      field.appendChild(blank);
      options.forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        field.appendChild(option);
      });
    }
    field.id = id;
    field.dataset.input = input.id;
    wrap.appendChild(label);
    wrap.appendChild(field);
    return wrap;
  }

  function setup(root) {
    var helper = root.querySelector(".pb-dt-helper[data-helper]");
    if (!helper) return;
    var data = JSON.parse(helper.getAttribute("data-helper"));
    var controls = helper.querySelector(".pb-dt-controls");
    var result = helper.querySelector(".pb-dt-result");
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr[data-rule]"));
    data.inputs.forEach(function (input, index) { controls.appendChild(control(input, index, root.id)); });
    helper.hidden = false;

    function update() {
      var values = {};
      var complete = true;
      data.inputs.forEach(function (input) {
        var field = controls.querySelector('[data-input="' + input.id + '"]');
        values[input.id] = field.value;
        if (field.value === "") complete = false;
      });
      rows.forEach(function (row) { row.classList.remove("pb-hit"); row.removeAttribute("aria-current"); });
      if (!complete) { result.textContent = "请选择全部条件。"; return; }
      var impossible = data.impossible.some(function (row) {
        return Object.keys(row).every(function (key) {
          var input = data.inputs.filter(function (i) { return i.id === key; })[0];
          return matches(row[key], values[key], input.type);
        });
      });
      if (impossible) { result.textContent = "这种组合不会出现。"; return; }
      var hits = [];
      data.rules.forEach(function (rule, index) {
        var ok = data.inputs.every(function (input) { return matches(rule.cells[input.id], values[input.id], input.type); });
        if (ok) hits.push(index);
      });
      if (data.policy === "F" || data.policy === "U") hits = hits.slice(0, 1);
      if (!hits.length) { result.textContent = "没有规则覆盖这种情况，请向负责人确认。"; return; }
      var texts = hits.map(function (index) {
        var row = rows[index];
        row.classList.add("pb-hit");
        row.setAttribute("aria-current", "true");
        var outs = Array.prototype.slice.call(row.querySelectorAll("td.pb-out-cell")).map(function (td) { return td.textContent.trim(); });
        return "规则 " + (index + 1) + "：" + outs.join("；");
      });
      result.textContent = texts.join("　");
    }
    controls.addEventListener("change", update);
    controls.addEventListener("input", update);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".pb-decision"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
