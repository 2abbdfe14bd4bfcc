// The search page: Pagefind's UI, filters for month, year and WBS element,
// newest month first; the theme's search box sends its query as ?q=.
window.addEventListener("DOMContentLoaded", () => {
  const search = new PagefindUI({
    element: "#dmreport-search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    sort: { month: "desc" },
    openFilters: ["WBS element", "Year"],
    translations: { placeholder: "Search the monthly reports" },
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    search.triggerSearch(query);
  }
});
