/* Links that last: a "copy link" button beside each answer, step and tree node; the
   language link keeps the fragment; the agents' table gets a filter. Without this script
   headings keep their permalinks (¶), the language link goes to the top of the other
   page, and the agents' table is complete. Strings: data/site.yml via overrides/main.html. */
(function () {
  "use strict";
  var data = document.getElementById("link-strings");
  if (!data) return;
  var t = JSON.parse(data.textContent);
  var article = document.querySelector("article.md-content__inner");
  var status = document.createElement("div");
  status.className = "md-visually-hidden"; // announced once by screen readers, not shown
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  var shown = null;

  function here(id) {
    return location.origin + location.pathname.replace(/index\.html$/, "") + "#" + encodeURIComponent(id);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      (done ? resolve : reject)();
    });
  }

  function confirm(button, message, ok) {
    if (shown) shown.remove();
    var note = document.createElement("span");
    note.className = "copy-link__note" + (ok ? "" : " copy-link__note--failed");
    note.setAttribute("aria-hidden", "true"); // the status region speaks it
    note.textContent = message;
    button.after(note);
    shown = note;
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
    setTimeout(function () { if (shown === note) { note.remove(); shown = null; } }, ok ? 2500 : 6000);
  }

  function button(url, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-link";
    b.setAttribute("aria-label", t.copy_link + ": " + label);
    b.title = t.copy_link;
    b.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
      '<path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 0 1 4.2 4.2l-2 2a1 1 0 0 1-1.4-1.4l2-2a1 1 0 0 0-1.4-1.4L12 13.4a1 1 0 0 1-1.4 0zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 0 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z"/></svg>';
    b.addEventListener("click", function () {
      var target = typeof url === "function" ? url() : url;
      copyText(target).then(function () { confirm(b, t.link_copied, true); },
                            function () { confirm(b, t.copy_failed, false); });
    });
    return b;
  }

  function text(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".headerlink, .copy-link, .copy-link__note").forEach(function (e) { e.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  if (article) {
    // Headings of answers, sections and tree nodes (the page title is the page's own URL).
    article.querySelectorAll("h2[id], h3[id], h4[id]").forEach(function (heading) {
      if (heading.closest(".page-review, .tree-map, .answers")) return;
      heading.appendChild(button(here(heading.id), text(heading)));
    });
    // Steps: the button ends the step's first paragraph.
    article.querySelectorAll("ol.steps > li[id]").forEach(function (step) {
      var number = step.value || Array.prototype.indexOf.call(step.parentNode.children, step) + 1;
      var first = step.firstElementChild && step.firstElementChild.tagName === "P" ? step.firstElementChild : step;
      first.appendChild(button(here(step.id), t.kind_step + " " + number + ": " + text(first)));
    });
    // The agents' table: a button after each link; it copies the link's full address.
    article.querySelectorAll("a[data-copy-url]").forEach(function (link) {
      link.after(button(function () { return link.href; }, link.textContent));
    });
  }

  // The language link keeps the fragment, even when it changes after load (pushState too).
  document.querySelectorAll("a.language-link").forEach(function (link) {
    var base = link.getAttribute("href").split("#")[0];
    function sync() { link.setAttribute("href", base + location.hash); }
    sync();
    ["hashchange", "popstate"].forEach(function (e) { window.addEventListener(e, sync); });
    ["pointerdown", "focus", "click", "contextmenu"].forEach(function (e) { link.addEventListener(e, sync); });
  });

  // The agents' table: filter the rows as the agent types.
  var table = article && article.querySelector(".answers__table");
  if (table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var box = document.createElement("div");
    box.className = "answers__filter";
    box.innerHTML = '<label for="answers-filter"></label> <input type="search" id="answers-filter" autocomplete="off"> ' +
      '<span class="answers__count" role="status"></span>';
    box.querySelector("label").textContent = t.filter_label;
    var input = box.querySelector("input"), count = box.querySelector(".answers__count");
    var haystack = rows.map(function (row) { return fold(row.textContent); });
    table.closest(".answers").insertBefore(box, table.closest(".answers__scroll"));
    var timer;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(filter, 120);
    });
    function fold(s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
    function filter() {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shownRows = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return haystack[i].indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shownRows++;
      });
      count.textContent = words.length ? t.filter_count.replace("{shown}", shownRows).replace("{total}", rows.length) : "";
    }
  }
})();
