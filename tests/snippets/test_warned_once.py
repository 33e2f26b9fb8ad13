"""A failing snippet in lecture notes that every language edition shows is reported once, not per edition."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bilingual_course"
NOTES = '''# Perceptrons

```python exec="on"
weights = [0.5, -0.5]
weights[2]
```

```python exec="on"
import matplotlib.pyplot as plt
plt.plot([1, 0])
```
'''


def test_a_failing_snippet_shown_in_two_languages_is_one_warning(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    (course / "lectures").mkdir()
    (course / "lectures" / "01-perceptrons.md").write_text(NOTES, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "build"], cwd=course, capture_output=True,
                            text=True, timeout=600, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    failed = [line for line in warnings if "snippet failed" in line]
    assert failed == ["WARNING -  lectures/01-perceptrons.md:5: snippet failed: IndexError: list index out of range"]
    # Its traceback still follows it, once.
    assert result.stderr.count('  File "lectures/01-perceptrons.md", line 5, in <module>') == 1
    alt = [line for line in warnings if "no alternative text" in line]
    assert alt == ['WARNING -  lectures/01-perceptrons.md:9: figure 1 has no alternative text: add alt="…" to the '
                   "snippet, or give the figure a title, axis labels or a legend"]
    # Both editions still show the failure on the page.
    for edition in ("", "he/"):
        page = (course / "site" / edition / "lectures" / "01-perceptrons" / "index.html").read_text(encoding="utf-8")
        assert "Snippet failed at lectures/01-perceptrons.md:5" in page
