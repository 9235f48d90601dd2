# Three classes in PyTorch: the model gives one score per class (the logits); softmax
# turns them into probabilities; cross-entropy is minus the log of the right class's.
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
logits = torch.tensor([[2.0, 0.5, -1.0]], requires_grad=True, device=device)  # one point, three classes
target = torch.tensor([0], device=device)  # its class is the first one

probabilities = torch.softmax(logits, dim=1)
print("probabilities:", [round(p, 4) for p in probabilities[0].tolist()])
loss = nn.CrossEntropyLoss()(logits, target)  # takes logits: it applies softmax itself
print("cross-entropy:", round(loss.item(), 4), "= -log", round(probabilities[0, 0].item(), 4))
loss.backward()
gradient = logits.grad.norm().item()

# The classic mistake: softmax in the model, then CrossEntropyLoss, which applies it again.
logits.grad = None
twice = nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), target)
twice.backward()
print("softmax applied twice:", round(twice.item(), 4),
      "- its gradient is", round(gradient / logits.grad.norm().item(), 1), "times weaker")
