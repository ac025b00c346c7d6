// The menu's headings (portal/_menu.html): <details> open and close without this script (a
// click, or Enter on the focused heading). With it, an open heading also closes as a menu
// does: on Escape (focus back on the heading) and on a click outside it.
// No inline script (CSP script-src 'self').
(function () {
  "use strict";
  function openHeadings() {
    return document.querySelectorAll("nav.menu details[open]");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openHeadings().forEach(function (details) {
      var inside = details.contains(document.activeElement);
      details.open = false;
      if (inside) {
        details.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    openHeadings().forEach(function (details) {
      if (!details.contains(event.target)) {
        details.open = false;
      }
    });
  });
})();
