// The composer's SMS count as the officer types; mirrors outreach/sms.py's sms_count.
(function () {
  "use strict";
  var box = document.querySelector("[data-sms-count]");
  var field = box && document.getElementById(box.dataset.smsCount);
  if (!field) return;
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENDED = "^{}\\[~]|€\f";
  function count(text) {
    text = text.replace(/\r\n/g, "\n");
    var length = 0, gsm = true;
    for (var ch of text) {
      if (EXTENDED.indexOf(ch) >= 0) length += 2;
      else if (BASIC.indexOf(ch) >= 0) length += 1;
      else { gsm = false; break; }
    }
    if (!gsm) length = text.length;  // UTF-16 units, as UCS-2 counts them
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    var parts = length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / part);
    return { characters: length, parts: parts, unicode: !gsm };
  }
  function show() {
    var c = count(field.value);
    box.querySelector("[data-sms-characters]").textContent = c.characters;
    box.querySelector("[data-sms-parts]").textContent = c.parts;
    var kind = box.querySelector("[data-sms-kind]");
    kind.textContent = c.unicode ? kind.dataset.unicode : kind.dataset.gsm;
  }
  field.addEventListener("input", show);
  show();
})();
