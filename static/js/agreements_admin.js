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

  function renumber(group) {
    sections(group).forEach((section, index) => {
      const input = section.querySelector("input[name$='-position']");
      if (input) { input.value = String(index + 1); }
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
      if (group.contains(event.target)) { addButtons(group, event.target); renumber(group); }
    });
  });
})();
