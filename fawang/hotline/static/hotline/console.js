// Agent console UI only (STYLE §8): the call timer, and a local draft of the notes as a second safety net
// next to the server autosave (the server copy is authoritative; the draft only fills an empty box after a reload).
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    document.querySelectorAll(".call-timer[data-since]").forEach(function (el) {
      var since = Date.parse(el.getAttribute("data-since"));
      var until = el.getAttribute("data-until") ? Date.parse(el.getAttribute("data-until")) : Date.now();
      var s = Math.max(0, Math.floor((until - since) / 1000));
      el.textContent = (s >= 3600 ? Math.floor(s / 3600) + ":" : "") + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
    });
  }
  function notes() { return document.getElementById("call-notes"); }
  function restoreDraft() {
    var box = notes();
    if (!box || box.dataset.draftBound) { return; }
    box.dataset.draftBound = "1";
    var key = "fawang-notes-" + box.getAttribute("data-call");
    var draft = window.localStorage ? localStorage.getItem(key) : null;
    if (draft && box.value.trim() === "" && draft.trim() !== "") {
      box.value = draft;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    box.addEventListener("input", function () { try { localStorage.setItem(key, box.value); } catch (e) { /* full */ } });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); restoreDraft(); setInterval(tick, 1000); });
  document.addEventListener("htmx:afterSettle", function () { tick(); restoreDraft(); });
})();
