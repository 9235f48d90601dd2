"""The same logistic regression at the high level, with Keras:
a sequence of layers, then compile and fit; Keras runs the loop and picks the device."""
import keras
import numpy as np

keras.utils.set_random_seed(0)

rng = np.random.default_rng(seed=0)
features = rng.normal(size=(200, 2)).astype("float32")
labels = (features[:, 0] + 2 * features[:, 1] > 0.5).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(1, kernel_initializer="zeros"),  # start where the low-level loop started
])
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.5),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],  # a logit above 0 means class 1
)
model.fit(features, labels, epochs=101, batch_size=len(features), verbose=0)

loss, accuracy = model.evaluate(features, labels, verbose=0)
print(f"after training: loss {loss:.4f}, accuracy {accuracy:.3f}")
