// syllabuild theme script, loaded after Material's bundle.
//
// Material wraps wide tables in a box that scrolls sideways. A mouse or touch user can scroll
// it; a keyboard user can only if the box can take focus (WCAG 2.1.1, axe rule
// scrollable-region-focusable). Make every box that actually overflows focusable and give it
// a name, and undo that when it no longer overflows (window resized).
(function () {
  "use strict";

  function labelScrollableTables() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth) {
        var caption = box.querySelector("caption");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table (scrolls sideways)");
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  // document$ emits on the first load and after each instant-navigation page change; the
  // content component that creates the boxes subscribed before us, so they exist by now.
  if (typeof document$ !== "undefined") {
    document$.subscribe(labelScrollableTables);
  } else {
    document.addEventListener("DOMContentLoaded", labelScrollableTables);
  }
  window.addEventListener("resize", labelScrollableTables);
})();
