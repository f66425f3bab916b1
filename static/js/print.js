// Progressive enhancement for the print view: show a 打印 button when scripts run.
// Without JavaScript the page still tells readers to use the browser's own print command.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  var hint = document.querySelector("[data-print-hint]");
  if (hint) hint.hidden = true;
  button.addEventListener("click", function () { window.print(); });
});
