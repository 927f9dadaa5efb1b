/* hocvuso: logging out deletes what the volunteer app keeps on this phone (the server's
   Clear-Site-Data header does it too, where the browser honours it), asking first when
   records are still waiting to be sent. */
(function () {
  "use strict";
  const NAME = "hocvuso-app";
  async function waiting() {
    if (indexedDB.databases && !(await indexedDB.databases()).some((db) => db.name === NAME)) return 0;
    return new Promise((resolve) => {
      const open = indexedDB.open(NAME);
      open.onerror = () => resolve(0);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("outbox")) { db.close(); resolve(0); return; }
        const count = db.transaction("outbox").objectStore("outbox").count();
        count.onsuccess = () => { db.close(); resolve(count.result); };
        count.onerror = () => { db.close(); resolve(0); };
      };
    });
  }
  for (const form of document.querySelectorAll("form[data-logout]")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      if ((await waiting()) > 0 && !window.confirm(form.dataset.logout)) return;
      const wipe = indexedDB.deleteDatabase(NAME);
      wipe.onsuccess = wipe.onerror = wipe.onblocked = () => { form.dataset.cleared = "1"; form.submit(); };
    });
  }
})();
