/* Check-in without network (venue/services/offline.py explains the rules).

   While online the desk downloads the session's list of valid badges: HMAC-SHA256 digests of
   the badge codes keyed by a salt of that download, names in both scripts, check-in state.
   When the network drops (or the server does not answer a scan), a scanned code is checked
   against the list here, the check-in is queued in localStorage with this device's time, and
   the queue is sent when the network returns; what the server answered is listed. A service
   worker keeps the desk page itself available offline. Logging out wipes it all (the server
   sends Clear-Site-Data). Texts come translated from the template's data-text-* attributes. */

const desk = document.getElementById("desk");
const panel = document.getElementById("desk-offline");

const QWERTY_KEYS = "QWERTYUIOPASDFGHJKLZXCVBNM:";
const RUSSIAN_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬЖ";
const LIST_REFRESH_MS = 10 * 60 * 1000;
const SYNC_EVERY_MS = 10 * 1000;
const SYNCED_KEPT = 50;
const BATCH = 200;

/* The same normalisation as venue.services.badges.normalize_scanned_code. */
export function normalizeCode(text) {
  let result = "";
  for (const character of (text || "").replace(/\s+/g, "")) {
    let index = RUSSIAN_KEYS.indexOf(character);
    if (index < 0) {
      index = RUSSIAN_KEYS.toLowerCase().indexOf(character);
    }
    result += index >= 0 ? QWERTY_KEYS[index] : character;
  }
  return result.toUpperCase();
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (match, name) =>
    name in values ? String(values[name]) : match
  );
}

/* Italian elides the article before the 8th and the 11th, "l’8 marzo", "fino all’11 aprile",
   where the catalogue writes "il %(date)s" for any day: core.text.italian_elision's rule. */
const ITALIAN_MONTHS =
  "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre";
const WORD_EDGE_BEFORE = "(?<![\\p{L}\\p{N}_])";
const WORD_EDGE_AFTER = "(?![\\p{L}\\p{N}_])";
const ITALIAN_ELISION = new RegExp(
  `${WORD_EDGE_BEFORE}(il|Il|dal|Dal|al|Al|del|Del|nel|Nel|sul|Sul) ` +
    `((?:8|11)[ \u00a0](?:${ITALIAN_MONTHS})${WORD_EDGE_AFTER})`,
  "gu"
);
const ELIDED = { il: "l’", dal: "dall’", al: "all’", del: "dell’", nel: "nell’", sul: "sull’" };

export function italianElision(text) {
  return text.replace(ITALIAN_ELISION, (match, article, date) => {
    const elided = ELIDED[article.toLowerCase()];
    const capital = article[0] === article[0].toUpperCase();
    return (capital ? elided[0].toUpperCase() + elided.slice(1) : elided) + date;
  });
}

function randomId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function startDesk() {
  const texts = panel.dataset;
  const session = texts.session;
  const keys = {
    device: "taskforce.desk.device",
    list: `taskforce.desk.${session}.list`,
    queue: `taskforce.desk.${session}.queue`,
    synced: `taskforce.desk.${session}.synced`,
    counts: `taskforce.desk.${session}.counts`,
  };
  const scanForm = document.getElementById("scan-form");
  const codeInput = document.getElementById("scan-code");
  const result = document.getElementById("desk-result");
  const network = document.getElementById("desk-network");
  const queueStatus = document.getElementById("desk-queue");
  const listStatus = document.getElementById("desk-list-status");
  const syncedList = document.getElementById("desk-synced");
  const problem = document.getElementById("desk-problem");
  const csrfToken = scanForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  const language = document.documentElement.lang || undefined;

  function read(key, fallback) {
    try {
      const value = JSON.parse(localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }

  let device = localStorage.getItem(keys.device);
  if (!device) {
    device = randomId();
    localStorage.setItem(keys.device, device);
  }
  let list = read(keys.list, null);
  let queue = read(keys.queue, []);
  let synced = read(keys.synced, []);
  let index = new Map();
  let unreachable = false;
  let syncing = false;
  let hmacKey = null;

  function time(iso) {
    const options = { hour: "2-digit", minute: "2-digit" };
    try {
      return new Date(iso).toLocaleTimeString(language, { ...options, timeZone: texts.timeZone });
    } catch (error) {
      return new Date(iso).toLocaleTimeString(language, options);
    }
  }

  /* A sentence with a date in it, as the desk's language writes it. */
  function written(text) {
    return (language || "").split("-")[0] === "it" ? italianElision(text) : text;
  }

  function day(iso) {
    const options = { day: "numeric", month: "long" };
    try {
      return new Date(iso).toLocaleDateString(language, { ...options, timeZone: texts.timeZone });
    } catch (error) {
      return new Date(iso).toLocaleDateString(language, options);
    }
  }

  function isCheckInDay(moment) {
    // Lists downloaded before the check-in days were sent carry no bounds.
    if (!list.check_in_opens || !list.check_in_closes) {
      return true;
    }
    return new Date(list.check_in_opens) <= moment && moment < new Date(list.check_in_closes);
  }

  function isExpired() {
    return list !== null && new Date(list.expires_at) <= new Date();
  }

  async function digest(code) {
    const encoder = new TextEncoder();
    if (!hmacKey || hmacKey.salt !== list.salt) {
      const key = await crypto.subtle.importKey(
        "raw",
        encoder.encode(list.salt),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"]
      );
      hmacKey = { salt: list.salt, key };
    }
    const signature = await crypto.subtle.sign("HMAC", hmacKey.key, encoder.encode(code));
    return Array.from(new Uint8Array(signature), (byte) => byte.toString(16).padStart(2, "0")).join(
      ""
    );
  }

  async function useList(data) {
    list = data;
    index = new Map(list.entries.map((entry) => [entry.digest, entry]));
    // Check-ins made here and not sent yet stay checked in on the new list.
    for (const item of queue) {
      const entry = index.get(await digest(item.code));
      if (entry && !entry.checked_in_at) {
        entry.checked_in_at = item.scanned_at;
      }
    }
  }

  function forgetList() {
    list = null;
    index = new Map();
    localStorage.removeItem(keys.list);
  }

  function isOnline() {
    return navigator.onLine && !unreachable;
  }

  function render() {
    const online = isOnline();
    panel.dataset.network = online ? "online" : "offline";
    network.textContent = online ? texts.textOnline : texts.textOffline;
    network.className = `desk-network desk-network-${online ? "online" : "offline"}`;
    queueStatus.textContent = String(queue.length);
    queueStatus.dataset.count = String(queue.length);
    if (list === null) {
      panel.dataset.listState = "none";
      listStatus.textContent = texts.textListNone;
    } else if (isExpired()) {
      panel.dataset.listState = "expired";
      listStatus.textContent = texts.textListExpired;
    } else {
      panel.dataset.listState = "ready";
      const when = written(
        format(texts.textListReady, {
          date: day(list.issued_at),
          time: time(list.issued_at),
          expires_date: day(list.expires_at),
          expires_time: time(list.expires_at),
        })
      );
      listStatus.textContent = `${texts.textListCount} ${list.entries.length}. ${when}`;
    }
    syncedList.replaceChildren(
      ...synced.map((item) => {
        const row = document.createElement("li");
        row.className = `desk-synced-item desk-synced-${item.outcome}`;
        row.dataset.outcome = item.outcome;
        row.dataset.scan = item.scan_id;
        row.textContent = item.name ? `${item.name}: ${item.message}` : item.message;
        return row;
      })
    );
  }

  function showCard(outcome, level, symbol, message, entry) {
    const card = document.createElement("article");
    card.className = `desk-card desk-card-${level}`;
    card.dataset.outcome = outcome;
    const head = document.createElement("div");
    head.className = "desk-card-outcome";
    const mark = document.createElement("span");
    mark.className = "desk-card-symbol";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = symbol;
    const text = document.createElement("span");
    text.className = "desk-card-message";
    text.textContent = message;
    head.append(mark, text);
    card.append(head);
    if (entry) {
      const person = document.createElement("div");
      person.className = "desk-card-person";
      const lines = [
        ["desk-card-name", entry.name],
        ["desk-card-name-native", entry.name_other_script],
        ["desk-card-organization", entry.organization],
        ["desk-card-organization", entry.delegation],
      ];
      for (const [className, value] of lines) {
        if (value) {
          const line = document.createElement("div");
          line.className = className;
          line.textContent = value;
          person.append(line);
        }
      }
      card.append(person);
    }
    result.replaceChildren(card);
  }

  // The counts on screen, kept so that the desk page loaded from the cache shows the latest.
  function saveCounts() {
    const counts = {};
    for (const element of desk.querySelectorAll("[data-count]")) {
      counts[element.dataset.count] = element.textContent;
    }
    write(keys.counts, counts);
  }

  function restoreCounts() {
    for (const [key, value] of Object.entries(read(keys.counts, {}))) {
      const element = desk.querySelector(`[data-count="${key}"]`);
      if (element) {
        element.textContent = value;
      }
    }
  }

  function countArrival(entry) {
    for (const key of ["arrived", `${entry.delegation_code}-arrived`]) {
      const element = desk.querySelector(`[data-count="${key}"]`);
      if (element) {
        element.textContent = String(Number(element.textContent) + 1);
      }
    }
    saveCounts();
  }

  function updateCounts(counts) {
    if (!counts) {
      return;
    }
    const values = { arrived: counts.arrived, expected: counts.expected };
    for (const row of counts.delegations) {
      values[`${row.code}-arrived`] = row.arrived;
      values[`${row.code}-expected`] = row.expected;
    }
    for (const [key, value] of Object.entries(values)) {
      const element = desk.querySelector(`[data-count="${key}"]`);
      if (element) {
        element.textContent = String(value);
      }
    }
    saveCounts();
  }

  async function scanOffline(rawCode) {
    const code = normalizeCode(rawCode);
    if (!code) {
      return;
    }
    if (list !== null && isExpired()) {
      forgetList();
      render();
      showCard("expired", "danger", "✖", texts.textListExpired);
      return;
    }
    if (list === null) {
      showCard("no_list", "danger", "✖", texts.textNoList);
      return;
    }
    const entry = index.get(await digest(code));
    if (!entry) {
      showCard("unknown", "danger", "?", texts.textUnknown);
      return;
    }
    if (entry.checked_in_at) {
      const message = format(texts.textAlready, { time: time(entry.checked_in_at) });
      showCard("already_checked_in", "warning", "↺", message, entry);
      return;
    }
    if (!isCheckInDay(new Date())) {
      showCard("outside_dates", "danger", "✖", texts.textOutsideDates, entry);
      return;
    }
    const now = new Date().toISOString();
    entry.checked_in_at = now;
    queue.push({ id: randomId(), code, scanned_at: now });
    write(keys.queue, queue);
    write(keys.list, list);
    countArrival(entry);
    showCard("queued", "success", "✔", format(texts.textQueued, { time: time(now) }), entry);
    render();
  }

  async function downloadList() {
    if (!navigator.onLine) {
      return;
    }
    try {
      const response = await fetch(texts.listUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (!response.ok || response.redirected) {
        throw new Error(String(response.status));
      }
      const data = await response.json();
      await useList(data);
      write(keys.list, list);
      unreachable = false;
      problem.textContent = "";
    } catch (error) {
      if (error instanceof TypeError) {
        unreachable = true;
      } else {
        problem.textContent = texts.textListFailed;
      }
    }
    render();
  }

  function remember(items) {
    synced = items.concat(synced).slice(0, SYNCED_KEPT);
    write(keys.synced, synced);
  }

  async function sync() {
    if (syncing || !navigator.onLine) {
      return;
    }
    syncing = true;
    const batch = queue.slice(0, BATCH);
    try {
      const response = await fetch(texts.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken,
        },
        body: JSON.stringify({ device, scans: batch }),
      });
      unreachable = response.status >= 502 && response.status <= 504;
      if (response.redirected || response.status === 403) {
        // Signed out meanwhile: the queue stays until someone signs in again.
        problem.textContent = texts.textSignIn;
        return;
      }
      if (response.status === 400) {
        problem.textContent = (await response.json()).error;
        return;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const data = await response.json();
      problem.textContent = "";
      const answered = new Set(data.results.map((item) => item.scan_id));
      queue = read(keys.queue, []).filter((item) => !answered.has(item.id));
      write(keys.queue, queue);
      if (data.results.length || data.revisions.length) {
        remember(data.revisions.concat(data.results.slice().reverse()));
        panel.querySelector(".desk-synced-details").open = true;
      }
      updateCounts(data.counts);
    } catch (error) {
      if (error instanceof TypeError) {
        unreachable = true;
      } else if (batch.length) {
        problem.textContent = texts.textSyncFailed;
      }
    } finally {
      syncing = false;
      render();
    }
  }

  async function start() {
    if (list !== null && String(list.user) !== texts.user) {
      forgetList(); // another account's list
    }
    if (list !== null) {
      await useList(list);
    }
    if (navigator.onLine) {
      saveCounts();
    } else {
      restoreCounts(); // this page came from the cache
    }
    render();
    await sync();
    await downloadList();
  }

  // Offline, the scan form is answered here, before desk.js would post it.
  desk.addEventListener(
    "submit",
    (event) => {
      if (event.target !== scanForm || isOnline()) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      const code = codeInput.value;
      codeInput.value = "";
      codeInput.focus();
      scanOffline(code);
    },
    true
  );

  // Online but the server did not answer a scan (desk.js): the list answers instead.
  desk.addEventListener("desk:unreachable", (event) => {
    event.preventDefault();
    unreachable = true;
    render();
    scanOffline(event.detail.code);
  });

  // A badge checked in online is checked in on the list too, should the network drop.
  desk.addEventListener("desk:answer", async (event) => {
    const { code, outcome } = event.detail;
    saveCounts(); // desk.js has shown the server's counts
    if (list === null || !["ok", "already_checked_in"].includes(outcome)) {
      return;
    }
    const entry = index.get(await digest(normalizeCode(code)));
    if (entry && !entry.checked_in_at) {
      entry.checked_in_at = new Date().toISOString();
      write(keys.list, list);
    }
  });

  window.addEventListener("online", () => {
    unreachable = false;
    render();
    sync().then(downloadList);
  });
  window.addEventListener("offline", render);
  document.getElementById("desk-sync-now").addEventListener("click", () => {
    unreachable = false;
    sync();
  });
  document.getElementById("desk-list-download").addEventListener("click", downloadList);
  // Another tab of this desk changed the queue or the list.
  window.addEventListener("storage", (event) => {
    if (event.key === keys.queue) {
      queue = read(keys.queue, []);
      render();
    }
  });

  let ticks = 0;
  setInterval(() => {
    ticks += 1;
    if (queue.length || ticks % 3 === 0) {
      sync();
    }
    if (list === null || Date.now() - new Date(list.issued_at) > LIST_REFRESH_MS) {
      downloadList();
    }
  }, SYNC_EVERY_MS);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(texts.swUrl).catch(() => undefined);
  }
  start();
}

if (desk && panel) {
  startDesk();
}
