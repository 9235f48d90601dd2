"""A minimal training loop in TensorFlow: logistic regression by gradient descent."""
import numpy as np
import tensorflow as tf

# 200 generated points, two features; the class is which side of a line a point is on.
rng = np.random.default_rng(seed=0)
features = rng.normal(size=(200, 2)).astype("float32")
labels = (features[:, 0] + 2 * features[:, 1] > 0.5).astype("float32")
x = tf.constant(features)
y = tf.constant(labels)

weights = tf.Variable(tf.zeros(2))
bias = tf.Variable(tf.zeros(1))
learning_rate = 0.5

for epoch in range(101):
    with tf.GradientTape() as tape:
        logits = tf.linalg.matvec(x, weights) + bias
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grad_weights, grad_bias = tape.gradient(loss, [weights, bias])
    weights.assign_sub(learning_rate * grad_weights)
    bias.assign_sub(learning_rate * grad_bias)
    if epoch % 25 == 0:
        print(f"epoch {epoch:3d}  loss {float(loss):.4f}")

predictions = tf.cast(tf.linalg.matvec(x, weights) + bias > 0, tf.float32)
accuracy = float(tf.reduce_mean(tf.cast(predictions == y, tf.float32)))
print(f"training accuracy: {accuracy:.3f}")
