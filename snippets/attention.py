"""Scaled dot-product attention by hand, checked against PyTorch, with its weights."""
import matplotlib.pyplot as plt
import torch

tokens = ["the", "cat", "sat", "on", "the", "mat"]
d = 8
q, k, v = torch.randn(3, len(tokens), d).unbind(0)
weights = torch.softmax(q @ k.T / d**0.5, dim=-1)
out = weights @ v
reference = torch.nn.functional.scaled_dot_product_attention(q[None], k[None], v[None])[0]
print("matches F.scaled_dot_product_attention:", torch.allclose(out, reference, atol=1e-6))
print("each row of weights sums to 1:", torch.allclose(weights.sum(-1), torch.ones(len(tokens))))

fig, ax = plt.subplots(figsize=(4, 3.5))
image = ax.imshow(weights, cmap="viridis")
ax.set_xticks(range(len(tokens)), tokens)
ax.set_yticks(range(len(tokens)), tokens)
ax.set_xlabel("key")
ax.set_ylabel("query")
fig.colorbar(image)
