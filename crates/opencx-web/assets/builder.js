// Survey builder: each rule's menus show only what the chosen rule and each condition's test
// use, and a condition row is added when the last one is taken. Without JavaScript every menu
// is shown, the form has an empty row to spare, and the server reads only what a choice needs.
const MAX_ROWS = 20;

const testOf = (row) => row.querySelector('select[name$="_test"]').value;

// A copy of the last row, empty, numbered `n` (names `rule_c3_…`, "Condition 4" in labels).
const emptyRow = (last, n) => {
  const row = last.cloneNode(true);
  row.removeAttribute("aria-describedby");
  for (const message of row.querySelectorAll(".field-error, .field-hint")) { message.remove(); }
  for (const element of row.querySelectorAll("[name]")) {
    element.name = element.name.replace(/_c\d+_/, `_c${n}_`);
    if (element.type === "checkbox") { element.checked = false; }
    else if (element.type === "number") { element.value = ""; }
    else if (element.name.endsWith("_test")) { element.value = ""; }
  }
  for (const element of row.querySelectorAll("[aria-label]")) {
    element.setAttribute("aria-label", element.getAttribute("aria-label").replace(/\d+/, String(n + 1)));
  }
  return row;
};

for (const fieldset of document.querySelectorAll("fieldset.logic")) {
  // The rule's radio buttons are named by its prefix (`rule`, `end`).
  const prefix = fieldset.querySelector('input[type="radio"]').name;
  const list = fieldset.querySelector("ol.conditions");
  const join = fieldset.querySelector(`select[name="${prefix}_join"]`);
  const update = () => {
    const chosen = fieldset.querySelector(`input[name="${prefix}"]:checked`);
    const grouped = Boolean(chosen && chosen.value === "group");
    if (list) { list.hidden = !grouped; }
    if (join) { join.closest("label").hidden = !grouped; }
    if (!list) { return; }
    const rows = list.querySelectorAll("li.condition");
    const last = rows[rows.length - 1];
    if (last && testOf(last) !== "" && rows.length < MAX_ROWS) {
      list.append(emptyRow(last, rows.length));
    }
    for (const row of list.querySelectorAll("li.condition")) {
      const test = testOf(row);
      for (const part of row.querySelectorAll(".part")) {
        part.hidden = !part.dataset.for.split(" ").includes(test);
      }
    }
  };
  fieldset.addEventListener("change", update);
  update();
}
