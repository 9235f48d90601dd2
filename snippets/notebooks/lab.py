# %% [markdown]
# # Lab notebook: Iris and digits, with the reference solutions
#
# The lab's two problems, Iris and handwritten digits, and the reference
# solutions in PyTorch, TensorFlow, Keras and Lightning: a one-layer and a multi-layer
# network for each problem. Try the task yourself before you read the solutions.

# %% [markdown]
# ## The data

# %%
--8<-- "lab/data.py"
--8<-- "lab/datasets.py"

# %% [markdown]
# ## Reference solution in PyTorch

# %%
--8<-- "lab/data.py"
--8<-- "lab/solution_pytorch.py"

# %% [markdown]
# ## Reference solution in TensorFlow

# %%
--8<-- "lab/data.py"
--8<-- "lab/solution_tensorflow.py"

# %% [markdown]
# ## Reference solution in Keras

# %%
--8<-- "lab/data.py"
--8<-- "lab/solution_keras.py"

# %% [markdown]
# ## Reference solution in Lightning

# %%
--8<-- "lab/data.py"
--8<-- "lab/solution_lightning.py"
