/* Troubleshooting trees (scripts/trees/): one question at a time, "your answers" with a
   "change" link for each, "Back" and "Start again". The URL fragment holds the path: the
   nodes after the start, joined by "/" (#correo-funciona/correo-desactualizado), so a reload,
   the language link (links.js keeps the fragment) and a shared link show the same path. A
   fragment that names one node, or an ID inside one (a step), takes the shortest way to it.
   Without this script the page is a list of questions whose answers are links. */
(function () {
  "use strict";
  var tree = document.querySelector("[data-tree]");
  if (!tree) return;
  var start = tree.getAttribute("data-start");
  var nodes = {}, titles = {};
  function words(e) { return e.textContent.replace(/\s+/g, " ").trim(); }
  tree.querySelectorAll("[data-node]").forEach(function (section) {
    var id = section.getAttribute("data-node");
    var heading = section.querySelector("h2").cloneNode(true);
    heading.querySelectorAll(".headerlink").forEach(function (e) { e.remove(); });
    nodes[id] = section;
    titles[id] = words(heading);
  });
  var controls = tree.querySelector(".tree-controls");
  var back = controls.querySelector("[data-tree-back]");
  var again = controls.querySelector("[data-tree-restart]");
  var box = tree.querySelector("[data-tree-trail]");
  var list = element("ol", "tree-trail__list");
  box.append(element("h2", "tree-trail__title", box.getAttribute("data-title")), list);
  var trail = [start]; // the nodes from the start to the one shown
  var shown = null;
  // This page's history entries: "Back" goes back through them, then up the path.
  if (!history.state) history.replaceState({ tree: 0 }, "");
  var depth = history.state.tree || 0;

  function next(id) {
    return (nodes[id].getAttribute("data-next") || "").split(" ").filter(Boolean);
  }

  function fragment(path) {
    return "#" + (path.length < 2 ? start : path.slice(1).join("/"));
  }

  // The shortest way from the start to a node reached from outside the answers.
  function pathTo(id) {
    var from = {}, queue = [start];
    from[start] = null;
    while (queue.length && !(id in from)) {
      var here = queue.shift();
      next(here).forEach(function (n) {
        if (!(n in from)) { from[n] = here; queue.push(n); }
      });
    }
    for (var path = [], n = id; n; n = from[n]) path.unshift(n);
    return path;
  }

  function decoded(hash) {
    try { return decodeURIComponent(hash.slice(1)); } catch (e) { return ""; }
  }

  // The path a fragment names, or null when it names nothing in the tree.
  function parse(hash) {
    var parts = decoded(hash).split("/").filter(Boolean);
    if (!parts.length) return null;
    if (parts.length === 1 && parts[0] === start) return [start];
    var path = [start];
    for (var i = 0; i < parts.length && next(path[path.length - 1]).indexOf(parts[i]) >= 0; i++) path.push(parts[i]);
    if (i === parts.length) return path;
    var last = parts[parts.length - 1];
    var target = !nodes[last] && document.getElementById(last);
    var section = target && target.closest("[data-node]");
    var id = nodes[last] ? last : section && section.getAttribute("data-node");
    return id ? pathTo(id) : null;
  }

  function answerText(from, to) {
    var link = nodes[from].querySelector(".tree-answers a[href='#" + to + "']");
    return link ? words(link) : "";
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // "Your answers": each question answered so far, the answer, and a link to change it.
  function summary() {
    list.textContent = "";
    for (var i = 0; i < trail.length - 1; i++) {
      var item = element("li", "tree-trail__item");
      var change = element("a", "tree-trail__change", box.getAttribute("data-change"));
      change.href = fragment(trail.slice(0, i + 1));
      change.setAttribute("data-index", i);
      change.appendChild(element("span", "tree-trail__hint",
                                 " " + box.getAttribute("data-change-hint") + " " + titles[trail[i]]));
      item.append(element("span", "tree-trail__question", titles[trail[i]]), " ",
                  element("span", "tree-trail__answer", answerText(trail[i], trail[i + 1])), " ", change);
      list.appendChild(item);
    }
    box.hidden = trail.length < 2;
  }

  function show(focus) {
    var id = trail[trail.length - 1];
    Object.keys(nodes).forEach(function (key) { nodes[key].hidden = key !== id; });
    back.hidden = trail.length < 2;
    again.hidden = id === start;
    summary();
    if (shown !== id && focus) {
      var heading = nodes[id].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus(); // a screen reader reads the new question; the page scrolls to it
    }
    shown = id;
  }

  function go(path) {
    trail = path;
    history.pushState({ tree: ++depth }, "", fragment(path));
    show(true);
  }

  // After a reload, back/forward, or a link from outside the tree (the table of contents).
  function sync(event) {
    if (history.state) depth = history.state.tree || 0;
    else history.replaceState({ tree: ++depth }, ""); // a link inside the page made an entry
    var path = location.hash.length > 1 ? parse(location.hash) : [start];
    if (path) trail = path; // else a fragment outside the tree: keep the node shown
    show(Boolean(event));
  }

  tree.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    if (link.classList.contains("tree-trail__change")) {
      event.preventDefault();
      return go(trail.slice(0, Number(link.getAttribute("data-index")) + 1));
    }
    var id = link.getAttribute("href").slice(1);
    if (!nodes[id]) return;
    event.preventDefault();
    var here = trail[trail.length - 1];
    if (id === here) return;
    var answer = link.closest(".tree-answers") && nodes[here].contains(link) && !link.classList.contains("tree-restart");
    go(answer ? trail.concat(id) : id === start ? [start] : pathTo(id));
  });

  back.addEventListener("click", function () {
    if (depth > 0) return history.back();
    trail = trail.slice(0, -1); // a shared link: go up its path instead
    history.replaceState(history.state, "", fragment(trail));
    show(true);
  });

  again.addEventListener("click", function () { go([start]); });

  window.addEventListener("popstate", sync);
  window.addEventListener("hashchange", sync);
  tree.classList.add("tree--wizard");
  controls.hidden = false;
  sync(null);
  var target = parse(location.hash) && document.getElementById(decoded(location.hash));
  if (target) target.scrollIntoView(); // the browser scrolled before the other nodes were hidden
})();
