(function () {
  // Plain JS, no network: each select keeps the transcripts whose data-<name> holds its value.
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  var selects = Array.prototype.slice.call(bar.querySelectorAll("select"));
  var episodes = Array.prototype.slice.call(document.querySelectorAll("details.episode"));
  var count = document.getElementById("filter-count");
  function apply() {
    var shown = 0;
    episodes.forEach(function (episode) {
      var keep = selects.every(function (select) {
        if (!select.value) { return true; }
        var have = (episode.getAttribute("data-" + select.name) || "").split(" ");
        return have.indexOf(select.value) >= 0;
      });
      episode.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + episodes.length + " transcripts shown";
  }
  // report.html?rule=handoff.missed&persona=angry-alex opens with those filters set.
  var wanted = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    var value = wanted.get(select.name);
    if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) {
      select.value = value;
    }
    select.addEventListener("change", apply);
  });
  bar.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
