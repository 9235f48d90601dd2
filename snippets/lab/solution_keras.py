# Reference solution in Keras: a one-layer and a multi-layer network for each problem.
import keras
import numpy as np
import tensorflow as tf

GOALS = {"one layer": 0.90, "multi-layer": 0.95}  # test accuracy each network must reach
TRAINING = {"iris": dict(epochs=20, batch_size=4), "digits": dict(epochs=10, batch_size=32)}


def accuracy(model, x, y):
    # One call of the model on the whole set: model.evaluate would trace a graph per network.
    return float(np.mean(np.argmax(model(x), axis=1) == y))


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    n_features, n_classes = x_train.shape[1], int(y_train.max()) + 1
    keras.utils.set_random_seed(0)
    # The mini-batches as a tf.data pipeline, as in the TensorFlow tab: a new order each epoch.
    batches = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
               .shuffle(len(x_train), seed=0).batch(TRAINING[problem]["batch_size"]))
    networks = {
        "one layer": keras.Sequential([keras.Input(shape=(n_features,)),
                                       keras.layers.Dense(n_classes, activation="softmax")]),
        "multi-layer": keras.Sequential([keras.Input(shape=(n_features,)),
                                         keras.layers.Dense(64, activation="relu"),
                                         keras.layers.Dense(n_classes, activation="softmax")]),
    }
    for name, model in networks.items():
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                      loss="sparse_categorical_crossentropy",
                      steps_per_execution=16)  # fewer trips to Python per epoch
        model.fit(batches, epochs=TRAINING[problem]["epochs"], verbose=0)
        train = accuracy(model, x_train, y_train)
        test = accuracy(model, x_test, y_test)
        print(f"{problem}, {name}: training accuracy {train:.3f}, test accuracy {test:.3f} (goal {GOALS[name]:.2f})")
        assert test >= GOALS[name], f"{problem}, {name}: test accuracy {test:.3f} is below its goal"
