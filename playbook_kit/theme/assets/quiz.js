/* Knowledge checks (小测验): each question's options become radio buttons;
   choosing one shows right or wrong, the explanation and the link to where the
   fact comes from. Answers and the score stay in this browser's localStorage
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
      q.querySelectorAll("input[type=radio]").forEach(function (radio, index) {
        radio.disabled = true;
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
        radio.addEventListener("change", function () {
          state[q.dataset.q] = index;
          save(id, state);
          show(q, index);
          refresh();
        });
        group.appendChild(label);
      });
      list.parentNode.replaceChild(group, list);
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
      state = {};
      try { window.localStorage.removeItem(PREFIX + id); } catch (e) { /* storage off */ }
      questions.forEach(function (q) {
        q.classList.remove("pb-q-right", "pb-q-wrong");
        q.querySelector(".pb-q-feedback").hidden = true;
        q.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.disabled = false;
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
