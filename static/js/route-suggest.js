// Routing help as you type: while the citizen describes the problem, the list of suggested
// bodies below the form is refreshed from GET /api/v1/agencies/suggest/. Without this script
// the form is submitted and the server renders the same list (submit and suggest).
const results = document.getElementById("route-results");
const form = document.querySelector("form[data-module='dialog-route']");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fileLink(slug, region) {
  const query = new URLSearchParams({ agency: slug, region: region });
  return results.dataset.file + "?" + query.toString();
}

function render(data, region) {
  const heading = element("h2", "govuk-heading-m", results.dataset.heading);
  const parts = [heading];
  if (data.results.length) {
    const list = element("ol", "govuk-list govuk-list--number dialog-route-list");
    for (const suggestion of data.results) {
      const item = element("li");
      const link = element("a", "govuk-link govuk-!-font-weight-bold", suggestion.agency.name);
      link.href = fileLink(suggestion.agency.slug, region);
      item.append(link, element("p", "govuk-body-s govuk-!-margin-bottom-3", suggestion.reason));
      list.append(item);
    }
    parts.push(list);
  } else {
    parts.push(element("p", "govuk-body", results.dataset.none));
  }
  if (data.fallback) {
    const name = data.fallback.agency.name;
    const button = element("a", "govuk-button govuk-button--secondary", results.dataset.unknownLink.replace("%{name}", name));
    button.href = fileLink(data.fallback.agency.slug, region);
    parts.push(element("h2", "govuk-heading-m", results.dataset.unknown), element("p", "govuk-body", data.fallback.reason), button);
  }
  results.replaceChildren(...parts);
}

let timer = null;
let latest = 0;

async function refresh() {
  const text = form.elements.q.value.trim();
  const topic = form.elements.topic.value;
  const region = form.elements.region.value;
  if (!region || (text.length < 3 && !topic)) return;
  const query = new URLSearchParams({ q: text, region: region, lang: results.dataset.lang });
  if (topic) query.set("topic", topic);
  const ticket = ++latest;
  try {
    const response = await fetch(results.dataset.api + "?" + query.toString(), { headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== latest) return; // errors are shown when the form is sent
    render(await response.json(), region);
  } catch (error) {
    // Offline or refused: the submit button still asks the server.
  }
}

function later() {
  window.clearTimeout(timer);
  timer = window.setTimeout(refresh, 500);
}

if (results && form) {
  form.elements.q.addEventListener("input", later);
  form.elements.topic.addEventListener("change", refresh);
  form.elements.region.addEventListener("change", refresh);
}
