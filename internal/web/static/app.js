// Custos pages work without JavaScript. This file only improves them: it
// moves focus to a form's error summary.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
