/* Search worker that loads the search index on first use.
 *
 * Material's page script talks to its search worker with four messages:
 * SETUP (0, the index), READY (1), QUERY (2, the text typed) and RESULT (3).
 * At startup it sends SETUP with search/search_index.json, which our build leaves
 * without documents (scripts/searchindex.py). This worker answers READY at once, and
 * on the first query that is not empty it fetches the index of the page's language
 * (search/search_index.<lang>.json) and Material's own worker (`worker` parameter),
 * sets that worker up, and from then on lets it answer every query.
 *
 * URL: search-lazy.js?lang=es&worker=search.<hash>.min.js (set by scripts/searchindex.py).
 * Relative URLs below resolve against this file: assets/javascripts/workers/.
 */
(function () {
  "use strict"

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  var params = new URL(self.location.href).searchParams
  var lang = params.get("lang") || "es"
  var material = params.get("worker") || ""
  if (!/^[\w.-]+\.js$/.test(material)) throw new Error("search-lazy.js: bad worker parameter")
  var indexUrl = "../../../search/search_index." + lang + ".json"

  var state = "idle"          // idle -> loading -> ready
  var options = {}            // Material's search options, from its SETUP message
  var pending = null          // the latest query typed while loading
  var send = self.postMessage.bind(self)

  // Material appends "*" to every word typed, and lunr skips the stop word filter for
  // such words: "no me llega el correo" would also match "nombre", "mensaje",
  // "electrónico"… So plain stop words of the page's language are dropped from a query
  // of several words, once lunr and its language support are loaded.
  function withoutStopWords (query) {
    var lunr = self.lunr
    var filter = lunr && (lang === "en" ? lunr.stopWordFilter : lunr[lang] && lunr[lang].stopWordFilter)
    if (!filter) return query
    var words = query.trim().split(/\s+/)
    var kept = words.filter(function (word) {
      return !/^[\p{L}]+$/u.test(word) || filter(word.toLowerCase()) !== undefined
    })
    return kept.length && kept.length < words.length ? kept.join(" ") : query
  }

  function dispatchQuery (query) {
    self.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: withoutStopWords(query) } }))
  }

  function answerEmpty () {
    send({ type: RESULT, data: { items: [] } })
  }

  function load () {
    state = "loading"
    fetch(indexUrl)
      .then(function (res) {
        if (!res.ok) throw new Error(indexUrl + ": " + res.status)
        return res.json()
      })
      .then(function (index) {
        // Material's worker answers with the global postMessage: catch its READY, which
        // the page already had from us, and replay the query typed meanwhile.
        self.postMessage = function (message) {
          if (message && message.type === READY && state === "loading") {
            state = "ready"
            if (pending !== null) {
              var query = pending
              pending = null
              dispatchQuery(query)
            }
            return
          }
          send(message)
        }
        importScripts(material)
        self.dispatchEvent(new MessageEvent("message", {
          data: { type: SETUP, data: { config: index.config, docs: index.docs, options: options } }
        }))
      })
      .catch(function (err) {
        // Offline or missing: no results now, try again on the next query.
        console.warn("search: " + err)
        state = "idle"
        pending = null
        answerEmpty()
      })
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data || {}
    // Our own replayed messages are for Material's worker.
    if (!ev.isTrusted) return
    if (state === "ready") {
      // Material's worker answers; a query goes to it without its stop words.
      if (message.type === QUERY && withoutStopWords(String(message.data)) !== message.data) {
        ev.stopImmediatePropagation()
        dispatchQuery(String(message.data))
      }
      return
    }
    if (message.type === SETUP) {
      options = (message.data && message.data.options) || {}
      send({ type: READY })
    } else if (message.type === QUERY) {
      var query = String(message.data || "")
      if (!query.trim()) {
        pending = null
        answerEmpty()
        return
      }
      pending = query
      if (state === "idle") load()
    }
  })
})()
