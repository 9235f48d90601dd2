# %% [markdown]
# # Lab starter: TensorFlow
#
# The lab's task, ready to work on in TensorFlow. The notebook runs from top to bottom as it
# is: the data and the evaluation are given, and the model is a deliberately weak
# baseline (one linear layer, one step of plain gradient descent), far below the goals. Your task, for both problems:
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

# A model here is a function from samples to logits, built from `tf.Variable`s.

# %%
import tensorflow as tf

GOALS = {"one layer": 0.90, "multi-layer": 0.95}


def accuracy(model, x, y):
    return float(tf.reduce_mean(tf.cast(tf.argmax(model(x), axis=1) == y, tf.float32)))


def report(problem, name, model):
    x_train, x_test, y_train, y_test = load(problem)
    print(f"{problem}, {name}: training accuracy {accuracy(model, x_train, y_train):.3f}, "
          f"test accuracy {accuracy(model, x_test, y_test):.3f} (goal {GOALS[name]:.2f})")


# %% [markdown]
# ## The model (yours to change)
#
# The baseline trains for a single full-batch step of plain gradient descent. Train
# longer, try another optimizer (`keras.optimizers.Adam` applies gradients to
# `tf.Variable`s too), and add hidden layers for the multi-layer network.

# %%
def make_model(n_features, n_classes):
    """One linear layer: the model function and the variables to train."""
    weights = tf.Variable(tf.random.normal((n_features, n_classes), stddev=0.1))
    bias = tf.Variable(tf.zeros(n_classes))

    def model(x):
        return x @ weights + bias  # logits; the softmax is inside the loss

    return model, [weights, bias]


def train(model, variables, x, y, steps=1):
    for step in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=model(x)))
        for variable, gradient in zip(variables, tape.gradient(loss, variables)):
            variable.assign_sub(0.01 * gradient)


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    tf.random.set_seed(0)
    model, variables = make_model(x_train.shape[1], int(y_train.max()) + 1)
    train(model, variables, x_train, y_train)
    report(problem, "one layer", model)
