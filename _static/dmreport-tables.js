// The milestone tracker's tables and charts (dmreport/ext/aggregates/plan.py,
// burndown.py): every table.dmreport-sortable sorts by a column (a button in
// each header cell) and filters by WBS element, status, level and whether it
// is overdue (from its rows' dmreport-wbs-*, dmreport-status-*,
// dmreport-level-* and dmreport-due-* classes); of several burndown charts,
// a menu shows one. Every table.dmreport-filterable (the reference indexes,
// dmreport/ext/aggregates/references.py) gets a text box that keeps the rows
// whose first cell (key and title) holds what is typed, and a count "N of M".
// Without JavaScript the tables and charts are all shown.
"use strict";

(() => {
  const WBS = "dmreport-wbs-";
  const STATUS = "dmreport-status-";
  const LEVEL = "dmreport-level-";
  const DUE = "dmreport-due-";
  const FILTERS = [[WBS, "WBS element"], [STATUS, "Status"], [LEVEL, "Level"], [DUE, "Due"]];

  function keyOf(row, prefix) {
    const found = [...row.classList].find((name) => name.startsWith(prefix));
    return found ? found.slice(prefix.length) : "";
  }

  function label(key, prefix) {
    const text = prefix === WBS ? key.replaceAll("_", ".") : key.replaceAll("_", " ");
    return text === "none" ? "(none)" : text === "other" ? "other subsystems" : text;
  }

  function menu(text, options, onChange) {
    const wrap = document.createElement("label");
    wrap.className = "dmreport-filter";
    wrap.append(`${text} `);
    const select = document.createElement("select");
    select.append(new Option("all", ""));
    for (const [value, shown] of options) {
      select.append(new Option(shown, value));
    }
    select.addEventListener("change", () => onChange(select.value));
    wrap.append(select);
    return wrap;
  }

  function sortValue(cell) {
    const text = cell.textContent.trim();
    if (text === "" || text === "—") {
      return [2, ""];
    }
    if (/^-?\d+$/.test(text)) {
      return [0, Number(text)];
    }
    return [1, text];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) {
      return a[0] - b[0];
    }
    if (a[1] < b[1]) {
      return -1;
    }
    return a[1] > b[1] ? 1 : 0;
  }

  function sortable(table) {
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const chosen = Object.fromEntries(FILTERS.map(([prefix]) => [prefix, ""]));
    const filters = document.createElement("div");
    filters.className = "dmreport-filters";
    const count = counter();
    const apply = () => {
      let shown = 0;
      for (const row of rows) {
        row.hidden = Object.entries(chosen).some(([p, v]) => v && keyOf(row, p) !== v);
        shown += row.hidden ? 0 : 1;
      }
      count.textContent = `${shown} of ${rows.length} milestones`;
    };
    for (const [prefix, text] of FILTERS) {
      const keys = [...new Set(rows.map((row) => keyOf(row, prefix)))].filter(Boolean).sort();
      if (keys.length > 1) {
        filters.append(menu(text, keys.map((k) => [k, label(k, prefix)]), (value) => {
          chosen[prefix] = value;
          apply();
        }));
      }
    }
    filters.append(count);
    table.before(filters);
    apply();
    const headers = [...table.tHead.rows[0].cells];
    headers.forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "dmreport-sort";
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const other of headers) {
          other.removeAttribute("aria-sort");
        }
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const sorted = [...body.rows].sort((a, b) => {
          const [x, y] = [sortValue(a.cells[column]), sortValue(b.cells[column])];
          if (x[0] === 2 || y[0] === 2) {
            return x[0] - y[0]; // empty cells last either way
          }
          return ascending ? compare(x, y) : -compare(x, y);
        });
        body.append(...sorted);
      });
    });
  }

  function counter() {
    const count = document.createElement("span");
    count.className = "dmreport-count";
    count.setAttribute("aria-live", "polite");
    return count;
  }

  function filterable(table, index) {
    const rows = [...table.tBodies[0].rows];
    const keys = rows.map((row) => row.cells[0].textContent.replace(/\s+/g, " ").toLowerCase());
    const wrap = document.createElement("div");
    wrap.className = "dmreport-filters dmreport-text-filter";
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "search";
    input.id = `dmreport-filter-${index}`;
    input.autocomplete = "off";
    input.placeholder = rows.length && rows[0].id ? `e.g. ${rows[0].id}` : "";
    label.htmlFor = input.id;
    const noun = table.tHead.rows[0].cells[0].textContent.trim().toLowerCase();
    label.textContent = `Filter by ${noun} or title `;
    const count = counter();
    const apply = () => {
      const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach((row, i) => {
        row.hidden = !words.every((word) => keys[i].includes(word));
        shown += row.hidden ? 0 : 1;
      });
      count.textContent = `${shown} of ${rows.length}`;
    };
    input.addEventListener("input", apply);
    wrap.append(label, input, count);
    table.before(wrap);
    apply();
  }

  function chooser(charts) {
    const options = charts.map((chart) => {
      const title = chart.querySelector(".dmreport-burndown-title");
      const text = title ? title.textContent.replace(/^Milestone burndown: /, "") : chart.id;
      return [chart.id, text.split(". The chart")[0]];
    });
    const show = (id) => {
      for (const chart of charts) {
        chart.hidden = id ? chart.id !== id : chart !== charts[0];
      }
    };
    const select = menu("Burndown of", options, show);
    select.querySelector("option").remove(); // one chart at a time
    charts[0].before(select);
    show(charts[0].id);
  }

  document.querySelectorAll("table.dmreport-sortable").forEach(sortable);
  document.querySelectorAll("table.dmreport-filterable").forEach(filterable);
  const charts = [...document.querySelectorAll(".dmreport-burndown")];
  if (charts.length > 1) {
    chooser(charts);
  }
})();
