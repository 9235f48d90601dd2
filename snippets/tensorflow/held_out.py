# Held-out accuracy in TensorFlow: train on the training points only, then count how many
# points of each set the model puts in the right class (the largest logit wins).
import tensorflow as tf

tf.random.set_seed(0)
w_hidden = tf.Variable(tf.random.normal((2, 16), stddev=0.5, seed=1))
b_hidden = tf.Variable(tf.zeros(16))
w_out = tf.Variable(tf.random.normal((16, 3), stddev=0.5, seed=2))
b_out = tf.Variable(tf.zeros(3))
variables = [w_hidden, b_hidden, w_out, b_out]


def logits(x):
    return tf.nn.relu(x @ w_hidden + b_hidden) @ w_out + b_out


for epoch in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=train_classes,
                                                                             logits=logits(train_points)))
    for variable, gradient in zip(variables, tape.gradient(loss, variables)):
        variable.assign_sub(0.5 * gradient)


def accuracy(points, classes):
    return float(tf.reduce_mean(tf.cast(tf.argmax(logits(points), axis=1) == classes, tf.float32)))


print(f"accuracy on the {len(train_points)} training points: {accuracy(train_points, train_classes):.3f}")
print(f"accuracy on the {len(test_points)} held-out points:  {accuracy(test_points, test_classes):.3f}")
