# Keras's functional API: call layers on tensors to wire any graph of layers, then
# build the model from its inputs and outputs. Here the graph has a hidden layer.
import keras

keras.utils.set_random_seed(0)

inputs = keras.Input(shape=(2,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
logits = keras.layers.Dense(1)(hidden)
model = keras.Model(inputs=inputs, outputs=logits)

model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.5),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
)
model.fit(features, labels, epochs=101, batch_size=len(features), verbose=0)

loss, accuracy = model.evaluate(features, labels, verbose=0)
print(f"{model.count_params()} parameters; after training: loss {loss:.4f}, accuracy {accuracy:.3f}")
