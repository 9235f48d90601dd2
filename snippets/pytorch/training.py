"""A minimal training loop in PyTorch: logistic regression by gradient descent."""
import numpy as np
import torch

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"

# 200 generated points, two features; the class is which side of a line a point is on.
rng = np.random.default_rng(seed=0)
features = rng.normal(size=(200, 2)).astype("float32")
labels = (features[:, 0] + 2 * features[:, 1] > 0.5).astype("float32")
x = torch.from_numpy(features).to(device)
y = torch.from_numpy(labels).to(device)

weights = torch.zeros(2, requires_grad=True, device=device)
bias = torch.zeros(1, requires_grad=True, device=device)
learning_rate = 0.5

for epoch in range(101):
    logits = x @ weights + bias
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
    loss.backward()
    with torch.no_grad():  # the update itself must not be recorded in the graph
        weights -= learning_rate * weights.grad
        bias -= learning_rate * bias.grad
        weights.grad.zero_()
        bias.grad.zero_()
    if epoch % 25 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")

accuracy = ((x @ weights + bias > 0).float() == y).float().mean().item()
print(f"training accuracy: {accuracy:.3f}")
