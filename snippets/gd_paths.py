"""Gradient descent and momentum on an ill-conditioned quadratic."""
import matplotlib.pyplot as plt
import numpy as np

A = np.array([[1.0, 0.0], [0.0, 10.0]])  # condition number 10


def loss(w):
    return 0.5 * w @ A @ w


def path(lr, momentum=0.0, steps=40):
    w, v = np.array([-9.0, 2.0]), np.zeros(2)
    points = [w.copy()]
    for _ in range(steps):
        v = momentum * v - lr * (A @ w)
        w = w + v
        points.append(w.copy())
    return np.array(points)


xs, ys = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-3, 3, 200))
zs = 0.5 * (A[0, 0] * xs**2 + A[1, 1] * ys**2)
fig, ax = plt.subplots(figsize=(7, 3))
ax.contour(xs, ys, zs, levels=15, cmap="Greys", linewidths=0.7)
for label, kwargs in {"GD, lr=0.1": {"lr": 0.1}, "GD + momentum 0.6": {"lr": 0.1, "momentum": 0.6}}.items():
    points = path(**kwargs)
    ax.plot(points[:, 0], points[:, 1], "o-", markersize=2.5, label=label)
    print(f"{label:18} final loss {loss(points[-1]):.2e}")
ax.set_xlabel("$w_1$")
ax.set_ylabel("$w_2$")
ax.legend(loc="upper right")
