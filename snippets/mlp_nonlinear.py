# syllabuild: figures=png alt="Two concentric rings of points, inner class blue and outer class red, on the MLP's predicted probability: the learned boundary is a closed curve between the rings"
"""A small MLP learns a non-linear boundary (two concentric rings) that no linear model can."""
import math

import matplotlib.pyplot as plt
import torch

n = 300
angle = torch.rand(2 * n) * 2 * math.pi
radius = torch.cat([torch.rand(n) * 1.0, 1.5 + torch.rand(n) * 1.0])
x = torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1)
y = torch.cat([torch.zeros(n), torch.ones(n)])

model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(300):
    optimizer.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)
    loss.backward()
    optimizer.step()
accuracy = ((model(x).squeeze(1) > 0).float() == y).float().mean()
print(f"loss {loss.item():.3f}, training accuracy {accuracy.item():.1%}")

grid = torch.stack(torch.meshgrid(torch.linspace(-3, 3, 100), torch.linspace(-3, 3, 100), indexing="xy"), dim=-1)
with torch.no_grad():
    p = torch.sigmoid(model(grid.reshape(-1, 2))).reshape(100, 100)
fig, ax = plt.subplots(figsize=(4, 4))
ax.contourf(grid[..., 0], grid[..., 1], p, levels=20, cmap="coolwarm", alpha=0.6)
ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=6, edgecolors="none")
ax.set_aspect("equal")
