# Held-out accuracy in Lightning: trainer.fit trains on the training loader only;
# trainer.test runs test_step on the held-out loader, in evaluation mode.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

L.seed_everything(0, verbose=False)
train = DataLoader(TensorDataset(torch.from_numpy(train_points), torch.from_numpy(train_classes)), batch_size=240)
held_out = DataLoader(TensorDataset(torch.from_numpy(test_points), torch.from_numpy(test_classes)), batch_size=60)


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.cross_entropy(self.net(x), y)

    def test_step(self, batch, batch_index):
        x, y = batch
        self.log("accuracy", (self.net(x).argmax(dim=1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.05)


model = Classifier()
trainer = L.Trainer(max_epochs=100, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False)
trainer.fit(model, train)
train_accuracy = trainer.test(model, train, verbose=False)[0]["accuracy"]
test_accuracy = trainer.test(model, held_out, verbose=False)[0]["accuracy"]
print(f"accuracy on the {len(train.dataset)} training points: {train_accuracy:.3f}")
print(f"accuracy on the {len(held_out.dataset)} held-out points:  {test_accuracy:.3f}")
