"""How tensor shapes change through convolution and pooling layers."""
import torch
from torch import nn

net = nn.Sequential(
    nn.Conv2d(3, 16, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 32, kernel_size=3, stride=2),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(32, 10),
)
x = torch.randn(8, 3, 32, 32)
print(f"{'input':28} {tuple(x.shape)}")
for layer in net:
    x = layer(x)
    params = sum(p.numel() for p in layer.parameters())
    print(f"{layer.__class__.__name__:28} {str(tuple(x.shape)):18} params={params}")
