/* Runs before first paint (loaded without defer): marks JavaScript as available and applies
   the remembered collapsed-menu state, so the page never flashes the wrong layout. */
(function (root) {
  root.classList.add("js");
  try {
    if (window.localStorage.getItem("dp.menuCollapsed") === "1") root.classList.add("menu-collapsed");
  } catch (e) { /* storage disabled: the menu stays expanded */ }
})(document.documentElement);
