"""The words of the generated pages (headings, labels, notes) in each language the tool speaks.

The English text is the message id, as in gettext: templates write `h._("Schedule")`, English
pages show the id itself, and a language that lacks a message falls back to English. Dates,
weekday names and text direction come from the CLDR data in Babel, so every language gets those
even without a catalogue here.
"""

from __future__ import annotations

from typing import Mapping

HEBREW: Mapping[str, str] = {
    # page titles and nav
    "Home": "דף הבית",
    "Schedule": "לוח זמנים",
    "Lectures": "הרצאות",
    "Readings": "קריאה",
    "Grading": "הרכב הציון",
    "Resources": "מקורות נוספים",
    "Policies": "נהלים",
    # home
    "Announcement": "הודעה",
    "taught in {language}": "שפת ההוראה: {language}",
    "Links": "קישורים",
    "Meetings": "מפגשים",
    "Session": "מפגש",
    "Day": "יום",
    "Time": "שעה",
    "Room": "חדר",
    "With": "בהנחיית",
    "online": "מקוון",
    "Lecture": "הרצאה",
    "Tutorial": "תרגול",
    "Lab": "מעבדה",
    "Recitation": "תרגול",
    "Seminar": "סמינר",
    "The term runs from **{start}** to **{end}** (times in {timezone}).":
        "הסמסטר נמשך מ־**{start}** עד **{end}** (השעות לפי {timezone}).",
    "No classes on": "אין שיעורים ב־",
    "See the [schedule]({url}).": "ראו את [לוח הזמנים]({url}).",
    "Staff": "סגל הקורס",
    "Name": "שם",
    "Role": "תפקיד",
    "Contact": "יצירת קשר",
    "Office hours": "שעות קבלה",
    "Lecturer": "מרצה",
    "Head TA": "מתרגל אחראי",
    "Teaching assistant": "מתרגל",
    "Grader": "בודק תרגילים",
    "Coordinator": "רכז הקורס",
    "Guest lecturer": "מרצה אורח",
    "Prerequisites": "דרישות קדם",
    "Learning outcomes": "תוצאות למידה",
    "By the end of the course, students will:": "עם השלמת הקורס בהצלחה, הסטודנטים יהיו מסוגלים:",
    "dropped this term": "ירד מהחומר בסמסטר זה",
    # lecture
    "Lecture {number}": "הרצאה {number}",
    "Lecture {number}: {title}": "הרצאה {number}: {title}",
    "Dropped this term": "ירד מהחומר בסמסטר זה",
    "This lecture is not part of this term’s material.": "הרצאה זו אינה חלק מהחומר של הסמסטר.",
    "Date:": "תאריך:",
    "week {week}": "שבוע {week}",
    "Hours:": "שעות:",
    "Slides:": "שקפים:",
    "Slides": "שקפים",
    "Part {number}": "חלק {number}",
    "Recording": "הקלטה",
    "watch": "צפייה",
    "mirror {number}": "עותק {number}",
    "exercise": "תרגיל",
    "notebook": "מחברת",
    "solution": "פתרון",
    "Topics": "נושאים",
    "Code": "קוד",
    "Notes": "סיכומים",
    # lectures list
    "Date": "תאריך",
    "Hours": "שעות",
    "Summary": "תקציר",
    "Dropped this term.": "ירד מהחומר בסמסטר זה.",
    # readings
    "Legend:": "מקרא:",
    "By lecture": "לפי הרצאה",
    "By type": "לפי סוג",
    "No readings listed.": "אין פריטי קריאה.",
    "optional": "רשות",
    "link": "קישור",
    "Bibliography": "ביבליוגרפיה",
    "Book": "ספר",
    "Paper": "מאמר",
    "Article": "כתבה",
    "Video": "סרטון",
    "Interactive visualization": "הדמיה אינטראקטיבית",
    "Static visualization": "איור",
    "Course": "קורס",
    "Talk": "הרצאה מוקלטת",
    # grading
    "Component": "רכיב",
    "Weight": "משקל",
    "Made of": "מורכב מ־",
    "Conditions": "תנאים",
    "Total": "סך הכול",
    "bonus": "בונוס",
    "Rules": "כללים",
    "Assignments": "מטלות",
    "Assignment": "מטלה",
    "Kind": "סוג",
    "Released": "פורסם",
    "Due": "הגשה",
    "Submission:": "הגשה:",
    "Homework": "שיעורי בית",
    "Project": "פרויקט",
    "Exam": "בחינה",
    "Quiz": "בוחן",
    "Other": "אחר",
    # resources
    "See also:": "ראו גם:",
    # schedule
    "Term: **{start} – {end}**. Times are in {timezone}.": "הסמסטר: **{start} – {end}**. השעות לפי {timezone}.",
    "Week": "שבוע",
    "What": "מה",
    "Details": "פרטים",
    "Details to come": "פרטים בהמשך",
    "at {time}": "עד {time}",
    "details": "פרטים",
    "No class": "אין שיעור",
    "TBA": "יפורסם",
    "Subscribe to the course calendar": "הירשמו ליומן הקורס",
    "lectures, tutorials and deadlines in Google Calendar, Outlook or Apple Calendar, kept up to date.":
        "הרצאות, תרגולים ומועדי הגשה ביומן Google‏, Outlook או Apple, מתעדכנים מעצמם.",
}

CATALOGUES: dict[str, Mapping[str, str]] = {
    "en": {},
    "he": HEBREW,
}
"""Language code -> messages; English needs none (the ids are English)."""
