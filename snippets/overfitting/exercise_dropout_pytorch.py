# Answer: the network of the cures, with three dropout rates (PyTorch).
import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)  # the same digits on every processor, as in the cures
rng = np.random.default_rng(seed=0)  # the same points as the cures
device = "cuda" if torch.cuda.is_available() else "cpu"


def noisy_sine(n):
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = np.sin(3.0 * x) + rng.normal(scale=0.5, size=(n, 1))
    return torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)


(x_train, y_train), (x_val, y_val) = noisy_sine(12), noisy_sine(200)
print(f"{'dropout rate':12}{'lowest':>8}{'at epoch':>10}{'model kept':>12}")
for rate in (0.1, 0.3, 0.5):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 128), nn.ReLU(), nn.Dropout(rate),
                          nn.Linear(128, 128), nn.ReLU(), nn.Dropout(rate), nn.Linear(128, 1)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    losses = []
    for epoch in range(400):
        model.train()
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x_train), y_train).backward()
        optimizer.step()
        model.eval()
        with torch.no_grad():
            losses.append(nn.functional.mse_loss(model(x_val), y_val).item())
    print(f"{rate:<12}{min(losses):8.3f}{int(np.argmin(losses)):10d}{losses[-1]:12.3f}")
