# Reference solution in Lightning: the networks of the PyTorch solution, trained by a
# Trainer on mini-batches of 32; trainer.test measures the accuracy in evaluation mode.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

GOALS = {"one layer": 0.90, "multi-layer": 0.95}  # test accuracy each network must reach
EPOCHS = {"iris": 100, "digits": 10}  # 4 batches per epoch for iris, 45 for digits


class Classifier(L.LightningModule):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.cross_entropy(self.net(x), y)

    def test_step(self, batch, batch_index):
        x, y = batch
        self.log("accuracy", (self.net(x).argmax(dim=1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.01)


def batches(x, y, batch_size, shuffle=False):
    return DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=batch_size,
                      shuffle=shuffle)


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    n_features, n_classes = x_train.shape[1], int(y_train.max()) + 1
    L.seed_everything(0, verbose=False)
    networks = {
        "one layer": nn.Linear(n_features, n_classes),
        "multi-layer": nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, n_classes)),
    }
    for name, net in networks.items():
        model = Classifier(net)
        trainer = L.Trainer(max_epochs=EPOCHS[problem], accelerator="auto", devices=1, logger=False,
                            enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
        trainer.fit(model, batches(x_train, y_train, 32, shuffle=True))
        # Each set in one batch, so that the logged mean is the accuracy over all of it.
        train = trainer.test(model, batches(x_train, y_train, len(x_train)), verbose=False)[0]["accuracy"]
        test = trainer.test(model, batches(x_test, y_test, len(x_test)), verbose=False)[0]["accuracy"]
        print(f"{problem}, {name}: training accuracy {train:.3f}, test accuracy {test:.3f} (goal {GOALS[name]:.2f})")
        assert test >= GOALS[name], f"{problem}, {name}: test accuracy {test:.3f} is below its goal"
