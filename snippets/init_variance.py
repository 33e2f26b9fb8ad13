"""Activation scale through a deep tanh network for three weight initializations."""
import matplotlib.pyplot as plt
import torch

depth, width = 30, 256
x0 = torch.randn(512, width)
fig, ax = plt.subplots(figsize=(6, 3))
for name, std in {"std 0.01": 0.01, "Xavier": (1 / width) ** 0.5, "std 0.1": 0.1}.items():
    x, stds = x0, []
    for _ in range(depth):
        x = torch.tanh(x @ (torch.randn(width, width) * std))
        stds.append(x.std().item())
    ax.plot(range(1, depth + 1), stds, label=name)
    print(f"{name:9} std after {depth} layers: {stds[-1]:.2e}")
ax.set_yscale("log")
ax.set_xlabel("layer")
ax.set_ylabel("activation std")
ax.legend()
