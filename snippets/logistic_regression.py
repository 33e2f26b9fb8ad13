"""Logistic regression on two Gaussian blobs, with its decision boundary."""
import matplotlib.pyplot as plt
import torch

n = 200
x = torch.cat([torch.randn(n, 2) + torch.tensor([2.0, 2.0]), torch.randn(n, 2) - torch.tensor([1.0, 1.0])])
y = torch.cat([torch.ones(n), torch.zeros(n)])

model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for step in range(200):
    optimizer.zero_grad()
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x).squeeze(1), y)
    loss.backward()
    optimizer.step()
accuracy = ((model(x).squeeze(1) > 0).float() == y).float().mean()
print(f"loss {loss.item():.3f}, accuracy {accuracy.item():.1%}")

(w1, w2), b = model.weight.detach()[0].tolist(), model.bias.item()
xs = torch.linspace(-4, 5, 2)
fig, ax = plt.subplots(figsize=(4, 4))
ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=8)
ax.plot(xs, -(w1 * xs + b) / w2, "k--", label="p = 0.5")
ax.set_ylim(-4, 5)
ax.legend()
