/* The week view (weeks.md): opens and marks the current week and counts down to the next
   deadline, from the dates the page embeds (#sb-dates, as for this-week.js, and #sb-week-data)
   and the reader's clock, so a static site stays right between builds. */
(function () {
  "use strict";

  /* -- pure part (also loaded by the tests under Node) ------------------------------ */
  // The date rules are this-week.js's, which every page loads first (and Node's tests require).
  var rules = typeof module !== "undefined" && module.exports ? require("./this-week.js") : window.syllabuildDates;
  var at = rules.at, currentWeek = rules.currentWeek, nextDeadline = rules.nextDeadline, say = rules.say, when = rules.when;

  function remaining(data, ms) {
    var minutes = Math.max(0, Math.floor(ms / 60000));
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
    return days > 0 ? say(data, "{days} d {hours} h", { days: days, hours: hours }) :
      say(data, "{hours} h {minutes} min", { hours: hours, minutes: minutes % 60 });
  }

  /* -- page part -------------------------------------------------------------------- */
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function markWeeks(week, badge) {
    var cards = document.querySelectorAll("details.sb-week[data-week]");
    Array.prototype.forEach.call(cards, function (card) {
      var number = Number(card.getAttribute("data-week"));
      var current = week !== null && number === week;
      card.classList.toggle("sb-week-current", current);
      card.classList.toggle("sb-week-past", week !== null && number < week);
      card.open = current;
      var summary = card.querySelector("summary");
      var old = summary && summary.querySelector(".sb-this-week");
      if (old) old.remove();
      if (current && summary) {
        summary.appendChild(element("span", badge, "sb-this-week"));
        card.setAttribute("aria-current", "date");
      } else {
        card.removeAttribute("aria-current");
      }
    });
  }

  function countdown(box, data, now, lang) {
    box.textContent = "";
    var next = nextDeadline(data, now);
    if (!next) return;
    box.appendChild(element("strong", say(data, "Next deadline:")));
    box.appendChild(document.createTextNode(" "));
    var title = element("bdi");
    if (next.url) {
      var link = element("a", next.title);
      link.href = next.url;
      title.appendChild(link);
    } else {
      title.textContent = next.title;
    }
    box.appendChild(title);
    box.appendChild(document.createTextNode(" — "));
    box.appendChild(element("bdi", say(data, "due in {time}", { time: remaining(data, at(next.due) - now) }), "sb-countdown-left"));
    box.appendChild(document.createTextNode(" · "));
    var course = when(next.due, data.timezone, lang);
    box.appendChild(element("bdi", course + " (" + data.timezone + ")"));
    var local = when(next.due, null, lang);
    if (local !== course) {
      box.appendChild(document.createTextNode(" · "));
      box.appendChild(element("bdi", say(data, "your time: {time}", { time: local })));
    }
  }

  function run() {
    var source = document.getElementById("sb-dates");
    var extra = document.getElementById("sb-week-data");
    if (!source || !extra) return;
    var dates, data;
    try {
      dates = JSON.parse(source.textContent);
      data = JSON.parse(extra.textContent);
    } catch (error) {
      return;
    }
    var now = Date.now();
    markWeeks(currentWeek(dates, now), say(data, "this week"));
    var box = document.getElementById("sb-countdown");
    if (box) countdown(box, data, now, document.documentElement.lang);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { currentWeek: currentWeek, nextDeadline: nextDeadline, remaining: remaining };
    return;
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run); // Material's instant navigation swaps pages without reloading
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
