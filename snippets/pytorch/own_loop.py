# A high-level Lightning model, trained by a loop written at the low level: a
# LightningModule is an nn.Module, so your own loop can call its methods.
import lightning as L
import torch
from torch import nn

L.seed_everything(0, verbose=False)
device = "cuda" if torch.cuda.is_available() else "cpu"


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, x):
        return self.layers(x).squeeze(-1)

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.binary_cross_entropy_with_logits(self(x), y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.5)


model = Classifier().to(device)
optimizer = model.configure_optimizers()
batch = (torch.from_numpy(features).to(device), torch.from_numpy(labels).to(device))

for epoch in range(101):  # what Trainer.fit would do, written out
    optimizer.zero_grad()
    loss = model.training_step(batch, 0)
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")
