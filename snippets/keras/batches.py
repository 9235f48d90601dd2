# Mini-batches in Keras: fit cuts the training set into batches of batch_size, shuffles
# them every epoch, and makes one update per batch.
import keras

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3)])  # three logits per point
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
history = model.fit(train_points, train_classes, batch_size=32, epochs=20, verbose=0)

batches = -(-len(train_points) // 32)  # the last batch may be smaller
print("updates:", int(model.optimizer.iterations), "=", batches, "batches per epoch x 20 epochs")
print(f"mean loss of epoch 20: {history.history['loss'][-1]:.4f}")
