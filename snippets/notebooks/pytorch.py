# %% [markdown]
# # PyTorch: the lesson's examples
#
# Every PyTorch example of the lesson *Frameworks for Neural Networks*, in the
# order of the lesson, executed when the site was built. Each code cell is complete:
# run the notebook from top to bottom, or any cell on its own. It uses the GPU when
# there is one and the CPU otherwise.

# %% [markdown]
# ## Tensors and operations

# %%
--8<-- "pytorch/tensors.py"

# %% [markdown]
# ## Gradients of any expression

# %%
--8<-- "pytorch/gradients.py"

# %% [markdown]
# ## A training loop written at the low level

# %%
--8<-- "data/points.py"
--8<-- "pytorch/training.py"

# %% [markdown]
# ## The same model with nn.Module and an optimizer

# %%
--8<-- "data/points.py"
--8<-- "pytorch/module.py"

# %% [markdown]
# ## Classifying more than two classes

# %%
--8<-- "pytorch/softmax.py"

# %% [markdown]
# ## Mini-batches and epochs

# %%
--8<-- "data/classes.py"
--8<-- "pytorch/batches.py"

# %% [markdown]
# ## Training mode and evaluation mode

# %%
--8<-- "pytorch/modes.py"

# %% [markdown]
# ## Accuracy on held-out data

# %%
--8<-- "data/classes.py"
--8<-- "pytorch/held_out.py"

# %% [markdown]
# ## Compiled graphs

# %%
--8<-- "data/points.py"
--8<-- "pytorch/compiled.py"

# %% [markdown]
# ## A high-level model in a hand-written loop

# %%
--8<-- "data/points.py"
--8<-- "pytorch/own_loop.py"

# %% [markdown]
# ## Choosing a device

# %%
--8<-- "pytorch/device.py"

# %% [markdown]
# ## Overfitting
#
# Five points, two models; then a network that overfits, and the cures.

# %%
--8<-- "overfitting/polyfit.py"

# %%
--8<-- "overfitting/curves_pytorch.py"

# %%
--8<-- "overfitting/cures_pytorch.py"

# %% [markdown]
# ## Exercises: overfitting (answers)

# %%
--8<-- "overfitting/polyfit.py"
--8<-- "overfitting/exercise_parameters.py"

# %%
--8<-- "overfitting/exercise_dropout_pytorch.py"

# %%
--8<-- "overfitting/exercise_weight_decay_pytorch.py"
