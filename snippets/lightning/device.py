# Choosing a device in Lightning: accelerator="auto" takes a GPU when there is one and
# the CPU otherwise. A hard-coded accelerator="gpu" fails on a machine without one.
import lightning as L

trainer = L.Trainer(accelerator="auto", devices=1, logger=False, enable_progress_bar=False)
print("Lightning will train on:", type(trainer.accelerator).__name__)
