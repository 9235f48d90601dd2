# Logistic regression by gradient descent, written by hand in TensorFlow.
import tensorflow as tf

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
