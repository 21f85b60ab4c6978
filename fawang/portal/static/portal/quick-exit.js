// Quick exit (快速离开, M14): leave a sensitive page for a neutral site at once. location.replace swaps this page
// out of the tab's history, so Back does not bring it back. Esc pressed twice within a second does the same.
// Without script the button is a plain link to the same neutral site.
(function () {
  var lastEsc = 0;
  function leave(url) {
    try { document.body.style.visibility = "hidden"; } catch (e) { /* leave anyway */ }
    window.location.replace(url);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.getElementById("quick-exit");
    if (!link) { return; }
    var url = link.getAttribute("href");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave(url);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var now = Date.now();
      if (now - lastEsc < 1000) { leave(url); }
      lastEsc = now;
    });
  });
})();
