"""Terms: teaching the course again, and keeping past terms online as they were.

`roll` moves syllabus.yaml to the next term (`syllabuild term new`) and `summary` says what it
did and what staff must still check; `archive` freezes a term's built site (`term archive`).
Import the module you need: the build reads the archive side and should not load the roll.
"""
