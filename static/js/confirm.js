/*
 * Confirmation before 签发并发布 and 撤回: a form with `data-confirm="<question>"` asks first.
 *
 * Progressive enhancement. Without JavaScript the server answers the first POST with a 请确认
 * section (catalog/views/staff_workflow.py) whose button sends `confirm=1`; with it, a modal
 * <dialog> asks on the page and then sends the same form with `confirm=1`. The dialog is native:
 * focus moves into it (to 取消, so a second Enter does not publish by accident), Tab stays inside,
 * Esc cancels, and focus returns to the button that opened it. The question is the action
 * object's `confirm` text (catalog/actions.py). No external code.
 */
(function () {
  "use strict";

  var dialog = null;
  var pending = null;
  var opener = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-text");
    dialog.innerHTML =
      '<h2 id="confirm-dialog-title">请确认</h2>' +
      '<p id="confirm-dialog-text"></p>' +
      '<div class="confirm-actions">' +
      '<button type="button" class="primary" data-confirm-ok></button> ' +
      '<button type="button" class="secondary" data-confirm-cancel>取消</button>' +
      "</div>";
    document.body.appendChild(dialog);
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
      dialog.close("cancel");
    });
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      var form = pending;
      dialog.close("ok");
      if (!form) return;
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirm";
      flag.value = "1";
      form.appendChild(flag);
      form.submit();  // submit() skips the submit event: no second question
    });
    dialog.addEventListener("close", function () {
      // The close event comes a moment later: after Esc and an immediate Enter the dialog is
      // already asking again, and this event belongs to the earlier question. Clearing
      // `pending` then would make the new 确定 do nothing.
      if (dialog.open) return;
      if (dialog.returnValue !== "ok" && opener) opener.focus();
      pending = null;
    });
  }

  function ask(form, submitter) {
    if (!dialog) build();
    pending = form;
    opener = submitter || form.querySelector("button[type=submit], button:not([type])");
    var button = form.getAttribute("data-confirm-button") || "确定";
    dialog.querySelector("#confirm-dialog-title").textContent = "请确认：" + button.replace(/^确定/, "");
    dialog.querySelector("#confirm-dialog-text").textContent = form.getAttribute("data-confirm");
    dialog.querySelector("[data-confirm-ok]").textContent = button;
    dialog.returnValue = "";
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (typeof HTMLDialogElement !== "function") return;  // the server asks instead
    // A missing required field (撤回原因) is the server's message to give, not a question.
    if (!form.checkValidity()) return;
    event.preventDefault();
    ask(form, event.submitter);
  });
})();
