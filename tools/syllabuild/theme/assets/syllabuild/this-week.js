/* "This week" on the home and schedule pages: reads the dates the page embeds
   (<script id="sb-dates" type="application/json">) and the reader's clock, so a static
   site says the right week, next lecture and next deadline between builds. */
(function () {
  "use strict";

  /* -- pure part (also loaded by the tests under Node) ------------------------------ */
  function at(text) {
    return new Date(text).getTime();
  }

  function currentWeek(data, now) {
    if (!data.weeks.length || now < at(data.weeks[0].start)) return null;
    if (data.term_end && now >= at(data.term_end)) return null;
    var found = null;
    data.weeks.forEach(function (week) {
      if (at(week.start) <= now) found = week.week;
    });
    return found;
  }

  function nextLecture(data, now) {
    for (var i = 0; i < data.lectures.length; i++) {
      if (at(data.lectures[i].end) > now) return data.lectures[i];
    }
    return null;
  }

  function nextDeadline(data, now) {
    for (var i = 0; i < data.deadlines.length; i++) {
      if (at(data.deadlines[i].due) > now) return data.deadlines[i];
    }
    return null;
  }

  function summary(data, now) {
    var first = data.weeks.length ? at(data.weeks[0].start) : null;
    return {
      week: currentWeek(data, now),
      weeks: data.weeks.length,
      before: first !== null && now < first,
      ended: !!data.term_end && now >= at(data.term_end),
      lecture: nextLecture(data, now),
      lectureNow: (function (lecture) {
        return !!lecture && at(lecture.start) <= now;
      })(nextLecture(data, now)),
      deadline: nextDeadline(data, now),
    };
  }

  /* -- page part -------------------------------------------------------------------- */
  /* The page's own words: the page embeds them in its language (data.words, keyed by the
     English text as in the catalogue); a missing one shows in English. */
  function say(data, message, values) {
    var text = (data.words && data.words[message]) || message;
    return text.replace(/\{(\w+)\}/g, function (field, name) {
      return values && name in values ? String(values[name]) : field;
    });
  }

  /* 24-hour, as the pages print times (a browser in en-US would say 2:30 PM). */
  function when(text, zone, lang) {
    try {
      return new Date(text).toLocaleString(lang || undefined, {
        timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      });
    } catch (error) {
      return text.replace("T", " ").slice(0, 16);
    }
  }

  function lectureLabel(data, lecture) {
    return lecture.title
      ? say(data, "Lecture {number}: {title}", { number: lecture.number, title: lecture.title })
      : say(data, "Lecture {number}", { number: lecture.number });
  }

  /* What the box says, as plain data (tested under Node): a heading and list items, each an
     optional bold label, a text (linked when `url` is set) and details after a dash. */
  function describe(data, state, lang) {
    var items = [];
    var status = state.week !== null ? say(data, "Week {week} of {weeks}.", { week: state.week, weeks: state.weeks }) :
      state.before ? say(data, "The term has not started yet.") : state.ended ? say(data, "The term has ended.") : "";
    if (status) items.push({ label: null, text: status, url: null, details: [] });
    if (state.lecture) {
      items.push({
        label: say(data, state.lectureNow ? "Now:" : "Next lecture:"),
        text: lectureLabel(data, state.lecture),
        url: state.lecture.url || null,
        details: [when(state.lecture.start, data.timezone, lang)].concat(state.lecture.room ? [state.lecture.room] : []),
      });
    }
    if (state.deadline) {
      items.push({
        label: say(data, state.deadline.kind === "exam" ? "Next exam:" : "Next deadline:"),
        text: state.deadline.title,
        url: state.deadline.url || null,
        details: [when(state.deadline.due, data.timezone, lang)],
      });
    }
    return { heading: say(data, "This week"), items: items, badge: say(data, "this week") };
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* Titles, dates and rooms are isolated in <bdi>, so a Latin room name or a date inside a
     Hebrew sentence (or the reverse) keeps its own direction and the punctuation stays put. */
  function fill(box, view) {
    box.textContent = "";
    var heading = element("h2", view.heading);
    heading.id = "this-week";
    box.appendChild(heading);
    box.setAttribute("aria-labelledby", "this-week");
    box.setAttribute("role", "region");
    var list = element("ul");
    view.items.forEach(function (entry) {
      var item = element("li");
      if (entry.label) {
        item.appendChild(element("strong", entry.label));
        item.appendChild(document.createTextNode(" "));
      }
      var text = element(entry.label ? "bdi" : "span", entry.url ? "" : entry.text);
      if (entry.url) {
        var link = element("a", entry.text);
        link.href = entry.url;
        text.appendChild(link);
      }
      item.appendChild(text);
      entry.details.forEach(function (detail, index) {
        item.appendChild(document.createTextNode(index === 0 ? " — " : ", "));
        item.appendChild(element("bdi", detail));
      });
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function markWeek(week, badge) {
    var rows = document.querySelectorAll(".sb-schedule table tbody tr");
    Array.prototype.forEach.call(rows, function (row) {
      var cell = row.cells[0];
      if (!cell || cell.querySelector(".sb-this-week")) return;
      if (week !== null && cell.textContent.trim() === String(week)) {
        row.classList.add("sb-current-week");
        cell.appendChild(element("span", badge, "sb-this-week"));
      }
    });
  }

  function run() {
    var source = document.getElementById("sb-dates");
    var box = document.getElementById("whats-next");
    if (!source || !box) return;
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    var state = summary(data, Date.now());
    var view = describe(data, state, document.documentElement.lang);
    fill(box, view);
    markWeek(state.week, view.badge);
  }

  var pure = {
    at: at, currentWeek: currentWeek, nextLecture: nextLecture, nextDeadline: nextDeadline, say: say, when: when,
    summary: summary, describe: describe,
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = pure;
    return;
  }
  window.syllabuildDates = pure; // week.js uses the same rules

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run); // Material's instant navigation swaps pages without reloading
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
