/* Keep this tab's search in this tab only, so Back and "Back to your results"
   show the results again without the browser's "Confirm form resubmission".

   The answers live in sessionStorage: never in a URL, a cookie or on the
   server, and gone when the tab closes. Without JavaScript the pages still
   work; only the way back needs it. */
(function () {
  "use strict";
  var KEY = "therapist-matcher.search";
  var body = document.body;

  function saved() {
    try {
      var search = JSON.parse(window.sessionStorage.getItem(KEY));
      return search && typeof search.request === "string" ? search : null;
    } catch (error) {
      return null;
    }
  }

  function keep(search) {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(search));
    } catch (error) {
      /* storage off or full: Back then shows the form again */
    }
  }

  function onResults() {
    var carried = document.querySelector("#edit-answers input[name=request_json]");
    if (!carried) return;
    keep({ request: carried.value, relaxed: body.dataset.relaxed === "1" });
    /* The page came from a POST: make its history entry a plain visit to the
       results address, which rebuilds it from this tab with a fresh POST. */
    window.history.replaceState(null, "", body.dataset.resultsAddress);
  }

  function onRebuild() {
    var search = saved();
    var form = document.getElementById("rebuild");
    if (!search || !form) {
      document.getElementById("no-search").hidden = false;
      if (form) form.hidden = true; /* nothing is being shown again */
      return;
    }
    form.elements.request_json.value = search.request;
    form.elements.relaxed.value = search.relaxed ? "1" : "";
    form.submit();
  }

  function onTherapist() {
    var back = document.getElementById("back-to-results");
    if (back && saved()) back.hidden = false;
  }

  var pages = { results: onResults, rebuild: onRebuild, therapist: onTherapist };
  var run = pages[body.dataset.page];
  if (run) run();
})();
