// Draws the stacked bar chart of a country page with uPlot, from the JSON
// block named by the chart element's data-chart attribute. The chart is a
// picture of the table printed under it, which is the accessible version.
(function () {
  "use strict";
  var palette = ["#1d4e89", "#e07a1f", "#2a9d8f", "#8e3b9b", "#c1272d", "#6c757d", "#b8860b", "#4a4a4a"];
  function money(v) {
    if (v == null) { return ""; }
    if (v >= 1e9) { return "$" + (v / 1e9).toFixed(1) + "B"; }
    if (v >= 1e6) { return "$" + (v / 1e6).toFixed(1) + "M"; }
    if (v >= 1e3) { return "$" + (v / 1e3).toFixed(0) + "K"; }
    return "$" + v;
  }
  function draw(el) {
    var src = document.getElementById(el.getAttribute("data-chart"));
    if (!src || typeof uPlot === "undefined") { return; }
    var d = JSON.parse(src.textContent);
    if (!d.years || !d.years.length) { return; }
    var n = d.years.length;
    // Stack the series: each band is drawn from the sum below it.
    var stacked = [], below = new Array(n).fill(0);
    d.series.forEach(function (s) {
      var top = s.values.map(function (v, i) { return below[i] + v; });
      stacked.push(top);
      below = top;
    });
    var data = [d.years];
    for (var i = stacked.length - 1; i >= 0; i--) { data.push(stacked[i]); }
    var bars = uPlot.paths.bars({ size: [0.7, 60] });
    var series = [{ label: "Fiscal year" }];
    for (var j = d.series.length - 1; j >= 0; j--) {
      (function (k) {
        series.push({
          label: d.series[k].label, fill: palette[k % palette.length], stroke: palette[k % palette.length], width: 0,
          paths: bars, points: { show: false },
          value: function (u, v, si, idx) { return idx == null ? "" : money(d.series[k].values[idx]); }
        });
      })(j);
    }
    var width = Math.min(el.clientWidth || 800, 960);
    new uPlot({
      width: width, height: 320, series: series,
      scales: { x: { time: false, range: function (u, min, max) { return [min - 0.6, max + 0.6]; } } },
      axes: [
        { values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? "FY" + v : ""; }); }, incrs: [1, 2, 5, 10] },
        { values: function (u, vals) { return vals.map(money); }, size: 70 }
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } }
    }, data, el);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
