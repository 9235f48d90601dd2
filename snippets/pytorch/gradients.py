"""Automatic gradients in PyTorch: derivatives of any expression, no hand-written backward."""
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"

# d/dx (x**2 + 3x) = 2x + 3, which is 7 at x = 2.
x = torch.tensor(2.0, requires_grad=True, device=device)
y = x**2 + 3 * x
y.backward()  # walks the computational graph backwards
print("y =", y.item(), " dy/dx =", x.grad.item())

# The gradient of a loss with respect to every parameter, in one call.
inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
targets = torch.tensor([1.0, 0.0], device=device)
weights = torch.tensor([0.1, -0.2], requires_grad=True, device=device)
loss = torch.mean((inputs @ weights - targets) ** 2)
loss.backward()
print("loss =", round(loss.item(), 4))
print("d loss / d weights =", [round(g, 4) for g in weights.grad.tolist()])
