# Logistic regression by gradient descent, written by hand in PyTorch.
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
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
