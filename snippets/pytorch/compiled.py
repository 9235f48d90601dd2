# A compiled graph in PyTorch: torch.compile captures the function as a graph the
# first time it runs and generates fused code for it (C++ on a CPU, Triton on a GPU).
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"
x = torch.from_numpy(features).to(device)
y = torch.from_numpy(labels).to(device)


@torch.compile  # the first call compiles (seconds on a CPU); later calls reuse the code
def compute_loss(weights, bias):
    return torch.nn.functional.binary_cross_entropy_with_logits(x @ weights + bias, y)


weights = torch.zeros(2, requires_grad=True, device=device)
bias = torch.zeros(1, requires_grad=True, device=device)
for epoch in range(101):
    loss = compute_loss(weights, bias)
    loss.backward()  # compiled code is differentiated like any other
    with torch.no_grad():
        weights -= 0.5 * weights.grad
        bias -= 0.5 * bias.grad
        weights.grad.zero_()
        bias.grad.zero_()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")
