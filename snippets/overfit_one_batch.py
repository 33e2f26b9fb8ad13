"""Before presenting a project: a model that cannot overfit one batch has a bug, not a tuning problem."""
import torch

torch.manual_seed(0)
inputs = torch.randn(16, 20)
targets = torch.randint(0, 4, (16,))
model = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 4))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

print(f"parameters: {sum(p.numel() for p in model.parameters())}")
print(f"loss at start: {torch.nn.functional.cross_entropy(model(inputs), targets).item():.3f}"
      f" (chance level is ln 4 = {torch.log(torch.tensor(4.0)).item():.3f})")
for step in range(200):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(inputs), targets)
    loss.backward()
    optimizer.step()
accuracy = (model(inputs).argmax(1) == targets).float().mean().item()
print(f"after 200 steps: loss {loss.item():.4f}, accuracy on the batch {accuracy:.0%}")
assert accuracy == 1.0, "could not overfit a single batch: check the data pipeline and the loss"
