# Held-out accuracy in Keras: fit sees the training points only; evaluate measures the
# accuracy on any set, here both (the largest logit is the predicted class).
import keras

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
model.fit(train_points, train_classes, batch_size=len(train_points), epochs=100, verbose=0)

_, train_accuracy = model.evaluate(train_points, train_classes, verbose=0)
_, test_accuracy = model.evaluate(test_points, test_classes, verbose=0)
print(f"accuracy on the {len(train_points)} training points: {train_accuracy:.3f}")
print(f"accuracy on the {len(test_points)} held-out points:  {test_accuracy:.3f}")
