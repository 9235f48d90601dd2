# Three classes of generated points, for the classification examples: 300 points in the
# plane around three centres, then split once: 240 to train on, and 60 held out that no
# model ever trains on, to measure how it does on points it has never seen.
import numpy as np

rng = np.random.default_rng(seed=1)
centres = np.array([[0.0, 1.5], [-1.5, -1.0], [1.5, -1.0]])
classes = rng.integers(0, 3, size=300)
points = (centres[classes] + rng.normal(scale=0.9, size=(300, 2))).astype("float32")
train_points, train_classes = points[:240], classes[:240]
test_points, test_classes = points[240:], classes[240:]
