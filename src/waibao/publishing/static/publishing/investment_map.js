// The investment map: districts as circles at approximate centroids (no tiles, nothing
// fetched). Data comes from the page's json_script element. When the bureau has imported a
// licensed boundary file (waibao map import), its GeoJSON arrives in data.boundaries: it is
// registered with ECharts and drawn under the circles, with its 审图号 on the map; without
// one the schematic is drawn as before.
(function () {
  "use strict";
  var holder = document.getElementById("investment-map");
  var source = document.getElementById("investment-map-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  // Sized here, not by a style attribute: the CSP (default-src 'self') blocks inline styles.
  // As high as it is wide, up to 560 px: on a phone a 560 px box was mostly blank.
  holder.style.width = "100%";
  holder.style.maxWidth = "900px";
  function size() {
    holder.style.height = Math.round(Math.min(560, Math.max(300, holder.clientWidth))) + "px";
  }
  size();
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
  var tooltip = {
    formatter: function (p) {
      var d = p.data;
      if (!d || !d.parks) { return p.name; }
      var lines = [d.name, "企业 " + d.value[2]];
      d.parks.forEach(function (park) {
        lines.push(park.name + ":可用 " + shown(park.capacity_sqm) + " ㎡,空置 " + shown(park.vacant_sqm) + " ㎡");
      });
      return lines.join("<br>");
    }
  };
  var circles = {
    type: "scatter",
    data: points,
    symbolSize: function (v) { return 18 + 6 * Math.sqrt(v[2]); },
    itemStyle: { color: "#3b7dd8", opacity: 0.75 },
    // beside the circle in dark text: inside it, the name and count were blue on blue
    label: {
      show: true,
      position: "right",
      distance: 6,
      color: "#1f2d3d",
      fontSize: 12,
      lineHeight: 16,
      textBorderColor: "#fff",
      textBorderWidth: 2,
      formatter: function (p) {
        return p.data.name + "\n" + p.data.value[2] + " 家" + (p.data.parks.length ? "\n园区 " + p.data.parks.length : "");
      }
    }
  };
  if (data.boundaries) {
    var mapName = "waibao-" + data.city_code;
    echarts.registerMap(mapName, data.boundaries.geojson);
    var bounded = echarts.init(holder);
    // A degree of longitude is cos(latitude) of a degree of latitude: drawn at the city's
    // latitude, not at ECharts' default 0.75, so that the districts keep their shape.
    var middle = boundsMiddleLatitude(data.boundaries.geojson);
    circles.coordinateSystem = "geo";
    bounded.setOption({
      title: { text: data.city_name, left: "center" },
      tooltip: tooltip,
      geo: {
        map: mapName,
        nameProperty: "adcode",
        aspectScale: Math.cos(middle * Math.PI / 180),
        roam: true,
        itemStyle: { areaColor: "#eef3fa", borderColor: "#5a6b80" },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#d6e4f5" } }
      },
      // the map approval number (审图号) must be shown on a published map
      graphic: [{
        type: "text",
        right: 10,
        bottom: 10,
        style: { text: (data.boundaries.label || "审图号：") + data.boundaries.approval_number, fill: "#333", fontSize: 12 }
      }],
      series: [circles]
    });
    window.addEventListener("resize", function () { size(); bounded.resize(); });
    return;
  }
  var lngs = points.map(function (p) { return p.value[0]; });
  var lats = points.map(function (p) { return p.value[1]; });
  var pad = 0.08;
  var chart = echarts.init(holder);
  chart.setOption({
    title: { text: data.city_name + " 示意图", left: "center" },
    tooltip: tooltip,
    xAxis: { type: "value", min: Math.min.apply(null, lngs) - pad, max: Math.max.apply(null, lngs) + pad, show: false, scale: true },
    yAxis: { type: "value", min: Math.min.apply(null, lats) - pad, max: Math.max.apply(null, lats) + pad, show: false, scale: true },
    series: [circles]
  });
  window.addEventListener("resize", function () { size(); chart.resize(); });

  // The latitude halfway between the southernmost and northernmost positions of the file.
  function boundsMiddleLatitude(geojson) {
    var south = 90, north = -90;
    function walk(node) {
      if (typeof node[0] === "number") {
        south = Math.min(south, node[1]);
        north = Math.max(north, node[1]);
        return;
      }
      node.forEach(walk);
    }
    geojson.features.forEach(function (f) { walk(f.geometry.coordinates); });
    return south <= north ? (south + north) / 2 : 0;
  }
}());
