# Three classes in TensorFlow: the model gives one score per class (the logits); softmax
# turns them into probabilities; cross-entropy is minus the log of the right class's.
import tensorflow as tf

logits = tf.Variable([[2.0, 0.5, -1.0]])  # one point, three classes
target = tf.constant([0])  # its class is the first one

probabilities = tf.nn.softmax(logits)
print("probabilities:", [round(float(p), 4) for p in probabilities[0]])
with tf.GradientTape() as tape:  # the _with_logits losses apply softmax themselves
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logits))
gradient = tf.norm(tape.gradient(loss, logits))
print("cross-entropy:", round(float(loss), 4), "= -log", round(float(probabilities[0, 0]), 4))

# The classic mistake: softmax in the model, then a loss that applies it again.
with tf.GradientTape() as tape:
    twice = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target,
                                                                         logits=tf.nn.softmax(logits)))
print("softmax applied twice:", round(float(twice), 4),
      "- its gradient is", round(float(gradient / tf.norm(tape.gradient(twice, logits))), 1), "times weaker")
