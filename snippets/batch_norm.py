"""Batch normalization: per-channel statistics in training and in evaluation mode."""
import torch
from torch import nn

bn = nn.BatchNorm1d(3)
x = torch.randn(64, 3) * torch.tensor([1.0, 5.0, 0.1]) + torch.tensor([0.0, 10.0, -3.0])


def show(label, values):
    print(f"{label:29}", "  ".join(f"{v:6.2f}" for v in values.tolist()))


show("input mean", x.mean(0))
show("input std", x.std(0))
y = bn(x)  # training mode: normalizes with the batch's own statistics
show("output mean", y.mean(0))
show("output std", y.std(0))
show("running mean after one batch", bn.running_mean)
for _ in range(100):
    bn(torch.randn(64, 3) * torch.tensor([1.0, 5.0, 0.1]) + torch.tensor([0.0, 10.0, -3.0]))
bn.eval()  # evaluation mode: uses the running averages instead
show("eval output mean", bn(x).mean(0))
