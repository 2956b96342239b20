/*
 * The pane's loader (taskpane.html loads it deferred; the scripts it starts are named in its
 * data-load attribute, in order). It preloads them at once and starts them after the first frame.
 *
 * Why a loader: deferred scripts that have arrived by the time the HTML is parsed run before the
 * browser's first rendering opportunity, so on a fast connection (a local server, the browser's
 * cache) the static shell would not be painted until about 1 MB of JavaScript had been compiled and
 * run. Starting them from the frame after the first one puts the shell on screen first, whatever the
 * connection.
 *
 * A page that is not visible gets no animation frames (Excel may load the page hidden to run the
 * custom functions while the pane is closed), so the scripts are then started at once, and a
 * timer starts them anyway should no frame come within 250 ms. Dynamically inserted scripts with async = false
 * run in insertion order, as the deferred ones did (functions.js publishes the core the pane reads).
 *
 * The JSON files named in data-fetch (the search index of the bundled data) are requested in the
 * first frame (or when the scripts start, if that comes first), so that they are read before the
 * scripts run and at hand when the pane starts: each is left in window.__paneFetched[name] as
 * { done, value, promise }, value null when it could not be read. Not earlier: reading a response
 * (and parsing its JSON) is work on the page's thread, which then came between the shell's first
 * frame and its paint.
 *
 * Plain ES5 without modules: it runs before anything else of ours and must not fail anywhere.
 */
(function () {
  var me = document.currentScript;
  var list = ((me && me.getAttribute("data-load")) || "").split(" ");
  var started = false;
  // Never in the way of the scripts: without fetch (or a window), the pane builds its index itself.
  var fetching = false;
  function fetchAll() {
    if (fetching) return;
    fetching = true;
    try {
      var fetched = (window.__paneFetched = {});
      var fetchJson = function (name) {
        var entry = { done: false, value: null, promise: null };
        var settle = function (v) {
          entry.done = true;
          entry.value = v;
          return v;
        };
        // no-cache: revalidated like functions.json, so a page of a new release never reads an old index.
        entry.promise = fetch(name, { cache: "no-cache" })
          .then(function (r) {
            return r.ok ? r.json() : null;
          })
          .then(settle, function () {
            return settle(null);
          });
        fetched[name] = entry;
      };
      var wanted = ((me && me.getAttribute("data-fetch")) || "").split(" ");
      for (var k = 0; k < wanted.length; k++) {
        if (wanted[k] && typeof fetch === "function" && typeof Promise === "function") fetchJson(wanted[k]);
      }
      // ES5 has no catch without a binding.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
    } catch (e) {
      /* the pane builds its index itself */
    }
  }
  function start() {
    if (started) return;
    started = true;
    fetchAll();
    for (var i = 0; i < list.length; i++) {
      if (!list[i]) continue;
      var s = document.createElement("script");
      s.src = list[i];
      s.async = false;
      document.head.appendChild(s);
    }
  }
  // Downloads start now (office.js, which the page loads first and synchronously, is in), so the
  // scripts are at hand after the frame; preloading them from the HTML instead would make them
  // compete with office.js and hold back the first frame.
  for (var j = 0; j < list.length; j++) {
    if (!list[j]) continue;
    var l = document.createElement("link");
    l.rel = "preload";
    l.as = "script";
    l.href = list[j];
    document.head.appendChild(l);
  }
  if (document.visibilityState === "hidden" || typeof requestAnimationFrame !== "function") {
    start();
    return;
  }
  // The frame after the shell's: a task queued from a frame callback runs after that frame is painted.
  requestAnimationFrame(function () {
    // The index's request goes out now: its answer cannot come before this frame is painted.
    fetchAll();
    setTimeout(start, 0);
  });
  setTimeout(start, 250);
})();
