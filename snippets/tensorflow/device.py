# Choosing a device in TensorFlow: it places work on the first GPU by itself; look
# at what it found, and pin work to a device only when you need to.
import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")
with tf.device("/GPU:0" if gpus else "/CPU:0"):
    x = tf.ones((4, 2))
print("GPUs found:", len(gpus), "- x is on", x.device)
