# Mini-batches in PyTorch: a DataLoader cuts the training set into shuffled batches of 32;
# each batch makes one update, and one pass over all of them is an epoch.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = "cuda" if torch.cuda.is_available() else "cpu"
loader = DataLoader(TensorDataset(torch.from_numpy(train_points), torch.from_numpy(train_classes)),
                    batch_size=32, shuffle=True)
model = nn.Linear(2, 3).to(device)  # three logits per point
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

print("batches per epoch:", len(loader))
for epoch in range(1, 21):
    for x, y in loader:
        x, y = x.to(device), y.to(device)  # the loader hands out CPU tensors
        optimizer.zero_grad()  # clear the gradients of the previous batch
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch}  loss of its last batch {loss.item():.4f}")

# Why zero_grad: backward() adds to .grad. Twice without clearing, the gradient doubles.
optimizer.zero_grad()
loss_fn(model(x), y).backward()
once = model.bias.grad.clone()
loss_fn(model(x), y).backward()
print("second backward without zero_grad: gradient x", round((model.bias.grad / once).mean().item(), 3))
