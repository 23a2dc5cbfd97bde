// Sortable statistics tables (progressive enhancement): each column heading of a table marked
// data-sortable becomes a button; choosing it sorts the rows by that column (numbers by their
// leading number, names alphabetically in the page's language), first descending
// for figures and ascending for names, then the other way. The heading carries aria-sort, and a
// polite live region says what happened. Withheld rows stay at the bottom. Without this script
// the tables read in their default order (the ranking).
const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });

// A figure's cell starts with its number ("61 % (59-63)", "3,6 (45)", "12"); a dash (no figure)
// sorts below every number. Row headers (names, months) sort as text.
function sortKey(cell) {
  const text = cell ? cell.textContent.trim() : "";
  if (!cell || cell.tagName === "TH") { return text; }
  const number = parseFloat(text.replace(",", "."));
  return Number.isNaN(number) ? -Infinity : number;
}

function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") { return a - b; }
  return collator.compare(String(a), String(b));
}

// The live region exists before anything is said in it, so screen readers announce the change.
function statusFor(table) {
  const status = document.createElement("p");
  status.className = "govuk-visually-hidden stats-sort-status";
  status.setAttribute("role", "status");
  table.parentElement.after(status);
  return status;
}

function sortBy(table, status, index, direction) {
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const withheld = rows.filter((row) => row.hasAttribute("data-withheld"));
  const figures = rows.filter((row) => !row.hasAttribute("data-withheld"));
  figures.sort((x, y) => {
    const order = compare(sortKey(x.cells[index]), sortKey(y.cells[index]));
    return direction === "ascending" ? order : -order;
  });
  body.append(...figures, ...withheld);
  table.querySelectorAll("thead th").forEach((th, i) => {
    if (i === index) { th.setAttribute("aria-sort", direction); } else { th.removeAttribute("aria-sort"); }
  });
  const heading = table.querySelectorAll("thead th")[index].textContent.trim();
  const template = table.getAttribute(direction === "ascending" ? "data-sorted-ascending" : "data-sorted-descending");
  status.textContent = (template || "{column}").replace("{column}", heading);
}

document.querySelectorAll("table[data-sortable]").forEach((table) => {
  const status = statusFor(table);
  table.querySelectorAll("thead th").forEach((th, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "stats-sort";
    button.textContent = th.textContent.trim();
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", () => {
      const current = th.getAttribute("aria-sort");
      const first = index === 0 ? "ascending" : "descending";
      const direction = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
      sortBy(table, status, index, direction);
    });
  });
});
