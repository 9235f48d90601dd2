# Mini-batches in Lightning: the DataLoader makes the batches, and the Trainer runs one
# training_step per batch and clears the gradients for you.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

L.seed_everything(0, verbose=False)
loader = DataLoader(TensorDataset(torch.from_numpy(train_points), torch.from_numpy(train_classes)),
                    batch_size=32, shuffle=True)


class SoftmaxRegression(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 3)  # three logits per point

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.cross_entropy(self.linear(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


trainer = L.Trainer(max_epochs=20, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False)
trainer.fit(SoftmaxRegression(), loader)
print("batches per epoch:", len(loader), "- updates:", trainer.global_step)
