# Training and evaluation in Lightning: the Trainer puts the model in training mode for
# training_step and in evaluation mode (under no_grad) for validation_step.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

L.seed_everything(0, verbose=False)
train = DataLoader(TensorDataset(torch.from_numpy(train_points), torch.from_numpy(train_classes)), batch_size=32)
held_out = DataLoader(TensorDataset(torch.from_numpy(test_points), torch.from_numpy(test_classes)), batch_size=60)


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
        self.seen = {}

    def training_step(self, batch, batch_index):
        self.seen.setdefault("training_step", (self.training, torch.is_grad_enabled()))
        x, y = batch
        return nn.functional.cross_entropy(self.net(x), y)

    def validation_step(self, batch, batch_index):
        self.seen.setdefault("validation_step", (self.training, torch.is_grad_enabled()))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


model = Classifier()
trainer = L.Trainer(max_epochs=1, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0)
trainer.fit(model, train, held_out)
for step, (training, gradients) in model.seen.items():
    print(f"{step}: training mode {training}, gradients recorded {gradients}")
