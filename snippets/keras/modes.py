# Training and evaluation in Keras: layers such as Dropout take a `training` argument.
# fit calls the model with training=True; evaluate and predict with training=False.
import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dropout(0.5), keras.layers.Dense(3)])
x = np.array([[0.5, -0.5]], dtype="float32")


def same_twice(training):
    same = np.array_equal(model(x, training=training), model(x, training=training))
    return "the same output" if same else "different outputs"


print("training=True, the same input twice:", same_twice(training=True))
print("training=False, the same input twice:", same_twice(training=False))
