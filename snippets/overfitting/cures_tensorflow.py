"""The cures for overfitting, each tried on the network that overfits 12 noisy points:
more data, a smaller model, dropout, weight decay and early stopping. Compare each
validation curve with the untreated network's: its lowest point, when it comes, and
how far the curve climbs after it."""
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

# float64 instead of the usual float32: hundreds of epochs on a dozen points magnify
# rounding differences, and in float64 every processor prints the same digits.
keras.config.set_floatx("float64")

EPOCHS = 400


rng = np.random.default_rng(seed=0)  # the same points as the curves above


def noisy_sine(n):
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = np.sin(3.0 * x) + rng.normal(scale=0.5, size=(n, 1))
    return tf.constant(x), tf.constant(y)


def network(hidden=128, dropout=0.0):
    keras.utils.set_random_seed(0)  # every variant starts from the same kind of random weights
    return keras.Sequential([
        keras.Input(shape=(1,)),
        keras.layers.Dense(hidden, activation="relu"), keras.layers.Dropout(dropout),
        keras.layers.Dense(hidden, activation="relu"), keras.layers.Dropout(dropout),
        keras.layers.Dense(1),
    ])


def train(model, train_data, weight_decay=None, patience=None):
    """Full-batch Adam; returns the validation loss after every epoch. With a patience,
    stop once validation loss has not improved for that many epochs and go back to the
    best weights seen (early stopping)."""
    optimizer = keras.optimizers.AdamW(learning_rate=0.005, weight_decay=weight_decay or 0.0)
    optimizer.build(model.trainable_variables)  # its variables exist before step() runs: traced once, not twice
    mse = keras.losses.MeanSquaredError()

    @tf.function  # one graph per model: each epoch is then a single fast call
    def step():
        with tf.GradientTape() as tape:
            loss = mse(train_data[1], model(train_data[0], training=True))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        return mse(y_val, model(x_val, training=False))

    losses, best, best_weights = [], float("inf"), None
    for epoch in range(EPOCHS):
        losses.append(float(step()))
        if losses[-1] < best:
            best, best_weights = losses[-1], model.get_weights()
        elif patience and epoch - losses.index(best) >= patience:
            model.set_weights(best_weights)
            break
    return losses, float(mse(y_val, model(x_val, training=False)))


small_train = noisy_sine(12)
x_val, y_val = noisy_sine(200)
more = noisy_sine(108)  # "more data": the same 12 points and 108 new ones
large_train = (tf.concat([small_train[0], more[0]], 0), tf.concat([small_train[1], more[1]], 0))

runs = {
    "no cure": train(network(), small_train),
    "more data (120 points)": train(network(), large_train),
    "smaller model (8 units)": train(network(hidden=8), small_train),
    "dropout (0.5)": train(network(dropout=0.5), small_train),
    "weight decay (1.0)": train(network(), small_train, weight_decay=1.0),
    "early stopping (20)": train(network(), small_train, patience=20),
}
print(f"{'validation loss':24}{'lowest':>8}{'at epoch':>10}{'model kept':>12}")
for name, (losses, kept) in runs.items():
    print(f"{name:24}{min(losses):8.3f}{int(np.argmin(losses)):10d}{kept:12.3f}")

fig, axes = plt.subplots(1, 5, figsize=(15, 3), sharey=True)
for ax, (name, (losses, kept)) in zip(axes, list(runs.items())[1:]):
    ax.plot(runs["no cure"][0], color="gray", label="no cure")
    ax.plot(losses, color="tab:blue", label=name)
    ax.set_title(name, fontsize=10)
    ax.set_xlabel("epoch")
    ax.set_yscale("log")
axes[0].set_ylabel("validation loss (MSE)")
axes[0].legend(["no cure", "with the cure"], fontsize=8)
fig.tight_layout()
fig.savefig("overfitting-cures-tensorflow.png", dpi=100)
plt.show()
