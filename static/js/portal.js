/* Behaviour shared by every public page (loaded by templates/base.html; no inline script, so
   that the strict Content Security Policy holds). */
(function () {
  "use strict";

  /* A form sent back with errors: move the focus to its error summary, so that a screen reader
     announces it and a keyboard user starts from the list of what to correct. */
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  /* A table wider than the screen scrolls sideways inside its .table-responsive wrapper: make
     that region reachable and scrollable with the keyboard, named after the table's caption. */
  function makeScrollingTablesFocusable() {
    var wrappers = document.querySelectorAll(".table-responsive");
    Array.prototype.forEach.call(wrappers, function (wrapper, index) {
      if (wrapper.scrollWidth <= wrapper.clientWidth || wrapper.hasAttribute("tabindex")) {
        return;
      }
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      var caption = wrapper.querySelector("caption");
      if (caption) {
        caption.id = caption.id || "scrolling-table-caption-" + index;
        wrapper.setAttribute("aria-labelledby", caption.id);
      } else {
        wrapper.setAttribute("aria-label", document.title);
      }
    });
  }

  function start() {
    focusErrorSummary();
    makeScrollingTablesFocusable();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
