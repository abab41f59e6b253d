/* Padamu's only script (the Content-Security-Policy allows no inline script or handler).
   - <form data-confirm="..."> and <button data-confirm="...">: ask before an irreversible action;
   - <a data-back>: back to the previous page;
   - #batch[data-status-url]: follow a batch print until it is ready. */
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var submitter = ev.submitter;
    var text = (submitter && submitter.dataset && submitter.dataset.confirm) || form.dataset.confirm;
    if (text && !window.confirm(text)) { ev.preventDefault(); }
  }, true);
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-back]");
    if (a && window.history.length > 1) { ev.preventDefault(); window.history.back(); }
  });
  // <input type="checkbox" data-select-all="ids">: ticks every checkbox named "ids" in its form.
  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!box.dataset || !box.dataset.selectAll || !box.form) return;
    var items = box.form.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]');
    for (var i = 0; i < items.length; i++) { items[i].checked = box.checked; }
  });
  function pollBatch() {
    var box = document.getElementById("batch");
    if (!box || !box.dataset.statusUrl) return;
    var st = box.dataset.status;
    if (st !== "queued" && st !== "running") return;
    function poll() {
      fetch(box.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
        document.getElementById("bar").value = d.done;
        document.getElementById("count").textContent = d.done;
        document.getElementById("state").textContent = d.status_label;
        var stalled = document.getElementById("stalled");
        if (stalled) { stalled.hidden = !d.stalled; }
        if (d.ready) { document.getElementById("ready").hidden = false; return; }
        if (d.status === "failed") { window.location.reload(); return; }
        setTimeout(poll, 1000);
      }).catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 800);
  }
  // A form sent back with errors: the summary at the top takes the focus, so screen readers read it
  // and a keyboard user starts from it; its links lead to each field.
  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }
  // Filters fold away on a phone so the first rows of the list show without scrolling; the
  // summary line opens them again (without JavaScript they simply stay open).
  function foldFilters() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 640px)").matches) return;
    var boxes = document.querySelectorAll("details[data-collapse-on-phone]");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].querySelector(".errorlist")) { boxes[i].open = false; }
    }
  }
  function ready() { pollBatch(); focusErrors(); foldFilters(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
