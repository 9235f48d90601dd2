# A high-level Keras model, trained by a loop written at the low level: the model
# gives the layers and their variables, GradientTape the gradients.
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1),
])
optimizer = keras.optimizers.SGD(learning_rate=0.5)
x, y = tf.constant(features), tf.constant(labels[:, None])

for epoch in range(101):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {float(loss):.4f}")
