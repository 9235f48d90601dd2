# %% [markdown]
# # Lab starter: Lightning
#
# The lab's task, ready to work on in Lightning. The notebook runs from top to bottom as it
# is: the data and the evaluation are given, and the model is a deliberately weak
# baseline (one linear layer, one epoch of plain gradient descent), far below the goals. Your task, for both problems:
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

# The `Classifier` wraps any network (`net`) with its training step, test step and
# optimizer; `report` tests it with a Trainer of its own.

# %%
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

GOALS = {"one layer": 0.90, "multi-layer": 0.95}


class Classifier(L.LightningModule):
    def __init__(self, net, learning_rate=0.01):
        super().__init__()
        self.net, self.learning_rate = net, learning_rate

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.cross_entropy(self.net(x), y)

    def test_step(self, batch, batch_index):
        x, y = batch
        self.log("accuracy", (self.net(x).argmax(dim=1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.learning_rate)


def batches(x, y, batch_size, shuffle=False):
    return DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=batch_size,
                      shuffle=shuffle)


tester = L.Trainer(accelerator="auto", devices=1, logger=False, enable_progress_bar=False,
                   enable_model_summary=False)


def report(problem, name, model):
    x_train, x_test, y_train, y_test = load(problem)
    # Each set in one batch, so that the logged mean is the accuracy over all of it.
    train = tester.test(model, batches(x_train, y_train, len(x_train)), verbose=False)[0]["accuracy"]
    test = tester.test(model, batches(x_test, y_test, len(x_test)), verbose=False)[0]["accuracy"]
    print(f"{problem}, {name}: training accuracy {train:.3f}, test accuracy {test:.3f} (goal {GOALS[name]:.2f})")


# %% [markdown]
# ## The model (yours to change)
#
# The baseline trains for one epoch, in mini-batches of 32, with plain gradient
# descent. Train for more epochs, try another optimizer (Adam), and add hidden layers
# for the multi-layer network.

# %%
for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    L.seed_everything(0, verbose=False)
    model = Classifier(nn.Linear(x_train.shape[1], int(y_train.max()) + 1))
    trainer = L.Trainer(max_epochs=1, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(model, batches(x_train, y_train, 32, shuffle=True))
    report(problem, "one layer", model)
