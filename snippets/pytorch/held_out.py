# Held-out accuracy in PyTorch: train on the training points only, then count how many
# points of each set the model puts in the right class (the largest logit wins).
import torch
from torch import nn

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
x_train, y_train = torch.from_numpy(train_points).to(device), torch.from_numpy(train_classes).to(device)
x_test, y_test = torch.from_numpy(test_points).to(device), torch.from_numpy(test_classes).to(device)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

for epoch in range(100):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x_train), y_train).backward()
    optimizer.step()

model.eval()
with torch.no_grad():
    train_accuracy = (model(x_train).argmax(dim=1) == y_train).float().mean().item()
    test_accuracy = (model(x_test).argmax(dim=1) == y_test).float().mean().item()
print(f"accuracy on the {len(x_train)} training points: {train_accuracy:.3f}")
print(f"accuracy on the {len(x_test)} held-out points:  {test_accuracy:.3f}")
