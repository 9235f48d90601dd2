"""The lab's two classification problems, both shipped with scikit-learn (no download)."""
from sklearn.datasets import load_digits, load_iris
from sklearn.model_selection import train_test_split

for name, loader in [("iris", load_iris), ("digits", load_digits)]:
    features, labels = loader(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=0.2, random_state=0, stratify=labels
    )
    print(f"{name}: {features.shape[1]} features, {len(set(labels))} classes, "
          f"{len(x_train)} training and {len(x_test)} test samples")
