/* hocvuso volunteer app: the screens. Each is a <section data-screen> of the page, shown by
   the address's #hash; lists are filled from the phone's copy, so they work offline. */
(function () {
  "use strict";
  const { store, sync } = self.HV;
  const script = document.currentScript;
  const T = JSON.parse(document.getElementById("app-texts").textContent);
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const say = (text, values = {}) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
  const when = (iso) => (iso ? new Date(iso).toLocaleString("vi-VN", { dateStyle: "short", timeStyle: "short" }) : "");
  const clock = (iso) => new Date(iso).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });

  sync.api = script.dataset.api;
  sync.keepDays = parseInt(script.dataset.keepDays, 10) || 7;
  let picked = null;  // the resident chosen on the record screen
  let household = null;  // the household help is recorded for: {code, address, visit_id}

  function fill(name, values) {
    const node = $(`template[data-template="${name}"]`).content.firstElementChild.cloneNode(true);
    for (const [key, value] of Object.entries(values)) {
      const field = $(`[data-f="${key}"]`, node);
      if (field) field.textContent = value ?? "";
    }
    return node;
  }

  function alertUser(text) { $("[data-alert]").replaceChildren(...(text ? [Object.assign(document.createElement("p"), { className: "message error", textContent: text })] : [])); }

  /* The count of waiting records, the review count, the connection, the last sync. */
  async function showStatus() {
    const waiting = await store.count("outbox");
    $("[data-waiting]").textContent = waiting === 1 ? T.waiting_one : say(T.waiting_many, { count: waiting });
    const review = await store.count("review");
    $("[data-review-count]").textContent = review;
    $("[data-review-link]").hidden = review === 0;
    $("[data-net]").textContent = navigator.onLine ? T.online : T.offline;
    const last = await store.meta("last_sync");
    $("[data-last-sync]").textContent = last ? say(T.last_sync, { when: when(last) }) : T.never;
    if (await store.meta("blocked")) alertUser(T.token_stop);
  }

  function notice(text) { $("[data-notice]").textContent = text; }

  async function syncNow(options) {
    const outcome = await sync.run(options);
    alertUser(outcome === "blocked" ? T.token_stop : outcome === "retry" && navigator.onLine ? T.retry : "");
    if (outcome === "ok" && (await store.count("outbox")) === 0 && $("[data-notice]").textContent) notice(T.sent_all);
    await render();
  }

  /* ---- screens ---- */

  const SCREENS = {
    async home() {
      const me = await store.meta("me");
      $("[data-me]").textContent = me ? `${me.person.name} · ${me.ward.name}` : "";
    },
    async record() {
      const services = (await store.meta("services")) || [];
      const box = $("[data-services]");
      const chosen = ($("input[name=service]:checked") || {}).value;
      box.replaceChildren(...services.map((service) => radio("service", service.code, service.name, service.code === chosen)));
      showTasks();
      showPicked();
    },
    async shifts() {
      const shifts = (await store.meta("shifts")) || [];
      const waiting = await waitingBy("checkin");
      list("shifts", shifts.map((shift) => {
        const queued = waiting.get(String(shift.id));
        const node = fill("shift", {
          point_name: shift.point_name,
          when: `${when(shift.starts_at)} – ${clock(shift.ends_at)}`,
          state: shift.checked_in_at ? say(T.checked_in, { time: clock(shift.checked_in_at) })
            : queued ? say(T.checked_in_waiting, { time: clock(queued.created_at) }) : "",
        });
        const button = $("[data-action=check-in]", node);
        button.hidden = Boolean(shift.checked_in_at || queued);
        button.addEventListener("click", () => keep("checkin", { target: String(shift.id), label: shift.point_name }));
        return node;
      }));
    },
    async visits() {
      const visits = (await store.meta("visits")) || [];
      const waiting = await waitingBy("visit");
      list("visits", visits.map((visit) => {
        const node = fill("visit", { ...visit, status: describe(visit), state: waiting.has(String(visit.id)) ? T.visit_waiting : "" });
        $("[data-f=form]", node).hidden = visit.status !== "planned" || waiting.has(String(visit.id));
        $("[data-action=record]", node).addEventListener("click", () => recordFor({
          code: visit.household_code, address: visit.address, visit_id: visit.id,
        }));
        for (const status of ["done", "cancelled"]) {
          $(`[data-action=visit-${status}]`, node).addEventListener("click", () => keep("visit", {
            target: String(visit.id), label: `${visit.household_code} · ${visit.address}`,
            payload: { status, note: $("[data-f=note]", node).value, version: visit.version },
          }));
        }
        return node;
      }));
    },
    async priorities() {
      const households = (await store.meta("priorities")) || [];
      list("priorities", households.map((h) => {
        const node = fill("priority", { ...h, reasons: h.reasons.map((r) => r.text).join(" · ") });
        $("[data-action=record]", node).addEventListener("click", () => recordFor({
          code: h.household_code, address: h.address, visit_id: null,
        }));
        return node;
      }));
      const requests = (await store.meta("requests")) || [];
      const waiting = await waitingBy("resolve");
      // Only a leader or an officer may close a request (the rights table): a volunteer sees
      // the queue without a button the server would refuse.
      const mayResolve = Boolean(((await store.meta("me")) || {}).may_change_requests);
      list("requests", requests.map((request) => {
        const title = [request.reference, request.name].filter(Boolean).join(" · ");
        const node = fill("request", {
          title, detail: [request.need, request.address, request.phone, describe(request)].filter(Boolean).join(" · "),
          state: waiting.has(String(request.id)) ? T.visit_waiting : "",
        });
        $("[data-f=form]", node).hidden = !mayResolve || waiting.has(String(request.id));
        $("[data-action=resolve]", node).addEventListener("click", () => {
          const note = $("[data-f=note]", node);
          if (!note.value.trim()) { $("[data-f=state]", node).textContent = T.need_note; note.focus(); return; }
          keep("resolve", { target: String(request.id), label: title, payload: { note: note.value.trim(), version: request.version } });
        });
        return node;
      }));
    },
    async search() { await searchFor("search"); },
    async review() {
      const records = await store.all("review");
      list("review", records.map((record) => {
        const change = record.kind === "resolve" ? { status: "resolved", ...record.payload } : record.payload;
        const current = record.current ? `${say(T.conflict, { current: describe(record.current) })} ${say(T.not_applied, { change: describe(change) })}` : "";
        const node = fill("review", { title: record.label, reason: record.reason, current });
        $("[data-action=again]", node).addEventListener("click", async () => {
          const again = { ...record };
          if (record.current && record.current.version !== undefined) again.payload = { ...record.payload, version: record.current.version };
          delete again.reason; delete again.current;
          await store.move("review", "outbox", again);
          await syncNow({ lists: false });
        });
        $("[data-action=drop]", node).addEventListener("click", async () => {
          await store.remove("review", record.client_id);
          await render();
        });
        return node;
      }));
    },
    async phone() {
      const count = await store.count("residents");
      const refreshed = await store.meta("residents_refreshed_at");
      const expires = refreshed ? new Date(new Date(refreshed).getTime() + sync.keepDays * 864e5).toISOString() : null;
      $("[data-list-info]").textContent = refreshed ? say(T.list_info, { count, when: when(refreshed), expires: when(expires) }) : T.no_list;
    },
  };

  /* A visit or request as the volunteer reads it: its state, who has it, the note. */
  function describe(values) {
    const v = values || {};
    const parts = [T.statuses[v.status] || v.status];
    if (v.assignee_name) parts.push(say(T.assigned_to, { name: v.assignee_name }));
    if (v.note) parts.push(`“${v.note}”`);
    return parts.filter(Boolean).join(" · ");
  }

  function list(name, nodes) {
    const box = $(`[data-list="${name}"]`);
    box.replaceChildren(...(nodes.length ? nodes : [Object.assign(document.createElement("li"), { textContent: T.nothing })]));
  }

  async function waitingBy(kind) {
    return new Map((await store.all("outbox")).filter((r) => r.kind === kind).map((r) => [r.target, r]));
  }

  async function keep(kind, options) {
    await sync.add(kind, options);
    await render();
    if (navigator.onLine) await syncNow({ lists: false });
  }

  function radio(name, value, label, checked) {
    const input = Object.assign(document.createElement("input"), { type: "radio", name, value, checked });
    const wrap = document.createElement("label");
    wrap.append(input, ` ${label}`);
    return wrap;
  }

  async function showTasks() {
    const services = (await store.meta("services")) || [];
    const code = ($("input[name=service]:checked") || {}).value;
    const service = services.find((s) => s.code === code);
    $("[data-tasks]").replaceChildren(...(service ? service.tasks.map((task) => radio("task", task.code, task.name, false)) : []));
  }

  /* "Record help" from a household (a priority or a visit): its residents, from the
     phone's copy, to choose from; the help is given at home, on the visit if there is one. */
  function recordFor(target) {
    household = target;
    picked = null;
    const home = $("input[name=place][value=home]");
    if (home) home.checked = true;
    if (location.hash !== "#record") location.hash = "#record"; else showPicked();
  }

  async function showPicked() {
    $("[data-record-person]").hidden = !picked;
    $("[data-record-find]").hidden = Boolean(picked);
    $("[data-record-person-name]").textContent = picked ? `${picked.name} (${picked.birth_year || ""}) · ${picked.address}` : "";
    $("[data-record-household]").hidden = Boolean(picked || !household);
    if (picked || !household) return;
    $("[data-record-household-name]").textContent = say(T.household, household);
    const people = (await store.all("residents")).filter((r) => r.household_code === household.code);
    $("[data-record-household-people]").replaceChildren(...(people.length ? people.map((resident) => {
      const node = fill("resident", { ...resident, birth_year: resident.birth_year ? `(${resident.birth_year})` : "" });
      $("[data-action=pick]", node).addEventListener("click", () => { picked = resident; showPicked(); });
      return node;
    }) : [Object.assign(document.createElement("li"), { textContent: T.no_list })]));
  }

  async function searchFor(where) {
    const input = $(`[data-search-input="${where}"]`);
    const words = HV.fold(input.value).split(" ").filter(Boolean);
    const box = $(`[data-search-results="${where}"]`);
    if (!words.length) { box.replaceChildren(); return; }
    const everyone = await store.all("residents");
    if (!everyone.length) { box.replaceChildren(Object.assign(document.createElement("li"), { textContent: T.no_list })); return; }
    const found = everyone.filter((r) => words.every((w) => r.folded.includes(w))).slice(0, 20);
    box.replaceChildren(...(found.length ? found.map((resident) => {
      const node = fill("resident", { ...resident, birth_year: resident.birth_year ? `(${resident.birth_year})` : "" });
      $("[data-action=pick]", node).addEventListener("click", () => {
        picked = resident;
        household = null;
        if (location.hash !== "#record") location.hash = "#record"; else showPicked();
      });
      return node;
    }) : [Object.assign(document.createElement("li"), { textContent: T.no_one })]));
  }

  async function saveHelp(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const error = $("[data-record-error]");
    const walkIn = (data.get("walk_in_name") || "").trim();
    if (!picked && !walkIn) { error.textContent = T.need_person; $("#record-q").focus(); return; }
    if (!data.get("service") || !data.get("task")) { error.textContent = T.need_task; return; }
    error.textContent = "";
    const payload = {
      resident_id: picked ? picked.id : null, walk_in_name: picked ? "" : walkIn,
      walk_in_phone: picked ? "" : (data.get("walk_in_phone") || "").trim(), place: data.get("place"), point_id: null,
      service: data.get("service"), task: data.get("task"), outcome: data.get("outcome"),
      helped_at: new Date().toISOString(), dossier_code: (data.get("dossier_code") || "").trim(),
      visit_id: household ? household.visit_id : null,
    };
    const services = (await store.meta("services")) || [];
    const service = services.find((s) => s.code === payload.service) || { name: payload.service, tasks: [] };
    const task = service.tasks.find((t) => t.code === payload.task) || { name: payload.task };
    await sync.add("help", { payload, label: `${picked ? picked.name : walkIn} · ${service.name} · ${task.name}` });
    form.reset();
    if (household) $("input[name=place][value=home]").checked = true;
    $("[data-tasks]").replaceChildren();
    notice(T.saved);
    await showStatus();
    if (navigator.onLine) await syncNow({ lists: false });
  }

  /* ---- the page ---- */

  async function render() {
    const paired = Boolean(await store.meta("token"));
    let name = (location.hash || "#home").slice(1);
    if (!paired) name = "unpaired";
    else if (!SCREENS[name]) name = "home";
    for (const section of $$("[data-screen]")) section.hidden = section.dataset.screen !== name;
    for (const node of $$("[data-paired-only]")) node.hidden = !paired;
    await showStatus();
    if (SCREENS[name]) await SCREENS[name]();
    return name;
  }

  /* A QR code from the ward officer opens /app/#pair=<token>: kept, then taken off the address. */
  async function pairFromAddress() {
    const match = /^#pair=(hv1_[A-Za-z0-9_-]{20,})$/.exec(location.hash);
    if (!match) return;
    await store.setMeta("token", match[1]);
    await store.dropMeta("blocked");
    history.replaceState(null, "", location.pathname + "#home");
  }

  async function start() {
    await pairFromAddress();
    await sync.expireCopy();
    sync.onChange = () => { showStatus(); };
    $("[data-record-form]").addEventListener("submit", saveHelp);
    $("[data-record-form]").addEventListener("change", (event) => { if (event.target.name === "service") showTasks(); });
    $("[data-record-clear]").addEventListener("click", () => { picked = null; household = null; showPicked(); $("#record-q").focus(); });
    for (const input of $$("[data-search-input]")) input.addEventListener("input", () => searchFor(input.dataset.searchInput));
    $("[data-sync]").addEventListener("click", () => syncNow());
    $("[data-refresh]").addEventListener("click", () => syncNow());
    $("[data-wipe]").addEventListener("click", async () => {
      if (!window.confirm(T.confirm_wipe)) return;
      await store.destroy();
      location.hash = "";
      await render();
    });
    addEventListener("hashchange", async () => {
      const name = await render();
      const heading = $(`[data-screen="${name}"] h1`);
      if (heading) heading.focus();
    });
    addEventListener("online", () => syncNow());
    addEventListener("offline", showStatus);
    await render();
    // Records waiting on the phone must not be evicted when the phone runs short of space.
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    if ("serviceWorker" in navigator) navigator.serviceWorker.register(script.dataset.sw).catch(() => {});
    if (navigator.onLine) await syncNow();
  }

  start();
})();
