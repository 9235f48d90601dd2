# %% [markdown]
# # Lightning: the lesson's examples
#
# Every PyTorch Lightning example of the lesson *Frameworks for Neural Networks*, in the
# order of the lesson, executed when the site was built. Each code cell is complete:
# run the notebook from top to bottom, or any cell on its own. It uses the GPU when
# there is one and the CPU otherwise.

# %% [markdown]
# ## A LightningModule and the Trainer

# %%
--8<-- "data/points.py"
--8<-- "lightning/trainer.py"

# %% [markdown]
# ## Mini-batches and epochs

# %%
--8<-- "data/classes.py"
--8<-- "lightning/batches.py"

# %% [markdown]
# ## Training mode and evaluation mode

# %%
--8<-- "data/classes.py"
--8<-- "lightning/modes.py"

# %% [markdown]
# ## Accuracy on held-out data

# %%
--8<-- "data/classes.py"
--8<-- "lightning/held_out.py"

# %% [markdown]
# ## A low-level layer in a high-level model

# %%
--8<-- "data/points.py"
--8<-- "lightning/custom_layer.py"

# %% [markdown]
# ## A Lightning model in a hand-written loop

# %%
--8<-- "data/points.py"
--8<-- "pytorch/own_loop.py"

# %% [markdown]
# ## Choosing a device

# %%
--8<-- "lightning/device.py"
