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
  function when(text, zone, lang) {
    try {
      return new Date(text).toLocaleString(lang || undefined, {
        timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      });
    } catch (error) {
      return text.replace("T", " ").slice(0, 16);
    }
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function lectureLabel(lecture) {
    return "Lecture " + lecture.number + (lecture.title ? ": " + lecture.title : "");
  }

  function fill(box, data, state) {
    var lang = document.documentElement.lang;
    box.textContent = "";
    var heading = element("h2", "This week");
    heading.id = "this-week";
    box.appendChild(heading);
    box.setAttribute("aria-labelledby", "this-week");
    box.setAttribute("role", "region");
    var list = element("ul");
    var status = state.week !== null ? "Week " + state.week + " of " + state.weeks + "." :
      state.before ? "The term has not started yet." : state.ended ? "The term has ended." : "";
    if (status) list.appendChild(element("li", status));
    if (state.lecture) {
      var item = element("li");
      item.appendChild(element("strong", state.lectureNow ? "Now: " : "Next lecture: "));
      var label = lectureLabel(state.lecture);
      if (state.lecture.url) {
        var link = element("a", label);
        link.href = state.lecture.url;
        item.appendChild(link);
      } else {
        item.appendChild(document.createTextNode(label));
      }
      var where = " — " + when(state.lecture.start, data.timezone, lang) + (state.lecture.room ? ", " + state.lecture.room : "");
      item.appendChild(document.createTextNode(where));
      list.appendChild(item);
    }
    if (state.deadline) {
      var due = element("li");
      due.appendChild(element("strong", state.deadline.kind === "exam" ? "Next exam: " : "Next deadline: "));
      due.appendChild(document.createTextNode(state.deadline.title + " — " + when(state.deadline.due, data.timezone, lang)));
      list.appendChild(due);
    }
    box.appendChild(list);
  }

  function markWeek(week) {
    var rows = document.querySelectorAll(".sb-schedule table tbody tr");
    Array.prototype.forEach.call(rows, function (row) {
      var cell = row.cells[0];
      if (!cell || cell.querySelector(".sb-this-week")) return;
      if (week !== null && cell.textContent.trim() === String(week)) {
        row.classList.add("sb-current-week");
        cell.appendChild(element("span", "this week", "sb-this-week"));
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
    fill(box, data, state);
    markWeek(state.week);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { currentWeek: currentWeek, nextLecture: nextLecture, nextDeadline: nextDeadline, summary: summary };
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
