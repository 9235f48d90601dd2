for problem in ["iris", "digits"]:
    x_train, x_test, y_train, y_test = load(problem)
    print(f"{problem}: {x_train.shape[1]} features, {len(set(y_train))} classes, "
          f"{len(x_train)} training and {len(x_test)} test samples")
