// Progress of a background job (Dapodik import/export): polls the JSON status endpoint named in
// data-status-url and reloads the page when the job is no longer running. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box || !box.dataset.statusUrl) return;
  var bar = document.getElementById("progress-bar");
  var state = document.getElementById("progress-state");
  var note = document.getElementById("progress-note");
  var count = document.getElementById("progress-count");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        bar.value = d.percent;
        bar.textContent = d.percent + "%";
        state.textContent = d.status_label;
        note.textContent = d.note || "";
        count.textContent = d.done;
        if (!d.running) { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
