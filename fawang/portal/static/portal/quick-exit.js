// Quick exit (快速离开, M14): leave a sensitive page for a neutral site at once. location.replace swaps this page
// out of the tab's history, so Back does not bring it back. Esc pressed twice within a second does the same.
// Without script the button is a plain link to the same neutral site.
// The listeners sit on the document, so a button that htmx swaps in later (a consultation answer about domestic
// violence) works too; loading the file twice adds nothing.
(function () {
  if (window.fawangQuickExit) { return; }
  window.fawangQuickExit = true;
  var lastEsc = 0;
  function leave(url) {
    try { document.body.style.visibility = "hidden"; } catch (e) { /* leave anyway */ }
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("#quick-exit") : null;
    if (!link) { return; }
    event.preventDefault();
    leave(link.getAttribute("href"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var link = document.getElementById("quick-exit");
    if (!link) { return; }
    var now = Date.now();
    if (now - lastEsc < 1000) { leave(link.getAttribute("href")); }
    lastEsc = now;
  });
})();
