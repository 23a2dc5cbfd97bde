// The answer box saves itself as the officer types: a POST of the box to the appeal's draft
// address (with the page's CSRF token) a moment after the last key. Without JavaScript the
// "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.dialog-answer-form[data-draft-url]");
  if (!form) return;
  var text = form.querySelector("textarea[name='answer-text']");
  var status = document.getElementById("answer-draft-status");
  var timer = null;
  var lastSaved = text ? text.value : "";

  function save() {
    if (!text || text.value === lastSaved) return;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("input[name='csrfmiddlewaretoken']").value);
    body.append("answer-text", text.value);
    var language = form.querySelector("select[name='answer-language']");
    if (language) body.append("answer-language", language.value);
    var sent = text.value;
    fetch(form.dataset.draftUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        if (result[0]) lastSaved = sent;
        if (status) status.textContent = result[1].detail || "";
      })
      .catch(function () { /* offline: the next keystroke tries again */ });
  }

  if (text) {
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
  }
})();
