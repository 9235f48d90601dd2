# %% [markdown]
# # Lab starter: Keras
#
# The lab's task, ready to work on in Keras. The notebook runs from top to bottom as it
# is: the data and the evaluation are given, and the model is a deliberately weak
# baseline (one dense layer, one epoch of plain gradient descent), far below the goals. Your task, for both problems:
#
# 1. a **one-layer** network (one linear layer, softmax on its outputs) that reaches a
#    test accuracy of at least 0.90;
# 2. a **multi-layer** network (at least one hidden layer with a non-linear activation)
#    that reaches at least 0.95.
#
# Change only the cells under "The model". The lab page has the reference solutions.

# %% [markdown]
# ## The data (given)
#
# Iris and Digits ship with scikit-learn. `load(problem)` returns the training and test
# parts, standardised with the training part's mean and spread.

# %%
--8<-- "lab/data.py"
--8<-- "lab/datasets.py"

# %% [markdown]
# ## The evaluation (given)
#
# `report` prints a model's accuracy on the training and on the test samples, next to
# the goal for its kind of network.

# %%
import keras
import numpy as np

GOALS = {"one layer": 0.90, "multi-layer": 0.95}


def accuracy(model, x, y):
    return float(np.mean(np.argmax(model.predict(x, verbose=0), axis=1) == y))


def report(problem, name, model):
    x_train, x_test, y_train, y_test = load(problem)
    print(f"{problem}, {name}: training accuracy {accuracy(model, x_train, y_train):.3f}, "
          f"test accuracy {accuracy(model, x_test, y_test):.3f} (goal {GOALS[name]:.2f})")


# %% [markdown]
# ## The model (yours to change)
#
# The baseline trains for one epoch, in mini-batches of 32, with plain gradient
# descent. Train for more epochs, try another optimizer (Adam), and add hidden layers
# for the multi-layer network.

# %%
for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(x_train.shape[1],)),
                              keras.layers.Dense(int(y_train.max()) + 1, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=0)
    report(problem, "one layer", model)
