/* Keyboard pickers for parameter fields (审批部门, 进口口岸, 国家/地区, 商品编码, 剂型, 单位 …):
   the ARIA combobox pattern over a plain text input and a hidden code input.

   Markup (permits/partials/_form_field.html): <input role="combobox" data-picker="KIND"
   data-picker-url aria-controls="LIST" data-code-input="ID"> + <input type="hidden" id="ID">
   + <ul role="listbox" id="LIST" hidden>. Without this file the field is a text box whose
   text the server resolves (code or exact name) or refuses.

   Space (on an empty field, or while the list is closed) opens the full list; typing digits,
   letters (pinyin initials, full pinyin, English) or Chinese filters it (the server's look-up,
   debounced, last answer only); a click opens the list; ArrowUp/ArrowDown move; Enter picks
   the highlighted option, or the first match when none is; Escape closes. Text that
   names no item is not accepted: on leaving the field the code is cleared and the field is
   marked invalid (the server refuses it as well). `data-picker-free` (drug names) only
   suggests: any text stays. Listeners are delegated, so fields loaded later work at once. */
(() => {
  "use strict";

  const d = document;
  const DEBOUNCE_MS = 80;
  const FULL_LIMIT = 500; // Space: the whole table (countries are the longest, ~250)
  const FILTER_LIMIT = 50;
  const states = new WeakMap();

  const norm = (s) => String(s || "").trim().toLowerCase();
  const english = (d.documentElement.lang || "").startsWith("en");

  function stateOf(input) {
    let s = states.get(input);
    if (s) return s;
    s = {
      input,
      list: d.getElementById(input.getAttribute("aria-controls")),
      code: input.dataset.codeInput ? d.getElementById(input.dataset.codeInput) : null,
      free: input.hasAttribute("data-picker-free"),
      items: [],
      active: -1,
      seq: 0, // numbers the requests: only the answer to the last one is shown
      timer: 0,
      busy: null, // the look-up whose list is not shown yet
      ownInvalid: false, // marked invalid here (not by the server)
      // The text of the item picked now (a value the server rendered with its code counts).
      picked: "",
    };
    if (s.code && s.code.value && input.value) s.picked = input.value;
    states.set(input, s);
    return s;
  }

  function isOpen(s) {
    return s.list && !s.list.hidden;
  }

  function display(s, item) {
    if (s.input.dataset.pickerDisplay === "code") return item.code;
    // Free pickers (drug names, export ports) keep the Chinese name the documents print.
    return english && !s.free && item.name_en ? item.name_en : item.name;
  }

  function fetchItems(s, q, limit) {
    const seq = ++s.seq;
    const url = new URL(s.input.dataset.pickerUrl, window.location.href);
    url.searchParams.set("q", q);
    url.searchParams.set("limit", String(limit));
    const request = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body) => (Array.isArray(body.items) ? body.items : []));
    return request.then((items) => (seq === s.seq ? items : null)).catch(() => null);
  }

  function render(s, items) {
    s.items = items;
    s.list.replaceChildren();
    if (!items.length) {
      const li = d.createElement("li");
      li.className = "picker-empty";
      li.setAttribute("aria-disabled", "true");
      li.textContent = s.input.dataset.msgEmpty || "—";
      s.list.append(li);
    }
    items.forEach((item, i) => {
      const li = d.createElement("li");
      li.id = s.list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.index = String(i);
      const name = d.createElement("span");
      name.className = "picker-name";
      name.textContent = english && item.name_en ? item.name_en : item.name;
      const other = d.createElement("span");
      other.className = "picker-en";
      if (item.customs_district) {
        // A port is known by its name and its customs district, not by an internal code.
        const district = (english && item.customs_district_name_en) || item.customs_district_name;
        other.textContent = district + " " + item.customs_district;
        li.append(name, " ", other);
      } else {
        const code = d.createElement("span");
        code.className = "picker-code";
        code.textContent = item.code;
        other.textContent = english ? item.name : item.name_en || "";
        li.append(code, " ", name);
        if (other.textContent && other.textContent !== name.textContent) li.append(" ", other);
      }
      s.list.append(li);
    });
  }

  function open(s, items, activeIndex) {
    render(s, items);
    s.list.hidden = false;
    place(s);
    s.input.setAttribute("aria-expanded", "true");
    setActive(s, activeIndex);
  }

  /* Inside a dialog, whose body scrolls and clips, the list is laid over everything (fixed,
     under the field, or above it when the room below is short): never cut off. */
  function place(s) {
    const list = s.list;
    if (!s.input.closest("dialog")) return;
    const r = s.input.getBoundingClientRect();
    const below = window.innerHeight - r.bottom - 8;
    const above = r.top - 8;
    const up = below < 160 && above > below;
    list.classList.add("is-floating");
    list.style.left = Math.max(4, Math.min(r.left, window.innerWidth - list.offsetWidth - 4)) + "px";
    list.style.minWidth = r.width + "px";
    list.style.maxHeight = Math.max(120, Math.min(264, up ? above : below)) + "px";
    list.style.top = up ? "" : r.bottom + 2 + "px";
    list.style.bottom = up ? window.innerHeight - r.top + 2 + "px" : "";
  }

  function close(s) {
    if (!s.list) return;
    s.list.hidden = true;
    s.input.setAttribute("aria-expanded", "false");
    s.input.removeAttribute("aria-activedescendant");
    s.active = -1;
  }

  function setActive(s, index) {
    const options = Array.from(s.list.querySelectorAll('[role="option"]'));
    s.active = options.length ? Math.max(-1, Math.min(index, options.length - 1)) : -1;
    options.forEach((li, i) => {
      const on = i === s.active;
      li.setAttribute("aria-selected", on ? "true" : "false");
      li.classList.toggle("is-active", on);
      if (on) keepVisible(s.list, li);
    });
    if (s.active >= 0) s.input.setAttribute("aria-activedescendant", options[s.active].id);
    else s.input.removeAttribute("aria-activedescendant");
  }

  /* Scroll the list (and only the list: never the dialog or the page) to the option. */
  function keepVisible(list, li) {
    const top = li.offsetTop;
    const bottom = top + li.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
  }

  function fillTargets(s, item) {
    let targets = {};
    try {
      targets = JSON.parse(s.input.dataset.pickerFill || "{}");
    } catch (e) {
      targets = {};
    }
    Object.keys(targets).forEach((id) => {
      const el = d.getElementById(id);
      if (!el) return;
      const key = targets[id];
      el.value = item ? (english && item[key + "_en"]) || item[key] || "" : "";
      if (item && !el.readOnly) el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function clearError(s) {
    const err = d.getElementById(s.input.id + "-pickerror");
    if (err) err.remove();
    if (s.ownInvalid) s.input.removeAttribute("aria-invalid"); // the server's mark stays
    s.ownInvalid = false;
    const ids = (s.input.getAttribute("aria-describedby") || "").split(" ")
      .filter((id) => id && id !== s.input.id + "-pickerror");
    if (ids.length) s.input.setAttribute("aria-describedby", ids.join(" "));
    else s.input.removeAttribute("aria-describedby");
  }

  function showError(s) {
    clearError(s);
    const p = d.createElement("p");
    p.className = "field-error picker-error";
    p.id = s.input.id + "-pickerror";
    p.setAttribute("role", "alert");
    p.textContent = s.input.dataset.msgInvalid || "";
    s.input.closest(".picker").after(p);
    s.input.setAttribute("aria-invalid", "true");
    s.ownInvalid = true;
    const ids = (s.input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    s.input.setAttribute("aria-describedby", ids.concat(p.id).join(" "));
  }

  /* A valid pick answers the server's complaint about this field: take it away. */
  function clearServerError(s) {
    const prefix = s.input.id + "-error";
    const ids = (s.input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    ids.filter((id) => id.startsWith(prefix)).forEach((id) => {
      const el = d.getElementById(id);
      if (el) el.remove();
    });
    const rest = ids.filter((id) => !id.startsWith(prefix));
    if (rest.length) s.input.setAttribute("aria-describedby", rest.join(" "));
    else s.input.removeAttribute("aria-describedby");
    s.input.removeAttribute("aria-invalid");
  }

  function pick(s, item) {
    s.input.value = display(s, item);
    s.picked = s.input.value;
    if (s.code) s.code.value = item.code;
    close(s);
    clearError(s);
    clearServerError(s);
    fillTargets(s, item);
    s.input.dispatchEvent(new CustomEvent("picker:pick", { bubbles: true, detail: item }));
    s.input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* One look-up at a time is "pending" (s.busy) until its list is shown or superseded. */
  function track(s, promise) {
    const busy = promise.then(() => { if (s.busy === busy) s.busy = null; });
    s.busy = busy;
    return busy;
  }

  function filter(s) {
    window.clearTimeout(s.timer);
    const q = s.input.value.trim();
    let release;
    track(s, new Promise((resolve) => { release = resolve; }));
    s.timer = window.setTimeout(() => {
      fetchItems(s, q, q ? FILTER_LIMIT : FULL_LIMIT).then((items) => {
        if (items && d.activeElement === s.input) open(s, items, -1);
        release();
      });
    }, DEBOUNCE_MS);
  }

  function openFull(s) {
    window.clearTimeout(s.timer);
    track(s, fetchItems(s, "", FULL_LIMIT).then((items) => {
      if (!items || d.activeElement !== s.input) return;
      const current = s.code && s.code.value
        ? items.findIndex((item) => item.code === s.code.value) : -1;
      open(s, items, current);
    }));
  }

  /* Leaving the field: text that names no item is not accepted (free pickers excepted). */
  function settle(s) {
    close(s);
    if (s.free) return;
    const text = s.input.value.trim();
    if (!text) {
      if (s.code) s.code.value = "";
      fillTargets(s, null);
      clearError(s);
      return;
    }
    if (s.picked && text === s.picked && s.code && s.code.value) return;
    const exact = (items) => (items || []).find((item) =>
      norm(item.name) === norm(text) || norm(item.code) === norm(text)
      || (item.name_en && norm(item.name_en) === norm(text)));
    fetchItems(s, text, FILTER_LIMIT).then((items) => {
      if (s.input.value.trim() !== text) return; // typed on meanwhile
      const item = exact(items);
      if (item) {
        s.input.value = display(s, item);
        s.picked = s.input.value;
        if (s.code) s.code.value = item.code;
        fillTargets(s, item);
        clearError(s);
        clearServerError(s);
      } else {
        if (s.code) s.code.value = "";
        s.picked = "";
        fillTargets(s, null);
        showError(s);
      }
    });
  }

  function move(s, step) {
    const count = s.items.length;
    if (!count) return;
    if (s.active < 0) setActive(s, step > 0 ? 0 : count - 1);
    else setActive(s, (s.active + step + count) % count);
  }

  /* Arrow keys and Enter act on the list the user has just typed for: while its answer is on
     the way they wait for it (fast typists press ArrowDown before it arrives). */
  function afterPending(s, action) {
    const wait = () => (s.busy ? s.busy.then(wait) : Promise.resolve());
    wait().then(action);
  }

  d.addEventListener("keydown", (e) => {
    const input = e.target.closest && e.target.closest("input[data-picker]");
    if (!input || input.readOnly) return;
    const s = stateOf(input);
    if (!s.list) return;
    const opened = isOpen(s);
    switch (e.key) {
      case " ":
        if (!input.value || !opened) {
          e.preventDefault();
          openFull(s);
        }
        break;
      case "ArrowDown":
      case "ArrowUp": {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        if (s.busy) afterPending(s, () => move(s, step));
        else if (!opened) {
          if (input.value.trim()) filter(s);
          else openFull(s);
        } else move(s, step);
        break;
      }
      case "Home":
      case "End":
        if (opened && s.items.length) {
          e.preventDefault();
          setActive(s, e.key === "Home" ? 0 : s.items.length - 1);
        }
        break;
      case "Enter":
        if (opened || s.busy) {
          e.preventDefault(); // never submits the form while the list is open
          afterPending(s, () => {
            if (!isOpen(s)) return;
            // Nothing highlighted: the first match, as in the Single Window (sh, Enter → 上海).
            const typed = s.input.value.trim() !== "";
            const index = s.active >= 0 ? s.active : s.items.length && typed ? 0 : -1;
            if (index >= 0) pick(s, s.items[index]);
          });
        }
        break;
      case "Escape":
        if (opened) {
          e.preventDefault();
          e.stopPropagation(); // closes the list, not the dialog around it
          close(s);
        }
        break;
      default:
        break;
    }
  }, true);

  d.addEventListener("input", (e) => {
    const input = e.target.closest && e.target.closest("input[data-picker]");
    if (!input || !e.isTrusted) return;
    const s = stateOf(input);
    if (!s.list) return;
    if (input.value.trim() !== s.picked) {
      if (s.code) s.code.value = "";
      if (!s.free) fillTargets(s, null);
    }
    clearError(s);
    filter(s);
  });

  d.addEventListener("focusout", (e) => {
    const input = e.target.closest && e.target.closest("input[data-picker]");
    if (!input || input.readOnly) return;
    const s = stateOf(input);
    if (!s.list) return;
    window.clearTimeout(s.timer);
    s.seq += 1; // an answer still on its way must not reopen the list
    settle(s);
  });

  // A click in a closed picker opens its list (商品编码: "鼠标点击…显示出所有商品编码").
  d.addEventListener("click", (e) => {
    const input = e.target.closest && e.target.closest("input[data-picker]");
    if (!input || input.readOnly || input.disabled) return;
    const s = stateOf(input);
    if (!s.list || isOpen(s) || s.busy) return;
    if (input.value.trim() && input.value.trim() !== s.picked) filter(s);
    else openFull(s);
  });

  // The page or the dialog scrolled, or the window changed size: the floating list follows.
  const replace = () => {
    d.querySelectorAll(".picker-list.is-floating:not([hidden])").forEach((list) => {
      const input = d.querySelector('[aria-controls="' + list.id + '"]');
      if (input) place(stateOf(input));
    });
  };
  window.addEventListener("resize", replace);
  d.addEventListener("scroll", (e) => {
    if (!(e.target instanceof Element && e.target.classList.contains("picker-list"))) replace();
  }, true);

  // A click on an option picks it; mousedown keeps the focus in the field meanwhile.
  d.addEventListener("mousedown", (e) => {
    const li = e.target.closest && e.target.closest('.picker-list [role="option"]');
    if (li) e.preventDefault();
  });
  d.addEventListener("click", (e) => {
    const li = e.target.closest && e.target.closest('.picker-list [role="option"]');
    if (!li) return;
    const input = d.querySelector('[aria-controls="' + li.parentElement.id + '"]');
    if (!input) return;
    const s = stateOf(input);
    const item = s.items[Number(li.dataset.index)];
    if (item) pick(s, item);
  });
})();
