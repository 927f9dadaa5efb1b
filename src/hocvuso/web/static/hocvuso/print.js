/* A button marked data-print prints the page; without script the browser's own Print does. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  "use strict";
  button.addEventListener("click", function () { window.print(); });
});
