"""Dropout zeroes activations in training and rescales the rest; evaluation leaves them alone."""
import torch

drop = torch.nn.Dropout(p=0.5)
x = torch.ones(2, 8)
print("train:", drop(x))
print("kept fraction:", (drop(torch.ones(10_000)) > 0).float().mean().item())
drop.eval()
print("eval: ", drop(x))
