# A compiled graph in TensorFlow: tf.function traces the Python function once into a
# graph, which TensorFlow then optimises and runs without going back to Python.
import tensorflow as tf

x = tf.constant(features)
y = tf.constant(labels)
weights = tf.Variable(tf.zeros(2))
bias = tf.Variable(tf.zeros(1))


@tf.function
def train_step(learning_rate):
    with tf.GradientTape() as tape:
        logits = tf.linalg.matvec(x, weights) + bias
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grad_weights, grad_bias = tape.gradient(loss, [weights, bias])
    weights.assign_sub(learning_rate * grad_weights)
    bias.assign_sub(learning_rate * grad_bias)
    return loss


for epoch in range(101):
    loss = train_step(tf.constant(0.5))
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {float(loss):.4f}")
print("Python traced train_step", train_step.experimental_get_tracing_count(), "time(s)")
