/* The application page (进口 / 出口准许证申请): what htmx and the server do not do alone.
   - answers with problems (409, 413, 415, 422) carry a page or dialog to show: swap them;
   - the goods and attachments dialogs open as modal <dialog>s, close after 保存, and give
     the focus back to where the user was;
   - 新增 asks first when the page has changes not yet saved (暂存);
   - 是否代理 / 领取方式 show and mark required the fields that follow from them (the server
     checks the same rule, permits.rules);
   - the error summary's links focus their field; 全选 and row clicks in the goods table;
   - after the first 暂存 the tab shows the application: its address and title change.
   Without this file every button is a plain link or post and every dialog a page. */
(() => {
  "use strict";

  const d = document;
  const $ = (sel, el = d) => el.querySelector(sel);
  const $$ = (sel, el = d) => Array.from(el.querySelectorAll(sel));
  const SHOWN_ERRORS = [409, 413, 415, 422];
  const rootOf = (el) => (el && el.closest ? el.closest("[data-appform]") : null);
  // The element that sent a request (htmx fires some events on the target instead).
  const sender = (detail) => (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  let swapping = false; // a request from an application page is on its way
  let focusRow = ""; // the attachment row to return to after its dialog is redrawn
  const openers = new WeakMap(); // dialog → the element that opened it

  /* ---------- htmx: show 4xx pages, keep focus sensible ---------- */
  d.addEventListener("htmx:beforeRequest", (e) => {
    const elt = e.detail.elt;
    if (!rootOf(elt)) return;
    swapping = true;
    const row = elt.closest && elt.closest("dialog tr[id]");
    focusRow = row ? row.id : "";
  });

  d.addEventListener("htmx:beforeSwap", (e) => {
    if (SHOWN_ERRORS.includes(e.detail.xhr.status) && rootOf(sender(e.detail))) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  const failed = (e) => {
    const root = rootOf(sender(e.detail));
    if (root && !SHOWN_ERRORS.includes((e.detail.xhr || {}).status)) {
      window.dpDialog.inform(root.dataset.msgFailed || "Error");
    }
  };
  d.addEventListener("htmx:responseError", failed);
  d.addEventListener("htmx:sendError", failed);

  // 新增 (the top button): ask only when something typed has not been saved.
  d.addEventListener("htmx:confirm", (e) => {
    const elt = e.detail.elt;
    if (!elt.hasAttribute || !elt.hasAttribute("data-confirm-dirty")) return;
    const root = rootOf(elt);
    const form = root && $("form.af-form", root);
    if (!form || form.dataset.dirty !== "1") return;
    e.preventDefault();
    window.dpDialog.confirm(elt.dataset.confirmDirty, () => e.detail.issueRequest(true));
  });

  d.addEventListener("htmx:afterSwap", (e) => {
    const target = e.detail.target;
    if (!target || !target.matches || !target.matches("dialog.af-dialog")) return;
    if ($("[data-dialog-done]", target)) {
      target.close();
      return;
    }
    if (!target.open) {
      openers.set(target, e.detail.requestConfig ? e.detail.requestConfig.elt : d.activeElement);
      target.showModal();
    }
    focusInDialog(target);
  });

  function focusInDialog(dialog) {
    const row = focusRow && d.getElementById(focusRow);
    focusRow = "";
    const first = $('[aria-invalid="true"]:not([readonly])', dialog)
      || (row && $("a.btn, button, input", row))
      || $(".af-goods-form input:not([readonly]):not([type=hidden]), .af-goods-form select", dialog)
      || $(".af-file-input", dialog)
      || $("[data-dialog-close]", dialog);
    if (first) first.focus();
  }

  d.addEventListener("close", (e) => {
    const dialog = e.target;
    if (!dialog.matches || !dialog.matches("dialog.af-dialog")) return;
    const opener = openers.get(dialog);
    if (opener && opener.isConnected) opener.focus();
    else {
      // The opener was redrawn with the goods table: land on the table's 新增 instead.
      const root = rootOf(dialog);
      const fallback = root && ($("[data-goods-new]", root) || $(".af-goods-bar .btn", root));
      if (fallback) fallback.focus();
    }
  }, true);

  /* ---------- the page ---------- */
  d.addEventListener("input", markDirty);
  d.addEventListener("change", markDirty);
  function markDirty(e) {
    const form = e.target.closest && e.target.closest("form.af-form");
    if (form) form.dataset.dirty = "1";
  }

  /* A field the server complained about was changed: its complaint goes at once (the server
     judges it again at the next 暂存 or 申报). Pickers do this themselves when a pick is made. */
  function clearComplaint(field) {
    if (!field.id || field.matches("input[data-picker]:not([data-picker-free])")) return;
    const prefix = field.id + "-error";
    const ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    const mine = ids.filter((id) => id.startsWith(prefix));
    if (!mine.length) return;
    mine.forEach((id) => { const el = d.getElementById(id); if (el) el.remove(); });
    const rest = ids.filter((id) => !id.startsWith(prefix));
    if (rest.length) field.setAttribute("aria-describedby", rest.join(" "));
    else field.removeAttribute("aria-describedby");
    field.removeAttribute("aria-invalid");
    const suggestions = field.closest(".af-field") && $(".suggestions", field.closest(".af-field"));
    if (suggestions) suggestions.remove();
  }
  ["input", "change"].forEach((type) => d.addEventListener(type, (e) => {
    const field = e.target;
    if (field.matches && field.matches("input, select, textarea") && rootOf(field)) clearComplaint(field);
  }));

  function applyConditions(form) {
    $$("[data-show-if]", form).forEach((row) => {
      const [name, value] = row.dataset.showIf.split("=");
      const control = form.elements.namedItem(name);
      const on = Boolean(control) && control.value === value;
      row.classList.toggle("is-off", !on);
      const input = $("input:not([type=hidden]), select, textarea", row);
      if (input && !input.readOnly) {
        input.classList.toggle("required", on);
        if (on) input.setAttribute("aria-required", "true");
        else input.removeAttribute("aria-required");
      }
      const star = $(".af-star", row);
      if (star) star.textContent = on ? "*" : "";
    });
  }
  d.addEventListener("change", (e) => {
    const form = e.target.form;
    if (form && form.classList.contains("af-form") && e.target.name
        && $(`[data-show-if^="${e.target.name}="]`, form)) applyConditions(form);
  });

  d.addEventListener("click", (e) => {
    // One of the nearest standard names offered under a field: it fills the field.
    const suggestion = e.target.closest("[data-suggest-for]");
    if (suggestion) {
      const field = d.getElementById(suggestion.dataset.suggestFor);
      if (field) {
        field.value = suggestion.dataset.value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      }
      return;
    }
    const focusLink = e.target.closest("a[data-focus]");
    if (focusLink) {
      const field = d.getElementById(focusLink.dataset.focus);
      if (field) {
        e.preventDefault();
        field.scrollIntoView({ block: "center" });
        field.focus();
      }
      return;
    }
    const opener = e.target.closest("[data-dialog-open]");
    if (opener) {
      const dialog = d.getElementById(opener.dataset.dialogOpen);
      if (dialog && !dialog.open) dialog.showModal();
      return;
    }
    const closer = e.target.closest("[data-dialog-close]");
    if (closer) {
      const dialog = closer.closest("dialog");
      if (dialog) dialog.close();
      return;
    }
    // A click on a goods row (not on its controls) opens it, like 编辑.
    const row = e.target.closest("tr[data-edit-row]");
    if (row && !e.target.closest("a, button, input, label")) {
      const edit = $("[data-edit-link]", row);
      if (edit) edit.click();
    }
  });

  d.addEventListener("change", (e) => {
    const all = e.target.closest && e.target.closest("[data-check-all]");
    if (!all) return;
    $$(`input[name="goods_ids"][form="${all.dataset.checkAll}"]`).forEach((box) => {
      box.checked = all.checked;
    });
  });

  /* ---------- the tab shows what the page now is ---------- */
  function retab(root) {
    const panel = root.closest('[role="tabpanel"]');
    const page = root.closest(".page");
    if (!panel || !page) return;
    const tab = d.getElementById(panel.getAttribute("aria-labelledby"));
    if (!tab) return;
    const title = page.dataset.pageTitle;
    const url = root.dataset.pageUrl;
    const oldUrl = tab.dataset.url;
    const label = $(".tab-title", tab);
    if (title && label) label.textContent = title;
    const active = tab.getAttribute("aria-selected") === "true";
    if (active && title && d.body.dataset.systemName) {
      d.title = title + " · " + d.body.dataset.systemName;
    }
    if (!url || url === oldUrl) return;
    tab.dataset.url = url;
    tab.href = url;
    panel.dataset.url = url;
    if (active) window.history.replaceState(window.history.state, "", url);
    remember();
  }

  /* The workspace keeps its open tabs (app.js): tell it this tab now has a new address and
     title, so a reload brings it back under them. */
  function remember() {
    d.dispatchEvent(new CustomEvent("dp:tabs-changed"));
  }

  function initPage(root) {
    root.dataset.afReady = "1";
    retab(root);
    const form = $("form.af-form", root);
    if (form) applyConditions(form);
    const dialog = $("dialog.af-dialog[data-open]", root);
    if (dialog && !dialog.open) {
      dialog.removeAttribute("data-open");
      dialog.showModal();
      focusInDialog(dialog);
    } else if (swapping) {
      const target = $(".error-summary", root) || $('[role="alert"][tabindex]', root)
        || $(".af-flash", root);
      if (target) target.focus();
    }
    swapping = false;
  }

  function scan() {
    $$("[data-appform]:not([data-af-ready])").forEach(initPage);
  }
  new MutationObserver(scan).observe(d.documentElement, { childList: true, subtree: true });
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
