/* hocvuso volunteer app: talking to /api/v1 with the phone's token, and sending the outbox.
   Every record is either stored once (then removed from the phone), or kept: waiting (no
   connection, a server error: tried again later) or in "Needs checking" with the server's
   reason. Nothing is dropped without the volunteer choosing to. */
(function () {
  "use strict";
  const { store } = self.HV;
  const BATCH = 100;
  const DAY = 24 * 60 * 60 * 1000;
  const STOP = ["token_invalid", "token_revoked", "token_expired"];

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.detail) || String(status));
      this.status = status;
      this.body = body || {};
    }
    /* The phone's access is gone: stop, keep everything, tell the user. */
    get stops() { return this.status === 401 || STOP.includes(this.body.code); }
    /* No connection, a server error, too many requests: try again later. */
    get passing() { return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408; }
  }

  const sync = { api: "/api/v1/", keepDays: 7, onChange: () => {}, running: null, retryIn: 0, timer: null };

  async function call(path, { method = "GET", body } = {}) {
    const token = await store.meta("token");
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(sync.api + path, {
        method, headers, credentials: "omit", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, null);
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  /* Each kind of record: where it goes, and what it sends. Help records go in batches. */
  const SENDERS = {
    checkin: (r) => call(`shifts/${r.target}/check-in`, { method: "POST", body: { client_id: r.client_id, at: r.created_at } }),
    visit: (r) => call(`visits/${r.target}/record`, { method: "POST", body: { ...r.payload, client_id: r.client_id } }),
    resolve: (r) => call(`requests/${r.target}/resolve`, { method: "POST", body: r.payload }),
  };

  async function blocked(error) {
    await store.setMeta("blocked", { code: error.body.code || "token_invalid", detail: error.body.detail || "" });
    if (error.body.code === "token_revoked" || error.body.code === "token_invalid") await sync.wipeCopy();
  }

  async function needsChecking(record, error) {
    const reason = error.body.detail || error.message;
    await store.move("outbox", "review", { ...record, reason, current: error.body.current || null });
  }

  async function sendHelp(records) {
    const answer = await call("help-records/batch", { method: "POST", body: { records: records.map((r) => r.payload) } });
    const byId = new Map(records.map((r) => [r.client_id, r]));
    const settled = [];
    for (const result of answer.results || []) {
      const record = byId.get(result.client_id);
      if (!record) continue;
      if (result.status === "stored" || result.status === "duplicate") settled.push(record.client_id);
      else if (result.status === "rejected") await needsChecking(record, new ApiError(422, result));
    }
    await store.removeMany("outbox", settled);
  }

  /* A batch the server refuses as a whole (a record it cannot read) goes one by one, so
     one bad record does not hold back the others. */
  async function sendHelpBatch(records) {
    try {
      await sendHelp(records);
    } catch (error) {
      if (error.passing || error.stops || records.length === 1) {
        if (records.length === 1 && !error.passing && !error.stops) return needsChecking(records[0], error);
        throw error;
      }
      for (const record of records) await sendHelpBatch([record]);
    }
  }

  async function sendOne(record) {
    try {
      await SENDERS[record.kind](record);
      await store.remove("outbox", record.client_id);
    } catch (error) {
      if (error.passing || error.stops) throw error;
      await needsChecking(record, error);
    }
  }

  async function sendOutbox() {
    const me = await store.meta("me");
    const mine = (r) => !r.person_id || !me || r.person_id === me.person.id;
    const waiting = (await store.all("outbox")).filter(mine).sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
    const help = waiting.filter((r) => r.kind === "help");
    for (let i = 0; i < help.length; i += BATCH) {
      await sendHelpBatch(help.slice(i, i + BATCH));
      sync.onChange();
    }
    for (const record of waiting.filter((r) => r.kind !== "help")) {
      await sendOne(record);
      sync.onChange();
    }
  }

  async function pages(path, each) {
    let cursor = "";
    for (;;) {
      const page = await call(`${path}${path.includes("?") ? "&" : "?"}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      await each(page.items || []);
      if (!page.next_cursor) return cursor;
      cursor = page.next_cursor;
    }
  }

  /* The residents for searching offline: everyone the first time, then only what changed
     since the last download (the last page's sync_cursor), removals and moves out included. */
  async function downloadResidents() {
    try {
      await download((await store.meta("residents_cursor")) || "");
    } catch (error) {
      if (!(error instanceof ApiError) || error.body.code !== "cursor_invalid") throw error;
      // Too old to follow: start again from everyone, so no one removed stays behind.
      await store.clear("residents");
      await download("");
    }
  }

  async function download(cursor) {
    for (;;) {
      const page = await call(`residents/download?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const items = page.items || [];
      await store.removeMany("residents", items.filter((r) => r.removed).map((r) => r.id));
      await store.putMany("residents", items.filter((r) => !r.removed).map((r) => ({
        id: r.id, name: r.name, birth_year: r.birth_year, household_code: r.household_code,
        address: r.address, group_id: r.group_id, folded: HV.fold(`${r.name} ${r.household_code} ${r.address}`),
      })));
      if (!page.next_cursor) { cursor = page.sync_cursor || ""; break; }
      cursor = page.next_cursor;
    }
    await store.setMeta("residents_cursor", cursor);
    const now = new Date().toISOString();
    if (!(await store.meta("residents_downloaded_at"))) await store.setMeta("residents_downloaded_at", now);
    await store.setMeta("residents_refreshed_at", now);
  }

  async function refreshLists() {
    await store.setMeta("me", await call("me"));
    await store.setMeta("services", await call("services"));
    for (const [key, path] of [["shifts", "shifts/mine"], ["visits", "visits/mine"], ["requests", "requests"], ["priorities", "priorities"]]) {
      const items = [];
      try {
        await pages(path, async (page) => { items.push(...page); });
      } catch (error) {
        // Someone whose role sees no visits (a coach) has no priority list: it is empty.
        if (!(error instanceof ApiError) || error.status !== 403 || key !== "priorities") throw error;
      }
      await store.setMeta(key, items);
    }
  }

  /* What is about residents and households, dropped when it expires, at logout and when
     the phone's access is withdrawn. The outbox stays: it is the volunteer's own work. */
  sync.wipeCopy = async () => {
    await store.clear("residents");
    for (const key of ["residents_cursor", "residents_downloaded_at", "residents_refreshed_at", "visits", "requests", "shifts", "priorities"]) {
      await store.dropMeta(key);
    }
  };

  sync.expireCopy = async () => {
    const refreshed = await store.meta("residents_refreshed_at");
    if (refreshed && Date.now() - new Date(refreshed).getTime() > sync.keepDays * DAY) await sync.wipeCopy();
  };

  function later() {
    clearTimeout(sync.timer);
    sync.retryIn = Math.min(sync.retryIn ? sync.retryIn * 2 : 2000, 5 * 60 * 1000);
    sync.timer = setTimeout(() => sync.run(), sync.retryIn);
  }

  /* One round: send what waits, then bring the lists up to date. One round at a time. */
  sync.run = ({ lists = true } = {}) => {
    if (sync.running) return sync.running;
    sync.running = (async () => {
      let outcome = "ok";
      try {
        if (!(await store.meta("token"))) return "unpaired";
        await store.dropMeta("blocked");
        await sendOutbox();
        await store.setMeta("last_sync", new Date().toISOString());
        if (lists) {
          await refreshLists();
          await downloadResidents();
        }
        sync.retryIn = 0;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.stops) { await blocked(error); outcome = "blocked"; }
        else if (error.passing) { later(); outcome = "retry"; }
        else outcome = "error";
      } finally {
        sync.running = null;
        sync.onChange();
      }
      return outcome;
    })();
    return sync.running;
  };

  sync.add = async (kind, { target = null, payload = {}, label = "" } = {}) => {
    const me = await store.meta("me");
    const record = {
      client_id: payload.client_id || crypto.randomUUID(), kind, target, label,
      created_at: new Date().toISOString(), person_id: me ? me.person.id : null, payload,
    };
    if (kind === "help") record.payload = { ...payload, client_id: record.client_id };
    await store.put("outbox", record);
    return record;
  };

  sync.call = call;
  sync.ApiError = ApiError;
  self.HV.sync = sync;

  /* Letters without their accents, for searching: "Nguyễn" and "nguyen" (NFC or NFD) match. */
  self.HV.fold = (text) => String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
})();
