// The appeal form, improved: a filter box that narrows the long list of addressees, a
// warning when more files are chosen than may be attached, and published appeals like the one
// being typed, fetched as the citizen writes. The form works without it (the "look for
// similar" button sends the form and the page comes back with the same list).
// (The character count is GOV.UK Frontend's component, started by dialog.js.)

function normalise(text) {
  return text.toLocaleLowerCase().replace(/\s+/g, " ").trim();
}

function setUpAddresseeFilter(group) {
  const box = group.querySelector("[data-filter-for]");
  if (!box) return;
  const select = document.getElementById(box.dataset.filterFor);
  const input = box.querySelector("input");
  const status = box.querySelector("[aria-live]");
  if (!select || !input || !status) return;
  box.hidden = false;

  const options = Array.from(select.querySelectorAll("option")).filter((option) => option.value);
  const labels = new Map(options.map((option) => [option, normalise(option.textContent)]));

  function apply() {
    const words = normalise(input.value).split(" ").filter(Boolean);
    let shown = 0;
    for (const option of options) {
      const text = labels.get(option);
      const match = option.selected || words.every((word) => text.includes(word));
      option.hidden = !match;
      option.disabled = !match;
      if (match) shown += 1;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = !Array.from(group.children).some((option) => !option.hidden);
    }
    if (!words.length) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = status.dataset.none;
    } else if (shown === 1) {
      status.textContent = status.dataset.one;
    } else {
      status.textContent = status.dataset.many.replace("%{count}", String(shown));
    }
  }

  input.addEventListener("input", apply);
  // Enter in the filter box moves to the list rather than sending the form half-filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = options.find((option) => !option.hidden);
      if (first && !select.value) first.selected = true;
      select.focus();
    }
  });
}

function setUpFileLimit() {
  const input = document.querySelector("input[type=file][data-max-files]");
  const note = document.getElementById("attachments-count");
  if (!input || !note) return;
  const limit = Number(input.dataset.maxFiles);
  input.addEventListener("change", () => {
    const count = input.files ? input.files.length : 0;
    note.textContent = count > limit ? note.dataset.tooMany.replace("%{count}", String(count)) : "";
  });
}

for (const group of document.querySelectorAll('[data-module="dialog-addressee"]')) {
  setUpAddresseeFilter(group);
}
setUpFileLimit();

// "Has this been answered already?": after a pause in typing, ask the register for published
// appeals like the subject and text; the answer (server-rendered HTML) fills a polite live
// region, so a screen reader hears how many were found without losing its place.
function setUpSimilar(box) {
  const results = box.querySelector("[aria-live]");
  const subject = document.getElementById("id_subject");
  const text = document.getElementById("id_text");
  if (!results || !subject || !text || !window.fetch) return;
  let timer = 0;
  let asked = "";
  async function look() {
    const words = `${subject.value} ${text.value.slice(0, 600)}`.trim();
    if (words.length < 6 || words === asked) return;
    asked = words;
    try {
      const response = await fetch(`${box.dataset.url}?q=${encodeURIComponent(words)}`, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
      });
      if (response.ok && words === asked) results.innerHTML = await response.text();
    } catch {
      // Offline or the server is busy: the button still works.
    }
  }
  for (const field of [subject, text]) {
    field.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(look, 800);
    });
  }
}

for (const box of document.querySelectorAll('[data-module="dialog-similar"]')) {
  setUpSimilar(box);
}
