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

// A link of the problems' summary puts the cursor in the field its problem is about. The link
// points at the message beside the field (where the page without JavaScript scrolls to), and
// the field names that message in aria-describedby: the invalid one among those that do, or the
// first control of a group that does.
const problems = document.getElementById("problems");
if (problems) {
  problems.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) { return; }
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    const described = [...document.querySelectorAll("[aria-describedby]")]
      .filter((e) => e.getAttribute("aria-describedby").split(/\s+/).includes(id));
    const target = described.find((e) => e.getAttribute("aria-invalid") === "true") ?? described[0];
    const controls = "input:not([type=hidden]), select, textarea, button";
    const field = target?.matches(controls) ? target : target?.querySelector(controls);
    if (!field) { return; }
    // A field that cannot take the focus (in a hidden part) leaves the link to do its jump.
    field.focus();
    if (document.activeElement !== field) { return; }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
  });
}
