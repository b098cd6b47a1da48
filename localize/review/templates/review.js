(function () {
  "use strict";
  var keys = ["market", "severity", "rule", "field", "status"];
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody#items tr"));
  var search = document.getElementById("f-search");
  function control(k) { return document.getElementById("f-" + k); }
  function apply() {
    var want = {};
    keys.forEach(function (k) { want[k] = control(k).value; });
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = keys.every(function (k) { return !want[k] || row.getAttribute("data-" + k) === want[k]; });
      if (ok && q) { ok = row.textContent.toLowerCase().indexOf(q) !== -1; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
    var parts = [];
    keys.forEach(function (k) { if (want[k]) { parts.push(k + "=" + encodeURIComponent(want[k])); } });
    if (q) { parts.push("q=" + encodeURIComponent(q)); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (window.location.hash !== hash && !(hash === "" && window.location.hash === "#")) {
      window.history.replaceState(null, "", hash || window.location.pathname);
    }
    document.body.setAttribute("data-shown", String(shown));
  }
  function fromHash() {
    var h = window.location.hash.replace(/^#/, "");
    h.split("&").forEach(function (pair) {
      if (!pair) { return; }
      var i = pair.indexOf("=");
      var k = decodeURIComponent(i < 0 ? pair : pair.slice(0, i));
      var v = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1));
      if (k === "q") { search.value = v; return; }
      var c = keys.indexOf(k) !== -1 ? control(k) : null;
      if (c && Array.prototype.some.call(c.options, function (o) { return o.value === v; })) { c.value = v; }
    });
  }
  keys.forEach(function (k) { control(k).addEventListener("change", apply); });
  search.addEventListener("input", apply);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-rule]"), function (b) {
    b.addEventListener("click", function () { control("rule").value = b.getAttribute("data-rule"); apply(); });
  });
  document.getElementById("f-reset").addEventListener("click", function () {
    keys.forEach(function (k) { control(k).value = ""; });
    search.value = "";
    apply();
  });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.setAttribute("data-ready", "1");
})();
