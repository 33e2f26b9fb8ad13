// syllabuild theme script, loaded after Material's bundle.
//
// Wide content scrolls sideways inside its own box: Material's table wrappers, notebook code
// cells and outputs. A mouse or touch user can scroll such a box; a keyboard user can only if
// the box can take focus (WCAG 2.1.1, axe rule scrollable-region-focusable). Make every box
// that actually overflows and holds nothing focusable a named tab stop, and undo that when it
// no longer overflows (window resized).
(function () {
  "use strict";

  var CANDIDATES = ".md-content :is(div, pre, table)";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  var MARK = "data-syllabuild-scroll";

  function scrollsSideways(box) {
    var overflow = getComputedStyle(box).overflowX;
    return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth;
  }

  function label(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    return box.querySelector("table") ? "Table, scrolls sideways" : "Content, scrolls sideways";
  }

  function updateScrollBoxes() {
    var boxes = document.querySelectorAll(CANDIDATES);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var marked = box.hasAttribute(MARK);
      if (!marked && box.hasAttribute("tabindex")) continue; // focusable already
      if (scrollsSideways(box) && (marked || !box.querySelector(FOCUSABLE))) {
        if (!marked) {
          box.setAttribute(MARK, "");
          box.tabIndex = 0;
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label(box));
        }
      } else if (marked) {
        box.removeAttribute(MARK);
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  // document$ emits on the first load and after each instant-navigation page change; the
  // content component that wraps tables subscribed before us, so the wrappers exist by now.
  // Code blocks get an empty anchor per line (pymdownx.highlight anchor_linenums) so a line can
  // be linked. They carry no text: keep them out of the tab order and the accessibility tree
  // (axe link-name), where Zensical's layout exposes them; clicking and #links still work.
  function quietLineAnchors() {
    var anchors = document.querySelectorAll('.md-content a[id^="__codelineno"]:empty');
    for (var i = 0; i < anchors.length; i++) {
      anchors[i].setAttribute("aria-hidden", "true");
      anchors[i].tabIndex = -1;
    }
  }

  function update() {
    quietLineAnchors();
    updateScrollBoxes();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  // Boxes in a content tab or <details> have no size until the student opens them.
  document.addEventListener("change", updateScrollBoxes);
  document.addEventListener("toggle", updateScrollBoxes, true);
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(updateScrollBoxes, 200);
  });
})();
