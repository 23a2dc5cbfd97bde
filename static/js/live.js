// Live session page: poll the public answers fragment (ETag, 304 when nothing changed) and put
// new answers in place without a reload, announcing them politely. Without this script the page
// works as it is: reload it to see new answers.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-fragment]");
  var announcer = document.getElementById("live-announcer");
  if (!box || !announcer || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-live-fragment");
  var etag = box.getAttribute("data-etag");
  var interval = Math.max(2, parseInt(box.getAttribute("data-interval"), 10) || 5) * 1000;

  function answerCount() {
    return box.querySelectorAll("[data-live-answer]").length;
  }

  function ended() {
    var fragment = box.querySelector("[data-state]");
    return fragment !== null && fragment.getAttribute("data-state") === "ended";
  }

  function announce(added) {
    var text = added === 1 ? announcer.getAttribute("data-one") : announcer.getAttribute("data-many").replace("{n}", String(added));
    announcer.textContent = text;
  }

  function poll() {
    var headers = {};
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(url, { headers: headers, credentials: "omit", cache: "no-cache" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        etag = response.headers.get("ETag") || etag;
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var before = answerCount();
        box.innerHTML = html;
        var added = answerCount() - before;
        // An answered question leaves the list of those waiting (it is now above, answered).
        box.querySelectorAll("[data-live-answer]").forEach(function (item) {
          var waiting = document.getElementById("question-" + item.getAttribute("data-live-answer"));
          if (waiting) {
            waiting.remove();
          }
        });
        if (added > 0) {
          announce(added);
        }
      })
      .catch(function () {
        // The network is down for a moment: try again at the next tick.
      })
      .then(function () {
        if (!ended()) {
          window.setTimeout(poll, interval);
        }
      });
  }

  if (!ended()) {
    window.setTimeout(poll, interval);
  }
})();
