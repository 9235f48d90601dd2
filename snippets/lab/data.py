# The lab's two problems, both shipped with scikit-learn (nothing is downloaded).
# 80 % of the samples train the network, 20 % test it; the features are
# standardised with the mean and spread of the training part only.
from sklearn.datasets import load_digits, load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def load(problem):
    features, labels = {"iris": load_iris, "digits": load_digits}[problem](return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=0.2, random_state=0, stratify=labels)
    scaler = StandardScaler().fit(x_train)
    return scaler.transform(x_train).astype("float32"), scaler.transform(x_test).astype("float32"), y_train, y_test
