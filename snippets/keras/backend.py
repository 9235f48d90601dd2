# Keras 3 runs on a backend that it chooses when it is first imported: the
# KERAS_BACKEND environment variable names it ("tensorflow", "jax" or "torch"), and
# TensorFlow is the default. Importing Keras imports its backend, the slow part here.
import keras

print(f"Keras {keras.__version__.split('.')[0]} runs on {keras.config.backend()}")
