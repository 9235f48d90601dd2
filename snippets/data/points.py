# The lesson's data, the same for every framework: 200 generated points with two
# features; a point's class says on which side of the line x0 + 2*x1 = 0.5 it lies.
import numpy as np

rng = np.random.default_rng(seed=0)
features = rng.normal(size=(200, 2)).astype("float32")
labels = (features[:, 0] + 2 * features[:, 1] > 0.5).astype("float32")
