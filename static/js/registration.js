/* Registration form: Latin spelling proposed from a Cyrillic name (computed by the server,
   ICAO Doc 9303) and organization search as you type. Works without it, too: the server
   fills empty Latin fields itself. */
(function () {
  "use strict";

  var form = document.querySelector("form.registration-form");
  if (!form) {
    return;
  }

  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function getJSON(url, params) {
    var query = new URLSearchParams(params).toString();
    return fetch(url + "?" + query, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  var CYRILLIC = /[\u0400-\u04FF]/;
  var transliterateUrl = form.dataset.transliterateUrl;
  var note = document.getElementById("transliteration-note");

  form.querySelectorAll("[data-transliterate-to]").forEach(function (source) {
    var target = document.getElementById(source.dataset.transliterateTo);
    if (!target || !transliterateUrl) {
      return;
    }
    var propose = debounce(function () {
      var text = source.value.trim();
      // Never overwrite what the delegate typed: only an empty field or our own proposal.
      var untouched = target.value === "" || target.value === target.dataset.proposed;
      if (!untouched || !CYRILLIC.test(text)) {
        return;
      }
      getJSON(transliterateUrl, { text: text }).then(function (data) {
        var stillUntouched = target.value === "" || target.value === target.dataset.proposed;
        if (stillUntouched && data.latin) {
          target.value = data.latin;
          target.dataset.proposed = data.latin;
          if (note) {
            note.textContent = form.dataset.proposalText || "";
          }
        }
      }).catch(function () { /* the server fills the field on submit */ });
    }, 250);
    source.addEventListener("input", propose);
    source.addEventListener("change", propose);
  });

  var organization = form.querySelector("[data-search-url]");
  var options = document.getElementById("organization-options");
  if (organization && options) {
    var known = {};
    var cyrillicField = document.getElementById("id_organization_name_cyrillic");
    var search = debounce(function () {
      var text = organization.value.trim();
      if (text.length < 2) {
        return;
      }
      var delegation = form.querySelector("input[name=delegation]:checked");
      var params = { q: text };
      if (delegation) {
        params.country = delegation.value;
      }
      getJSON(organization.dataset.searchUrl, params).then(function (data) {
        options.replaceChildren();
        known = {};
        data.results.forEach(function (result) {
          var option = document.createElement("option");
          option.value = result.name;
          if (result.name_cyrillic) {
            option.label = result.name_cyrillic;
          }
          options.appendChild(option);
          known[result.name] = result;
        });
      }).catch(function () { /* typing a new organization still works */ });
    }, 200);
    organization.addEventListener("input", search);
    organization.addEventListener("change", function () {
      var chosen = known[organization.value];
      if (chosen && cyrillicField && !cyrillicField.value && chosen.name_cyrillic) {
        cyrillicField.value = chosen.name_cyrillic;
      }
    });
  }

  /* Editing: the details of the registration's organization are shown as recorded, locked;
     naming another organization unlocks them (without JavaScript the server does, on the
     submission that names it). */
  var locked = form.querySelectorAll('[data-organization-detail="locked"]');
  var lockNote = document.getElementById("organization-details-note");
  var names = [organization, document.getElementById("id_organization_name_cyrillic")];
  function unlockIfRenamed() {
    var renamed = names.some(function (field) {
      return field && field.value.trim() !== field.defaultValue.trim();
    });
    if (!renamed) {
      return;
    }
    locked.forEach(function (field) { field.disabled = false; });
    if (lockNote) {
      lockNote.hidden = true;
    }
  }
  if (locked.length) {
    names.forEach(function (field) {
      if (field) {
        field.addEventListener("input", unlockIfRenamed);
      }
    });
  }
})();

/* Questions of the organizers asked of one delegation only: shown when that delegation is
   chosen. Without JavaScript every question shows, marked by the server's check. */
(function () {
  "use strict";

  var form = document.querySelector("form.registration-form");
  if (!form) {
    return;
  }
  var questions = form.querySelectorAll(".registration-question[data-delegation]");
  if (!questions.length) {
    return;
  }

  function chosenDelegation() {
    var checked = form.querySelector('input[name="delegation"]:checked');
    return checked ? checked.value : "";
  }

  function update() {
    var delegation = chosenDelegation();
    questions.forEach(function (question) {
      var asked = question.dataset.delegation;
      question.hidden = asked !== "all" && delegation !== "" && asked !== delegation;
    });
  }

  form.querySelectorAll('input[name="delegation"]').forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
