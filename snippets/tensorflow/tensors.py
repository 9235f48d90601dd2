"""Tensors and operations in TensorFlow: the first thing a framework gives you."""
import numpy as np
import tensorflow as tf

# TensorFlow places operations on a GPU by itself when it sees one.
x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
w = tf.constant([[0.5], [-1.0]])

print("shape of x:", tuple(x.shape))
print("x + 1:", (x + 1).numpy().tolist())
print("x * x (elementwise):", (x * x).numpy().tolist())
print("x @ w (matrix product):", tf.reshape(x @ w, [-1]).numpy().tolist())
print("sigmoid(x @ w):", [round(v, 4) for v in tf.reshape(tf.sigmoid(x @ w), [-1]).numpy().tolist()])
print("softmax of row 0:", [round(v, 4) for v in tf.nn.softmax(x[0]).numpy().tolist()])

# Tensors never change; a Variable is the tensor that can be updated in place,
# which is what a model's parameters are.
y = tf.Variable(x)
y.assign(y * 10)
y.assign_add(tf.ones_like(x))
print("y after assign(y * 10), assign_add(1):", y.numpy().tolist(), "- x is unchanged:", x.numpy().tolist())

# NumPy arrays and tensors convert both ways.
from_numpy = tf.convert_to_tensor(np.arange(3, dtype=np.float32))
back_to_numpy = (from_numpy * 2).numpy()
print("numpy round trip:", back_to_numpy.tolist(), type(back_to_numpy).__name__)
