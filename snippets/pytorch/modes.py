# Training and evaluation mode in PyTorch: dropout drops units only in training mode.
# model.eval() switches it off; torch.no_grad() stops recording the graph for gradients.
import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3)).to(device)
x = torch.tensor([[0.5, -0.5]], device=device)


def same_twice():
    return "the same output" if torch.equal(model(x), model(x)) else "different outputs"


model.train()  # the mode a new model starts in
print("training mode, the same input twice:", same_twice())
model.eval()
print("evaluation mode, the same input twice:", same_twice())
with torch.no_grad():  # evaluation needs no gradients: nothing is recorded
    print("under no_grad, the output records a graph:", model(x).requires_grad)
