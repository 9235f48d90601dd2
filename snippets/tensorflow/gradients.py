"""Automatic gradients in TensorFlow: derivatives of any expression, no hand-written backward."""
import tensorflow as tf

# d/dx (x**2 + 3x) = 2x + 3, which is 7 at x = 2.
x = tf.Variable(2.0)
with tf.GradientTape() as tape:  # records the operations as they run
    y = x**2 + 3 * x
print("y =", float(y), " dy/dx =", float(tape.gradient(y, x)))

# The gradient of a loss with respect to every parameter, in one call.
inputs = tf.constant([[1.0, 2.0], [3.0, 4.0]])
targets = tf.constant([1.0, 0.0])
weights = tf.Variable([0.1, -0.2])
with tf.GradientTape() as tape:
    loss = tf.reduce_mean((tf.linalg.matvec(inputs, weights) - targets) ** 2)
print("loss =", round(float(loss), 4))
print("d loss / d weights =", [round(g, 4) for g in tape.gradient(loss, weights).numpy().tolist()])
