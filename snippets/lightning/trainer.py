# The same logistic regression with PyTorch Lightning: the LightningModule says what
# one training step computes; the Trainer runs the loop and picks the device.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

L.seed_everything(0, verbose=False)
dataset = TensorDataset(torch.from_numpy(features), torch.from_numpy(labels))


class LogisticRegression(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)
        nn.init.zeros_(self.linear.weight)  # start where the hand-written loop started
        nn.init.zeros_(self.linear.bias)

    def forward(self, x):
        return self.linear(x).squeeze(-1)

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.binary_cross_entropy_with_logits(self(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.5)


model = LogisticRegression()
# accelerator="auto": a GPU when there is one, the CPU otherwise; never a hard-coded "gpu".
trainer = L.Trainer(max_epochs=101, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False)
trainer.fit(model, DataLoader(dataset, batch_size=len(dataset)))

model = model.cpu().eval()
with torch.no_grad():
    x, y = dataset.tensors
    loss = nn.functional.binary_cross_entropy_with_logits(model(x), y).item()
    accuracy = ((model(x) > 0).float() == y).float().mean().item()
print(f"after training: loss {loss:.4f}, accuracy {accuracy:.3f}")
