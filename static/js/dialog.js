/* One in-page dialog for every question and notice of the workspace (#app-dialog in
   workspace.html): 确定 / 取消 for a confirmation, 确定 alone for a notice. The browser's own
   confirm() and alert() are never used: they block the page, cannot be styled or translated
   with it, and look like a phishing prompt. Elements with hx-confirm ask here too.
   window.dpDialog.confirm(question, onOk) and window.dpDialog.inform(message). */
(() => {
  "use strict";

  const d = document;
  let queue = Promise.resolve();

  function show(text, withCancel) {
    const dialog = d.getElementById("app-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return Promise.resolve(!withCancel);
    return new Promise((resolve) => {
      dialog.querySelector("[data-dialog-text]").textContent = text;
      const cancel = dialog.querySelector("[data-dialog-cancel]");
      cancel.hidden = !withCancel;
      dialog.returnValue = "";
      const closed = () => {
        dialog.removeEventListener("close", closed);
        resolve(dialog.returnValue === "ok");
      };
      dialog.addEventListener("close", closed);
      dialog.showModal();
      // A question starts on 取消: Enter alone never deletes or discards anything.
      (withCancel ? cancel : dialog.querySelector('[value="ok"]')).focus();
    });
  }

  // One at a time: a second question waits for the first to be answered.
  function ask(text, withCancel) {
    const answer = queue.then(() => show(text, withCancel));
    queue = answer.catch(() => false);
    return answer;
  }

  window.dpDialog = {
    confirm(question, onOk) {
      ask(question, true).then((ok) => { if (ok) onOk(); });
    },
    inform(message) {
      ask(message, false);
    },
  };

  // hx-confirm="…": asked here instead of window.confirm. Handlers that ask themselves (the
  // query actions) call preventDefault first and are left alone.
  d.addEventListener("htmx:confirm", (e) => {
    if (e.defaultPrevented || !e.detail.question) return;
    e.preventDefault();
    window.dpDialog.confirm(e.detail.question, () => e.detail.issueRequest(true));
  });
})();
