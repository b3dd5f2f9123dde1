/* 查询: select all, the count of checked rows, "choose one row" messages, the confirmation
   dialog (确定删除？ / 确认撤回？), the page size on change, and opening a copied application in
   its tab.
   Progressive enhancement: without this file every button posts its form and the server asks
   for confirmation on a page of its own. The server decides every outcome; what a button needs
   (one row or some, a question) is written on it by the server as data- attributes. */
(() => {
  "use strict";

  const d = document;
  const confirmed = new WeakSet(); // buttons whose question was answered 确定

  const rowBoxes = (form) => Array.from(form.querySelectorAll('input[type="checkbox"][name="ids"]'));
  const checkedCount = (form) => rowBoxes(form).filter((box) => box.checked).length;

  /* A message above the table, announced at once (role=alert). */
  function say(inside, text) {
    const results = inside.closest(".query-results");
    const area = results && results.querySelector("[data-query-flash]");
    if (!area) return;
    const notice = d.createElement("div");
    notice.className = "notice notice-error";
    notice.setAttribute("role", "alert");
    const icon = d.querySelector("#app-dialog .dialog-title .icon");
    if (icon) notice.append(icon.cloneNode(true));
    const p = d.createElement("p");
    p.textContent = text;
    notice.append(p);
    area.replaceChildren(notice);
    notice.scrollIntoView({ block: "nearest" });
  }

  /* Select all (checked, partly checked, disabled when the table is empty) and "已选 N 条". */
  function sync(form) {
    const boxes = rowBoxes(form);
    const n = boxes.filter((box) => box.checked).length;
    const all = form.querySelector("[data-select-all]");
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
      all.disabled = boxes.length === 0;
    }
    const count = form.querySelector("[data-selected-count]");
    if (count) count.textContent = n ? (count.dataset.template || "%n").replace("%n", String(n)) : "";
  }

  /* 确定 / 取消 in the workspace's in-page dialog (dialog.js). */
  function ask(button, question, proceed) {
    window.dpDialog.confirm(question, proceed);
  }

  /* Whether the checked rows suit the button; says why not. */
  function selectionFits(button) {
    const form = button.form;
    const need = button.dataset.select;
    if (!form || !need) return true;
    const n = checkedCount(form);
    if (!((need === "one" && n === 1) || (need === "some" && n > 0))) {
      say(form, button.dataset.selectMessage || "");
      return false;
    }
    // Rows whose status does not allow the action are named before anything is asked.
    const allowed = (button.dataset.allowedStatus || "").split(" ").filter(Boolean);
    const refused = rowBoxes(form).filter((box) => box.checked && allowed.length
      && !allowed.includes(box.dataset.status));
    if (refused.length) {
      say(form, (button.dataset.refuseMessage || "%s").replace("%s",
        refused.map((box) => box.dataset.no).join("、")));
      return false;
    }
    return true;
  }

  /* htmx asks before every request: 复制 / 删除 / 撤回 check the rows and ask first. */
  d.addEventListener("htmx:confirm", (e) => {
    const button = e.detail.elt;
    if (!(button instanceof Element) || !button.matches(".query-actions [data-select]")) return;
    if (!selectionFits(button)) {
      e.preventDefault();
      return;
    }
    if (button.dataset.confirm) {
      e.preventDefault();
      ask(button, button.dataset.confirm, () => {
        confirmed.add(button);
        e.detail.issueRequest(true);
      });
    }
  });

  /* The answer travels with the request; the server acts only on confirmed=1. */
  d.addEventListener("htmx:configRequest", (e) => {
    const elt = e.detail.elt;
    if (!confirmed.has(elt)) return;
    confirmed.delete(elt);
    if (e.detail.formData) e.detail.formData.set("confirmed", "1");
    else e.detail.parameters.confirmed = "1";
  });

  /* 打印申请表 is a plain post into a new window: check the rows before it leaves. */
  d.addEventListener("submit", (e) => {
    const form = e.target;
    const button = e.submitter;
    if (!form.matches(".query-actions") || !button || button.hasAttribute("hx-post")) return;
    if (!selectionFits(button)) e.preventDefault();
  });

  d.addEventListener("change", (e) => {
    const target = e.target;
    if (!(target instanceof Element)) return;
    const form = target.closest(".query-actions");
    if (form) {
      if (target.matches("[data-select-all]")) {
        rowBoxes(form).forEach((box) => { box.checked = target.checked; });
      }
      sync(form);
    } else if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.requestSubmit();
    }
  });

  /* After a swap: a copied application opens in its tab (once); the selection is fresh. */
  d.addEventListener("htmx:load", (e) => {
    const root = e.detail.elt;
    if (!(root instanceof Element)) return;
    root.querySelectorAll(".query-actions").forEach(sync);
    const outcome = root.querySelector(".query-flash .notice");
    if (outcome) outcome.scrollIntoView({ block: "nearest" }); // the answer is in sight
    root.querySelectorAll("a[data-open-tab]").forEach((link) => {
      link.removeAttribute("data-open-tab");
      link.click(); // app.js opens links marked data-tab in a tab
    });
  });

  /* A refused request (e.g. a row deleted in another window): say so instead of nothing. */
  d.addEventListener("htmx:responseError", (e) => {
    const elt = e.detail.elt;
    const query = elt instanceof Element && elt.closest(".query");
    if (!query) return;
    const status = e.detail.xhr ? e.detail.xhr.status : "";
    say(query.querySelector(".query-flash") || elt, (query.dataset.msgFailed || "") + " (" + status + ")");
  });
})();
