"""Common activation functions and their derivatives."""
import matplotlib.pyplot as plt
import torch

x = torch.linspace(-4, 4, 200, requires_grad=True)
functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu,
             "GELU": torch.nn.functional.gelu}
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
for name, f in functions.items():
    y = f(x)
    (grad,) = torch.autograd.grad(y.sum(), x)
    left.plot(x.detach(), y.detach(), label=name)
    right.plot(x.detach(), grad, label=name)
left.set_title("f(x)")
right.set_title("f'(x)")
left.legend()
