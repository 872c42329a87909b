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

// The map's zoom and pan, by changing the SVG's viewBox: the mouse wheel zooms around the pointer, a drag moves
// the map, and the buttons above it zoom in, out and back to the whole map. Nothing is fetched: the map is the
// page's own SVG (no tiles).
(function () {
  "use strict";
  var MAX_ZOOM = 12;

  function start() {
    var svg = document.getElementById("map");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) {
      return;
    }
    var whole = svg.viewBox.baseVal;
    var full = { x: whole.x, y: whole.y, w: whole.width, h: whole.height };
    var view = { x: full.x, y: full.y, w: full.w, h: full.h };

    function show() {
      // Never smaller than 1/MAX_ZOOM of the map, never larger than it, and never wandering off it.
      view.w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w));
      view.h = view.w * full.h / full.w;
      view.x = Math.min(full.x + full.w - view.w, Math.max(full.x, view.x));
      view.y = Math.min(full.y + full.h - view.h, Math.max(full.y, view.y));
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) { return n.toFixed(2); }).join(" "));
    }

    function zoom(factor, cx, cy) {
      // Keep the map's point (cx, cy) where it is on the screen.
      var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w * factor));
      var ratio = w / view.w;
      view.x = cx - (cx - view.x) * ratio;
      view.y = cy - (cy - view.y) * ratio;
      view.w = w;
      show();
    }

    function mapPoint(event) {
      var box = svg.getBoundingClientRect();
      return {
        x: view.x + (event.clientX - box.left) / box.width * view.w,
        y: view.y + (event.clientY - box.top) / box.height * view.h,
      };
    }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = mapPoint(event);
      zoom(event.deltaY < 0 ? 0.8 : 1.25, at.x, at.y);
    }, { passive: false });

    var drag = null;
    var moved = false;
    svg.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) {
        return;
      }
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) {
        return; // a click, not a drag: a province's point stays a link
      }
      if (!moved) {
        moved = true;
        svg.setPointerCapture(event.pointerId);
        svg.classList.add("dragging");
      }
      var box = svg.getBoundingClientRect();
      view.x = drag.vx - dx / box.width * view.w;
      view.y = drag.vy - dy / box.height * view.h;
      show();
    });
    function stop() {
      drag = null;
      svg.classList.remove("dragging");
    }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
    svg.addEventListener("click", function (event) {
      if (moved) {
        event.preventDefault(); // the end of a drag is not a click on what lies under it
        moved = false;
      }
    }, true);

    var tools = svg.parentElement.querySelectorAll("[data-map-zoom]");
    for (var i = 0; i < tools.length; i += 1) {
      tools[i].addEventListener("click", function (event) {
        var how = event.currentTarget.getAttribute("data-map-zoom");
        if (how === "reset") {
          view = { x: full.x, y: full.y, w: full.w, h: full.h };
          show();
        } else {
          zoom(how === "in" ? 0.6 : 1 / 0.6, view.x + view.w / 2, view.y + view.h / 2);
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
