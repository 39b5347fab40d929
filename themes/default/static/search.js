// northstar search: finds documents in the site's search-index.json, built with the
// site. Without JavaScript the box stays hidden and nothing else changes. The index is
// fetched the first time the box is used, from this site only; every text from it is
// put in the page as text, never as markup.
(function () {
  "use strict";
  var root = document.getElementById("ns-search");
  if (!root || !window.fetch) return;
  var input = document.getElementById("ns-search-input");
  var panel = document.getElementById("ns-search-panel");
  var list = document.getElementById("ns-search-results");
  var status = document.getElementById("ns-search-status");
  var selects = root.querySelectorAll("select[data-filter]");
  var base = root.getAttribute("data-base") || "/";
  var SHOWN = 20;
  var docs = null;
  var loading = null;
  var active = -1;
  var results = [];

  root.hidden = false;

  function load() {
    if (loading) return loading;
    status.textContent = "Loading the index…";
    loading = fetch(base + "search-index.json", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (index) {
        if (!index || index.v !== 1 || !Array.isArray(index.docs)) throw new Error("unknown index");
        docs = index.docs.map(function (row) {
          var d = {
            title: String(row[0] || ""), kind: String(row[1] || ""), status: String(row[2] || ""),
            quarters: list_of(row[3]), owners: list_of(row[4]), tags: list_of(row[5]),
            summary: String(row[6] || ""), headings: list_of(row[7]), url: String(row[8] || "")
          };
          d.title_lc = fold(d.title);
          d.text_lc = fold([d.summary, d.headings.join(" "), d.owners.join(" "), d.tags.join(" "), d.kind, d.status].join(" "));
          return d;
        });
        fill_filters();
        run();
      })
      .catch(function () {
        status.textContent = "Search is unavailable: the index could not be loaded.";
      });
    return loading;
  }

  function list_of(value) {
    return Array.isArray(value) ? value.map(String) : [];
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function fill_filters() {
    selects.forEach(function (select) {
      var field = select.getAttribute("data-filter");
      var seen = {};
      docs.forEach(function (d) {
        var values = field === "kind" || field === "status" ? [d[field]] : d[field === "quarter" ? "quarters" : "owners"];
        values.forEach(function (v) { if (v) seen[v] = true; });
      });
      Object.keys(seen).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.disabled = false;
    });
  }

  function filters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-filter")] = select.value;
    });
    return chosen;
  }

  function passes(d, chosen) {
    if (chosen.kind && d.kind !== chosen.kind) return false;
    if (chosen.status && d.status !== chosen.status) return false;
    if (chosen.quarter && d.quarters.indexOf(chosen.quarter) < 0) return false;
    if (chosen.owner && d.owners.indexOf(chosen.owner) < 0) return false;
    return true;
  }

  // Every word of the query must appear; the title counts most, and a title that
  // starts with a word more still.
  function score(d, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var at = d.title_lc.indexOf(w);
      if (at === 0) total += 8;
      else if (at > 0) total += d.title_lc.charAt(at - 1) === " " ? 6 : 4;
      else if (d.text_lc.indexOf(w) >= 0) total += 1;
      else return 0;
    }
    return total;
  }

  function run() {
    if (!docs) return;
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var chosen = filters();
    var filtered = Object.keys(chosen).length > 0;
    results = [];
    if (words.length > 0 || filtered) {
      docs.forEach(function (d, i) {
        if (!passes(d, chosen)) return;
        var s = words.length ? score(d, words) : 1;
        if (s > 0) results.push({ d: d, s: s, i: i });
      });
      results.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    }
    show(words.length > 0 || filtered);
  }

  function show(asked) {
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    results.slice(0, SHOWN).forEach(function (r, n) {
      var item = document.createElement("li");
      item.id = "ns-search-result-" + n;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      // Only the site's own pages: a URL from the index that leaves the base path
      // (another host, `//host`, a script URL) leads to the home page instead.
      link.href = r.d.url.indexOf(base) === 0 && r.d.url.indexOf("//") < 0 ? r.d.url : base;
      link.textContent = r.d.title;
      link.tabIndex = -1;
      item.appendChild(link);
      var facts = [r.d.kind, r.d.status, r.d.quarters.length ? r.d.quarters[0] + (r.d.quarters.length > 1 ? " – " + r.d.quarters[r.d.quarters.length - 1] : "") : "", r.d.owners.join(", ")].filter(Boolean);
      var meta = document.createElement("span");
      meta.className = "search-meta";
      meta.textContent = facts.join(" · ");
      item.appendChild(meta);
      if (r.d.summary) {
        var summary = document.createElement("span");
        summary.className = "search-summary";
        summary.textContent = r.d.summary;
        item.appendChild(summary);
      }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { go(n); });
      list.appendChild(item);
    });
    if (!asked) status.textContent = "Type to search titles, summaries, headings, owners and tags.";
    else if (results.length === 0) status.textContent = "No documents match.";
    else if (results.length > SHOWN) status.textContent = results.length + " documents match; the first " + SHOWN + " are shown.";
    else status.textContent = results.length === 1 ? "1 document matches." : results.length + " documents match.";
  }

  function highlight(n) {
    var items = list.children;
    if (items.length === 0) return;
    active = (n + items.length) % items.length;
    for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", i === active ? "true" : "false");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function go(n) {
    var item = list.children[n];
    var link = item && item.querySelector("a");
    if (link) window.location.href = link.href;
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
    load();
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () { open(); run(); });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); open(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter") { event.preventDefault(); go(active >= 0 ? active : 0); }
    else if (event.key === "Escape") { close(); }
  });
  root.addEventListener("focusout", function (event) {
    if (!root.contains(event.relatedTarget)) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) return;
    event.preventDefault();
    input.focus();
  });
})();
