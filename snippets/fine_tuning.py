"""Transfer learning: freeze a pre-trained backbone and train only a new head."""
import torch
from torch import nn

backbone = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU())
head = nn.Linear(128, 5)
for parameter in backbone.parameters():
    parameter.requires_grad_(False)
model = nn.Sequential(backbone, head)

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"trainable parameters: {trainable} of {total} ({trainable / total:.1%})")
optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
before = backbone[0].weight.clone()
loss = nn.functional.cross_entropy(model(torch.randn(32, 64)), torch.randint(0, 5, (32,)))
loss.backward()
optimizer.step()
print("backbone unchanged after a step:", torch.equal(before, backbone[0].weight))
