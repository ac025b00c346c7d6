// The schematic investment map: districts as circles at approximate centroids (no tiles,
// no boundaries, nothing fetched). Data comes from the page's json_script element.
(function () {
  "use strict";
  var holder = document.getElementById("investment-map");
  var source = document.getElementById("investment-map-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  // Sized here, not by a style attribute: the CSP (default-src 'self') blocks inline styles.
  holder.style.width = "100%";
  holder.style.maxWidth = "900px";
  holder.style.height = "560px";
  var data = JSON.parse(source.textContent);
  // 0 m² vacant is a figure; only an unknown (null) area shows as a dash
  function shown(value) { return value === null || value === undefined ? "-" : String(value); }
  var points = data.districts.map(function (d) {
    return {
      name: d.name,
      value: [d.lng, d.lat, d.enterprises],
      parks: d.parks,
      capacity: d.capacity_sqm,
      vacant: d.vacant_sqm
    };
  });
  var lngs = points.map(function (p) { return p.value[0]; });
  var lats = points.map(function (p) { return p.value[1]; });
  var pad = 0.08;
  var chart = echarts.init(holder);
  chart.setOption({
    title: { text: data.city_name + " 示意图", left: "center" },
    tooltip: {
      formatter: function (p) {
        var d = p.data;
        var lines = [d.name, "企业 " + d.value[2]];
        d.parks.forEach(function (park) {
          lines.push(park.name + ":可用 " + shown(park.capacity_sqm) + " ㎡,空置 " + shown(park.vacant_sqm) + " ㎡");
        });
        return lines.join("<br>");
      }
    },
    xAxis: { type: "value", min: Math.min.apply(null, lngs) - pad, max: Math.max.apply(null, lngs) + pad, show: false, scale: true },
    yAxis: { type: "value", min: Math.min.apply(null, lats) - pad, max: Math.max.apply(null, lats) + pad, show: false, scale: true },
    series: [{
      type: "scatter",
      data: points,
      symbolSize: function (v) { return 18 + 6 * Math.sqrt(v[2]); },
      itemStyle: { color: "#3b7dd8", opacity: 0.75 },
      label: {
        show: true,
        formatter: function (p) {
          return p.data.name + "\n" + p.data.value[2] + " 家" + (p.data.parks.length ? "\n园区 " + p.data.parks.length : "");
        }
      }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
