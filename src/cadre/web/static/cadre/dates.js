/* Date fields typed and shown dd/mm/yyyy whatever the browser's language (web/dates.py): each
   input[data-date-picker] gets the vendored calendar (flatpickr) in the page's language. A day typed that does not
   exist (31/02/2026) is left as typed, so the server names the mistake, instead of the calendar rolling it over
   to 03/03/2026 or emptying the field. */
(function () {
  "use strict";
  var DAY_FIRST = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/;
  var ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

  function realDay(year, month, day) {
    var date = new Date(year, month - 1, day);
    var real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
    return real ? date : undefined;
  }

  function parse(text) {
    var found = DAY_FIRST.exec(text);
    if (found) return realDay(+found[3], +found[2], +found[1]);
    found = ISO.exec(text);
    if (found) return realDay(+found[1], +found[2], +found[3]);
    return undefined;
  }

  function start(input) {
    if (input._flatpickr || typeof window.flatpickr !== "function") return;
    var vietnamese = (document.documentElement.lang || "vi").indexOf("en") !== 0;
    var locale = vietnamese && window.flatpickr.l10ns.vn ? window.flatpickr.l10ns.vn : { firstDayOfWeek: 1 };
    var picker = window.flatpickr(input, {
      locale: locale,
      dateFormat: "d/m/Y",
      allowInput: true,
      disableMobile: true, // a phone's own picker would show the date in the phone's language again
      parseDate: parse,
      errorHandler: function () {},
    });
    // On leaving the field the calendar re-reads what was typed, and would empty it when it names no day.
    var setDate = picker.setDate;
    picker.setDate = function (date, triggerChange, format) {
      if (typeof date === "string" && date.trim() && !parse(date)) return undefined;
      return setDate.call(picker, date, triggerChange, format);
    };
  }

  function startAll(root) {
    var inputs = (root || document).querySelectorAll("input[data-date-picker]");
    for (var i = 0; i < inputs.length; i += 1) start(inputs[i]);
  }

  document.addEventListener("DOMContentLoaded", function () { startAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { startAll(event.target); });
})();
