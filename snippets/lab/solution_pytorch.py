# Reference solution in PyTorch: a one-layer and a multi-layer network for each problem.
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
GOALS = {"one layer": 0.90, "multi-layer": 0.95}  # test accuracy each network must reach


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = (torch.tensor(a, device=device) for a in load(problem))
    n_features, n_classes = x_train.shape[1], int(y_train.max()) + 1
    torch.manual_seed(0)
    networks = {
        # One linear layer; the softmax is inside the cross-entropy loss.
        "one layer": nn.Linear(n_features, n_classes),
        "multi-layer": nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, n_classes)),
    }
    for name, model in networks.items():
        model.to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        for epoch in range(200):  # full batch: these data sets are small
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x_train), y_train).backward()
            optimizer.step()
        test = accuracy(model, x_test, y_test)
        print(f"{problem}, {name}: training accuracy {accuracy(model, x_train, y_train):.3f}, "
              f"test accuracy {test:.3f} (goal {GOALS[name]:.2f})")
        assert test >= GOALS[name], f"{problem}, {name}: test accuracy {test:.3f} is below its goal"
