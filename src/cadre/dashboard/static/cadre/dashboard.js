// The dashboard's bar chart: the non-local secretary share per province (one horizontal bar each) with the
// target as a mark across each bar. The figures come from the page (json_script "share-chart-data"); the
// table under the chart shows the same figures to anyone who cannot see the chart.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("share-chart");
    var source = document.getElementById("share-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var language = document.documentElement.lang || "vi";
    var percent = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    var style = getComputedStyle(document.documentElement);
    var ink = style.getPropertyValue("--pico-color").trim() || "#333";
    // One bar's height and room for the axis and the legend: 34 provinces fit without squeezing the names.
    canvas.parentElement.style.height = 70 + 26 * Math.max(data.provinces.length, 2) + "px";

    new Chart(canvas, {
      data: {
        labels: data.provinces,
        datasets: [
          {
            type: "bar",
            label: canvas.dataset.shareLabel,
            data: data.share,
            backgroundColor: "#0072b2",
            order: 2,
          },
          {
            // A short upright stroke at each province's target, so a target that differs between provinces
            // still reads correctly, and a single province gets a mark and not a lone dot.
            type: "line",
            label: canvas.dataset.targetLabel,
            data: data.target,
            showLine: false,
            pointStyle: "line",
            rotation: 90,
            pointRadius: 11,
            pointHoverRadius: 13,
            borderWidth: 3,
            borderColor: "#c0392b",
            backgroundColor: "#c0392b",
            order: 1,
          },
        ],
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
          y: { ticks: { color: ink, autoSkip: false } },
        },
        plugins: {
          legend: { labels: { color: ink, usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + percent.format(item.parsed.x) + "%";
              },
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
