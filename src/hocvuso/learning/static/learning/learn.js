/* hocvuso learning pages: text size, read-aloud, offline reading. The pages work without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.documentElement;

  // Text size: kept on the phone, applied to every page.
  var SIZES = [100, 112.5, 125, 150, 175, 200];  // as in textsize.js
  var KEY = "hocvuso-textsize";
  var current = 1;
  try { current = Math.min(SIZES.length - 1, Math.max(0, parseInt(localStorage.getItem(KEY) || "1", 10))); } catch (e) {}
  function applySize() { root.style.fontSize = SIZES[current] + "%"; }
  applySize();
  var control = document.querySelector("[data-textsize]");
  if (control) {
    control.addEventListener("click", function (event) {
      var button = event.target.closest("[data-textsize-step]");
      if (!button) return;
      current = Math.min(SIZES.length - 1, Math.max(0, current + parseInt(button.getAttribute("data-textsize-step"), 10)));
      try { localStorage.setItem(KEY, String(current)); } catch (e) {}
      applySize();
    });
  }

  // Read-aloud with the phone's own voice, Vietnamese where it has one.
  var box = document.querySelector("[data-readaloud]");
  if (box && !("speechSynthesis" in window)) box.remove();
  if (box && "speechSynthesis" in window) {
    var synth = window.speechSynthesis;
    var start = box.querySelector("[data-readaloud-start]");
    var stop = box.querySelector("[data-readaloud-stop]");
    var note = box.querySelector("[data-readaloud-novoice]");
    var voice = null;
    var pickVoice = function () {
      voice = synth.getVoices().filter(function (v) { return /^vi(-|_|$)/i.test(v.lang); })[0] || null;
    };
    pickVoice();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", pickVoice);
    var done = function () { stop.hidden = true; start.hidden = false; start.focus(); };
    start.addEventListener("click", function () {
      synth.cancel();
      var text = document.querySelector("[data-readaloud-text]").innerText;
      // Paragraph by paragraph: some phones stop reading a long text part way.
      var parts = text.split(/\n+/).map(function (p) { return p.trim(); }).filter(Boolean);
      parts.forEach(function (part, i) {
        var utterance = new SpeechSynthesisUtterance(part);
        utterance.lang = "vi-VN";
        utterance.rate = 0.9;
        if (voice) utterance.voice = voice;
        if (i === parts.length - 1) utterance.onend = done;
        synth.speak(utterance);
      });
      start.hidden = true; stop.hidden = false; stop.focus();
      // Said only once asked to read: a note appearing on its own would move the page.
      if (note) note.hidden = !!voice || synth.getVoices().length === 0;
    });
    stop.addEventListener("click", function () { synth.cancel(); done(); });
  }

  // "I finished this lesson" asks first, in the page: a stray tap changes nothing.
  var ask = document.querySelector("[data-confirm-ask]");
  var step = document.querySelector("[data-confirm-step]");
  if (ask && step) {
    var swap = function (asking) {
      ask.hidden = asking; step.hidden = !asking;
      (asking ? step.querySelector("[type=submit]") : ask).focus();
    };
    ask.addEventListener("click", function (event) { event.preventDefault(); swap(true); });
    step.querySelector("[data-confirm-cancel]").addEventListener("click", function () { swap(false); });
  }

  var alert = document.querySelector("[data-focus]");
  if (alert) alert.focus();

  // Keep the learning pages for reading with no connection.
  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw).catch(function () {});
  }
})();
