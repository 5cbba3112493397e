// Tessera archive UI: the upload page. Files and folders (picked or dropped) are sent in
// bounded parallel STOW-RS batches (multipart/related; type="application/dicom") with a
// progress bar per file and overall, and a result per file: stored, already present, or
// failed with the reason the archive gave. Non-DICOM files fail alone; the upload goes on.
"use strict";
(function () {
  const root = document.getElementById("upload");
  if (!root) return;
  const STOW = root.dataset.stow;
  const SEARCH = root.dataset.search;
  const MAX_BATCH_FILES = 25;
  const MAX_BATCH_BYTES = 16 * 1024 * 1024;
  const PARALLEL = 3;
  const MAX_ROWS = 20000;
  const REASONS = {
    0xC000: "not a DICOM file (or unreadable)",
    0xA900: "the data set does not match its SOP class (missing or invalid UIDs)",
    0x0111: "a different instance with this SOP Instance UID is already stored",
    0xA700: "too large for the archive",
    0x0110: "the archive could not store it",
  };

  const queue = [];
  const counts = { stored: 0, present: 0, failed: 0 };
  let running = false;
  let totalBytes = 0;
  let doneBytes = 0;
  const $ = (id) => document.getElementById(id);
  const tbody = document.querySelector("#upload-files tbody");

  function formatBytes(count) {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let value = count, unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
    return unit === 0 ? count + " B" : value.toFixed(1) + " " + units[unit];
  }

  function add(file, path) {
    const item = { file, path: path || file.webkitRelativePath || file.name, status: "waiting", loaded: 0 };
    if (queue.length < MAX_ROWS) {
      const row = document.createElement("tr");
      row.className = "upload-row";
      const name = document.createElement("td"); name.textContent = item.path; name.className = "file-name";
      const size = document.createElement("td"); size.textContent = formatBytes(file.size); size.className = "number";
      const bar = document.createElement("td"); const progress = document.createElement("progress"); progress.max = 1; progress.value = 0; bar.append(progress);
      const result = document.createElement("td"); result.className = "result"; result.textContent = "waiting";
      row.append(name, size, bar, result);
      tbody.append(row);
      item.progress = progress;
      item.result = result;
      item.row = row;
    }
    queue.push(item);
  }

  function refresh() {
    const waiting = queue.filter((item) => item.status === "waiting" || item.status === "sending").length;
    $("queue-summary").textContent = queue.length + " file(s), " + formatBytes(queue.reduce((sum, item) => sum + item.file.size, 0));
    $("count-stored").textContent = counts.stored;
    $("count-present").textContent = counts.present;
    $("count-failed").textContent = counts.failed;
    $("count-pending").textContent = waiting;
    $("start-upload").disabled = running || !queue.some((item) => item.status === "waiting");
    $("clear-upload").disabled = running || queue.length === 0;
    $("overall-progress").value = totalBytes ? doneBytes / totalBytes : 0;
    $("overall-text").textContent = totalBytes ? Math.floor(100 * doneBytes / totalBytes) + " %" : "";
    if (queue.length > MAX_ROWS) {
      $("upload-overflow").hidden = false;
      $("upload-overflow").textContent = (queue.length - MAX_ROWS) + " more file(s) are not listed; the tally counts them.";
    }
  }

  function finish(item, status, text) {
    item.status = status;
    counts[status] += 1;
    if (item.result) {
      item.result.textContent = text;
      item.result.className = "result " + status;
      item.progress.value = 1;
      item.row.dataset.status = status;
    }
  }

  // Folders dropped: walk the entries (readEntries answers in chunks until empty).
  async function walk(entry, prefix) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      add(file, prefix + file.name);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const entries = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (entries.length === 0) break;
        for (const child of entries) await walk(child, prefix + entry.name + "/");
      }
    }
  }

  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    if (entries.length) { for (const entry of entries) await walk(entry, ""); } else { for (const file of event.dataTransfer.files) add(file); }
    refresh();
  });
  for (const input of [$("file-input"), $("folder-input")]) {
    input.addEventListener("change", () => { for (const file of input.files) add(file); input.value = ""; refresh(); });
  }
  $("clear-upload").addEventListener("click", () => {
    queue.length = 0; tbody.textContent = ""; counts.stored = counts.present = counts.failed = 0; totalBytes = doneBytes = 0;
    $("upload-done").hidden = true; refresh();
  });

  // What the start of a file says: whether it has the Part 10 "DICM" prefix, and its SOP
  // Instance UID — (0008,0018) of the data set when it can be reached cheaply (native
  // explicit/implicit VR, either byte order, no sequence before it), else the file meta's
  // (0002,0003). Only used to match the archive's answer to the files.
  async function inspect(file) {
    const bytes = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
    if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== "DICM") return { dicom: false, uid: null };
    const view = new DataView(bytes.buffer);
    const text = (start, length) => new TextDecoder().decode(bytes.subarray(start, start + length)).replace(/[\0 ]+$/, "");
    const long = ["OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UT", "UN", "UC", "UR", "SV", "UV"];
    let offset = 132, metaUID = null, syntax = "";
    while (offset + 8 <= bytes.length && view.getUint16(offset, true) === 2) {
      const element = view.getUint16(offset + 2, true);
      const vr = String.fromCharCode(bytes[offset + 4], bytes[offset + 5]);
      const header = long.includes(vr) ? 12 : 8;
      const length = header === 12 ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
      if (element === 3) metaUID = text(offset + header, length);
      if (element === 0x10) syntax = text(offset + header, length);
      offset += header + length;
    }
    const little = syntax !== "1.2.840.10008.1.2.2";
    const implicit = syntax === "1.2.840.10008.1.2";
    if (syntax === "1.2.840.10008.1.2.1.99") return { dicom: true, uid: metaUID };
    while (offset + 8 <= bytes.length) {
      const group = view.getUint16(offset, little), element = view.getUint16(offset + 2, little);
      let header = 8, length;
      if (implicit) {
        length = view.getUint32(offset + 4, little);
      } else {
        const vr = String.fromCharCode(bytes[offset + 4], bytes[offset + 5]);
        if (long.includes(vr)) { header = 12; length = view.getUint32(offset + 8, little); } else { length = view.getUint16(offset + 6, little); }
      }
      if (group > 8 || (group === 8 && element > 0x18) || length === 0xFFFFFFFF) break;
      if (group === 8 && element === 0x18) return { dicom: true, uid: text(offset + header, length) || metaUID };
      offset += header + length;
    }
    return { dicom: true, uid: metaUID };
  }

  // UIDs of the batch the archive already holds (QIDO-RS UID list matching).
  async function alreadyStored(uids) {
    if (uids.length === 0) return new Set();
    const response = await fetch(SEARCH + "?SOPInstanceUID=" + uids.join(",") + "&limit=" + uids.length,
      { headers: { Accept: "application/dicom+json", "X-Requested-With": "tessera-admin" }, credentials: "same-origin" });
    if (response.status !== 200) return new Set();
    const objects = await response.json();
    return new Set(objects.map((object) => object["00080018"] && object["00080018"].Value && object["00080018"].Value[0]).filter(Boolean));
  }

  function values(object, tag) {
    return (object && object[tag] && object[tag].Value) || [];
  }

  function send(batch, boundary) {
    const parts = [];
    for (const item of batch) {
      parts.push("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n", item.file, "\r\n");
    }
    parts.push("--" + boundary + "--\r\n");
    const body = new Blob(parts);
    return new Promise((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", STOW);
      request.setRequestHeader("Content-Type", 'multipart/related; type="application/dicom"; boundary=' + boundary);
      request.setRequestHeader("Accept", "application/dicom+json");
      request.setRequestHeader("X-Requested-With", "tessera-admin");
      request.upload.addEventListener("progress", (event) => {
        let remaining = event.loaded;
        for (const item of batch) {
          const share = Math.max(0, Math.min(item.file.size, remaining));
          remaining -= item.file.size;
          doneBytes += share - item.loaded;
          item.loaded = share;
          if (item.progress) item.progress.value = item.file.size ? share / item.file.size : 1;
        }
        refresh();
      });
      request.addEventListener("load", () => resolve({ status: request.status, text: request.responseText }));
      request.addEventListener("error", () => resolve({ status: 0, text: "" }));
      request.send(body);
    });
  }

  async function upload(batch) {
    for (const item of batch) { item.status = "sending"; if (item.result) item.result.textContent = "sending…"; }
    const facts = await Promise.all(batch.map((item) => inspect(item.file).catch(() => ({ dicom: false, uid: null }))));
    const uids = facts.map((fact) => fact.uid);
    let existing = new Set();
    try { existing = await alreadyStored([...new Set(uids.filter((uid) => uid && /^[0-9.]{1,64}$/.test(uid)))]); } catch (ignored) { /* decided by the store result alone */ }
    const boundary = "tessera-" + crypto.getRandomValues(new Uint32Array(4)).join("-");
    const answer = await send(batch, boundary);
    for (const item of batch) { doneBytes += item.file.size - item.loaded; item.loaded = item.file.size; }
    let body = null;
    try { body = answer.text ? JSON.parse(answer.text) : null; } catch (ignored) { body = null; }
    if (![200, 202, 409].includes(answer.status) || !body) {
      let reason = answer.status === 0 ? "network error" : "HTTP " + answer.status;
      if (answer.status === 401) reason = "not signed in any more; reload the page to sign in";
      if (answer.status === 403) reason = "not allowed (the pacs-write role is needed)";
      if (answer.status === 413) reason = "the request was too large";
      if (body && body.reason) reason += ": " + body.reason;
      for (const item of batch) finish(item, "failed", "failed: " + reason);
      return;
    }
    // The archive answers in request order within each sequence: walk the files and take
    // the next stored or the next failed result, matching by SOP Instance UID where possible.
    const referenced = values(body, "00081199").map((object) => ({ uid: values(object, "00081155")[0], warning: values(object, "00081196")[0] }));
    const failed = values(body, "00081198").map((object) => ({ uid: values(object, "00081155")[0], code: values(object, "00081197")[0] }));
    let r = 0, f = 0;
    batch.forEach((item, position) => {
      const { uid, dicom } = facts[position];
      const nextStored = referenced[r], nextFailed = failed[f];
      let take = null;
      if (nextStored && uid && nextStored.uid === uid) take = "stored";
      else if (nextFailed && uid && nextFailed.uid === uid) take = "failed";
      else if (nextStored && nextFailed) take = dicom && !(uid === null && nextFailed.uid === undefined) ? "stored" : "failed";
      else if (nextStored) take = "stored";
      else if (nextFailed) take = "failed";
      if (take === "stored") {
        const result = referenced[r++];
        if (existing.has(result.uid) || result.warning) finish(item, "present", result.warning ? "already present (the stored instance was kept)" : "already present");
        else finish(item, "stored", "stored");
      } else if (take === "failed") {
        const code = failed[f++].code;
        finish(item, "failed", "failed: " + (REASONS[code] || "failure reason " + code));
      } else {
        finish(item, "failed", "failed: the archive reported no result for this file");
      }
    });
  }

  $("start-upload").addEventListener("click", async () => {
    const waiting = queue.filter((item) => item.status === "waiting");
    if (!waiting.length) return;
    running = true;
    $("upload-done").hidden = true;
    totalBytes += waiting.reduce((sum, item) => sum + item.file.size, 0);
    const batches = [];
    let current = [], bytes = 0;
    for (const item of waiting) {
      if (current.length && (current.length >= MAX_BATCH_FILES || bytes + item.file.size > MAX_BATCH_BYTES)) { batches.push(current); current = []; bytes = 0; }
      current.push(item);
      bytes += item.file.size;
    }
    if (current.length) batches.push(current);
    refresh();
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        try { await upload(batch); } catch (error) { for (const item of batch) if (item.status === "sending") finish(item, "failed", "failed: " + error); }
        refresh();
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, batches.length) }, worker));
    running = false;
    refresh();
    $("upload-done").hidden = false;
  });
  refresh();
})();
