/* The agents' page (scripts/answers/agents.py): every answer of answers.json, found by
   typing, with buttons that copy the reply and its link, or the link alone, in the
   language the agent picks (whatever the page's language), and share them where the
   browser can (Web Share API, through links.js). Matching is the search's (textmatch.js): case, accents, small
   words and one typo never matter. answers.json is fetched when the agent first uses the
   search or the language choice, so a visit that only reads costs no more than another
   page. Without this script the page lists each page of the guide, linked in every
   language. Needs links.js (window.GuideLinks) and textmatch.js (window.TextMatch). */
(function () {
  "use strict";
  var box = document.querySelector(".answers[data-answers]");
  var app = box && box.querySelector(".answers__app");
  var G = window.GuideLinks, M = window.TextMatch;
  if (!app || !G || !M || !window.fetch) return;
  var t = G.strings;
  var LISTED = ["page", "answer", "node"]; // shown before the agent types
  var LIMIT = 50; // results drawn at once
  var lang = document.documentElement.lang;
  var source = new URL(box.getAttribute("data-answers"), document.baseURI);
  var names = JSON.parse(box.getAttribute("data-languages") || "{}");
  var codes = Object.keys(names);
  var chosen = codes.indexOf(lang) >= 0 ? lang : codes[0];
  var pages = box.querySelector(".answers__pages");
  var data = null, items = [], loading = null, timer, drawn = null;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function copyButton(label, title, text, done) {
    var button = el("button", "answers__button", label);
    button.type = "button";
    button.setAttribute("aria-label", label + ": " + title);
    button.addEventListener("click", function () { G.copy(text(), button, done); });
    return button;
  }

  // The controls, at once: the search field and the language of what is copied.
  var search = el("div", "answers__filter");
  var label = el("label", "", t.filter_label);
  label.htmlFor = "answers-filter";
  var input = el("input");
  input.type = "search";
  input.id = "answers-filter";
  input.autocomplete = "off";
  input.placeholder = t.filter_placeholder;
  search.append(label, input);
  var switcher = el("fieldset", "answers__language");
  switcher.append(el("legend", "", t.copy_language));
  codes.forEach(function (code) {
    var option = el("label");
    var radio = el("input");
    radio.type = "radio";
    radio.name = "answers-language";
    radio.value = code;
    radio.checked = code === chosen;
    radio.addEventListener("change", function () { chosen = code; load().then(draw); });
    option.append(radio, " ", el("span", "", names[code]));
    option.lang = code;
    switcher.append(option);
  });
  var count = el("p", "answers__count");
  count.setAttribute("role", "status");
  var list = el("ul", "answers__results");
  list.hidden = true;
  app.append(search, switcher, count, list);
  app.hidden = false;

  // Until answers.json is here, each page of the list can be copied in either language.
  if (pages) {
    pages.querySelectorAll("a[hreflang]").forEach(function (link) {
      var title = link.closest("li").querySelector(".answers__title").textContent;
      link.after(" ", copyButton(t.copy_link, title + " (" + names[link.hreflang] + ")",
                                function () { return link.href; }, t.link_copied));
    });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { load().then(draw); }, 150);
  });

  function load() {
    if (loading) return loading;
    loading = fetch(source).then(function (reply) {
      if (!reply.ok) throw new Error(reply.status);
      return reply.json();
    }).then(function (found) {
      data = found;
      items = data.answers.map(function (answer) {
        var text = data.languages.map(function (code) {
          return answer.title[code] + " " + (answer.reply ? answer.reply[code] || "" : "");
        }).join(" ") + " " + answer.id.replace(/[#/-]/g, " ");
        return { answer: answer, terms: M.terms(text, lang) };
      });
      if (pages) pages.hidden = true;
      list.hidden = false;
      draw();
    }).catch(function () { loading = null; /* offline: the list of pages stays */ });
    return loading;
  }

  // What matches every word, best first: pages, FAQ answers and tree nodes before the
  // steps and sections inside them, exact words before a typo; then in the guide's order.
  function matching() {
    var wanted = M.terms(input.value, lang);
    if (!wanted.length) {
      return items.filter(function (item) { return LISTED.indexOf(item.answer.kind) >= 0; });
    }
    var found = [];
    items.forEach(function (item, order) {
      var exact = 0;
      var all = wanted.every(function (q, i) {
        if (item.terms.indexOf(q) >= 0) { exact++; return true; }
        return item.terms.some(function (term) { return M.termMatches(q, term, i === wanted.length - 1); });
      });
      if (all) {
        var listed = LISTED.indexOf(item.answer.kind) >= 0 ? 1 : 0;
        found.push({ item: item, score: exact * 2 + listed, order: order });
      }
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.map(function (f) { return f.item; });
  }

  function draw() {
    if (!data || drawn === chosen + "\n" + input.value) return; // nothing changed: keep what is shown
    drawn = chosen + "\n" + input.value;
    var found = matching();
    list.textContent = "";
    found.slice(0, LIMIT).forEach(function (item) { list.append(row(item.answer)); });
    var total = input.value.trim() ? data.answers.length : found.length;
    var message = t.filter_count.replace("{shown}", found.length).replace("{total}", total);
    if (!found.length) message = t.filter_none;
    else if (found.length > LIMIT) message += ". " + t.filter_more.replace("{shown}", LIMIT);
    count.textContent = message;
    list.setAttribute("data-query", input.value); // what the list shows results for
  }

  function row(answer) {
    var item = el("li", "answers__item answers__item--" + answer.kind);
    item.setAttribute("data-id", answer.id);
    var title = el("p", "answers__heading");
    title.append(el("span", "answers__kind", t["kind_" + answer.kind] || answer.kind), " ",
                 el("span", "answers__title", answer.title[lang] || answer.title[chosen]));
    if (chosen !== lang && answer.title[chosen] !== answer.title[lang]) {
      var other = el("span", "answers__other", answer.title[chosen]);
      other.lang = chosen;
      title.append(" ", other);
    }
    var url = answer.url[chosen];
    var address = el("p", "answers__address");
    var link = el("a", "", url.slice(data.site_url.length - 1));
    link.href = new URL(url.slice(data.site_url.length), source).href;
    link.hreflang = chosen;
    address.append(link);
    var actions = el("p", "answers__actions");
    var reply = answer.reply && answer.reply[chosen];
    if (reply) {
      // The reply, then its link on a line of its own (scripts/answers/replies.py `pasted`).
      var main = copyButton(t.copy_reply, answer.title[lang], function () { return reply + "\n" + link.href; },
                            t.reply_copied);
      main.classList.add("answers__button--main");
      actions.append(main);
    }
    actions.append(copyButton(t.copy_link, answer.title[lang], function () { return link.href; }, t.link_copied));
    if (G.canShare) {
      var share = el("button", "answers__button", t.share);
      share.type = "button";
      share.setAttribute("aria-label", t.share + ": " + answer.title[lang]);
      share.addEventListener("click", function () {
        G.share({ title: answer.title[chosen], text: reply || answer.title[chosen], url: link.href }, share);
      });
      actions.append(share);
    }
    item.append(title, address, actions);
    if (reply) {
      // Folded: the list stays short to scan, and the agent can read what will be pasted.
      var text = el("p", "answers__reply", reply);
      text.lang = chosen;
      text.hidden = true;
      var toggle = el("button", "answers__toggle", t.show_reply);
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", function () {
        text.hidden = !text.hidden;
        toggle.setAttribute("aria-expanded", String(!text.hidden));
      });
      actions.append(toggle);
      item.append(text);
    }
    return item;
  }
})();
