// Follows an import the task worker is reading or writing. The page asks for itself every two
// seconds and swaps in the new progress; when the status changes it reloads once. No
// <meta refresh>: reloading under a screen reader's feet every two seconds is what axe forbids.
(function () {
  "use strict";
  var status = document.querySelector("[data-status]");
  if (!status || !document.querySelector("[data-working]")) return;
  function poll() {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.querySelector("[data-status]");
        if (!next || next.dataset.status !== status.dataset.status) {
          location.reload();
          return;
        }
        var shown = document.querySelector("[data-progress]");
        var nextProgress = fresh.querySelector("[data-progress]");
        if (shown && nextProgress) shown.replaceWith(nextProgress);
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
