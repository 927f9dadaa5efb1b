// A long shift roster (teams/templates/teams/shift_roster.html): find members by name on the
// server, within what the user may choose (teams:member_search), and add each with a button
// to the ticked list above. Without this script the typed name is looked up on Save.
(function () {
  "use strict";
  var box = document.querySelector("[data-roster-search]");
  if (!box) return;
  var field = box.querySelector("input[type=search]");
  var list = document.getElementById("roster-list");
  var status = box.querySelector(".roster-status");
  var results = box.querySelector(".roster-results");
  var timer = null, asked = "";

  function present(id) {
    return list.querySelector('input[name="members"][value="' + id + '"]');
  }

  function add(id, name) {
    var ticked = present(id);
    if (ticked) {
      ticked.checked = true;
    } else {
      var empty = document.getElementById("roster-empty");
      if (empty) empty.remove();
      var label = document.createElement("label");
      var input = document.createElement("input");
      label.className = "check";
      label.htmlFor = input.id = "id_members_" + id;
      input.type = "checkbox";
      input.name = "members";
      input.value = id;
      input.checked = true;
      label.append(input, " " + name);
      list.appendChild(label);
    }
    field.value = "";
    asked = "";
    results.replaceChildren();
    status.textContent = box.dataset.added + " " + name;
    field.focus();
  }

  function show(found) {
    results.replaceChildren();
    found.forEach(function (one) {
      var number = /#(\d+)\s*$/.exec(one.value);
      if (!number) return;
      var id = number[1], name = one.value.replace(/\s*#\d+\s*$/, "");
      var item = document.createElement("li");
      var who = document.createElement("span");
      var team = document.createElement("span");
      team.className = "muted";
      team.textContent = " · " + one.team;
      who.append(name, team);
      item.appendChild(who);
      var ticked = present(id);
      if (ticked && ticked.checked) {
        var note = document.createElement("span");
        note.className = "muted";
        note.textContent = box.dataset.present;
        item.appendChild(note);
      } else {
        var button = document.createElement("button");
        var hidden = document.createElement("span");
        button.type = "button";
        button.className = "secondary";
        hidden.className = "visually-hidden";
        hidden.textContent = " " + name;
        button.append(box.dataset.add, hidden);
        button.addEventListener("click", function () { add(id, name); });
        item.appendChild(button);
      }
      results.appendChild(item);
    });
    status.textContent = found.length
      ? box.dataset.found + " " + found.length
      : box.dataset.none;
  }

  function ask() {
    var text = field.value.trim();
    if (text.length < 2) {
      asked = "";
      results.replaceChildren();
      return;
    }
    if (text === asked) return;
    asked = text;
    var url = box.dataset.rosterSearch + "&q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (asked === text) show(data.results); })
      .catch(function () {});
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  });
})();
