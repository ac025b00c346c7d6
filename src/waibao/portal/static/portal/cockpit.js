// The leader's cockpit (home page of a leader): two charts from the json_script block
// "cockpit-data", in one unit (亿美元), each beside a table of the same numbers.
// No inline script (CSP script-src 'self'); ECharts is served from our static files.
(function () {
  "use strict";
  var source = document.getElementById("cockpit-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var still = typeof window.matchMedia === "function" &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function numbers(values) {
    // Exact decimal strings of 亿美元; the chart only needs their scale.
    return values.map(function (v) { return Number(v); });
  }

  function format(value) {
    return value.toFixed(2) + " " + data.unit;
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

  // Districts ranked: horizontal bars, largest on top, every name written out.
  draw("cockpit-districts", {
    grid: { left: 8, right: 64, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: format },
    xAxis: { type: "value", name: data.unit, nameLocation: "end", nameGap: 8,
      axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", inverse: true, data: data.districts,
      axisLabel: { interval: 0, width: 96, overflow: "truncate" } },
    series: [{ type: "bar", barMaxWidth: 28, name: data.labels.executed, data: numbers(data.districtValues),
      label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } } }]
  });

  // Month by month, this year beside last year; every month named, turned on a phone.
  var months = document.getElementById("cockpit-months");
  var narrow = months && months.clientWidth < 520;
  draw("cockpit-months", {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: format },
    xAxis: { type: "category", data: data.months, axisLabel: { interval: 0, rotate: narrow ? 45 : 0 } },
    yAxis: { type: "value", name: data.unit, axisLabel: { hideOverlap: true } },
    series: [
      { type: "bar", name: data.labels.current, data: numbers(data.executed) },
      { type: "line", name: data.labels.previous, data: numbers(data.previous) }
    ]
  });
}());
