# Mini-batches in TensorFlow: tf.data shuffles the training set and cuts it into batches
# of 32; each batch makes one update, and one pass over all of them is an epoch.
import tensorflow as tf

dataset = tf.data.Dataset.from_tensor_slices((train_points, train_classes)).shuffle(240, seed=0).batch(32)
weights = tf.Variable(tf.zeros((2, 3)))  # three logits per point
bias = tf.Variable(tf.zeros(3))

print("batches per epoch:", int(dataset.cardinality()))
for epoch in range(1, 21):
    for x, y in dataset:
        with tf.GradientTape() as tape:  # a new tape per batch: fresh gradients, nothing to clear
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x @ weights + bias))
        grad_weights, grad_bias = tape.gradient(loss, [weights, bias])
        weights.assign_sub(0.1 * grad_weights)
        bias.assign_sub(0.1 * grad_bias)
    if epoch % 10 == 0:
        print(f"epoch {epoch}  loss of its last batch {float(loss):.4f}")
