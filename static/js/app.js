/* The workspace: one tab per opened page, the collapsible menu, the tab menu, the
   qualification dialog; on the sign-in page, the captcha refresh (换一张).
   Progressive enhancement: without this file every link is a plain link and every page
   renders fully on the server. The server decides what a page shows; this only moves it. */
(() => {
  "use strict";

  const d = document;
  const root = d.documentElement;
  const $ = (sel, el = d) => el.querySelector(sel);
  const $$ = (sel, el = d) => Array.from(el.querySelectorAll(sel));
  const storage = (name) => {
    try { return window[name]; } catch (e) { return null; } // disabled by the browser
  };
  const put = (store, key, value) => {
    try { if (store) store.setItem(key, value); } catch (e) { /* full or disabled */ }
  };
  const plainClick = (e) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;

  /* ---------- Sign-in: 换一张 loads a new captcha without reloading the page ---------- */
  function initCaptcha() {
    const link = $("[data-captcha-refresh]");
    if (!link) return;
    const row = link.closest(".captcha-row");
    const img = $("img.captcha", row);
    const key = $('input[type="hidden"]', row);
    const answer = $('input[type="text"]', row);
    if (img && link.dataset.captchaAlt) img.alt = link.dataset.captchaAlt;
    link.setAttribute("role", "button");
    const refresh = (e) => {
      e.preventDefault();
      fetch(link.dataset.captchaRefresh, {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
      })
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
        .then((data) => {
          img.src = data.image_url;
          key.value = data.key;
          answer.value = "";
          answer.focus();
        })
        .catch(() => window.location.assign(link.href)); // the link reloads the page instead
    };
    link.addEventListener("click", refresh);
    link.addEventListener("keydown", (e) => { if (e.key === " ") refresh(e); });
    if (img) img.addEventListener("click", refresh);
  }

  /* A form sent back with errors: start where the first error is. */
  function focusFirstError() {
    const invalid = $('form [aria-invalid="true"]');
    if (invalid) invalid.focus();
  }

  /* The language switch returns to the page shown now (tabs change the URL in place). */
  function initLanguageSwitch() {
    $$("[data-lang-switch]").forEach((form) => {
      form.addEventListener("submit", () => {
        form.elements.next.value = window.location.pathname + window.location.search;
      });
    });
  }

  /* ---------- Workspace ---------- */
  function initWorkspace() {
    const body = d.body;
    if (!body.classList.contains("ws")) return;
    const data = body.dataset;
    const tablist = $("#tablist");
    const strip = $("#tabstrip");
    const panels = $("#panels");
    const empty = $("#tabs-empty");
    const session = storage("sessionStorage");
    const local = storage("localStorage");
    const stateKey = "dp.tabs." + data.user;

    const norm = (href) => {
      const u = new URL(href, window.location.href);
      return u.pathname + u.search;
    };
    const allTabs = () => $$('[role="tab"]', tablist);
    const panelOf = (tab) => d.getElementById(tab.getAttribute("aria-controls"));
    const activeTab = () => $('[role="tab"][aria-selected="true"]', tablist);
    const findTab = (url) => allTabs().find((t) => t.dataset.url === url);
    const titleOf = (tab) => $(".tab-title", tab).textContent;
    const menuLinks = () => $$(".sidemenu a[data-tab]");
    // Titles the shell itself knows, in the language shown now (menu, 首页, 个人设置).
    const knownTitle = (url) => {
      const link = $$(".topbar a[data-tab], .sidemenu a[data-tab]").find((a) => norm(a.href) === url);
      return link ? (link.dataset.tabTitle || link.textContent).trim() : "";
    };
    let seq = allTabs().length;

    function save() {
      const tabs = allTabs().map((t) => ({ url: t.dataset.url, title: titleOf(t) }));
      put(session, stateKey, JSON.stringify({ lang: root.lang, tabs }));
    }
    // A page that changes its tab's address or title (the first 暂存) asks for a save.
    d.addEventListener("dp:tabs-changed", save);

    function makeTab(url, title) {
      seq += 1;
      const tab = d.createElement("a");
      tab.className = "tab";
      tab.id = "tab-" + seq;
      tab.href = url;
      tab.dataset.url = url;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-selected", "false");
      tab.setAttribute("aria-controls", "panel-" + seq);
      tab.setAttribute("aria-describedby", "tab-hint");
      tab.tabIndex = -1;
      const label = d.createElement("span");
      label.className = "tab-title";
      label.textContent = title || url;
      const close = d.createElement("span");
      close.className = "tab-close";
      close.setAttribute("aria-hidden", "true");
      close.title = data.msgClose;
      close.textContent = "×";
      tab.append(label, close);

      const panel = d.createElement("section");
      panel.className = "tabpanel";
      panel.id = "panel-" + seq;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      panel.hidden = true;
      panel.dataset.url = url;
      panel.dataset.pending = "1"; // fetched when first shown
      tablist.append(tab);
      panels.insertBefore(panel, empty);
      return tab;
    }

    function markMenu(url) {
      menuLinks().forEach((a) => {
        if (norm(a.href) === url) a.setAttribute("aria-current", "page");
        else a.removeAttribute("aria-current");
      });
    }

    function activate(tab, { focus = false, remember = true } = {}) {
      allTabs().forEach((t) => {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.classList.toggle("is-active", on);
        t.tabIndex = on ? 0 : -1;
        panelOf(t).hidden = !on;
      });
      empty.hidden = true;
      if (panelOf(tab).dataset.pending) load(tab);
      markMenu(tab.dataset.url);
      d.title = titleOf(tab) + " · " + data.systemName;
      // The address shows the open page, so a reload or a bookmark lands on it.
      if (remember) window.history.replaceState(window.history.state, "", tab.dataset.url);
      updateArrows(); // first: showing the arrows narrows the strip
      revealActive();
      if (focus) tab.focus();
      save();
    }

    function revealActive() {
      const tab = activeTab();
      if (tab) tab.scrollIntoView({ block: "nearest", inline: "nearest" });
    }

    function notice(text, retryTab) {
      const box = d.createElement("div");
      box.className = "notice notice-error";
      box.setAttribute("role", "alert");
      const p = d.createElement("p");
      p.textContent = text;
      box.append(p);
      if (retryTab) {
        const retry = d.createElement("button");
        retry.type = "button";
        retry.className = "btn btn-small";
        retry.textContent = data.msgRetry;
        retry.addEventListener("click", () => load(retryTab));
        box.append(retry);
      }
      return box;
    }

    function load(tab) {
      const panel = panelOf(tab);
      delete panel.dataset.pending;
      panel.setAttribute("aria-busy", "true");
      const waiting = d.createElement("p");
      waiting.className = "muted";
      waiting.textContent = data.msgLoading;
      panel.replaceChildren(waiting);
      fetch(tab.dataset.url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then((response) => response.text().then((text) => show(tab, response, text)))
        .catch(() => fail(tab, data.msgFailed, true));
    }

    function fail(tab, text, retry) {
      const panel = panelOf(tab);
      if (!panel) return; // closed meanwhile
      panel.removeAttribute("aria-busy");
      panel.replaceChildren(notice(text, retry ? tab : null));
    }

    function show(tab, response, text) {
      const panel = panelOf(tab);
      if (!panel) return;
      if (response.redirected && new URL(response.url).pathname === data.login) {
        window.location.assign(response.url); // the session ended: sign in again
        return;
      }
      if (!response.ok) {
        if (response.status === 404) fail(tab, data.msgNotFound, false);
        else fail(tab, data.msgFailed + " (" + response.status + ")", true);
        return;
      }
      let html = text;
      if (/^\s*(<!doctype|<html)/i.test(text)) {
        // A view that answers with a whole page: take the page out of its shell.
        const doc = new DOMParser().parseFromString(text, "text/html");
        const page = doc.querySelector('[role="tabpanel"]:not([hidden]) .page');
        if (!page) {
          window.location.assign(tab.dataset.url);
          return;
        }
        html = page.outerHTML;
      }
      panel.innerHTML = html; // our own server's markup, same origin
      panel.removeAttribute("aria-busy");
      const page = $(".page[data-page-title]", panel);
      if (page && page.dataset.pageTitle) {
        $(".tab-title", tab).textContent = page.dataset.pageTitle;
        if (tab === activeTab()) d.title = page.dataset.pageTitle + " · " + data.systemName;
        save();
      }
      if (window.htmx) window.htmx.process(panel);
      updateArrows();
    }

    function open(href, title) {
      const url = norm(href);
      activate(findTab(url) || makeTab(url, title), { focus: true });
    }

    function remove(tab) {
      panelOf(tab).remove();
      tab.remove();
    }

    function showEmpty() {
      empty.hidden = false;
      markMenu("");
      d.title = data.systemName;
      window.history.replaceState(window.history.state, "", data.home);
      save();
      updateArrows();
    }

    function close(tab, { focus = true } = {}) {
      const index = allTabs().indexOf(tab);
      const wasActive = tab === activeTab();
      remove(tab);
      const rest = allTabs();
      if (!rest.length) {
        showEmpty();
        if (focus) $("a", empty).focus();
      } else if (wasActive) {
        activate(rest[Math.min(index, rest.length - 1)], { focus });
      } else {
        save();
        updateArrows();
      }
    }

    function closeAll() {
      allTabs().forEach(remove);
      showEmpty();
    }

    function closeOthers() {
      const keep = activeTab();
      allTabs().forEach((t) => { if (t !== keep) remove(t); });
      if (keep) activate(keep);
      else showEmpty();
    }

    /* Tabs opened earlier in this browser tab come back after a reload (fetched when shown). */
    function restore() {
      let state;
      try {
        state = JSON.parse((session && session.getItem(stateKey)) || "{}");
      } catch (e) {
        state = {};
      }
      const saved = Array.isArray(state.tabs) ? state.tabs : [];
      // After a language switch the saved titles are in the other language: the shell knows
      // some; the other pages are fetched now, which also brings their titles.
      const sameLanguage = state.lang === root.lang;
      const current = allTabs();
      saved.forEach((item) => {
        if (!item || typeof item.url !== "string" || !item.url.startsWith("/")) return;
        const url = norm(item.url);
        let tab = findTab(url);
        if (!tab) {
          const known = knownTitle(url);
          tab = makeTab(url, known || String(item.title || url));
          if (!sameLanguage && !known) load(tab);
        }
        tablist.append(tab); // keep the saved order
      });
      current.forEach((tab) => {
        if (!saved.some((s) => s && s.url === tab.dataset.url)) tablist.append(tab);
      });
    }

    /* Arrows scroll the strip when the tabs overflow it; idle otherwise. */
    const arrows = $$(".tab-scroll");
    function updateArrows() {
      // Shown arrows take room from the strip: count it, or they would never hide again.
      const room = arrows.reduce((w, b) => w + (b.offsetWidth ? b.offsetWidth + 2 : 0), 0);
      const overflow = tablist.scrollWidth > strip.clientWidth + room + 1;
      let changed = false;
      arrows.forEach((button) => {
        const left = Number(button.dataset.scroll) < 0;
        const atEnd = left
          ? strip.scrollLeft <= 0
          : strip.scrollLeft + strip.clientWidth >= tablist.scrollWidth - 1;
        button.setAttribute("aria-disabled", !overflow || atEnd ? "true" : "false");
        if (button.classList.contains("is-idle") === overflow) {
          button.classList.toggle("is-idle", !overflow);
          changed = true;
        }
      });
      // The strip just got narrower or wider: keep the open tab in sight.
      if (changed) revealActive();
    }
    arrows.forEach((button) => {
      button.addEventListener("click", () => {
        if (button.getAttribute("aria-disabled") === "true") return;
        const step = Math.max(120, Math.round(strip.clientWidth * 0.6));
        strip.scrollBy({ left: Number(button.dataset.scroll) * step, behavior: "smooth" });
      });
    });
    strip.addEventListener("scroll", updateArrows, { passive: true });
    strip.addEventListener("wheel", (e) => {
      if (Math.abs(e.deltaY) > Math.abs(e.deltaX)) {
        strip.scrollLeft += e.deltaY;
        e.preventDefault();
      }
    }, { passive: false });
    if (window.ResizeObserver) {
      const observer = new ResizeObserver(updateArrows);
      observer.observe(strip);
      observer.observe(tablist);
    }
    window.addEventListener("resize", updateArrows);

    /* Tabs: click to show, × or middle click to close; arrow keys, Home, End, Delete. */
    tablist.addEventListener("click", (e) => {
      const tab = e.target.closest('[role="tab"]');
      if (!tab || !plainClick(e)) return;
      e.preventDefault();
      if (e.target.closest(".tab-close")) close(tab, { focus: tab === activeTab() });
      else activate(tab, { focus: true });
    });
    tablist.addEventListener("auxclick", (e) => {
      const tab = e.target.closest('[role="tab"]');
      if (tab && e.button === 1) {
        e.preventDefault();
        close(tab, { focus: false });
      }
    });
    tablist.addEventListener("keydown", (e) => {
      const tab = e.target.closest('[role="tab"]');
      if (!tab) return;
      const tabs = allTabs();
      const i = tabs.indexOf(tab);
      const to = {
        ArrowRight: tabs[(i + 1) % tabs.length],
        ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
        Home: tabs[0],
        End: tabs[tabs.length - 1],
        Enter: tab,
        " ": tab,
      }[e.key];
      if (e.key === "Delete") {
        e.preventDefault();
        close(tab);
      } else if (to) {
        e.preventDefault();
        activate(to, { focus: true });
      }
    });

    /* Any link marked data-tab (menu, shortcuts, later: 申请单号) opens in a tab, or shows
       the tab already open for its address. */
    d.addEventListener("click", (e) => {
      const link = e.target.closest("a[data-tab]");
      if (!link || e.defaultPrevented || !plainClick(e)) return;
      if (new URL(link.href).origin !== window.location.origin) return;
      e.preventDefault();
      open(link.href, link.dataset.tabTitle || link.textContent.trim());
    });

    /* The menu collapses to icons; the choice is remembered (boot.js applies it early). */
    const toggle = $("#menu-toggle");
    const syncToggle = () => {
      const collapsed = root.classList.contains("menu-collapsed");
      toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
      $$(".menu-link").forEach((a) => {
        if (collapsed) a.title = a.textContent.trim();
        else a.removeAttribute("title");
      });
    };
    toggle.addEventListener("click", () => {
      const collapsed = root.classList.toggle("menu-collapsed");
      put(local, "dp.menuCollapsed", collapsed ? "1" : "0");
      syncToggle();
    });
    syncToggle();

    /* The tab menu: 关闭全部选项卡 / 关闭其他选项卡 (menu button pattern). */
    const menuButton = $("#tabmenu-button");
    const menu = $("#tabmenu");
    const items = $$('[role="menuitem"]', menu);
    const openMenu = (index) => {
      menu.hidden = false;
      menuButton.setAttribute("aria-expanded", "true");
      items[index].focus();
    };
    const closeMenu = (returnFocus) => {
      if (menu.hidden) return;
      menu.hidden = true;
      menuButton.setAttribute("aria-expanded", "false");
      if (returnFocus) menuButton.focus();
    };
    menuButton.addEventListener("click", () => (menu.hidden ? openMenu(0) : closeMenu(true)));
    menuButton.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        openMenu(e.key === "ArrowDown" ? 0 : items.length - 1);
      }
    });
    menu.addEventListener("keydown", (e) => {
      const i = items.indexOf(d.activeElement);
      const to = {
        ArrowDown: items[(i + 1) % items.length],
        ArrowUp: items[(i - 1 + items.length) % items.length],
        Home: items[0],
        End: items[items.length - 1],
      }[e.key];
      if (to) {
        e.preventDefault();
        to.focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        closeMenu(true);
      } else if (e.key === "Tab") {
        closeMenu(false);
      }
    });
    menu.addEventListener("click", (e) => {
      const item = e.target.closest("[data-action]");
      if (!item) return;
      closeMenu(true);
      if (item.dataset.action === "close-all") closeAll();
      else closeOthers();
    });
    d.addEventListener("click", (e) => {
      if (!menu.hidden && !e.target.closest(".tabmenu")) closeMenu(false);
    });

    /* Signing out forgets this user's tabs. */
    const logout = $("[data-logout]");
    if (logout) logout.addEventListener("submit", () => { if (session) session.removeItem(stateKey); });

    /* An htmx request inside a page that meets an ended session goes to the sign-in page. */
    d.addEventListener("htmx:beforeSwap", (e) => {
      const xhr = e.detail.xhr;
      if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname === data.login) {
        e.detail.shouldSwap = false;
        window.location.assign(xhr.responseURL);
      }
    });

    const shown = activeTab();
    restore();
    if (shown) activate(shown, { remember: false });
    else if (!allTabs().length) showEmpty();
    else activate(allTabs()[0]);
  }

  /* The qualification notice is a real modal: focus inside, the rest inert, 确定 closes it.
     Without JavaScript it is an open <dialog> that its form (method=dialog) closes. */
  function initDialogs() {
    const dialog = $("#qualification-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    if (dialog.open) dialog.close();
    dialog.showModal();
    dialog.addEventListener("close", () => {
      const tab = $('[role="tab"][aria-selected="true"]');
      if (!dialog.open && tab) tab.focus();
    });
  }

  const start = () => {
    initCaptcha();
    focusFirstError();
    initLanguageSwitch();
    initWorkspace();
    initDialogs();
  };
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})();
