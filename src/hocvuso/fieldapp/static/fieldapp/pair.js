/* hocvuso: "Use the app on this phone" asks /api/v1 for a device token for the signed-in
   person, keeps it in the phone's IndexedDB and opens the app. */
(function () {
  "use strict";
  const form = document.querySelector("[data-pair-form]");
  if (!form) return;
  const T = JSON.parse(document.getElementById("app-texts").textContent);
  const error = form.querySelector("[data-pair-error]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    error.textContent = "";
    try {
      const response = await fetch(form.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf },
        body: JSON.stringify({ device_name: form.elements.device_name.value }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || String(response.status));
      await self.HV.store.setMeta("token", body.token);
      await self.HV.store.dropMeta("blocked");
      error.textContent = T.paired;
      location.assign(form.dataset.app);
    } catch (failure) {
      error.textContent = T.pair_failed.replace("%(reason)s", failure.message);
      button.disabled = false;
    }
  });
})();
