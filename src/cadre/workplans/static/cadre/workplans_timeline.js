// A plan's time line (frappe-gantt, vendored): one bar a task from its start to its deadline, filled to its
// progress and coloured by how it stands today, and one short bar a milestone. Read-only: a click opens the task.
// The figures come from the page (json_script "timeline-data"); the table under it says the same.
(function () {
  "use strict";

  function draw() {
    var holder = document.getElementById("timeline");
    var source = document.getElementById("timeline-data");
    if (!holder || !source || typeof Gantt === "undefined") {
      return;
    }
    var bars = JSON.parse(source.textContent);
    new Gantt(holder, bars, {
      view_mode: "Month",
      view_mode_select: false,
      today_button: false,
      readonly: true,
      holidays: {},
      scroll_to: "start",
      popup_on: "hover",
      language: holder.dataset.language || "vi",
      on_click: function (task) {
        if (task.url) {
          window.location.assign(task.url);
        }
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
