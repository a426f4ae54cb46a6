/*
 * Paper Notes: Material's search worker, loaded and left to do its work, with six changes.
 *
 * Material's worker (workers/search.<hash>.min.js, named by ?material=) builds the lunr index and
 * answers queries. This script loads it inside the same worker and changes only what goes in and
 * what comes out. See docs/search.md for the whole story; in short:
 *
 * 1. Two steps. The build writes search_index.json with one entry per page (title, tags, a paper's
 *    first author), which Material's page loads and hands over, and search_sections.json with every
 *    section. The names answer at once; a second worker builds the whole index from both, and
 *    answers every query once it is ready.
 * 2. Chinese queries are cut into the words the index was cut into. The build cuts Chinese with
 *    jieba and a dictionary grown from the library, so the index's Chinese terms are those words.
 *    Material cuts a query by trying its substrings against the index, but never the whole run, so
 *    多模态 became 多* 模*, and 多* matched 多样性. Here a run becomes the fewest index words that
 *    spell it, all of them required, as a phrase typed without spaces should be; Material's own
 *    cutting is then given nothing to cut.
 * 3. Names first. Pages whose title or tag (a paper's aliases, a topic's names) is the query, in
 *    letters and digits, come first; then pages with every word of the query, its Chinese phrases
 *    said as typed (lunr knows words, not phrases: 视觉语言, not 视觉 … 语言); then pages with every
 *    word; then the rest, each in Material's order. When some page says a Chinese phrase as typed,
 *    the pages that only have its words apart are left out.
 * 4. Highlighting. A page's link carries in ?h= every query term matched anywhere on the page,
 *    not only the terms of the section it is listed for, so it is never empty.
 * 5. What a result shows. The section under a page's own heading, which repeats the page's title,
 *    gives its text to the page's result instead of a second heading; Chinese shows no U+200B and
 *    no space between words that Material's highlighting put there.
 * 6. Typos. A query word of letters (not a stop word) that no index term starts with is read as
 *    the term one edit away that most pages use (transfomer: transformer), and the page says
 *    "Showing results for transformer".
 *
 * self.paperNotesSearch tells tests and the benchmark which step answers ("names" or "whole").
 */
(function () {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var HAN = /\p{sc=Han}+/gu
  var params = new URL(self.location.href).searchParams
  var material = params.get("material")

  /* Load Material's worker; keep its message handler and its answers to ourselves */
  var handle = null
  var addEventListener = self.addEventListener
  self.addEventListener = function (type, listener, options) {
    if (type === "message" && handle === null)
      handle = listener
    else
      addEventListener.call(self, type, listener, options)
  }
  importScripts(material)
  self.addEventListener = addEventListener

  var post = self.postMessage.bind(self)
  var reply = post                       /* where Material's answers go */
  self.postMessage = function (message) { reply(message) }

  /* The index Material builds: its Chinese words, and no substrings for Material to cut with */
  var words = new Set()
  var longest = 1
  var build = lunr.Builder.prototype.build
  lunr.Builder.prototype.build = function () {
    var index = build.call(this)
    postings = index.invertedIndex
    vocabulary = Object.keys(postings).sort()
    words = new Set()
    longest = 1
    for (var term in index.invertedIndex)
      if (/^\p{sc=Han}+$/u.test(term)) {
        words.add(term)
        if (term.length > longest)
          longest = term.length
      }
    index.invertedIndex = new Proxy(index.invertedIndex, { has: function () { return false } })
    return index
  }

  /* A word of the query that no term of the index starts with is a typo: it is read as the term one edit
     away (a letter added, dropped, changed or two swapped) that the most pages use, as lunr's ~1 would
     match; a word the index knows is never changed, so exact matches stay first */
  var postings = {}, vocabulary = []
  function known(word) {
    var lo = 0, hi = vocabulary.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (vocabulary[mid] < word) lo = mid + 1
      else hi = mid
    }
    return lo < vocabulary.length && vocabulary[lo].indexOf(word) === 0
  }
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1)
      return false
    var i = 0
    while (i < a.length && a[i] === b[i])
      i++
    if (a.length === b.length)
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }
  function pages(term) {
    var seen = new Set(), fields = postings[term]
    for (var field in fields)
      if (field !== "_index")
        for (var ref in fields[field])
          seen.add(ref.split("#")[0])
    return seen.size
  }
  function correct(query) {
    var changed = false
    var fixed = query.replace(/(^|\s)(\p{L}{4,})(?=\s|$)/gu, function (match, space, word) {
      var w = word.toLowerCase()
      /* stop words are not in the index, which never matches them, and a word the separator cuts
         (ELMo: el, mo) is searched for as its parts: neither is a typo */
      if (/\p{sc=Han}/u.test(w) || known(w) || !lunr.stopWordFilter(w) ||
          word.split(lunr.tokenizer.separator).filter(Boolean).length > 1)
        return match
      var best = null, most = 0
      for (var t = 0; t < vocabulary.length; t++) {
        var used = oneEdit(w, vocabulary[t]) ? pages(vocabulary[t]) : 0
        if (used > most) {
          best = vocabulary[t]
          most = used
        }
      }
      if (best === null)
        return match
      changed = true
      return space + best
    })
    return changed ? fixed : null
  }
  /* The page shows "Showing results for ..." (assets/javascripts/search-note.js): told on a channel of the origin */
  var note = typeof BroadcastChannel === "function" ? new BroadcastChannel("paper-notes-search") : null

  /* A run of Chinese as the fewest index words; characters no word covers stand alone */
  function segment(run) {
    var n = run.length
    var best = new Array(n + 1).fill(Infinity), cut = new Array(n + 1).fill(0)
    best[n] = 0
    for (var i = n - 1; i >= 0; i--)
      for (var j = Math.min(n, i + longest); j > i; j--)
        if ((j === i + 1 || words.has(run.slice(i, j))) && best[j] + 1 < best[i]) {
          best[i] = best[j] + 1
          cut[i] = j
        }
    var parts = []
    for (var k = 0; k < n; k = cut[k])
      parts.push(run.slice(k, cut[k]))
    return parts
  }

  function rewrite(query) {
    /* A colon names a field to lunr (title:attention); in "R-CNN: Towards" it is punctuation */
    query = query.replace(/(^|\s)([^\s:]*):/g, function (match, space, word) {
      return /^[+-]?(title|text|tags)$/.test(word) ? match : space + word + " "
    })
    return query.replace(/([+-]?)(\p{sc=Han}+)/gu, function (_, modifier, run) {
      var parts = segment(run)
      if (parts.length === 1)  /* Material adds the trailing * unless a modifier leads */
        return " " + modifier + parts[0] + (modifier ? "* " : " ")
      return " " + parts.map(function (part) {
        return (modifier || "+") + part + "*"
      }).join(" ") + " "
    }).trim()
  }

  /* The names of each page (its title and tags), compared as letters and digits only */
  var names = new Map()
  function plain(value) {
    return String(value)
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#0?39;/g, "'").replace(/&amp;/g, "&")
      .normalize("NFKC").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "")
  }
  function learn(docs) {
    names = new Map()
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i]
      if (doc.location.indexOf("#") >= 0)
        continue
      var known = new Set([plain(doc.title)])
      for (var t = 0; t < (doc.tags || []).length; t++)
        known.add(plain(doc.tags[t]))
      names.set(doc.location, known)
    }
  }

  function article(group) {
    for (var i = 0; i < group.length; i++)
      if (group[i].location.indexOf("#") < 0)
        return group[i]
    return group[0]
  }

  function visible(value) {
    return String(value).replace(/<[^>]*>/g, "").replace(/\u200b/g, "")
  }

  /* What a reader sees of a result: no U+200B (the build's marks between Chinese words), and no space
     between two Chinese characters (Material's highlighting joins the words it cut with one) */
  var SPACED = /(\p{sc=Han}(?:<\/?mark>)*)[\s\u200b]+(?=(?:<\/?mark>)*\p{sc=Han})/gu
  function readable(html) {
    return typeof html === "string" ? html.replace(SPACED, "$1").replace(/\u200b/g, "") : html
  }

  function adjust(result, query) {
    var wanted = plain(query)
    var phrases = (query.match(HAN) || []).filter(function (run) { return segment(run).length > 1 })
    var ranks = [[], [], [], []]
    for (var g = 0; g < result.items.length; g++) {
      var group = result.items[g]

      /* Every term matched on the page goes into the page's link */
      var found = {}, missing = false
      for (var i = 0; i < group.length; i++)
        for (var term in group[i].terms)
          if (group[i].terms[term])
            found[term] = true
      for (var j = 0; j < group.length; j++)
        for (var key in group[j].terms)
          if (!found[key])
            missing = true
      var head = article(group)
      head.terms = Object.assign({}, head.terms, found)

      /* The section under the page's own heading repeats the page's title: its text goes to the page */
      for (var s = group.length - 1; s >= 0; s--)
        if (group[s] !== head && head.location.indexOf("#") < 0 && plain(group[s].title) === plain(head.title)) {
          head.text = group[s].text
          group.splice(s, 1)
        }
      for (var r = 0; r < group.length; r++) {
        group[r].title = readable(group[r].title)
        group[r].text = readable(group[r].text)
      }

      /* Does the page say each Chinese phrase as typed, not only its words apart? */
      var said = phrases.every(function (phrase) {
        return group.some(function (item) {
          return visible(item.title + " " + item.text).indexOf(phrase) >= 0
        })
      })

      /* Names first; then pages with every term, phrases as typed; then with every term; then the rest */
      var known = names.get(head.location)
      if (wanted && known && known.has(wanted))
        ranks[0].push(group)
      else if (!missing && said)
        ranks[1].push(group)
      else if (!missing)
        ranks[2].push(group)
      else
        ranks[3].push(group)
    }
    /* A phrase some page says as typed: pages with its words only apart are noise, not results */
    if (phrases.length && ranks[1].length)
      ranks[2] = ranks[3] = []
    result.items = [].concat.apply([], ranks)
    return result
  }

  /* Material's worker, fed the queries it can answer well */
  function ask(message) {
    return new Promise(function (resolve) {
      reply = resolve
      handle({ data: message })
    }).then(function (answer) {
      reply = post
      return answer
    })
  }

  /* The whole index, built in a second worker while the names answer */
  var state = self.paperNotesSearch = { part: params.get("part") || "names", answers: "names", error: null }
  var whole = null, pending = null

  function sections() {
    var url = new URL("../../../search/search_sections.json", self.location.href)
    return fetch(url).then(function (response) {
      if (!response.ok)
        throw new Error(url + ": " + response.status)
      return response.json()
    }).then(function (data) { return data.docs })
  }

  function complete(data) {
    return sections().then(function (docs) {
      return Object.assign({}, data, { docs: data.docs.concat(docs) })
    })
  }

  function grow(data) {
    var url = new URL(self.location.href)
    url.searchParams.set("part", "sections")
    var worker
    try {
      worker = new Worker(url.href)
    } catch (err) {                          /* no workers in workers: build it here, queries wait */
      queue = queue.then(function () {
        return complete(data).then(function (all) {
          learn(all.docs)
          return ask({ type: SETUP, data: all })
        }).then(function () { state.answers = "whole" }, fail)
      })
      return
    }
    worker.onmessage = function (ev) {
      var message = ev.data
      if (message.type === READY) {
        whole = worker
        state.answers = "whole"
        queue = queue.then(function () {     /* the names are no longer needed */
          names = new Map()
          return ask({ type: SETUP, data: Object.assign({}, data, { docs: [] }) })
        })
      } else if (message.type === RESULT && pending) {
        pending(message)
      } else if (message.error) {
        fail(message.error)
        worker.terminate()
      }
    }
    worker.onerror = function (ev) {
      fail(ev.message || "the second search worker stopped")
      worker.terminate()
      if (pending)                           /* never leave a query waiting on a worker that is gone */
        pending({ type: RESULT, data: { items: [] } })
    }
    worker.postMessage({ type: SETUP, data: data })
  }

  function fail(err) {
    state.error = String(err)
    console.warn("Paper Notes search: searching pages by their names only:", state.error)
  }

  function forward(message) {
    return new Promise(function (resolve) {
      pending = resolve
      whole.postMessage(message)
    }).then(function (answer) {
      pending = null
      return answer
    })
  }

  var queue = Promise.resolve()
  addEventListener.call(self, "message", function (ev) {
    var message = ev.data
    queue = queue.then(function () {
      if (message.type === SETUP && state.part === "sections")
        return complete(message.data).then(function (all) {
          learn(all.docs)
          return ask({ type: SETUP, data: all }).then(post)
        }, function (err) { post({ error: String(err) }) })
      if (message.type === SETUP) {
        learn(message.data.docs)
        return ask(message).then(function (answer) {
          post(answer)
          grow(message.data)
        })
      }
      if (message.type === QUERY && whole)
        return forward(message).then(post)
      if (message.type === QUERY) {
        var query = message.data
        /* only the whole index knows every word: the names alone would "correct" a word of the notes */
        var fixed = state.part === "sections" || state.answers === "whole" ? correct(query) : null
        return ask({ type: QUERY, data: rewrite(fixed || query) }).then(function (answer) {
          if (answer.type === RESULT)
            answer.data = adjust(answer.data, fixed || query)
          if (note)
            note.postMessage({ query: query, fixed: answer.data && answer.data.items && answer.data.items.length ? fixed : null })
          post(answer)
        })
      }
      return ask(message).then(post)
    })
  })
})()
