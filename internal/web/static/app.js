// Custos pages work without JavaScript. This file only improves them: it
// moves focus to a form's error summary, and keeps focus in place after an
// "add a row" button brings a new row in through htmx.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var rows = e.detail.target && e.detail.target.querySelectorAll ? e.detail.target.querySelectorAll(".group__row") : [];
    if (rows.length) {
      var input = rows[rows.length - 1].querySelector("input, select, textarea");
      if (input) { input.focus(); }
    }
  });
})();
