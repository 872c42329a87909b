// The province view's bar chart: each commune's on-time share of the month (one horizontal bar each), in the
// order of the ranking. The figures come from the page (json_script "ranking-chart-data"); the table under the
// chart shows the same figures to anyone who cannot see the chart.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("ranking-chart");
    var source = document.getElementById("ranking-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var language = document.documentElement.lang || "vi";
    var percent = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    var style = getComputedStyle(document.documentElement);
    var ink = style.getPropertyValue("--pico-color").trim() || "#333";
    canvas.parentElement.style.height = 70 + 26 * Math.max(data.communes.length, 2) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.communes,
        datasets: [{ label: canvas.dataset.shareLabel, data: data.share, backgroundColor: "#0072b2" }],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        locale: language,
        scales: {
          x: {
            min: 0,
            max: 100,
            ticks: { color: ink, callback: function (value) { return percent.format(value) + "%"; } },
          },
          y: { ticks: { color: ink } },
        },
        plugins: {
          legend: { labels: { color: ink } },
          tooltip: {
            callbacks: {
              label: function (item) { return percent.format(item.parsed.x) + "%"; },
            },
          },
        },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
