# %% [markdown]
# # TensorFlow: the lesson's examples
#
# Every TensorFlow example of the lesson *Frameworks for Neural Networks*, in the
# order of the lesson, executed when the site was built. Each code cell is complete:
# run the notebook from top to bottom, or any cell on its own. It uses the GPU when
# there is one and the CPU otherwise.

# %% [markdown]
# ## Tensors and operations

# %%
--8<-- "tensorflow/tensors.py"

# %% [markdown]
# ## Gradients of any expression

# %%
--8<-- "tensorflow/gradients.py"

# %% [markdown]
# ## A training loop written at the low level

# %%
--8<-- "data/points.py"
--8<-- "tensorflow/training.py"

# %% [markdown]
# ## Classifying more than two classes

# %%
--8<-- "tensorflow/softmax.py"

# %% [markdown]
# ## Mini-batches and epochs

# %%
--8<-- "data/classes.py"
--8<-- "tensorflow/batches.py"

# %% [markdown]
# ## Training and evaluation

# %%
--8<-- "tensorflow/modes.py"

# %% [markdown]
# ## Accuracy on held-out data

# %%
--8<-- "data/classes.py"
--8<-- "tensorflow/held_out.py"

# %% [markdown]
# ## Compiled graphs

# %%
--8<-- "data/points.py"
--8<-- "tensorflow/compiled.py"

# %% [markdown]
# ## A high-level model in a hand-written loop

# %%
--8<-- "data/points.py"
--8<-- "tensorflow/own_loop.py"

# %% [markdown]
# ## Choosing a device

# %%
--8<-- "tensorflow/device.py"

# %% [markdown]
# ## Overfitting
#
# Five points, two models; then a network that overfits, and the cures.

# %%
--8<-- "overfitting/polyfit.py"

# %%
--8<-- "overfitting/curves_tensorflow.py"

# %%
--8<-- "overfitting/cures_tensorflow.py"
