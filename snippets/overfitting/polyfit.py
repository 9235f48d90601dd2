"""Five points, two models: a straight line (2 parameters) and a polynomial
with 7 parameters. The polynomial passes through every training point, yet
misses the validation points badly: that is overfitting."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(seed=2)


def true_line(x):
    return 2.0 * x + 1.0


# Five training points and five validation points from the same noisy line.
x_train = np.linspace(0.0, 4.0, 5)
y_train = true_line(x_train) + rng.normal(scale=1.0, size=5)
x_val = np.linspace(0.5, 4.5, 5)
y_val = true_line(x_val) + rng.normal(scale=1.0, size=5)


def fit_polynomial(x, y, n_params):
    """Least squares with n_params coefficients: a degree n_params-1 polynomial.
    With more parameters than points, lstsq returns the smallest-norm solution
    among the infinitely many that pass through every point."""
    design = np.vander(x, n_params)
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    return lambda x_new: np.vander(x_new, n_params) @ coefficients


def mse(model, x, y):
    return float(np.mean((model(x) - y) ** 2))


models = {2: fit_polynomial(x_train, y_train, 2), 7: fit_polynomial(x_train, y_train, 7)}

print(f"{'':16}{'2 parameters':>14}{'7 parameters':>14}")
for name, x, y in [("training MSE", x_train, y_train), ("validation MSE", x_val, y_val)]:
    print(f"{name:16}{mse(models[2], x, y):14.2f}{mse(models[7], x, y):14.2f}")

# One figure per model, saved next to where the script runs.
grid = np.linspace(-0.2, 4.7, 300)
for n_params, filename in [(2, "overfit-linear.png"), (7, "overfit-polynomial.png")]:
    fig, ax = plt.subplots(figsize=(4, 3.2))
    ax.plot(grid, models[n_params](grid), color="tab:blue", label=f"model, {n_params} parameters")
    ax.scatter(x_train, y_train, marker="x", s=60, color="black", label="training points")
    ax.scatter(x_val, y_val, marker="o", s=30, color="tab:orange", label="validation points")
    ax.set_ylim(-4, 14)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(filename, dpi=160)  # sharp on high-density screens at the 360 px the page shows

plt.show()  # in a notebook, both figures appear under the cell
