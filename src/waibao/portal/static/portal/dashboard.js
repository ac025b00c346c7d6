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

  function draw(id, option, height) {
    var node = document.getElementById(id);
    if (!node) {
      return;
    }
    if (height && node.style) {
      node.style.height = height + "px";
    }
    var chart = window.echarts.init(node);
    option.animation = !still;
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Amount axes as the pages write amounts: the largest value picks the scale (亿/万 on
  // Chinese pages, billion/million on English ones), the axis names scale and currency
  // (e.g. 亿美元), labels are divided accordingly. Tooltips show two decimals in that scale.
  var scales = (data.labels.scales || []);
  var currencyNames = data.labels.currencyNames || {};
  // Legends name currencies as the page does (美元, 欧元, 人民币; codes on English pages).
  var currencyLabels = data.labels.currencyLabels || {};

  function currencyLabel(code) {
    return currencyLabels[code] || code;
  }

  function grouped(value, places) {
    var parts = value.toFixed(places).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function amountAxis(series, currency) {
    var largest = 0;
    series.forEach(function (s) {
      s.data.forEach(function (v) { largest = Math.max(largest, Math.abs(v)); });
    });
    var divisor = 1;
    var word = "";
    for (var i = 0; i < scales.length; i += 1) {
      if (largest >= scales[i][0]) {
        divisor = scales[i][0];
        word = scales[i][1];
        break;
      }
    }
    var unit = (word + (currency ? (currencyNames[currency] || currency) : "")).trim();
    series.forEach(function (s) {
      s.data = s.data.map(function (v) { return v / divisor; });
    });
    return {
      axis: {
        type: "value",
        name: unit,
        axisLabel: { formatter: function (v) { return grouped(v, divisor === 1 ? 0 : 1); } }
      },
      tooltip: {
        trigger: "axis",
        valueFormatter: function (v) { return grouped(Number(v), 2) + " " + unit; }
      }
    };
  }

  function countAxis() {
    return {
      type: "value",
      name: data.labels.countUnit || "",
      minInterval: 1,
      axisLabel: { formatter: function (v) { return grouped(v, 0); } }
    };
  }

  var years = data.years.map(String);
  // A trend is a line; a single year has none, and a line of one point draws nothing to see
  // (the leader read an empty chart): one bar then.
  var trend = years.length > 1 ? "line" : "bar";
  // In USD when every rate is known; otherwise one series per currency, never added up.
  var executedSeries = data.executedUsdByYear
    ? [{ name: currencyLabel("USD"), type: trend, data: numbers(data.executedUsdByYear) }]
    : data.currencies.map(function (currency) {
      return { name: currencyLabel(currency), type: trend, data: numbers(data.executedByYear[currency]) };
    });
  var executedAxis = amountAxis(
    executedSeries,
    data.executedUsdByYear ? "USD" : (data.currencies.length === 1 ? data.currencies[0] : "")
  );
  draw("chart-executed", {
    tooltip: executedAxis.tooltip,
    legend: { data: executedSeries.map(function (s) { return s.name; }) },
    xAxis: { type: "category", data: years },
    yAxis: executedAxis.axis,
    series: executedSeries
  });
  draw("chart-counts", {
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.contracts, data.labels.executions] },
    xAxis: { type: "category", data: years },
    yAxis: countAxis(),
    series: [
      { name: data.labels.contracts, type: "bar", data: data.contractsByYear },
      { name: data.labels.executions, type: "bar", data: data.executionsByYear }
    ]
  });
  // Districts as a ranking: horizontal bars, every name readable, the largest on top (the
  // server sends them largest first when it converts to USD). Without every rate, one bar per
  // currency side by side: amounts of different currencies are never stacked into one.
  var districtSeries = data.executedUsdByDistrict
    ? [{ name: currencyLabel("USD"), type: "bar", data: numbers(data.executedUsdByDistrict) }]
    : data.currencies.map(function (currency) {
      return { name: currencyLabel(currency), type: "bar", data: numbers(data.executedByDistrict[currency]) };
    });
  var districtAxis = amountAxis(
    districtSeries,
    data.executedUsdByDistrict ? "USD" : (data.currencies.length === 1 ? data.currencies[0] : "")
  );
  districtSeries.forEach(function (s) { s.data = s.data.slice().reverse(); });
  districtAxis.axis.nameLocation = "middle";  // under the axis: the unit, e.g. 万美元
  districtAxis.axis.nameGap = 28;
  districtAxis.tooltip.axisPointer = { type: "shadow" };
  var barsPerDistrict = districtSeries.length;
  draw("chart-districts", {
    tooltip: districtAxis.tooltip,
    // one series (in USD) is named by the title; several by a legend above the bars
    legend: { show: barsPerDistrict > 1, top: 0, data: districtSeries.map(function (s) { return s.name; }) },
    grid: { left: 8, right: 32, top: barsPerDistrict > 1 ? 32 : 16, bottom: 40, containLabel: true },
    xAxis: districtAxis.axis,
    yAxis: { type: "category", data: data.districts.slice().reverse(), axisLabel: { interval: 0 } },
    series: districtSeries
  }, Math.max(352, 96 + data.districts.length * (14 + 8 * barsPerDistrict)));
})();
