/* Knowledge checks (小测验): each question's options become radio buttons.
   Arrow keys only move between options; answering is explicit: a tap or click
   on an option, Space or Enter on it, or the question's 确认答案 button. The
   answer shows right or wrong, the explanation and the link to where the fact
   comes from (announced by the question's status line), and focus stays where
   it was, on the question. Answers and the score stay in this browser's localStorage
   (works from file://, nothing is sent). Without JavaScript the questions and
   a collapsed answer remain readable. */
(function () {
  "use strict";
  var PREFIX = "pb-quiz:";
  var LETTERS = "ABCD";

  function load(id) { return window.PBStore.load(PREFIX + id, {}) || {}; }
  function save(id, state) { window.PBStore.save(PREFIX + id, state); }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var id = root.dataset.quiz;
    var state = load(id);
    var questions = Array.prototype.slice.call(root.querySelectorAll(".pb-q[data-q]"));
    var score = root.querySelector(".pb-quiz-score");

    function refresh() {
      var answered = 0, right = 0;
      questions.forEach(function (q) {
        if (state[q.dataset.q] === undefined) return;
        answered += 1;
        if (Number(state[q.dataset.q]) === Number(q.dataset.answer)) right += 1;
      });
      score.textContent = "得分 " + right + " / " + questions.length + "（已答 " + answered + " 题）";
    }

    function show(q, chosen) {
      var answer = Number(q.dataset.answer);
      var feedback = q.querySelector(".pb-q-feedback");
      var explain = q.querySelector(".pb-q-explain p");
      var correct = chosen === answer;
      q.classList.toggle("pb-q-right", correct);
      q.classList.toggle("pb-q-wrong", !correct);
      q.dataset.answered = "1";
      q.querySelector(".pb-q-choices").setAttribute("aria-disabled", "true");
      var submit = q.querySelector(".pb-q-submit");
      submit.textContent = "已作答";
      submit.setAttribute("aria-disabled", "true");
      q.querySelectorAll("input[type=radio]").forEach(function (radio, index) {
        radio.checked = index === chosen;
        radio.parentNode.classList.toggle("pb-q-correct", index === answer);
        radio.parentNode.classList.toggle("pb-q-chosen", index === chosen);
      });
      while (feedback.firstChild) feedback.removeChild(feedback.firstChild);
      var verdict = document.createElement("strong");
      verdict.textContent = correct ? "回答正确。" : "回答错误。";
      feedback.appendChild(verdict);
      if (explain) {
        var copy = explain.cloneNode(true);
        feedback.appendChild(copy);
      }
      feedback.hidden = false;
    }

    questions.forEach(function (q) {
      var list = q.querySelector(".pb-q-options");
      var prompt = q.querySelector(".pb-q-prompt");
      var details = q.querySelector(".pb-q-explain");
      var group = document.createElement("div");
      group.className = "pb-q-choices";
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-labelledby", prompt.id);
      Array.prototype.slice.call(list.children).forEach(function (li, index) {
        var label = document.createElement("label");
        label.className = "pb-q-choice";
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.name = "pb-q-" + q.dataset.q;
        radio.value = String(index);
        var letter = document.createElement("span");
        letter.className = "pb-q-letter";
        letter.textContent = LETTERS.charAt(index) + ".";
        var text = document.createElement("span");
        text.textContent = li.textContent;
        label.appendChild(radio);
        label.appendChild(letter);
        label.appendChild(text);
        radio.addEventListener("keydown", function (event) {
          if (/^Arrow/.test(event.key)) {
            if (q.dataset.answered) { event.preventDefault(); return; }
            moving = true;   // the browser checks the next option: that is moving, not answering
          } else if (event.key === " " || event.key === "Enter") {
            event.preventDefault();
            answer(index);
          }
        });
        radio.addEventListener("keyup", function () { moving = false; });
        radio.addEventListener("click", function () {
          if (moving) { moving = false; return; }
          answer(index);
        });
        group.appendChild(label);
      });
      var moving = false;
      function answer(index) {
        if (q.dataset.answered) {
          show(q, Number(state[q.dataset.q]));
          return;
        }
        state[q.dataset.q] = index;
        save(id, state);
        show(q, index);
        refresh();
      }
      list.parentNode.replaceChild(group, list);
      var submit = document.createElement("button");
      submit.type = "button";
      submit.className = "md-button pb-q-submit";
      submit.textContent = "确认答案";
      submit.addEventListener("click", function () {
        var checked = group.querySelector("input:checked");
        if (checked) { answer(Number(checked.value)); return; }
        if (!q.dataset.answered) {
          feedback.hidden = false;
          feedback.textContent = "请先选一个答案（方向键选择，空格键或本按钮确认）。";
        }
      });
      q.insertBefore(submit, details);
      var feedback = document.createElement("div");
      feedback.className = "pb-q-feedback";
      feedback.setAttribute("role", "status");
      feedback.hidden = true;
      q.insertBefore(feedback, details);
      details.hidden = true;
      if (state[q.dataset.q] !== undefined) show(q, Number(state[q.dataset.q]));
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button pb-quiz-reset";
    reset.textContent = "重新作答";
    reset.addEventListener("click", function () {
      if (!window.confirm("清空这一页的全部答案和得分，重新作答？")) return;
      state = {};
      try { window.localStorage.removeItem(PREFIX + id); } catch (e) { /* storage off */ }
      questions.forEach(function (q) {
        q.classList.remove("pb-q-right", "pb-q-wrong");
        delete q.dataset.answered;
        q.querySelector(".pb-q-choices").removeAttribute("aria-disabled");
        var submit = q.querySelector(".pb-q-submit");
        submit.textContent = "确认答案";
        submit.removeAttribute("aria-disabled");
        q.querySelector(".pb-q-feedback").hidden = true;
        q.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = false;
          radio.parentNode.classList.remove("pb-q-correct", "pb-q-chosen");
        });
      });
      refresh();
    });
    score.parentNode.insertBefore(reset, score.nextSibling);
    refresh();
  }

  function init() {
    document.querySelectorAll(".pb-quiz[data-quiz]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
