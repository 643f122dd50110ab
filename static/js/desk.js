/* Check-in desk: scans go to the server in one round trip and the answer replaces the result
   card; the page works without this script too (plain form posts). */
(function () {
  "use strict";

  var desk = document.getElementById("desk");
  if (!desk) {
    return;
  }
  var scanForm = document.getElementById("scan-form");
  var codeInput = document.getElementById("scan-code");
  var result = document.getElementById("desk-result");
  var searchForm = document.getElementById("search-form");
  var searchInput = document.getElementById("search-q");
  var searchResults = document.getElementById("search-results");
  var cameraButton = document.getElementById("camera-button");
  var cameraStatus = document.getElementById("camera-status");
  var video = document.getElementById("camera-video");
  var csrfToken = scanForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var latestRequest = 0;

  function updateCounts(counts) {
    if (!counts) {
      return;
    }
    var values = { arrived: counts.arrived, expected: counts.expected };
    counts.delegations.forEach(function (row) {
      values[row.code + "-arrived"] = row.arrived;
      values[row.code + "-expected"] = row.expected;
    });
    Object.keys(values).forEach(function (key) {
      var element = desk.querySelector('[data-count="' + key + '"]');
      if (element) {
        element.textContent = values[key];
      }
    });
  }

  function showError(message) {
    var card = document.createElement("article");
    card.className = "desk-card desk-card-danger";
    card.setAttribute("data-outcome", "error");
    var text = document.createElement("div");
    text.className = "desk-card-message";
    text.textContent = message;
    card.appendChild(text);
    result.replaceChildren(card);
  }

  function post(url, body, code) {
    var requestNumber = ++latestRequest;
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          var failure = new Error(String(response.status));
          // A gateway with no server behind it (502, 503, 504) is as good as no network.
          failure.unreachable = response.status >= 502 && response.status <= 504;
          throw failure;
        }
        return response.json();
      })
      .then(function (data) {
        // Only the latest scan's answer is shown when several cross on the network.
        if (requestNumber === latestRequest) {
          result.innerHTML = data.card_html;
        }
        updateCounts(data.counts);
        if (code) {
          // The offline list (desk_offline.js) learns of check-ins made online.
          desk.dispatchEvent(
            new CustomEvent("desk:answer", { detail: { code: code, outcome: data.outcome } })
          );
        }
        return data;
      })
      .catch(function (error) {
        // No answer to a scan: the offline list (desk_offline.js) may answer instead.
        var unreachable = new CustomEvent("desk:unreachable", {
          detail: { code: code },
          cancelable: true,
        });
        var noAnswer = error instanceof TypeError || error.unreachable;
        if (code && noAnswer && !desk.dispatchEvent(unreachable)) {
          return;
        }
        if (requestNumber === latestRequest) {
          showError(desk.dataset.networkError);
        }
      });
  }

  function submitCode(code) {
    code = code.trim();
    if (!code) {
      return;
    }
    var body = new FormData();
    body.append("code", code);
    post(desk.dataset.scanUrl, body, code).then(refreshSearch);
  }

  scanForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value;
    codeInput.value = "";
    codeInput.focus();
    submitCode(code);
  });

  // Check-in and undo buttons, in the result card and in the search results.
  desk.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("desk-action")) {
      return;
    }
    event.preventDefault();
    post(form.action, new FormData(form)).then(function () {
      refreshSearch();
      codeInput.focus();
    });
  });

  function refreshSearch() {
    var query = searchInput.value.trim();
    if (!query) {
      searchResults.replaceChildren();
      return;
    }
    var url = desk.dataset.searchUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        if (searchInput.value.trim() === query) {
          searchResults.innerHTML = html;
        }
      })
      .catch(function () {});
  }

  var searchTimer = null;
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    refreshSearch();
  });
  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(refreshSearch, 300);
  });

  // Other desks check people in too: keep the counts live.
  setInterval(function () {
    fetch(desk.dataset.countsUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(updateCounts)
      .catch(function () {});
  }, 15000);

  // The device camera, where the browser can read QR codes by itself.
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    cameraButton.hidden = false;
    var detector = null;
    var stream = null;
    var lastCode = "";
    var lastTime = 0;

    function stopCamera() {
      if (stream) {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
      }
      stream = null;
      video.hidden = true;
      cameraStatus.textContent = "";
    }

    function detect() {
      if (!stream) {
        return;
      }
      detector
        .detect(video)
        .then(function (codes) {
          var now = Date.now();
          if (codes.length) {
            var code = codes[0].rawValue;
            // The same badge stays in front of the camera: read it once every few seconds.
            if (code !== lastCode || now - lastTime > 4000) {
              lastCode = code;
              lastTime = now;
              submitCode(code);
            }
          }
        })
        .catch(function () {})
        .then(function () {
          setTimeout(detect, 250);
        });
    }

    cameraButton.addEventListener("click", function () {
      if (stream) {
        stopCamera();
        return;
      }
      try {
        detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) {
        cameraStatus.textContent = desk.dataset.cameraError;
        return;
      }
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (mediaStream) {
          stream = mediaStream;
          video.srcObject = stream;
          video.hidden = false;
          return video.play();
        })
        .then(detect)
        .catch(function () {
          stopCamera();
          cameraStatus.textContent = desk.dataset.cameraError;
        });
    });
  }
})();
