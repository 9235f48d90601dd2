# %% [markdown]
# # Keras: the lesson's examples
#
# Every Keras example of the lesson *Frameworks for Neural Networks*, in the
# order of the lesson, executed when the site was built. Each code cell is complete:
# run the notebook from top to bottom, or any cell on its own. It uses the GPU when
# there is one and the CPU otherwise.

# %% [markdown]
# ## Keras and its backend

# %%
--8<-- "keras/backend.py"

# %% [markdown]
# ## A Sequential model: compile, fit, evaluate

# %%
--8<-- "data/points.py"
--8<-- "keras/sequential.py"

# %% [markdown]
# ## The functional API

# %%
--8<-- "data/points.py"
--8<-- "keras/functional.py"

# %% [markdown]
# ## Classifying more than two classes

# %%
--8<-- "keras/softmax.py"

# %% [markdown]
# ## Mini-batches and epochs

# %%
--8<-- "data/classes.py"
--8<-- "keras/batches.py"

# %% [markdown]
# ## Training and evaluation

# %%
--8<-- "keras/modes.py"

# %% [markdown]
# ## Accuracy on held-out data

# %%
--8<-- "data/classes.py"
--8<-- "keras/held_out.py"

# %% [markdown]
# ## A low-level layer in a high-level model

# %%
--8<-- "data/points.py"
--8<-- "keras/custom_layer.py"

# %% [markdown]
# ## Choosing a device

# %%
--8<-- "keras/device.py"
