/* Protocol sections in the admin: move a section up or down, then renumber the positions
   in the order shown, so that saving keeps the order the editor sees. */
"use strict";
(function () {
  const LABELS = {
    it: ["Sposta su", "Sposta giù"],
    ru: ["Переместить вверх", "Переместить вниз"],
    en: ["Move up", "Move down"],
  };
  function sections(group) {
    return Array.from(group.querySelectorAll(":scope .inline-related"))
      .filter((node) => !node.classList.contains("empty-form") && node.id.indexOf("__prefix__") === -1);
  }

  function isUntouchedNewRow(section) {
    // Django ignores an added row left as it was; numbering it would make it "changed".
    const id = section.querySelector("input[name$='-id']");
    if (id && id.value) { return false; }
    return Array.from(section.querySelectorAll("input[type='text'], textarea"))
      .every((field) => !field.value.trim());
  }

  function renumber(group) {
    let position = 0;
    sections(group).forEach((section) => {
      const input = section.querySelector("input[name$='-position']");
      if (!input || isUntouchedNewRow(section)) { return; }
      position += 1;
      input.value = String(position);
    });
  }

  function addButtons(group, section) {
    const title = section.querySelector("h3");
    if (!title || title.querySelector(".protocol-section-move")) { return; }
    const box = document.createElement("span");
    box.className = "protocol-section-move";
    const labels = LABELS[document.documentElement.lang.slice(0, 2)] || LABELS.en;
    [["up", "\u2191", labels[0]], ["down", "\u2193", labels[1]]]
      .forEach(([direction, symbol, label]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = symbol;
        button.setAttribute("aria-label", label);
        button.title = label;
        button.addEventListener("click", () => {
          const list = sections(group);
          const index = list.indexOf(section);
          const target = direction === "up" ? list[index - 1] : list[index + 1];
          if (!target) { return; }
          if (direction === "up") { target.before(section); } else { target.after(section); }
          renumber(group);
          button.focus();
        });
        box.appendChild(button);
      });
    title.appendChild(box);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const group = document.getElementById("sections-group");
    if (!group || !group.querySelector("input[name$='-position']")) { return; }
    sections(group).forEach((section) => addButtons(group, section));
    document.addEventListener("formset:added", (event) => {
      if (group.contains(event.target)) { addButtons(group, event.target); }
    });
    const form = group.closest("form");
    if (form) {
      // On saving, keep the order the editor chose (arrows or typed positions); sections
      // added without a position go last, in the order shown.
      form.addEventListener("submit", () => {
        const rows = sections(group).filter((section) => !isUntouchedNewRow(section));
        const keyed = rows.map((section, index) => {
          const input = section.querySelector("input[name$='-position']");
          const typed = parseInt(input && input.value, 10);
          return { input, index, key: typed > 0 ? typed : Number.MAX_SAFE_INTEGER };
        });
        keyed.sort((a, b) => a.key - b.key || a.index - b.index);
        keyed.forEach((row, position) => { if (row.input) { row.input.value = String(position + 1); } });
      });
    }
  });
})();
