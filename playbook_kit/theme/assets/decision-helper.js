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

    function outputs(index) {
      return Array.prototype.slice.call(rows[index].querySelectorAll("td.pb-out-cell"))
        .map(function (td) { return td.textContent.trim(); }).join("；");
    }

    /* Answer as soon as the inputs given decide it: a row is still possible
       when every given input matches it; the answer is certain when every
       possible row gives the same outcome (or, first-hit tables, the first
       possible row holds whatever the blank inputs are). */
    function update() {
      var values = {}, blank = [];
      data.inputs.forEach(function (input) {
        var field = controls.querySelector('[data-input="' + input.id + '"]');
        values[input.id] = field.value;
        if (field.value === "") blank.push(input);
      });
      rows.forEach(function (row) {
        row.classList.remove("pb-hit"); row.classList.remove("pb-maybe"); row.removeAttribute("aria-current");
      });
      if (blank.length === data.inputs.length) { result.textContent = "请填写或选择条件。"; return; }
      if (!blank.length) {
        var impossible = data.impossible.some(function (row) {
          return Object.keys(row).every(function (key) {
            var input = data.inputs.filter(function (i) { return i.id === key; })[0];
            return matches(row[key], values[key], input.type);
          });
        });
        if (impossible) { result.textContent = "这种组合不会出现。"; return; }
      }
      var possible = [], holds = {};
      data.rules.forEach(function (rule, index) {
        var ok = data.inputs.every(function (input) {
          return values[input.id] === "" || matches(rule.cells[input.id], values[input.id], input.type);
        });
        if (!ok) return;
        possible.push(index);
        holds[index] = blank.every(function (input) { return rule.cells[input.id].any; });
      });
      if (!possible.length) { result.textContent = "表里没有这种情况，请向负责人确认。"; return; }
      var hits = null;
      var distinct = possible.map(outputs).filter(function (o, i, all) { return all.indexOf(o) === i; });
      if (data.policy === "F" && holds[possible[0]]) hits = [possible[0]];
      else if (data.policy === "C") hits = possible.every(function (i) { return holds[i]; }) ? possible : null;
      else if (distinct.length === 1) hits = data.policy === "F" ? [possible[0]] : possible;
      if (hits) {
        if (data.policy === "U" && !blank.length) hits = hits.slice(0, 1);
        hits.forEach(function (index) { rows[index].classList.add("pb-hit"); rows[index].setAttribute("aria-current", "true"); });
        var answer = hits.map(outputs).filter(function (o, i, all) { return all.indexOf(o) === i; });
        var text = "结论：" + answer.join("　") + "（表中第 " + hits.map(function (i) { return i + 1; }).join("、") + " 行）";
        if (blank.length) text += "。没填的条件（" + blank.map(function (i) { return i.label; }).join("、") + "）不影响结论。";
        result.textContent = text;
        return;
      }
      possible.forEach(function (index) { rows[index].classList.add("pb-maybe"); });
      var deciding = blank.filter(function (input) {
        return possible.some(function (index) { return !data.rules[index].cells[input.id].any; });
      });
      result.textContent = "还不能确定，可能是：" + distinct.join(" / ") + "。要确定，请再填：" +
        (deciding.length ? deciding : blank).map(function (i) { return i.label; }).join("、") + "。";
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
