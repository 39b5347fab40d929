// northstar serve: reloads this page when a rebuild changed it, swaps stylesheets when
// only CSS changed. Added by the preview server to HTML responses; never part of a build.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var here = window.location.pathname;
  function same(path) {
    return path === here || path + "index.html" === here || here + "index.html" === path;
  }
  function swapStylesheets(generation) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, window.location.href);
      if (url.origin !== window.location.origin) continue;
      url.searchParams.set("northstar", String(generation));
      links[i].href = url.pathname + url.search;
    }
  }
  var source = new EventSource("/__northstar/events");
  source.addEventListener("rebuild", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (data.css) { swapStylesheets(data.generation); return; }
    if (data.all || (data.changed || []).some(same)) { window.location.reload(); }
  });
})();
