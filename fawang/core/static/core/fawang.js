// Pure UI toggles only (STYLE §8). Large-text mode (适老化, L2): one step to turn on, remembered in a cookie.
(function () {
  function apply(on) {
    document.documentElement.setAttribute("data-large-text", on ? "1" : "0");
    var button = document.getElementById("toggle-large-text");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    apply(document.documentElement.getAttribute("data-large-text") === "1");
    var button = document.getElementById("toggle-large-text");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var on = document.documentElement.getAttribute("data-large-text") !== "1";
      document.cookie = "large_text=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
      apply(on);
    });
  });
})();
