"""Backpropagation by hand for a two-layer network, checked against autograd."""
import torch

x = torch.randn(5, 3)
y = torch.randn(5, 1)
W1 = torch.randn(3, 4, requires_grad=True)
W2 = torch.randn(4, 1, requires_grad=True)

# forward
h = x @ W1
a = torch.tanh(h)
out = a @ W2
loss = ((out - y) ** 2).mean()

# backward, by hand
d_out = 2 * (out - y) / y.numel()
d_W2 = a.T @ d_out
d_a = d_out @ W2.T
d_h = d_a * (1 - a**2)
d_W1 = x.T @ d_h

loss.backward()
print("dL/dW1 matches autograd:", torch.allclose(d_W1, W1.grad, atol=1e-6))
print("dL/dW2 matches autograd:", torch.allclose(d_W2, W2.grad, atol=1e-6))
print("max difference:", max((d_W1 - W1.grad).abs().max().item(), (d_W2 - W2.grad).abs().max().item()))
