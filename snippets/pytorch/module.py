# The same logistic regression with PyTorch's building blocks: a model is an
# nn.Module made of layers, and an optimizer applies the gradient descent step.
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.from_numpy(features).to(device)
y = torch.from_numpy(labels).to(device)


class LogisticRegression(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)
        nn.init.zeros_(self.linear.weight)  # start where the hand-written loop started
        nn.init.zeros_(self.linear.bias)

    def forward(self, x):
        return self.linear(x).squeeze(-1)


model = LogisticRegression().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
loss_fn = nn.BCEWithLogitsLoss()

for epoch in range(101):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")
