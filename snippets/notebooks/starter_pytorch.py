# %% [markdown]
# # Lab starter: PyTorch
#
# The lab's task, ready to work on in PyTorch. The notebook runs from top to bottom as it
# is: the data and the evaluation are given, and the model is a deliberately weak
# baseline (one linear layer, one step of plain gradient descent), far below the goals. Your task, for both problems:
#
# 1. a **one-layer** network (one linear layer, softmax on its outputs) that reaches a
#    test accuracy of at least 0.90;
# 2. a **multi-layer** network (at least one hidden layer with a non-linear activation)
#    that reaches at least 0.95.
#
# Change only the cells under "The model". The lab page has the reference solutions.

# %% [markdown]
# ## The data (given)
#
# Iris and Digits ship with scikit-learn. `load(problem)` returns the training and test
# parts, standardised with the training part's mean and spread.

# %%
--8<-- "lab/data.py"
--8<-- "lab/datasets.py"

# %% [markdown]
# ## The evaluation (given)
#
# `report` prints a model's accuracy on the training and on the test samples, next to
# the goal for its kind of network.

# %%
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
data = {problem: [torch.tensor(a, device=device) for a in load(problem)] for problem in ["iris", "digits"]}
GOALS = {"one layer": 0.90, "multi-layer": 0.95}


def accuracy(model, x, y):
    model.eval()  # evaluation mode: dropout, if you add it, is switched off
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


def report(problem, name, model):
    x_train, x_test, y_train, y_test = data[problem]
    print(f"{problem}, {name}: training accuracy {accuracy(model, x_train, y_train):.3f}, "
          f"test accuracy {accuracy(model, x_test, y_test):.3f} (goal {GOALS[name]:.2f})")


# %% [markdown]
# ## The model (yours to change)
#
# The baseline trains for a single full-batch step with a small learning rate. Train
# longer, try another optimizer (Adam), and add hidden layers for the multi-layer network.

# %%
def make_model(n_features, n_classes):
    return nn.Linear(n_features, n_classes)  # the softmax is inside the cross-entropy loss


def train(model, x, y, epochs=1):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    model.train()
    for epoch in range(epochs):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = data[problem]
    torch.manual_seed(0)
    model = make_model(x_train.shape[1], int(y_train.max()) + 1).to(device)
    train(model, x_train, y_train)
    report(problem, "one layer", model)
