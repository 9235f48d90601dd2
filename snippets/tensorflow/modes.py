# Training and evaluation in TensorFlow at the low level: your forward function decides.
# Here dropout is applied only when training is True.
import tensorflow as tf

tf.random.set_seed(0)
w_hidden = tf.Variable(tf.random.normal((2, 16), seed=1))
w_out = tf.Variable(tf.random.normal((16, 3), seed=2))
x = tf.constant([[0.5, -0.5]])


def forward(x, training):
    hidden = tf.nn.relu(x @ w_hidden)
    if training:  # dropout only while training
        hidden = tf.nn.dropout(hidden, rate=0.5)
    return hidden @ w_out


def same_twice(training):
    same = bool(tf.reduce_all(forward(x, training) == forward(x, training)))
    return "the same output" if same else "different outputs"


print("training, the same input twice:", same_twice(training=True))
print("evaluation, the same input twice:", same_twice(training=False))
