# Reference solution in TensorFlow, at the low level: the weights are tf.Variables, the
# loop is a GradientTape over the whole training set; a Keras optimizer applies the steps.
import keras
import tensorflow as tf

GOALS = {"one layer": 0.90, "multi-layer": 0.95}  # test accuracy each network must reach


def dense(n_in, n_out):
    """The weights and biases of one fully connected layer (He initialisation)."""
    return tf.Variable(tf.random.normal((n_in, n_out), stddev=(2.0 / n_in) ** 0.5)), tf.Variable(tf.zeros(n_out))


def logits(layers, x):
    for index, (weights, bias) in enumerate(layers):
        x = x @ weights + bias
        if index < len(layers) - 1:  # ReLU between layers; the last layer gives the logits
            x = tf.nn.relu(x)
    return x


def accuracy(layers, x, y):
    return float(tf.reduce_mean(tf.cast(tf.argmax(logits(layers, x), axis=1) == y, tf.float32)))


for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    n_features, n_classes = x_train.shape[1], int(y_train.max()) + 1
    tf.random.set_seed(0)
    networks = {
        "one layer": [dense(n_features, n_classes)],
        "multi-layer": [dense(n_features, 64), dense(64, n_classes)],
    }
    for name, layers in networks.items():
        variables = [variable for layer in layers for variable in layer]
        optimizer = keras.optimizers.Adam(learning_rate=0.01)
        optimizer.build(variables)  # its own variables exist before the compiled step first runs

        @tf.function  # traced into a graph once per network: 300 steps stay fast
        def training_step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                    labels=y_train, logits=logits(layers, x_train)))
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))

        for epoch in range(300):  # full batch: these data sets are small
            training_step()
        assert training_step.experimental_get_tracing_count() == 1  # one graph for all 300 steps
        test = accuracy(layers, x_test, y_test)
        print(f"{problem}, {name}: training accuracy {accuracy(layers, x_train, y_train):.3f}, "
              f"test accuracy {test:.3f} (goal {GOALS[name]:.2f})")
        assert test >= GOALS[name], f"{problem}, {name}: test accuracy {test:.3f} is below its goal"
