/* Troubleshooting trees (scripts/trees/): one question at a time, with "Back" and "Start
   again". The URL fragment names the node shown, so a reload or a shared link lands on it.
   Without this script the page is a list of questions whose answers are links. */
(function () {
  "use strict";
  var tree = document.querySelector("[data-tree]");
  if (!tree) return;
  var start = tree.getAttribute("data-start");
  var nodes = {};
  tree.querySelectorAll("[data-node]").forEach(function (section) {
    nodes[section.getAttribute("data-node")] = section;
  });
  var controls = tree.querySelector(".tree-controls");
  var back = controls.querySelector("[data-tree-back]");
  var again = controls.querySelector("[data-tree-restart]");
  // trail: the nodes from the start to the one shown; steps: history entries made on this page.
  var state = { trail: [start], steps: 0 };
  var shown = null;

  function next(id) {
    return (nodes[id].getAttribute("data-next") || "").split(" ").filter(Boolean);
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
    for (var trail = [], n = id; n; n = from[n]) trail.unshift(n);
    return trail;
  }

  // The node a fragment names, or the node it lies in (a synced step, for example).
  function nodeOf(hash) {
    var id = decodeURIComponent(hash.slice(1));
    if (nodes[id]) return id;
    var target = id && document.getElementById(id);
    var section = target && target.closest("[data-node]");
    return section ? section.getAttribute("data-node") : null;
  }

  function show(id, focus) {
    Object.keys(nodes).forEach(function (key) { nodes[key].hidden = key !== id; });
    back.hidden = state.steps < 1 && state.trail.length < 2;
    again.hidden = id === start;
    if (shown !== id && focus) {
      var heading = nodes[id].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus(); // a screen reader reads the new question; the page scrolls to it
    }
    shown = id;
  }

  function go(id, trail) {
    state = { trail: trail, steps: state.steps + 1 };
    history.pushState({ tree: state }, "", "#" + id);
    show(id, true);
  }

  // After a reload, back/forward, or a link from outside the tree (the table of contents).
  function sync(event) {
    var id = nodeOf(location.hash);
    var saved = history.state && history.state.tree;
    if (saved) {
      state = saved;
    } else {
      if (event && !id) id = shown; // a fragment outside the tree: keep the node shown
      state = { trail: pathTo(id || start), steps: state.steps + (event ? 1 : 0) };
      history.replaceState({ tree: state }, "");
    }
    id = id || state.trail[state.trail.length - 1];
    show(id, Boolean(event));
    var target = !event && nodeOf(location.hash) && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView(); // the browser scrolled before the other nodes were hidden
  }

  tree.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    var id = link.getAttribute("href").slice(1);
    if (!nodes[id]) return;
    event.preventDefault();
    if (id === shown) return;
    var answer = nodes[shown].contains(link) && !link.classList.contains("tree-restart");
    go(id, answer ? state.trail.concat(id) : pathTo(id));
  });

  back.addEventListener("click", function () {
    if (state.steps > 0) return history.back();
    var trail = state.trail.slice(0, -1); // a shared link: go up the shortest way instead
    state = { trail: trail, steps: 0 };
    history.replaceState({ tree: state }, "", "#" + trail[trail.length - 1]);
    show(trail[trail.length - 1], true);
  });

  again.addEventListener("click", function () { go(start, [start]); });

  window.addEventListener("popstate", sync);
  window.addEventListener("hashchange", sync);
  tree.classList.add("tree--wizard");
  controls.hidden = false;
  sync(null);
})();
