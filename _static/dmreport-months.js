// The month switcher of month pages: previous and next month, and a menu of
// every month by year, each going to the same page of that month when it
// has one (its landing page otherwise). The months come from months.json
// at the site's root (dmreport/outputs/switchers.py).
"use strict";

(() => {
  const nav = document.querySelector(".dmreport-month-switcher[data-month]");
  if (!nav) {
    return;
  }
  const root = document.documentElement.dataset.content_root || "./";
  const here = nav.dataset.month;
  const stem = nav.dataset.page;

  function target(entry) {
    const page = entry.pages.includes(stem) ? stem : "index";
    return `${root}reports/${entry.month}/${page}.html`;
  }

  function step(entry, rel, label) {
    const link = document.createElement("a");
    link.href = target(entry);
    link.rel = rel;
    link.textContent = label;
    return link;
  }

  fetch(`${root}months.json`)
    .then((response) => (response.ok ? response.json() : []))
    .then((months) => {
      const index = months.findIndex((entry) => entry.month === here);
      if (index < 0) {
        return;
      }
      const steps = nav.querySelector(".dmreport-month-switcher__steps");
      const older = months[index + 1];
      const newer = months[index - 1];
      if (older) {
        steps.append(step(older, "prev", `← ${older.title}`));
      }
      if (older && newer) {
        steps.append(" · ");
      }
      if (newer) {
        steps.append(step(newer, "next", `${newer.title} →`));
      }
      const label = document.createElement("label");
      label.className = "dmreport-month-switcher__jump";
      label.textContent = "Go to ";
      const menu = document.createElement("select");
      menu.setAttribute("aria-label", "Go to the report of another month");
      let group = null;
      for (const entry of months) {
        const year = entry.month.slice(0, 4);
        if (!group || group.label !== year) {
          group = document.createElement("optgroup");
          group.label = year;
          menu.append(group);
        }
        const option = new Option(
          entry.status === "draft" ? `${entry.title} (draft)` : entry.title,
          target(entry),
          false,
          entry.month === here,
        );
        group.append(option);
      }
      menu.addEventListener("change", () => {
        window.location.href = menu.value;
      });
      label.append(menu);
      nav.insertBefore(label, nav.querySelector(".dmreport-month-switcher__all"));
    })
    .catch(() => {});
})();
