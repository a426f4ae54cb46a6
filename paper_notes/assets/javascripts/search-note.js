// Search: "Showing results for transformer" under the count of results, when the search worker read a
// word of the query that no page has as the word one edit away (workers/paper-notes-search.js says so
// on a channel of the site's origin after each answer; an answer without a correction clears it).
(function () {
  "use strict"
  if (typeof BroadcastChannel !== "function")
    return
  function clear() {
    var shown = document.querySelector(".pn-search-fixed")
    if (shown)
      shown.remove()
  }
  new BroadcastChannel("paper-notes-search").onmessage = function (ev) {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta || !ev.data || !ev.data.fixed)
      return clear()
    var shown = document.querySelector(".pn-search-fixed")
    if (!shown) {
      shown = document.createElement("p")
      shown.className = "pn-search-fixed"
      shown.setAttribute("role", "status")
      meta.after(shown)
    }
    var word = document.createElement("strong")
    word.textContent = ev.data.fixed
    shown.replaceChildren("Showing results for ", word)
  }
  document.addEventListener("input", function (ev) {
    if (ev.target instanceof Element && ev.target.matches(".md-search__input") && !ev.target.value.trim())
      clear()
  })
})()
