// Follows work the task worker is doing (a report being prepared): while the part of the page
// marked [data-follow] says [data-follow-working], the page asks for itself every few seconds
// and swaps that part for the new one, until nothing in it is still working. No reload and no
// <meta refresh>: the reader keeps their place, and a screen reader is not moved.
(function () {
  "use strict";
  var shown = document.querySelector("[data-follow]");
  if (!shown || !shown.querySelector("[data-follow-working]")) return;
  var wait = parseInt(shown.dataset.follow, 10) || 3000;
  function poll() {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-follow]");
        if (!fresh) return;
        shown.replaceWith(fresh);
        shown = fresh;
        if (fresh.querySelector("[data-follow-working]")) setTimeout(poll, wait);
      })
      .catch(function () { setTimeout(poll, wait * 2); });
  }
  setTimeout(poll, wait);
})();
