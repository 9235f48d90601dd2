# Choosing a device in Keras: nothing to write. fit, evaluate and predict run on the
# GPU when the backend (TensorFlow here) sees one, on the CPU otherwise.
import keras
import tensorflow as tf

print("Keras backend:", keras.config.backend(), "- GPUs it will use:",
      len(tf.config.list_physical_devices("GPU")))
