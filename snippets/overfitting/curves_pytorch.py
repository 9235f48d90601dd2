"""Watch overfitting happen: a network far larger than its 12 training points.
Training loss keeps falling; validation loss falls, then turns upward."""
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

# float64 instead of the usual float32: hundreds of epochs on a dozen points magnify
# rounding differences, and in float64 every processor prints the same digits.
torch.set_default_dtype(torch.float64)

torch.manual_seed(0)
rng = np.random.default_rng(seed=0)
device = "cuda" if torch.cuda.is_available() else "cpu"


def noisy_sine(n):
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = np.sin(3.0 * x) + rng.normal(scale=0.5, size=(n, 1))
    return torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)


x_train, y_train = noisy_sine(12)
x_val, y_val = noisy_sine(200)

model = nn.Sequential(nn.Linear(1, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
loss_fn = nn.MSELoss()

history = {"training": [], "validation": []}
for epoch in range(EPOCHS := 400):
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(x_train), y_train)
    loss.backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        history["training"].append(loss.item())
        history["validation"].append(loss_fn(model(x_val), y_val).item())

best = int(np.argmin(history["validation"]))
print(f"lowest validation loss: {history['validation'][best]:.3f} at epoch {best}")
print(f"after {EPOCHS} epochs: training {history['training'][-1]:.3f}, validation {history['validation'][-1]:.3f}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(history["training"], label="training loss")
ax.plot(history["validation"], label="validation loss")
ax.axvline(best, color="gray", linestyle="--", label=f"lowest validation loss (epoch {best})")
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error")
ax.set_yscale("log")
ax.legend()
fig.tight_layout()
fig.savefig("training-curves-pytorch.png", dpi=100)
plt.show()  # in a notebook, the figure appears under the cell
