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
