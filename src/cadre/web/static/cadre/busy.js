// Long actions (approving a plan of hundreds of moves takes seconds): once a workflow form is sent, its page says
// it is working and every workflow button is disabled and marked busy, so nothing is sent twice. A page opts in
// by loading this file; the note it shows is the page's element #busy-note (written in the user's language).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.closest || !form.closest(".workflow")) {
    return;
  }
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  // After this turn: a button disabled now would leave the form data before the browser reads it.
  window.setTimeout(function () {
    document.querySelectorAll(".workflow button").forEach(function (button) {
      button.disabled = true;
    });
    var pressed = event.submitter || form.querySelector("button");
    if (pressed) {
      pressed.setAttribute("aria-busy", "true");
    }
    var note = document.getElementById("busy-note");
    if (note) {
      note.hidden = false;
    }
  }, 0);
});
