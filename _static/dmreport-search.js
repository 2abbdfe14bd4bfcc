// The search page, on Pagefind's JavaScript API (no Pagefind UI).
//
// A query's identifiers (DM-22727, ldm503, RFC 650, DM-DRP-8: any family of
// the project's identifier registry, read with the families the page embeds)
// become `id` filters (one per family), so that they find exactly the pages
// citing them; the other words are searched as text. Text results are ranked
// by Pagefind's relevance, newer months first among equal scores, or newest
// first on request. Year, month and WBS element narrow either. A result of an
// identifier query links to the section citing it, its excerpt the sentence
// with the identifier marked. Text results group the months of one WBS
// element into one entry ("Data Release Production — 24 months", expandable)
// unless the reader asks for every page (group=pages) or picks an element.
// The query, sort, grouping and filters live in the URL
// (?q=...&sort=newest&group=pages&year=...&month=...&wbs=...), so a search
// can be shared; the theme's search box sends ?q=.
"use strict";

(() => {
  const PAGE = 10;
  const form = document.getElementById("dmreport-search-form");
  if (!form) {
    return;
  }
  const field = form.elements.namedItem("q");
  const status = document.getElementById("dmreport-search-status");
  const list = document.getElementById("dmreport-search-results");
  const more = document.getElementById("dmreport-search-more");
  const families = JSON.parse(document.getElementById("dmreport-search-ids").textContent);
  const prefixes = new Set(families.prefixes);
  const milestone = new RegExp(`^(?:${families.milestone})$`, "i");
  const FILTERS = { year: "Year", month: "Month", wbs: "WBS element" };
  const CONTROLS = ["q", "sort", "group", ...Object.keys(FILTERS)];
  const ELEMENTS = [...form.elements.namedItem("wbs").options].map((o) => o.value).filter(Boolean);
  const YEARS = [...form.elements.namedItem("year").options]
    .map((o) => o.value)
    .filter(Boolean)
    .sort()
    .reverse();

  /** The canonical key of an identifier written any way, or null. */
  function identifier(word) {
    if (milestone.test(word)) {
      return word.toUpperCase();
    }
    const found = /^([A-Za-z]+)[-_]?0*(\d+)$/.exec(word);
    if (found && prefixes.has(found[1].toUpperCase())) {
      return `${found[1].toUpperCase()}-${found[2]}`;
    }
    return null;
  }

  /** A query as identifiers (keys) and the words left to search as text. */
  function read(query) {
    const joined = query.replace(/\b([A-Za-z]+)\s+(\d+)\b/g, (all, prefix, number) =>
      prefixes.has(prefix.toUpperCase()) ? `${prefix}-${number}` : all,
    );
    const ids = [];
    const words = [];
    for (const raw of joined.split(/\s+/)) {
      const word = raw.replace(/^[("'[{<,;:.]+|[)"'\]}>,;:.?!]+$/g, "");
      const key = word ? identifier(word) : null;
      if (key) {
        ids.push(key);
      } else if (raw) {
        words.push(raw);
      }
    }
    return { ids: [...new Set(ids)], words: words.join(" ") };
  }

  // The index is one Pagefind bundle per year, one of the milestone pages and
  // one of the reference indexes (pagefind/dmreport-indexes.json). A query
  // loads the bundles it needs: the first is loaded, the others merged
  // into it. Searches run on the page, without Pagefind's worker (a second
  // copy of the library): the bundles are small.
  const at = (path) => new URL(path, document.baseURI);
  let pagefind = null;
  let bundles = null;
  let loading = Promise.resolve();
  const merged = new Set();
  async function load(wanted) {
    if (!bundles) {
      bundles = (await (await fetch(at("pagefind/dmreport-indexes.json"))).json()).bundles;
    }
    const names = bundles.filter(wanted);
    const baseUrl = at(".").pathname;
    if (!pagefind) {
      const first = names[0] || bundles[0];
      const loaded = await import(at(`pagefind/${first}/pagefind.js`).href);
      await loaded.options({ baseUrl, noWorker: true });
      await loaded.init();
      merged.add(first);
      pagefind = loaded;
    }
    const more = names.filter((name) => !merged.has(name));
    for (const name of more) {
      merged.add(name);
    }
    await Promise.all(
      more.map((name) => pagefind.mergeIndex(at(`pagefind/${name}/`).pathname, { baseUrl })),
    );
    return pagefind;
  }
  /** Pagefind, with the bundles ``wanted`` (a test of a bundle's name) merged. */
  function engine(wanted) {
    const ready = loading.then(() => load(wanted));
    loading = ready.catch(() => undefined);
    return ready;
  }

  function state() {
    const values = {};
    for (const name of CONTROLS) {
      values[name] = (form.elements.namedItem(name).value || "").trim();
    }
    return values;
  }

  function remember(values) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
      if (value) {
        params.set(name, value);
      }
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  /** Results in order: text by relevance (newer month on a tie) or newest.
   * Each is { result } (a Pagefind result) or, grouped, { group, results }. */
  async function find(values) {
    const { ids, words } = read(values.q);
    const filters = {};
    for (const [name, label] of Object.entries(FILTERS)) {
      if (values[name]) {
        filters[label] = values[name];
      }
    }
    // Each family's identifiers are a filter of their own ("id DM",
    // "id milestone"): a query loads the lists of its families alone.
    for (const key of ids) {
      const name = `${families.filter} ${milestone.test(key) ? "milestone" : key.split("-")[0]}`;
      (filters[name] = filters[name] || { all: [] }).all.push(key);
    }
    const term = words || null;
    if (term === null && !Object.keys(filters).length) {
      return null;
    }
    // The bundles the query needs: its year's (of the month chosen) or every
    // year's; the milestone pages' for an identifier or text; the reference
    // indexes' for text alone (they carry no month, element or id).
    const year = values.year || values.month.slice(0, 4);
    const referenced = term !== null && !ids.length && !Object.keys(filters).length;
    const needs = { milestones: ids.length > 0 || term !== null, references: referenced };
    const search = await engine((name) =>
      /^\d{4}$/.test(name) ? !year || name === year : needs[name],
    );
    // Report pages, and milestone pages (found by an id, or by text after
    // the report pages): each kind searched on its own.
    // Pagefind matches a word by the words it begins (produc: production);
    // a bundle (a year) with no such word matches the longest word that
    // begins it instead (cas for cassandra), which one index of the whole site
    // did only for a word the site does not hold. So a word the site holds
    // whole (Pagefind's exact search finds it) must be on every page found.
    const holders = new Map(); // word -> ids of the pages holding it whole
    const held = async (results) => {
      for (const word of term.split(/\s+/).filter(Boolean)) {
        if (!holders.has(word)) {
          const exact = await search.search(`"${word}"`, {});
          holders.set(word, new Set(exact.results.map((result) => result.id)));
        }
        const pages = holders.get(word);
        if (pages.size) {
          results = results.filter((result) => pages.has(result.id));
        }
      }
      return results;
    };
    const of = async (kind, options, extra = {}) => {
      const own = options.term !== undefined;
      const found = await search.search(own ? options.term : term, {
        ...options,
        filters: { ...filters, ...extra, Kind: kind },
      });
      return own || term === null ? found.results : held(found.results);
    };
    const citing = new Map(); // page -> the same page found by the identifiers' text
    if (ids.length) {
      for (const result of await of("report", { term: [...ids, words].join(" ").trim() })) {
        citing.set(result.id, result);
      }
    }
    const single = (result) => ({ result: citing.get(result.id) || result });
    // Newest first. Pagefind sorts within one bundle (a year) and orders
    // merged bundles by score, so each year is asked on its own, newest first.
    // Identifiers alone are searched as words too (a page citing one holds
    // it in its text): a search with no words would load every chunk of
    // every bundle, a word loads the one chunk of each that holds it.
    const alone = term === null && ids.length ? { term: ids.join(" ") } : {};
    const years = values.year ? [values.year] : YEARS;
    const newest = (
      await Promise.all(
        years.map((year) => of("report", { ...alone, sort: { month: "desc" } }, { Year: year })),
      )
    ).flat();
    const found = needs.milestones ? await of("milestone", alone) : [];
    // Reference indexes: by text alone (they carry no month, element or id).
    const indexes = referenced ? await of("reference", {}) : [];
    const milestones = [...found, ...indexes];
    const pages = newest.length + milestones.length;
    if (term === null) {
      return { ids, pages, entries: [...milestones, ...newest].map(single) };
    }
    if (values.sort === "newest") {
      return { ids, pages, entries: [...newest, ...milestones].map(single) };
    }
    const rank = new Map(newest.map((result, index) => [result.id, index]));
    const scored = await of("report", {});
    // Equal to three places of the logarithm: each year's bundle weighs a
    // word by its own pages, so one text scores a little differently by year.
    const score = (result) => Math.round(Math.log1p(result.score) * 1e3);
    const order = (a, b) => score(b) - score(a) || rank.get(a.id) - rank.get(b.id);
    scored.sort(order);
    found.sort((a, b) => score(b) - score(a));
    indexes.sort((a, b) => score(b) - score(a));
    milestones.splice(0, milestones.length, ...found, ...indexes);
    if (values.group === "pages" || values.wbs) {
      return { ids, pages, entries: [...scored, ...milestones].map(single) };
    }
    // One entry per WBS element, and per kind of the other pages (High-level
    // Summary, Milestone Summary, ...): its best page first, in the order of
    // each entry's best page.
    const entries = new Map(scored.map((result) => [result.id, single(result)]));
    const parts = Object.keys((await search.filters()).Part || {});
    const groups = [
      ...ELEMENTS.map((wbs) => ["WBS element", wbs, wbs.replace(/^\S+\s+/, "")]),
      ...parts.map((part) => ["Part", part, part]),
    ];
    for (const [filter, value, label] of groups) {
      const found = await of("report", {}, { [filter]: value });
      if (found.length < 2) {
        continue;
      }
      found.sort(order);
      const group = { group: value, label, results: found.map((r) => citing.get(r.id) || r) };
      for (const result of found) {
        entries.delete(result.id);
      }
      entries.set(found[0].id, group);
    }
    const first = (entry) => (entry.group ? entry.results[0] : entry.result);
    const grouped = [...entries.values()].sort((a, b) => order(first(a), first(b)));
    return { ids, pages, entries: [...grouped, ...milestones.map(single)] };
  }

  /** Where a result lands: the section citing the query's identifiers (the
   * first sub-result with a mark), else the page. */
  function landing(data) {
    const marked = (data.sub_results || []).find(
      (sub) => sub.url !== data.url && (sub.excerpt || "").includes("<mark>"),
    );
    return marked ? { url: marked.url, excerpt: marked.excerpt } : data;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /** One result: title with its month, month and WBS element, excerpt. */
  function item(data, showSections, ids) {
    const meta = data.meta || {};
    const entry = element("li", "dmreport-result");
    entry.dataset.month = meta.month || "";
    const lands = ids ? landing(data) : data;
    const title = element("p", "dmreport-result__title");
    const link = element("a", "", meta.title || data.url);
    link.href = lands.url;
    title.append(link);
    if (meta.monthname) {
      title.append(element("span", "dmreport-result__month", ` — ${meta.monthname}`));
    }
    entry.append(title);
    const facts = element("p", "dmreport-result__meta");
    const when = meta.milestone
      ? `Milestone page: ${meta.milestone}`
      : meta.reference
        ? `Reference index: ${meta.reference}`
        : `Month: ${meta.monthname || "—"}`;
    facts.append(element("span", "dmreport-result__when", when));
    if (meta.wbs) {
      facts.append(element("span", "dmreport-result__wbs", `WBS: ${meta.wbs}`));
    }
    entry.append(facts);
    const excerpt = element("p", "dmreport-result__excerpt");
    excerpt.innerHTML = lands.excerpt; // Pagefind's escaped text with <mark> tags
    entry.append(excerpt);
    const sections = showSections
      ? (data.sub_results || []).filter((sub) => sub.url !== data.url).slice(0, 3)
      : [];
    if (sections.length) {
      const nested = element("ul", "dmreport-result__sections");
      for (const sub of sections) {
        const row = element("li");
        const anchor = element("a", "", sub.title);
        anchor.href = sub.url;
        row.append(anchor);
        nested.append(row);
      }
      entry.append(nested);
    }
    return entry;
  }

  /** A group's entry: its best page, then its other months, folded and
   * read only when opened. */
  function groupItem(data, entry, showSections, ids) {
    const shown = item(data, showSections, ids);
    shown.classList.add("dmreport-result--group");
    const name = entry.label;
    const count = entry.results.length;
    const fold = element("details", "dmreport-result__group");
    fold.append(element("summary", "", `${name} — ${count} months`));
    const months = element("ul", "dmreport-result__months");
    fold.append(months);
    fold.addEventListener(
      "toggle",
      async () => {
        const all = await Promise.all(entry.results.map((result) => result.data()));
        for (const month of all) {
          const row = element("li");
          const anchor = element("a", "", (month.meta || {}).monthname || month.url);
          anchor.href = (ids ? landing(month) : month).url;
          row.append(anchor);
          months.append(row);
        }
        fold.dataset.loaded = "true";
      },
      { once: true },
    );
    shown.append(fold);
    return shown;
  }

  let generation = 0;
  let pending = [];
  let textQuery = false;
  let identifiers = false;

  // The list says when it is busy (data-busy), for scripts that read it.
  async function show(count) {
    const mine = generation;
    list.dataset.busy = "true";
    const batch = pending.splice(0, count);
    const first = (entry) => (entry.group ? entry.results[0] : entry.result);
    const data = await Promise.all(batch.map((entry) => first(entry).data()));
    if (mine !== generation) {
      return;
    }
    batch.forEach((entry, index) => {
      list.append(
        entry.group
          ? groupItem(data[index], entry, textQuery, identifiers)
          : item(data[index], textQuery, identifiers),
      );
    });
    more.hidden = pending.length === 0;
    list.dataset.busy = "false";
  }

  async function run() {
    const mine = ++generation;
    const values = state();
    remember(values);
    list.replaceChildren();
    list.dataset.busy = "true";
    more.hidden = true;
    status.textContent = values.q || Object.keys(FILTERS).some((n) => values[n]) ? "Searching…" : "";
    let found;
    try {
      found = await find(values);
    } catch (error) {
      status.textContent = `Search failed: ${error}`;
      throw error;
    }
    if (mine !== generation) {
      return;
    }
    if (found === null) {
      status.textContent = "";
      list.dataset.busy = "false";
      return;
    }
    const what = values.q || "the selected filters";
    const total = found.entries.length;
    const cites = found.ids.length ? ` (pages citing ${found.ids.join(" and ")})` : "";
    const pages = found.pages === total ? "" : ` (${found.pages} pages, months of an element together)`;
    status.textContent = total
      ? `${total} result${total === 1 ? "" : "s"} for ${what}${cites}${pages}`
      : `No results for ${what}${cites}`;
    pending = [...found.entries];
    textQuery = Boolean(read(values.q).words);
    identifiers = found.ids.length > 0;
    await show(PAGE);
  }

  let timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  const params = new URLSearchParams(window.location.search);
  for (const name of CONTROLS) {
    const control = form.elements.namedItem(name);
    if (params.has(name)) {
      control.value = params.get(name);
    }
    control.addEventListener(name === "q" ? "input" : "change", name === "q" ? soon : run);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", () => show(PAGE));
  if (state().q || Object.keys(FILTERS).some((name) => state()[name])) {
    run();
  }
})();
