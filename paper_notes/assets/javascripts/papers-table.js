// Tables. The Papers page's table: sortable by any column (the vendored Tablesort, as Material's docs
// show) and filterable by status, topic, year and rating. Without JavaScript the filters stay
// hidden and the whole table is there. The filters live in the address (papers/?topic=vision&year=2024),
// so a filtered view can be bookmarked or shared. Material's instant navigation reruns this on each page.
// Dates such as 2024, 2024-05 and 2024-05-02 sort as text (the number sort would read them all as 2024).
Tablesort.extend(
  "iso-date",
  (item) => /^\d{4}(-\d\d){0,2}$/.test(item),
  (a, b) => (a === b ? 0 : a < b ? 1 : -1),
);

document$.subscribe(() => {
  document.querySelectorAll("table.pn-sortable:not([data-sorting])").forEach((table) => {
    table.dataset.sorting = "";
    new Tablesort(table);
  });
  document.querySelectorAll("form.pn-filters").forEach((form) => {
    const table = document.getElementById(form.dataset.table);
    if (!table) return;
    const rows = Array.from(table.tBodies[0].rows);
    const asked = new URLSearchParams(window.location.search);
    for (const select of form.querySelectorAll("select")) {
      const value = asked.get(select.name);
      if (value !== null && Array.from(select.options).some((option) => option.value === value)) {
        select.value = value;
      }
    }
    const remember = () => {
      const query = new URLSearchParams();
      for (const select of form.querySelectorAll("select")) {
        if (select.value) query.set(select.name, select.value);
      }
      const search = query.toString();
      history.replaceState(history.state, "", window.location.pathname + (search ? `?${search}` : "") + window.location.hash);
    };
    const apply = () => {
      const want = Object.fromEntries(new FormData(form));
      let shown = 0;
      for (const row of rows) {
        const ok =
          (!want.status || row.dataset.status === want.status) &&
          (!want.topic || row.dataset.topics.split(" ").includes(want.topic)) &&
          (!want.year || row.dataset.year === want.year) &&
          (!want.rating || Number(row.dataset.rating) >= Number(want.rating));
        row.hidden = !ok;
        if (ok) shown += 1;
      }
      form.querySelector("output").value = `${shown} of ${rows.length} papers`;
    };
    form.addEventListener("change", () => {
      apply();
      remember();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    apply();
  });
});

// Any table or chart wider than the page scrolls sideways in its wrapper (Material's around a
// table, ours around the comparison table and the reading calendar): a keyboard user must reach
// it with Tab to scroll it (WCAG 2.1.1, axe's scrollable-region-focusable). Only those that do
// scroll become tab stops; the check is made again when the window changes size.
const SCROLLERS = ".md-typeset__scrollwrap, .pn-compare-wrap, figure.pn-calendar";
const reachScrollers = () => {
  document.querySelectorAll(SCROLLERS).forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
  });
};
document$.subscribe(reachScrollers);
window.addEventListener("resize", reachScrollers);
