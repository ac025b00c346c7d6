// Leader dashboard: draws the charts from the json_script block "dashboard-data".
// No inline script anywhere (CSP script-src 'self'); ECharts is served from our static files.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Who asks the system for less motion gets the charts drawn at once, without animation.
  var still = typeof window.matchMedia === "function" &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function numbers(values) {
    // Amounts arrive as exact decimal strings; the chart only needs their scale.
    return values.map(function (v) { return Number(v); });
  }

  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) {
      return;
    }
    var chart = window.echarts.init(node);
    option.animation = !still;
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var years = data.years.map(String);
  // In USD when every rate is known; otherwise one line per currency, never added up.
  var executedSeries = data.executedUsdByYear
    ? [{ name: "USD", type: "line", data: numbers(data.executedUsdByYear) }]
    : data.currencies.map(function (currency) {
      return { name: currency, type: "line", data: numbers(data.executedByYear[currency]) };
    });
  draw("chart-executed", {
    tooltip: { trigger: "axis" },
    legend: { data: executedSeries.map(function (s) { return s.name; }) },
    xAxis: { type: "category", data: years },
    yAxis: { type: "value" },
    series: executedSeries
  });
  draw("chart-counts", {
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.contracts, data.labels.executions] },
    xAxis: { type: "category", data: years },
    yAxis: { type: "value" },
    series: [
      { name: data.labels.contracts, type: "bar", data: data.contractsByYear },
      { name: data.labels.executions, type: "bar", data: data.executionsByYear }
    ]
  });
  draw("chart-districts", {
    tooltip: { trigger: "axis" },
    legend: { data: data.currencies },
    xAxis: { type: "category", data: data.districts },
    yAxis: { type: "value" },
    series: data.currencies.map(function (currency) {
      return { name: currency, type: "bar", stack: "executed", data: numbers(data.executedByDistrict[currency]) };
    })
  });
})();
