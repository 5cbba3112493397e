// Tessera archive UI: shared behaviour (no inline scripts; CSP script-src 'self').
"use strict";
(function () {

  // Thumbnails of series that cannot be rendered (SR, RT plans…) become plain placeholders.
  for (const image of document.querySelectorAll("img.thumb")) {
    image.addEventListener("error", () => { image.classList.add("missing"); image.removeAttribute("src"); image.alt = "no image"; });
  }

  // Delete buttons: confirm in a dialog, then DELETE with the UI's marker header.
  const dialog = document.getElementById("confirm-dialog");
  let pending = null;
  for (const button of document.querySelectorAll("[data-delete]")) {
    button.addEventListener("click", () => {
      pending = button;
      document.getElementById("confirm-message").textContent = "Delete " + button.dataset.what + "?";
      document.getElementById("confirm-error").hidden = true;
      dialog.showModal();
    });
  }
  if (dialog) {
    document.getElementById("confirm-delete").addEventListener("click", async (event) => {
      event.preventDefault();
      if (!pending) return;
      const confirm = event.currentTarget;
      confirm.disabled = true;
      try {
        const response = await fetch(pending.dataset.delete, { method: "DELETE", headers: { "X-Requested-With": "tessera-admin" }, credentials: "same-origin" });
        if (response.status === 204) { window.location.assign(pending.dataset.after); return; }
        let reason = response.status + " " + response.statusText;
        try { const body = await response.json(); if (body.reason || body.error_description) reason = body.reason || body.error_description; } catch (ignored) { /* not JSON */ }
        const error = document.getElementById("confirm-error");
        error.textContent = "Not deleted: " + reason;
        error.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    });
  }

  // Instance preview: window presets and frame choice re-request the rendered image.
  const preview = document.getElementById("preview");
  if (preview) {
    const image = document.getElementById("preview-image");
    const preset = document.getElementById("window-preset");
    const frame = document.getElementById("frame");
    const update = () => {
      const parameters = new URLSearchParams();
      if (preset && preset.value) parameters.set("window", preset.value);
      if (frame && frame.value) parameters.set("frame", frame.value);
      const query = parameters.toString();
      image.src = preview.dataset.rendered + (query ? "?" + query : "");
    };
    image.addEventListener("error", () => { image.hidden = true; document.getElementById("preview-error").hidden = false; });
    image.addEventListener("load", () => { image.hidden = false; document.getElementById("preview-error").hidden = true; });
    if (preset) preset.addEventListener("change", update);
    if (frame) frame.addEventListener("change", update);
  }

  // Tag tree: filter and expand all.
  const filter = document.getElementById("tag-filter");
  if (filter) {
    filter.addEventListener("input", () => {
      const needle = filter.value.trim().toLowerCase();
      for (const row of document.querySelectorAll("#tag-tree li.tag")) {
        row.classList.toggle("hidden", needle !== "" && !row.textContent.toLowerCase().includes(needle));
      }
    });
    document.getElementById("expand-all").addEventListener("click", () => {
      for (const details of document.querySelectorAll("#tag-tree details")) details.open = true;
    });
  }
})();
