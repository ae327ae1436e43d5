/* The guide's search: a button in the notice bar opens a dialog; nothing else loads until then.
 *
 * Without JavaScript the notice bar shows a link to the topic index (A–Z) instead. On the
 * first open this script loads the matching rules (textmatch.js), the engine (MiniSearch,
 * vendor/minisearch.min.js) and the index of the page's language (search/<lang>.json,
 * written by scripts/search/), all from this site. Each result is one answer: a page,
 * a guide section, a FAQ question or a tree question, with the page's title above the
 * answer's own title. The number of results is announced (role="status").
 * Keys: Enter opens the first result, ↓/↑ move through the results, Esc closes.
 */
(function () {
  "use strict"

  var opener = document.querySelector("[data-site-search-open]")
  if (!opener || !window.fetch || !window.HTMLDialogElement) return
  var script = document.currentScript
  var root = new URL("../../", script ? script.src : location.href)  // assets/javascripts/ -> site root
  var lang = (document.documentElement.lang || "es").split("-")[0]
  var text = JSON.parse(opener.getAttribute("data-strings") || "{}")
  var topics = document.querySelector("[data-site-search-topics]")
  var MAX = 10

  opener.hidden = false
  if (topics) topics.hidden = true

  var engine = null      // MiniSearch instance, once loaded
  var docs = []
  var loading = null     // the promise of the first load
  var dialog, input, status, list, timer

  function el (tag, attrs, children) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key]
      else node.setAttribute(key, attrs[key])
    })
    ;(children || []).forEach(function (child) { if (child) node.appendChild(child) })
    return node
  }

  function loadScript (path) {
    return new Promise(function (resolve, reject) {
      var tag = el("script", { src: new URL(path, root).href })
      tag.onload = resolve
      tag.onerror = function () { reject(new Error(path)) }
      document.head.appendChild(tag)
    })
  }

  function load () {
    if (!loading) {
      loading = Promise.all([
        loadScript("assets/javascripts/textmatch.js"),
        loadScript("assets/javascripts/vendor/minisearch.min.js"),
        fetch(new URL("search/" + lang + ".json", root).href).then(function (res) {
          if (!res.ok) throw new Error(res.status)
          return res.json()
        })
      ]).then(function (parts) {
        docs = parts[2].docs
        docs.forEach(function (doc, i) { doc.i = i })
        var match = window.TextMatch
        engine = new window.MiniSearch({
          idField: "i",
          fields: ["t", "w", "ts", "b", "s", "pt"],
          extractField: function (doc, field) { return field === "i" ? doc.i : doc.f[field] },
          tokenize: function (stems) { return stems ? stems.split(" ") : [] },
          processTerm: function (term) { return term },
          searchOptions: {
            tokenize: function (query) { return match.terms(query, lang) },
            processTerm: function (term) { return term },
            // The answer's title and its own search words count most, then the words
            // equivalent to its title's, its page's title, its text, the equivalents in the text.
            boost: { t: 6, w: 5, ts: 3, pt: 1.5, b: 1, s: 0.5 },
            // Less weight to length: a long answer is not a worse answer.
            bm25: { k: 1.2, b: 0.4, d: 0.5 },
            fuzzy: function (term) { return match.typoAllowance(term) || false },
            prefix: function (term, i, terms) { return i === terms.length - 1 && term.length >= 3 },
            combineWith: "OR",
            boostDocument: function (id) { return docs[id].p ? 1 : 1.2 }  // a whole page
          }
        })
        engine.addAll(docs)
      }).catch(function (err) {
        loading = null
        throw err
      })
    }
    return loading
  }

  function announce (message) {
    status.textContent = message
  }

  /* An answer that matches more of the reader's words comes first: the score is weighed by
     the share of the query's words it matched (typos and word starts count). */
  function rank (hits, wanted) {
    hits.forEach(function (hit) {
      var share = wanted ? Math.min(1, (hit.queryTerms || []).length / wanted) : 1
      hit.rank = hit.score * share
    })
    return hits.sort(function (a, b) { return b.rank - a.rank }).slice(0, MAX)
  }

  function render (query) {
    list.textContent = ""
    if (!query.trim()) { announce(""); return }
    var hits = rank(engine.search(query), window.TextMatch.terms(query, lang).length)
    hits.forEach(function (hit) {
      var doc = docs[hit.id]
      var link = el("a", { href: new URL(doc.u, root).href, class: "site-search__link" }, [
        doc.p ? el("span", { class: "site-search__page", text: doc.p }) : null,
        el("span", { class: "site-search__title", text: doc.t }),
        doc.x ? el("span", { class: "site-search__excerpt", text: doc.x }) : null
      ])
      list.appendChild(el("li", { class: "site-search__item" }, [link]))
    })
    announce(hits.length === 0 ? text.none : hits.length === 1 ? text.one : text.many.replace("{n}", hits.length))
    status.setAttribute("data-query", query)  // which query the list answers (tests, bench)
  }

  function search () {
    var query = input.value
    if (engine) { render(query); return }
    announce(text.loading)
    load().then(function () { render(input.value) }, function () { announce(text.failed) })
  }

  function links () {
    return Array.prototype.slice.call(list.querySelectorAll("a"))
  }

  function onKey (event) {
    var all = links()
    var at = all.indexOf(document.activeElement)
    if (event.key === "Escape") {
      // A search field would only clear itself: Esc closes the dialog, as readers expect.
      event.preventDefault()
      dialog.close()
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return
      event.preventDefault()
      var next = event.key === "ArrowDown" ? at + 1 : at - 1
      if (next < 0) input.focus()
      else all[Math.min(next, all.length - 1)].focus()
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault()
      all[0].click()
    }
  }

  function build () {
    input = el("input", {
      id: "site-search-input", type: "search", autocomplete: "off", autocapitalize: "off",
      spellcheck: "false", enterkeyhint: "search", placeholder: text.placeholder || "",
      "aria-describedby": "site-search-status", "aria-controls": "site-search-results"
    })
    status = el("p", { id: "site-search-status", class: "site-search__status", role: "status" })
    list = el("ol", { id: "site-search-results", class: "site-search__results", "aria-label": text.results || "" })
    var close = el("button", { type: "button", class: "site-search__close", text: text.close })
    dialog = el("dialog", { class: "site-search", "aria-labelledby": "site-search-label" }, [
      el("div", { class: "site-search__box", role: "search" }, [
        el("label", { for: "site-search-input", id: "site-search-label", class: "site-search__label", text: text.label }),
        el("div", { class: "site-search__bar" }, [input, close]),
        status,
        list,
        topics ? el("p", { class: "site-search__topics" }, [el("a", { href: topics.href, text: text.topics })]) : null
      ])
    ])
    close.addEventListener("click", function () { dialog.close() })
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close() })
    dialog.addEventListener("close", function () { opener.focus() })
    dialog.addEventListener("keydown", onKey)
    input.addEventListener("input", function () {
      clearTimeout(timer)
      timer = setTimeout(search, 120)
    })
    document.body.appendChild(dialog)
  }

  opener.addEventListener("click", function () {
    if (!dialog) build()
    dialog.showModal()
    input.focus()
    input.select()
    if (!engine) load().catch(function () { announce(text.failed) })
  })
})()
