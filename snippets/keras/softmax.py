# Three classes in Keras: SparseCategoricalCrossentropy takes class numbers as targets.
# from_logits says what the model gives it: raw scores (True) or probabilities (False).
import keras
import numpy as np

logits = np.array([[2.0, 0.5, -1.0]], dtype="float32")  # one point, three classes
target = np.array([0])  # its class is the first one
probabilities = keras.ops.softmax(logits)

print("probabilities:", [round(float(p), 4) for p in probabilities[0]])
print("from logits:       ", round(float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, logits)), 4))
print("from probabilities:", round(float(keras.losses.SparseCategoricalCrossentropy()(target, probabilities)), 4))
# The classic mistake: probabilities given to a loss told they are logits (softmax twice).
print("softmax applied twice:",
      round(float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(target, probabilities)), 4))
