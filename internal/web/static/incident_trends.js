// Draws the incident trend of /incidents/trends with uPlot: incidents per
// month, stacked by the largest keys of the breakdown, from the JSON block
// named by the element's data-incident-chart attribute. The chart is a
// picture of the tables printed under it, which are the accessible version.
(function () {
  "use strict";
  var palette = ["#1d4e89", "#e07a1f", "#2a9d8f", "#8e3b9b", "#c1272d", "#6c757d", "#b8860b", "#4a4a4a"];
  function draw(el) {
    var src = document.getElementById(el.getAttribute("data-incident-chart"));
    if (!src || typeof uPlot === "undefined") { return; }
    var d = JSON.parse(src.textContent);
    if (!d.months || !d.months.length || !d.series) { return; }
    var n = d.months.length, xs = [];
    for (var i = 0; i < n; i++) { xs.push(i); }
    var stacked = [], below = new Array(n).fill(0);
    d.series.forEach(function (s) {
      var top = s.values.map(function (v, k) { return below[k] + v; });
      stacked.push(top);
      below = top;
    });
    var data = [xs];
    for (var j = stacked.length - 1; j >= 0; j--) { data.push(stacked[j]); }
    var bars = uPlot.paths.bars({ size: [0.7, 40] });
    var series = [{ label: "Month", value: function (u, v) { return v == null ? "" : d.months[v]; } }];
    for (var k = d.series.length - 1; k >= 0; k--) {
      (function (m) {
        series.push({
          label: d.series[m].label, fill: palette[d.series[m].color % palette.length], stroke: palette[d.series[m].color % palette.length], width: 0,
          paths: bars, points: { show: false },
          value: function (u, v, si, idx) { return idx == null ? "" : String(d.series[m].values[idx]); }
        });
      })(k);
    }
    new uPlot({
      width: Math.min(el.clientWidth || 800, 960), height: 320, series: series,
      scales: { x: { time: false, range: function () { return [-0.6, n - 0.4]; } } },
      axes: [
        { values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) && d.months[v] ? d.months[v] : ""; }); } },
        { values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? String(v) : ""; }); }, size: 50 }
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } }
    }, data, el);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-incident-chart]").forEach(draw);
  });
})();
