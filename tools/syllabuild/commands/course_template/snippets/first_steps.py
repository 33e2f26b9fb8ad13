"""Gradient descent on f(w) = w², step by step.

A snippet: it runs when the site is built, and its code and output appear on the page of every
lecture that lists it under `snippets:` in syllabus.yaml. `python -m pytest` runs it too, so a
snippet that breaks fails the tests before it reaches the site.
"""

w, learning_rate = 5.0, 0.3
for step in range(6):
    print(f"step {step}: w = {w:.4f}, f(w) = {w * w:.4f}")
    w -= learning_rate * 2 * w  # the gradient of w² is 2w
