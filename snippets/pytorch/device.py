# Choosing a device in PyTorch: ask, then move the model and every tensor there.
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = nn.Linear(2, 1).to(device)
x = torch.ones(4, 2, device=device)
print("model and data on:", next(model.parameters()).device.type, x.device.type)
