// Updates an import's progress page until the import finishes, then
// reloads it to show the result. Without JavaScript the page has a refresh
// link instead.
(function () {
  "use strict";
  var el = document.getElementById("import-progress");
  if (!el) { return; }
  var id = el.getAttribute("data-job");
  function poll() {
    fetch("/import/jobs/" + encodeURIComponent(id) + "/progress", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) { return; }
        if (j.done) { window.location.reload(); return; }
        el.firstChild.nodeValue = "Importing: " + j.rows.toLocaleString("en-US") + " rows checked so far. ";
        window.setTimeout(poll, 1000);
      });
  }
  window.setTimeout(poll, 1000);
})();
