"""Tensors and operations in PyTorch: the first thing a framework gives you."""
import numpy as np
import torch

# Use the GPU when there is one; the same code then runs there unchanged.
device = "cuda" if torch.cuda.is_available() else "cpu"

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
w = torch.tensor([[0.5], [-1.0]], device=device)

print("shape of x:", tuple(x.shape))
print("x + 1:", (x + 1).tolist())
print("x * x (elementwise):", (x * x).tolist())
print("x @ w (matrix product):", (x @ w).flatten().tolist())
print("sigmoid(x @ w):", [round(v, 4) for v in torch.sigmoid(x @ w).flatten().tolist()])
print("softmax of row 0:", [round(v, 4) for v in torch.softmax(x[0], dim=0).tolist()])

# In-place operations end with an underscore: they change the tensor itself
# instead of making a new one, which saves memory.
y = x.clone()
y.mul_(10).add_(1)
print("y after y.mul_(10).add_(1):", y.tolist(), "- x is unchanged:", x.tolist())

# NumPy arrays and tensors convert both ways; .cpu() first when on a GPU.
from_numpy = torch.from_numpy(np.arange(3, dtype=np.float32)).to(device)
back_to_numpy = (from_numpy * 2).cpu().numpy()
print("numpy round trip:", back_to_numpy.tolist(), type(back_to_numpy).__name__)
