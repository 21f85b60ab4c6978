// The kiosk's idle reset and print button (G10, ADR 0099). Pure UI: the server ends an idle visit by itself too.
// After data-kiosk-idle seconds without a touch or key, the page clears what the browser holds (form fields,
// storage, the large-text choice) and posts 结束并清除, which deletes the visit server-side and shows the home page.
// Twenty seconds before, a warning with 继续使用 appears (WCAG 2.2.1). While someone is using the screen, a ping at
// most every 30 s keeps the server's idle clock in step; a 409 answer means the visit has already ended.
(function () {
  "use strict";
  var PING_EVERY = 30000;

  function clearClientState() {
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    document.cookie = "large_text=; path=/; max-age=0; SameSite=Lax";
    Array.prototype.forEach.call(document.querySelectorAll("input:not([type=hidden]), textarea"), function (el) {
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; } else { el.value = ""; }
    });
  }

  function endVisit() {
    clearClientState();
    var form = document.getElementById("kiosk-end-form");
    if (form) { form.submit(); } else { window.location.replace("/kiosk/"); }
  }

  function ping(url, visit, form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new FormData();
    data.append("visit", visit);
    if (token) { data.append("csrfmiddlewaretoken", token.value); }
    window.fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      if (response.status === 409 || response.status === 403) { endVisit(); }
    }).catch(function () { /* off line: the local timer still ends the visit */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var print = document.getElementById("kiosk-print");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    var endForm = document.getElementById("kiosk-end-form");
    if (endForm) { endForm.addEventListener("submit", clearClientState); }
    if (!endForm || body.getAttribute("data-kiosk-armed") !== "1") { return; }
    var idle = Math.max(parseInt(body.getAttribute("data-kiosk-idle"), 10) || 120, 2) * 1000;
    var warnAfter = Math.max(idle - 20000, Math.round(idle * 0.75));
    var warning = document.getElementById("kiosk-idle-warning");
    var keep = document.getElementById("kiosk-idle-continue");
    var aliveUrl = body.getAttribute("data-kiosk-alive");
    var visit = body.getAttribute("data-kiosk-visit");
    var lastPing = Date.now();
    var warnTimer = null;
    var endTimer = null;

    function arm() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      if (warning) { warning.hidden = true; }
      warnTimer = window.setTimeout(function () {
        if (warning) { warning.hidden = false; if (keep) { keep.focus(); } }
      }, warnAfter);
      endTimer = window.setTimeout(endVisit, idle);
      if (aliveUrl && visit && Date.now() - lastPing > PING_EVERY) {
        lastPing = Date.now();
        ping(aliveUrl, visit, endForm);
      }
    }

    ["pointerdown", "keydown", "touchstart", "input", "wheel"].forEach(function (name) {
      document.addEventListener(name, arm, { passive: true });
    });
    if (keep) { keep.addEventListener("click", arm); }
    arm();
  });

  // A page restored from the back/forward cache asks the server again (which may have ended the visit).
  window.addEventListener("pageshow", function (event) { if (event.persisted) { window.location.reload(); } });
})();
