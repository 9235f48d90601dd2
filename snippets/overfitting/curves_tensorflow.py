"""Watch overfitting happen: a network far larger than its 12 training points.
Training loss keeps falling; validation loss falls, then turns upward."""
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

# float64 instead of the usual float32: hundreds of epochs on a dozen points magnify
# rounding differences, and in float64 every processor prints the same digits.
keras.config.set_floatx("float64")

keras.utils.set_random_seed(0)
rng = np.random.default_rng(seed=0)


def noisy_sine(n):
    x = rng.uniform(-1.0, 1.0, size=(n, 1))
    y = np.sin(3.0 * x) + rng.normal(scale=0.5, size=(n, 1))
    return x, y


x_train, y_train = noisy_sine(12)
x_val, y_val = noisy_sine(200)

model = keras.Sequential([
    keras.Input(shape=(1,)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(1),
])
optimizer = keras.optimizers.Adam(learning_rate=0.005)
optimizer.build(model.trainable_variables)  # its variables exist before train_step() runs: traced once, not twice
loss_fn = keras.losses.MeanSquaredError()


@tf.function  # compiled once into a graph: each epoch is then a single fast call
def train_step():
    with tf.GradientTape() as tape:
        loss = loss_fn(y_train, model(x_train, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss, loss_fn(y_val, model(x_val, training=False))


history = {"training": [], "validation": []}
for epoch in range(EPOCHS := 400):
    training_loss, validation_loss = train_step()
    history["training"].append(float(training_loss))
    history["validation"].append(float(validation_loss))

best = int(np.argmin(history["validation"]))
print(f"lowest validation loss: {history['validation'][best]:.3f} at epoch {best}")
print(f"after {EPOCHS} epochs: training {history['training'][-1]:.3f}, validation {history['validation'][-1]:.3f}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(history["training"], label="training loss")
ax.plot(history["validation"], label="validation loss")
ax.axvline(best, color="gray", linestyle="--", label=f"lowest validation loss (epoch {best})")
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error")
ax.set_yscale("log")
ax.legend()
fig.tight_layout()
fig.savefig("training-curves-tensorflow.png", dpi=100)
plt.show()  # in a notebook, the figure appears under the cell
