/* Dashboard charts (ECharts from npm, served as a static file). Each chart has the same data in a table below. */
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("chart-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    function render(id, kind, series) {
      var el = document.getElementById(id);
      if (!el || !series) { return; }
      el.style.height = "260px";  /* set from script: the CSP allows no inline style attributes */
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 10, top: 10, bottom: 60, containLabel: true },
        xAxis: { type: "category", data: series.labels, axisLabel: { rotate: series.labels.length > 6 ? 45 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: kind, data: series.values, itemStyle: { color: "#0b5cad" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    render("chart-months", "line", data.months);
    render("chart-channels", "bar", data.channels);
    render("chart-services", "bar", data.services);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
