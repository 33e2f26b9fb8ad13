"""An RNN learns to predict the next value of a sine wave."""
import matplotlib.pyplot as plt
import torch
from torch import nn

t = torch.linspace(0, 8 * torch.pi, 400)
wave = torch.sin(t)
windows = wave.unfold(0, 21, 1)  # (380, 21): 20 inputs and the value to predict
inputs, targets = windows[:, :-1].unsqueeze(-1), windows[:, -1:]


class NextValue(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.head(h[-1])


model = NextValue()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(150):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()
print(f"mean squared error after training: {loss.item():.4f}")
with torch.no_grad():
    predicted = model(inputs).squeeze(1)
fig, ax = plt.subplots(figsize=(7, 2.5))
ax.plot(targets[:120, 0], label="true")
ax.plot(predicted[:120], "--", label="predicted")
ax.legend(loc="upper right")
