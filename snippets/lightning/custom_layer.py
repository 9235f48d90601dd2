# A layer written at the low level, inside a high-level Lightning model: an nn.Module
# whose parameter and computation are plain PyTorch tensors and operations.
import lightning as L
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

L.seed_everything(0, verbose=False)
dataset = TensorDataset(torch.from_numpy(features), torch.from_numpy(labels))


class RadialFeatures(nn.Module):
    """How close each point is to a few learned centres: no built-in layer does this."""

    def __init__(self, centres, in_features):
        super().__init__()
        self.kernel = nn.Parameter(0.05 * torch.randn(centres, in_features))

    def forward(self, x):
        squared_distances = ((x[:, None, :] - self.kernel[None, :, :]) ** 2).sum(dim=-1)
        return torch.exp(-squared_distances)


class Classifier(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(RadialFeatures(4, 2), nn.Linear(4, 1))

    def forward(self, x):
        return self.layers(x).squeeze(-1)

    def training_step(self, batch, batch_index):
        x, y = batch
        return nn.functional.binary_cross_entropy_with_logits(self(x), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.05)


model = Classifier()
trainer = L.Trainer(max_epochs=100, accelerator="auto", devices=1, logger=False, enable_checkpointing=False,
                    enable_progress_bar=False, enable_model_summary=False)
trainer.fit(model, DataLoader(dataset, batch_size=len(dataset)))

model = model.cpu().eval()
with torch.no_grad():
    x, y = dataset.tensors
    loss = nn.functional.binary_cross_entropy_with_logits(model(x), y).item()
    accuracy = ((model(x) > 0).float() == y).float().mean().item()
print(f"with RadialFeatures: loss {loss:.4f}, accuracy {accuracy:.3f}")
