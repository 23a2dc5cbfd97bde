// The API docs page: Swagger UI draws its widgets without some of what assistive technology
// needs, and redraws them as the reader opens operations. After every redraw this names each
// unlabelled parameter field after its parameter, lets keyboards reach scrollable examples, puts
// the title under our h1 and the information block in a named region. Nothing here changes what
// the widgets do.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) { return; }

  function nameFields() {
    root.querySelectorAll("tr[data-param-name]").forEach(function (row) {
      row.querySelectorAll("select, input, textarea").forEach(function (field) {
        if (!field.id && !field.getAttribute("aria-label")) {
          field.setAttribute("aria-label", row.getAttribute("data-param-name"));
        }
      });
    });
    root.querySelectorAll("select, input, textarea").forEach(function (field) {
      if (!field.labels || field.labels.length || field.getAttribute("aria-label")) { return; }
      var hint = field.getAttribute("placeholder") || field.className || field.tagName;
      field.setAttribute("aria-label", hint.replace(/-/g, " "));
    });
  }

  function reachScrollables() {
    root.querySelectorAll("pre, .highlight-code, .table-container, .responses-inner").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    });
  }

  function structure() {
    var title = root.querySelector(".information-container .title");
    if (title && title.getAttribute("aria-level") !== "2") {
      title.setAttribute("role", "heading");
      title.setAttribute("aria-level", "2");
      title.id = "api-docs-title";
    }
    var info = root.querySelector(".information-container");
    if (info && !info.getAttribute("role")) {
      info.setAttribute("role", "region");
      info.setAttribute("aria-labelledby", "api-docs-title");
    }
    var schemes = root.querySelector(".scheme-container");
    if (schemes && !schemes.getAttribute("role")) {
      schemes.setAttribute("role", "region");
      schemes.setAttribute("aria-label", document.documentElement.getAttribute("data-auth-label") || "Authorize");
    }
    var models = root.querySelector("section.models");
    if (models && !models.getAttribute("role")) {
      models.setAttribute("role", "region");
      models.setAttribute("aria-label", document.documentElement.getAttribute("data-schemas-label") || "Schemas");
    }
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      structure();
      nameFields();
      reachScrollables();
    });
  }).observe(root, { childList: true, subtree: true });
})();
