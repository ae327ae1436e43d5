/* Links that last: a "copy link" button beside each answer, step and tree node, and the
   language link keeps the fragment. Where the browser can share (Web Share API, mostly
   phones), each heading also has a "share" button: the browser's own share sheet, so
   nothing is loaded from a messaging service and no third-party share link is on the page.
   Without this script headings keep their permalinks (¶) and the language link goes to the
   top of the other page. The copy and share helpers are shared with agents.js as
   window.GuideLinks. Strings: data/site.yml via overrides/main.html. */
(function () {
  "use strict";
  var data = document.getElementById("link-strings");
  if (!data) return;
  var t = JSON.parse(data.textContent);
  var article = document.querySelector("article.md-content__inner");
  var status = document.createElement("div");
  status.className = "visually-hidden"; // announced once by screen readers, not shown
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  var shown = null;
  var canShare = typeof navigator.share === "function";

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

  function say(message) {
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function confirm(button, message) {
    if (shown) shown.remove();
    var note = document.createElement("span");
    note.className = "copy-link__note";
    note.setAttribute("aria-hidden", "true"); // the status region speaks it
    note.textContent = message;
    button.after(note);
    shown = note;
    say(message);
    setTimeout(function () { if (shown === note) { note.remove(); shown = null; } }, 2500);
  }

  // The clipboard was refused: never say "copied". Show the text, selected, to copy by hand.
  function fallback(button, text) {
    if (shown) shown.remove();
    var box = document.createElement("span");
    box.className = "copy-fallback";
    var note = document.createElement("span");
    note.className = "copy-fallback__note";
    note.textContent = t.copy_this;
    var area = document.createElement("textarea");
    area.className = "copy-fallback__text";
    area.readOnly = true;
    area.rows = Math.min(6, Math.ceil(text.length / 40) + 1);
    area.value = text;
    area.setAttribute("aria-label", t.copy_this);
    box.append(note, area);
    button.after(box);
    shown = box;
    area.focus();
    area.select();
    say(t.copy_this);
  }

  /* Copy `text`; say `done` beside `button`, or show the text to copy by hand. */
  function copy(text, button, done) {
    return copyText(text).then(function () { confirm(button, done); },
                               function () { fallback(button, text); });
  }

  /* Share `data` ({title, text, url}) through the browser's share sheet. Without the API,
     or when it fails for another reason than the reader closing the sheet, copy the link. */
  function share(data, button) {
    if (!canShare) return copy(data.url, button, t.link_copied);
    return navigator.share(data).then(function () {}, function (error) {
      if (error && error.name === "AbortError") return; // the reader closed the sheet
      return copy(data.url, button, t.link_copied);
    });
  }

  var ICONS = {
    copy: '<path d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 0 1 4.2 4.2l-2 2a1 1 0 0 1-1.4-1.4l2-2a1 1 0 0 0-1.4-1.4L12 13.4a1 1 0 0 1-1.4 0zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 0 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z"/>',
    share: '<path d="M18 16a3 3 0 0 0-2.2 1l-7-3.6a3 3 0 0 0 0-2.8l7-3.6A3 3 0 1 0 15 5l-7 3.6a3 3 0 1 0 0 6.8l7 3.6A3 3 0 1 0 18 16z"/>'
  };

  function iconButton(icon, name, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-link" + (icon === "share" ? " copy-link--share" : "");
    b.setAttribute("aria-label", name + ": " + label);
    b.title = name;
    b.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
      ICONS[icon] + "</svg>";
    b.addEventListener("click", function () { action(b); });
    return b;
  }

  function button(url, label) {
    return iconButton("copy", t.copy_link, label, function (b) {
      copy(typeof url === "function" ? url() : url, b, t.link_copied);
    });
  }

  function shareButton(url, label) {
    return iconButton("share", t.share, label, function (b) { share({ title: label, url: url }, b); });
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
      var label = text(heading);
      heading.appendChild(button(here(heading.id), label));
      if (canShare) heading.appendChild(shareButton(here(heading.id), label));
    });
    // Steps: the button ends the step's first paragraph.
    article.querySelectorAll("ol.steps > li[id]").forEach(function (step) {
      var number = step.value || Array.prototype.indexOf.call(step.parentNode.children, step) + 1;
      var first = step.firstElementChild && step.firstElementChild.tagName === "P" ? step.firstElementChild : step;
      first.appendChild(button(here(step.id), t.kind_step + " " + number + ": " + text(first)));
    });
  }

  window.GuideLinks = { strings: t, copy: copy, say: say, share: share, canShare: canShare };

  // The language link keeps the fragment, even when it changes after load (pushState too).
  document.querySelectorAll("a.language-link").forEach(function (link) {
    var base = link.getAttribute("href").split("#")[0];
    function sync() { link.setAttribute("href", base + location.hash); }
    sync();
    ["hashchange", "popstate"].forEach(function (e) { window.addEventListener(e, sync); });
    ["pointerdown", "focus", "click", "contextmenu"].forEach(function (e) { link.addEventListener(e, sync); });
  });

})();
