/* Accessible names for what Material's script adds to the page (tests/test_browser.py):
   the search dialog, and the small toolbar ("nav") of each code block, which would
   otherwise be several navigation landmarks with one name. */
(function () {
  function name() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) {
      var input = document.querySelector(".md-search__input");
      search.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav, index) {
      var title = nav.closest(".highlight") && nav.closest(".highlight").querySelector(".filename");
      nav.setAttribute("aria-label", (title ? title.textContent.trim() : "Code block") + " (" + (index + 1) + ")");
    });
  }
  name();
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
})();

/* Linked framework tabs with a fallback. Material switches every tab set that has the
   label the reader chose; a set without it (the low-level sections have no Keras or
   Lightning tab) would stay on its first tab. Keras runs on TensorFlow and Lightning
   on PyTorch, so such a set shows the partner framework instead. */
(function () {
  var PARTNER = { Keras: "TensorFlow", TensorFlow: "Keras", Lightning: "PyTorch", PyTorch: "Lightning" };

  function labelsOf(set) {
    return Array.prototype.slice.call(set.querySelectorAll(":scope > .tabbed-labels > label"));
  }

  function follow(choice) {
    if (!choice) return;
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var labels = labelsOf(set);
      var text = function (label) { return label.textContent.trim(); };
      var target = labels.filter(function (l) { return text(l) === choice; })[0] ||
                   labels.filter(function (l) { return text(l) === PARTNER[choice]; })[0];
      var input = target && document.getElementById(target.htmlFor);
      if (input) input.checked = true;
    });
  }

  function remember(choice) {  // as Material does: the latest choice first
    if (typeof __md_get !== "function") return;
    var tabs = (__md_get("__tabs") || []).filter(function (tab) { return tab !== choice; });
    __md_set("__tabs", [choice].concat(tabs));
  }

  function stored() {
    var tabs = typeof __md_get === "function" ? __md_get("__tabs") : null;
    if (tabs && tabs.length) return tabs[0];
    var first = document.querySelector(".tabbed-set > .tabbed-labels > label");
    return first ? first.textContent.trim() : null;  // no choice yet: the first framework
  }

  document.addEventListener("click", function (event) {
    var label = event.target.closest && event.target.closest(".tabbed-set > .tabbed-labels > label");
    if (!label) return;
    var choice = label.textContent.trim();
    // Also when the tab was already showing as a partner: Material then sees no change.
    setTimeout(function () { follow(choice); remember(choice); }, 0);
  });
  if (typeof document$ !== "undefined") document$.subscribe(function () { setTimeout(function () { follow(stored()); }, 0); });
  window.addEventListener("load", function () { follow(stored()); });
})();
