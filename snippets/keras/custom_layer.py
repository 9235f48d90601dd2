# A layer written at the low level, inside a high-level Keras model: build() creates
# its weights, call() computes with raw TensorFlow operations.
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)


class RadialFeatures(keras.layers.Layer):
    """How close each point is to a few learned centres: no built-in layer does this."""

    def __init__(self, centres, **kwargs):
        super().__init__(**kwargs)
        self.centres = centres

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(self.centres, input_shape[-1]), initializer="random_normal")

    def call(self, x):
        squared_distances = tf.reduce_sum((x[:, None, :] - self.kernel[None, :, :]) ** 2, axis=-1)
        return tf.exp(-squared_distances)


model = keras.Sequential([keras.Input(shape=(2,)), RadialFeatures(4), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(features, labels, epochs=100, batch_size=len(features), verbose=0)
loss, accuracy = model.evaluate(features, labels, verbose=0)
print(f"with RadialFeatures: loss {loss:.4f}, accuracy {accuracy:.3f}")
