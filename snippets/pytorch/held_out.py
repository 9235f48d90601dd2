# Held-out accuracy in PyTorch: train on the training points only, then count how many
# points of each set the model puts in the right class (the largest logit wins).
import torch
from torch import nn

torch.manual_seed(0)
x_train, y_train = torch.from_numpy(train_points), torch.from_numpy(train_classes)
x_test, y_test = torch.from_numpy(test_points), torch.from_numpy(test_classes)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
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
