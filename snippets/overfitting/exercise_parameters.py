# Answer: the same five points fitted with every number of parameters from 1 to 7.
print(f"{'parameters':>10}{'training MSE':>14}{'validation MSE':>16}")
for n_params in range(1, 8):
    model = fit_polynomial(x_train, y_train, n_params)
    print(f"{n_params:10d}{mse(model, x_train, y_train):14.2f}{mse(model, x_val, y_val):16.2f}")
