# The same logistic regression with Keras: a sequence of layers, then compile, fit
# and evaluate. Keras runs the loop, and uses a GPU by itself when there is one.
import keras

keras.utils.set_random_seed(0)

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(1, kernel_initializer="zeros"),  # start where the hand-written loop started
])
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.5),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],  # a logit above 0 means class 1
)
model.fit(features, labels, epochs=101, batch_size=len(features), verbose=0)

loss, accuracy = model.evaluate(features, labels, verbose=0)
print(f"after training: loss {loss:.4f}, accuracy {accuracy:.3f}")
