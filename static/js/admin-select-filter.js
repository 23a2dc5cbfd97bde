/* A search box over a long <select> (the redirect's competent agency): typing narrows the list
   to the options whose names contain every typed word. Without JavaScript the select works as
   it is; with it the box is labelled, and a polite live region says how many agencies match. */
(function () {
  "use strict";
  function words(text) {
    return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }
  function enhance(select) {
    var id = select.id + "-search";
    var wrap = document.createElement("div");
    wrap.className = "dialog-select-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = select.dataset.filterLabel || "Search";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    select.parentNode.insertBefore(wrap, select);
    var template = select.dataset.filterCount || "%(n)s";
    input.addEventListener("input", function () {
      var wanted = words(input.value);
      var shown = 0;
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        if (!option.value) { return; }
        var text = option.textContent.toLocaleLowerCase();
        var match = wanted.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        option.disabled = !match;
        if (match) { shown += 1; if (!first) { first = option; } }
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (wanted.length && first && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        select.value = "";
      }
      if (wanted.length && shown === 1 && first) { select.value = first.value; }
      status.textContent = wanted.length ? template.replace("%(n)s", String(shown)) : "";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-filter-label]").forEach(enhance);
  });
})();
