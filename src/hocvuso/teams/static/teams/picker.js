// A long member picker: fill the field's datalist from the server as the user types, within
// what the user may choose (teams/pickers.py). Without this script the typed name is looked
// up when the form is sent.
(function () {
  "use strict";
  document.querySelectorAll("input[data-member-search]").forEach(function (field) {
    var list = document.getElementById(field.getAttribute("list"));
    var timer = null, asked = "";
    function ask() {
      var text = field.value.trim();
      if (text.length < 2 || text === asked || /#\d+$/.test(text)) return;
      asked = text;
      var url = field.dataset.memberSearch + "&q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (asked !== text) return;
          list.replaceChildren();
          data.results.forEach(function (found) {
            var option = document.createElement("option");
            option.value = found.value;
            option.label = found.team;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
  });
})();
