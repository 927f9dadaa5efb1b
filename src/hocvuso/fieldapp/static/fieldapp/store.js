/* hocvuso volunteer app: what the phone keeps, in one IndexedDB database.
   meta: the token, who it is, cached lists, the residents' cursor and dates;
   outbox: records waiting to be sent; review: records the server did not take;
   residents: the offline copy (name, birth year, household code, address). */
(function () {
  "use strict";
  const NAME = "hocvuso-app";
  const STORES = { meta: "key", outbox: "client_id", review: "client_id", residents: "id" };
  let opening = null;

  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function open() {
    if (!opening) {
      const request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = () => {
        for (const [store, keyPath] of Object.entries(STORES)) {
          if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store, { keyPath });
        }
      };
      opening = done(request).then((db) => {
        db.onversionchange = () => { db.close(); opening = null; };
        return db;
      });
      opening.catch(() => { opening = null; });
    }
    return opening;
  }

  async function run(store, mode, work) {
    const db = await open();
    const tx = db.transaction(store, mode);
    const result = work(tx.objectStore(store));
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result && "onsuccess" in result ? result.result : result;
  }

  const store = {
    all: (name) => run(name, "readonly", (s) => s.getAll()),
    get: (name, key) => run(name, "readonly", (s) => s.get(key)),
    count: (name) => run(name, "readonly", (s) => s.count()),
    put: (name, value) => run(name, "readwrite", (s) => { s.put(value); }),
    putMany: (name, values) => run(name, "readwrite", (s) => { values.forEach((v) => s.put(v)); }),
    remove: (name, key) => run(name, "readwrite", (s) => { s.delete(key); }),
    removeMany: (name, keys) => run(name, "readwrite", (s) => { keys.forEach((k) => s.delete(k)); }),
    clear: (name) => run(name, "readwrite", (s) => { s.clear(); }),
    /* Moves a record from one store to another in one transaction, so it is never in neither. */
    move: async (from, to, value) => {
      const db = await open();
      const tx = db.transaction([from, to], "readwrite");
      tx.objectStore(from).delete(value.client_id);
      tx.objectStore(to).put(value);
      return new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    },
    meta: async (key, fallback = null) => {
      const row = await store.get("meta", key);
      return row ? row.value : fallback;
    },
    setMeta: (key, value) => store.put("meta", { key, value }),
    dropMeta: (key) => store.remove("meta", key),
    /* Everything of the phone's database, at logout or when the user asks. */
    destroy: async () => {
      if (opening) (await opening).close();
      opening = null;
      return done(indexedDB.deleteDatabase(NAME));
    },
    NAME,
  };
  self.HV = Object.assign(self.HV || {}, { store });
})();
