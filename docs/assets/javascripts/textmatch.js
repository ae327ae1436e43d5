/* How the guide matches what a reader types: the twin of scripts/search/match.py.
 *
 * Case and accents never matter ("OLVIDÉ" = "olvide"), small words are dropped, words are
 * cut to a light stem ("bloqueada" -> "bloque", "locked" -> "lock"), and a word of 4+
 * letters may have one typo (8+: two). Used by the search (search.js) and meant for the
 * agents' table filter: TextMatch.matches(query, text, lang).
 * A browser test checks that it gives the same terms as the Python module, word for word.
 */
(function (root) {
  "use strict"

  var STOPWORDS = {
    es: "a al algo como con cual de del donde e el en eres es esa ese eso esta estan este esto " +
        "estoy ha hace hacer haces hago hay la las le les lo los me mi mis muy ni no o para pero por " +
        "porque q que se si sin soy su sus te tengo ti tu tus u un una unas uno unos y ya yo",
    en: "a am an and any are as at be been but by can cant could did didnt do does doesnt dont " +
        "for from had has have how i if im in is isnt it its ive me my no not of on or our so that " +
        "the their them there this to was we were what whats when where which who why will with " +
        "won wont would you your"
  }
  var SUFFIXES = {
    es: ("amientos imientos amiento imiento aciones iciones uciones acion icion ucion mente idades idad " +
         "ando iendo aron ieron aste iste amos emos imos ados idos adas idas ado ido ada ida " +
         "aba ian ia an en ar er ir as es os a e o s").split(" "),
    en: "ations ation ings ing edly ies ied ed es ly e s".split(" ")
  }
  var MIN_STEM = 3
  var stop = {}
  Object.keys(STOPWORDS).forEach(function (lang) {
    stop[lang] = {}
    STOPWORDS[lang].split(" ").forEach(function (w) { stop[lang][w] = true })
  })

  function normalize (text) {
    return String(text).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
  }

  function words (text) {
    return normalize(text).replace(/['\u2019]/g, "").match(/[a-z0-9]+/g) || []
  }

  function stem (word, lang) {
    if (/^[0-9]+$/.test(word) || word.length <= MIN_STEM) return word
    var list = SUFFIXES[lang] || []
    for (var i = 0; i < list.length; i++) {
      var suffix = list[i]
      // a long suffix needs a longer stem: "olvido" is not "olv" + "ido"
      if (word.slice(-suffix.length) !== suffix ||
          word.length - suffix.length < MIN_STEM + (suffix.length > 2 ? 1 : 0)) continue
      var base = word.slice(0, -suffix.length)
      var last = base.charAt(base.length - 1)
      if (suffix === "s" && ("su" + (lang === "en" ? "i" : "")).indexOf(last) >= 0) continue
      if (lang === "en") {
        if (suffix === "ies" || suffix === "ied") return base + "y"
        if ((suffix === "ed" || suffix === "ing" || suffix === "edly") && base.length > 3 &&
            last === base.charAt(base.length - 2) && "lsz".indexOf(last) < 0) return base.slice(0, -1)
      }
      return base
    }
    return word
  }

  function terms (text, lang) {
    var s = stop[lang] || {}
    return words(text).filter(function (w) {
      return !s[w] && (w.length > 1 || /^[0-9]$/.test(w))
    }).map(function (w) { return stem(w, lang) })
  }

  function typoAllowance (term) {
    return term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0
  }

  function distance (a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1
    var previous = []
    for (var j = 0; j <= b.length; j++) previous.push(j)
    for (var i = 1; i <= a.length; i++) {
      var current = [i], best = i
      for (j = 1; j <= b.length; j++) {
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0))
        current.push(value)
        if (value < best) best = value
      }
      if (best > limit) return limit + 1
      previous = current
    }
    return previous[b.length]
  }

  function termMatches (q, t, prefix) {
    if (q === t || (prefix && t.indexOf(q) === 0)) return true
    // a typo never changes the first letter: an acronym with one more letter in front names
    // another thing ("xabc" is not "abc"), while "olvdo" is still "olvido"
    if (q.charAt(0) !== t.charAt(0)) return false
    var allowed = typoAllowance(q)
    return allowed > 0 && distance(q, t, allowed) <= allowed
  }

  /* Every meaningful query word is in the text (same stem, a typo, or the last word's start). */
  function matches (query, text, lang) {
    var wanted = terms(query, lang)
    var have = terms(text, lang)
    return wanted.length > 0 && wanted.every(function (q, i) {
      return have.some(function (t) { return termMatches(q, t, i === wanted.length - 1) })
    })
  }

  root.TextMatch = {
    normalize: normalize, words: words, stem: stem, terms: terms,
    typoAllowance: typoAllowance, distance: distance, termMatches: termMatches, matches: matches
  }
})(typeof self !== "undefined" ? self : this)
