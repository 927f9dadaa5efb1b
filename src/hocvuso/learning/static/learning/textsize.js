/* Before the first paint, so nothing moves once the page shows: the text size kept on the
   phone, and the "js" class that shows the controls only script can work. */
(function (d) {
  "use strict";
  d.classList.add("js");
  try {
    var i = localStorage.getItem("hocvuso-textsize");
    if (i !== null) d.style.fontSize = [100, 112.5, 125, 150, 175, 200][+i] + "%";
  } catch (e) {}
})(document.documentElement);
