# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Neural networks for classification, with logitnet
#
# This notebook walks through the lecture "Neural Networks for Classification" step by step.
# The first half builds logistic regression from its parts (a sigmoid, a column of ones, a loss
# and its gradient), hands the loss to SciPy's optimizer and checks the answer against
# scikit-learn. The second half trains two small PyTorch networks: one that separates two rings
# of points, and one that tells four clusters apart. It ends with an HTML report of a network.
#
# Every number the lecture prints is recomputed here and checked with an `assert` in the cell
# that makes it, so a cell that drifts from the lecture stops the run. The logistic-regression
# figures need the lecture's Pokemon table, `../shared/data/pokemon.csv` beside the repository
# (or the path in `LOGITNET_POKEMON`). Without it the same steps run on scikit-learn's
# breast-cancer table, and are checked against scikit-learn instead.
#
# `make notebook` runs this file and writes `demo-output/lecture.ipynb` and
# `demo-output/lecture.html`.

# %%
import os
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from IPython.display import HTML, display
from scipy.optimize import check_grad, minimize
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler
from torch import nn

import logitnet as ln

POKEMON = Path(os.environ.get("LOGITNET_POKEMON", "../../shared/data/pokemon.csv"))
USE_POKEMON = POKEMON.is_file()
OUT = Path(os.environ.get("LOGITNET_OUT", "../demo-output"))
print("data:", POKEMON if USE_POKEMON else "scikit-learn's breast-cancer table (built in)")

# %% [markdown]
# Figures are plotly figures, drawn inline. The first one carries plotly.js itself, so the
# page works offline, and the later ones reuse it.

# %%
_figures_shown = 0


def show(fig):
    """Draw a plotly figure in the notebook; only the first one embeds plotly.js."""
    global _figures_shown
    html = fig.to_html(full_html=False, include_plotlyjs=_figures_shown == 0)
    _figures_shown += 1
    display(HTML(html))


# %% [markdown]
# ## 1. Logistic regression
#
# ### The data
#
# The lecture asks whether a Pokemon is legendary from its defense. Only 70 of the 801 are
# legendary, so it keeps all 70 and draws 70 of the others at random (seed 123), putting the
# others first: a balanced table of 140 rows. `logitnet.balance_classes` does that draw.
# Without the Pokemon table, the question is whether a breast tumour is malignant from its mean
# radius, over the 569 rows of scikit-learn's breast-cancer table.

# %%
if USE_POKEMON:
    pokemon = ln.load_pokemon(POKEMON, ["attack", "defense", "speed", "legendary"])
    legendary = pokemon["legendary"] == 1
    assert len(pokemon) == 801 and legendary.sum() == 70
    assert list(pokemon.index[legendary][:5]) == ["Articuno", "Zapdos", "Moltres", "Mewtwo", "Mew"]
    assert list(pokemon.index[~legendary][:3]) == ["Bulbasaur", "Ivysaur", "Venusaur"]
    sample = ln.balance_classes(pokemon, "legendary", random_state=123)
    feature, target = sample[["defense"]], sample["legendary"]
    assert len(sample) == 140 and target.sum() == 70
    assert list(sample.index[:5]) == ["Roggenrola", "Gible", "Gastly", "Minun", "Marill"]
    display(sample.head())
else:
    sample = load_breast_cancer(as_frame=True).frame
    sample["malignant"] = 1 - sample["target"]  # scikit-learn codes benign as 1
    feature, target = sample[["mean radius"]], sample["malignant"]
    assert len(sample) == 569 and target.sum() == 212
    display(sample[["mean radius", "mean texture", "mean smoothness", "malignant"]].head())

# %% [markdown]
# Optimizers behave better when a feature has mean 0 and standard deviation 1, so the feature is
# standardized first. Each point sits at 0 or 1 on the vertical axis, by its class.

# %%
x = StandardScaler().fit_transform(feature)  # shape (n, 1)
y = target.to_numpy()
assert abs(x.mean()) < 1e-12 and abs(x.std() - 1) < 1e-12
show(ln.plot_logistic(x, y, feature_name=feature.columns[0], target_name=target.name))

# %% [markdown]
# ### The trick of ones
#
# A linear model `w0 + w1 * x` is one matrix product once every row of the data starts with a
# 1: the first weight then multiplies that 1 and acts as the intercept. With weights `[2, 3]`
# and the inputs 5, 3 and 4, the products are 2 + 3·5, 2 + 3·3 and 2 + 3·4.

# %%
w = np.array([2, 3])
X_small = ln.add_intercept(np.array([[5], [3], [4]]))
print(X_small)
print(X_small @ w)
assert (X_small @ w).tolist() == [17, 11, 14]

# %% [markdown]
# ### The sigmoid, soft and hard
#
# Logistic regression squeezes the linear model through the sigmoid, σ(z) = 1 / (1 + e^(−z)),
# which turns any number into a probability between 0 and 1; σ(0) is exactly one half. That
# probability is the *soft* output. Comparing it with a threshold (0.5 unless said otherwise)
# gives the *hard* output, a class: 1 when the probability is above the threshold, else 0.

# %%
z = np.array([-4.0, 0.0, 4.0])
print(ln.sigmoid(z))
assert ln.sigmoid(0.0) == 0.5
assert np.allclose(ln.sigmoid(z) + ln.sigmoid(-z), 1.0)  # symmetric about one half

# %% [markdown]
# Before fitting anything, try weights picked by hand: intercept −1 and slope 3.
# `predict_logistic` gives the soft or the hard output for a matrix that has its column of ones.

# %%
X = ln.add_intercept(x)  # shape (n, 2): ones, then the standardized feature
w_hand = [-1, 3]
y_soft = ln.predict_logistic(X, w_hand)
y_hard = ln.predict_logistic(X, w_hand, output="hard")
assert np.array_equal(y_hard, (y_soft > 0.5).astype(int))
hand_accuracy = ln.accuracy(y, y_hard)
print("accuracy with w = [-1, 3]:", hand_accuracy)
if USE_POKEMON:
    assert hand_accuracy == 0.7142857142857143  # the lecture's figure
else:
    assert hand_accuracy == np.mean(y_hard == y)

# %% [markdown]
# The curve is the soft output along the feature; where it crosses 0.5 is the boundary between
# the two predicted classes.

# %%
show(ln.plot_logistic(x, y, y_soft, threshold=0.5, feature_name=feature.columns[0]))

# %% [markdown]
# ### Log-loss and its gradient
#
# Better weights need a measure of how wrong a model is. For probabilities the usual one is the
# log-loss (binary cross-entropy): the mean over the rows of −log of the probability the model
# gave to the true class. It is smooth and convex in the weights, and its gradient is simple:
# `Xᵀ (p − y) / n`, the features weighted by the errors of the probabilities.
#
# A finite-difference check confirms that `log_loss_grad` is the gradient of `log_loss`.

# %%
loss_hand = ln.log_loss(w_hand, X, y)
print(f"log-loss with w = [-1, 3]: {loss_hand:.4f}")
gap = check_grad(ln.log_loss, ln.log_loss_grad, np.array([-1.0, 3.0]), X, y)
print(f"gradient vs finite differences: {gap:.2e}")
assert gap < 1e-6

# %% [markdown]
# ### Minimizing with SciPy
#
# A loss and its gradient as plain functions of the weights are exactly what
# `scipy.optimize.minimize` wants. Starting from `[-1, 1]`:

# %%
w_opt = minimize(ln.log_loss, np.array([-1.0, 1.0]), jac=ln.log_loss_grad, args=(X, y)).x
print("w =", w_opt)
sk = SkLogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(x, y)  # unpenalized
if USE_POKEMON:
    assert np.allclose(w_opt, [0.05153269, 1.34147091], rtol=0, atol=1e-5)  # the lecture's
else:
    assert np.allclose(w_opt, np.r_[sk.intercept_, sk.coef_[0]], rtol=0, atol=1e-4)
assert ln.log_loss(w_opt, X, y) < loss_hand

# %% [markdown]
# The weights that minimize the loss usually classify better too, though not always: the
# log-loss rewards probabilities that are confidently right, not just a right side of 0.5.

# %%
opt_accuracy = ln.accuracy(y, ln.predict_logistic(X, w_opt, output="hard"))
print("accuracy at the minimum:", opt_accuracy)
if USE_POKEMON:
    assert opt_accuracy == 0.8 > hand_accuracy  # the lecture's figure
assert opt_accuracy == sk.score(x, y)

# %% [markdown]
# ### The comparison with scikit-learn
#
# scikit-learn's `LogisticRegression` without a penalty solves the same problem, and so does
# logitnet's own estimator (Newton's method by default). All three agree.

# %%
model = ln.LogisticRegression().fit(x, y)
print(f"logitnet      w0: {model.intercept_[0]:.2f}, w1: {model.coef_[0, 0]:.2f}")
print(f"scikit-learn  w0: {sk.intercept_[0]:.2f}, w1: {sk.coef_[0, 0]:.2f}")
assert np.allclose(model.intercept_, sk.intercept_, rtol=0, atol=1e-4)
assert np.allclose(model.coef_, sk.coef_, rtol=0, atol=1e-4)
assert model.score(x, y) == sk.score(x, y) == opt_accuracy
if USE_POKEMON:
    assert (f"{model.intercept_[0]:.2f}", f"{model.coef_[0, 0]:.2f}") == ("0.05", "1.34")

# %% [markdown]
# ### The fitted curve and its threshold
#
# The optimized model, drawn as before: the curve is steeper where the classes overlap least,
# and the 0.5 crossing moves to where it best splits them.

# %%
p_fitted = model.predict_proba(x)[:, 1]
assert np.allclose(p_fitted, ln.predict_logistic(X, w_opt), rtol=0, atol=1e-4)
show(ln.plot_logistic(x, y, p_fitted, threshold=0.5, feature_name=feature.columns[0]))

# %% [markdown]
# ### More than one feature
#
# Nothing above depends on having one feature. With three standardized features (defense,
# attack and speed for the Pokemon), the matrix has four columns and there are four weights.
# This time the optimizer is L-BFGS, started from zeros.

# %%
if USE_POKEMON:
    columns = ["defense", "attack", "speed"]
else:
    columns = ["mean radius", "mean texture", "mean smoothness"]
x3 = StandardScaler().fit_transform(sample[columns])
X3 = ln.add_intercept(x3)
w3 = minimize(ln.log_loss, np.zeros(4), jac=ln.log_loss_grad, args=(X3, y), method="L-BFGS-B").x
print("w =", w3)
model3 = ln.LogisticRegression().fit(x3, y)
for n, coef in enumerate(np.r_[model3.intercept_, model3.coef_[0]]):
    print(f"w{n}: {coef:.2f}")
if USE_POKEMON:
    lecture_w3 = [-0.23259512, 1.33705304, 0.52029373, 1.36780376]
    assert np.allclose(w3, lecture_w3, rtol=0, atol=1e-5)
    assert np.allclose(np.r_[model3.intercept_, model3.coef_[0]], lecture_w3, rtol=0, atol=1e-4)
else:
    sk3 = SkLogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(x3, y)
    assert np.allclose(
        np.r_[model3.intercept_, model3.coef_[0]],
        np.r_[sk3.intercept_, sk3.coef_[0]],
        rtol=0,
        atol=1e-4,
    )
    assert np.allclose(w3, np.r_[sk3.intercept_, sk3.coef_[0]], rtol=0, atol=1e-3)

# %% [markdown]
# ### The statistics of the fit, as R prints them
#
# The same model, read the way a statistician reads it: the odds ratio of one standard
# deviation of each feature, the likelihood-ratio test of dropping each one (R's `drop1`), and
# the average change in probability per standard deviation (the marginal effects).

# %%
frame3 = pd.DataFrame(x3, columns=columns)
stats3 = ln.inference(ln.LogisticRegression(tol=1e-10).fit(frame3, y), frame3, y)
print(stats3.odds_ratios_text(), end="\n\n")
deviance3 = stats3.drop1()
print(deviance3, end="\n\n")
print(stats3.marginal_effects()[["dydx", "std_err", "p_value"]])
without = [c for c in columns if c != columns[0]]
reduced3 = ln.inference(
    ln.LogisticRegression(tol=1e-10).fit(frame3[without], y), frame3[without], y
)
assert np.isclose(deviance3.table.loc[columns[0], "lrt"], reduced3.deviance - stats3.deviance)
assert np.allclose(stats3.odds_ratios()["odds_ratio"], np.exp(stats3.table["coef"]))

# %% [markdown]
# ## 2. Classification with neural networks
#
# ### Two classes: the circles
#
# A straight line cannot separate one ring of points from another around it, and that is where
# a network earns its keep. The lecture's data: 300 points on two noisy circles.

# %%
Xc, yc = ln.make_lecture_circles()
assert Xc.shape == (300, 2) and np.bincount(yc).tolist() == [150, 150]
show(ln.plot_classification_2d(Xc, yc))

# %% [markdown]
# The network: 2 inputs, a hidden layer of 5 ReLU units, and 1 output. That output is a *logit*,
# any real number; there is no sigmoid layer at the end, because the loss,
# `BCEWithLogitsLoss`, applies the sigmoid itself in a numerically stable way (log-sum-exp).
# `ln.MLP` builds that stack of layers as a PyTorch module, and `ln.train` is the lecture's
# training loop: for each mini-batch of 50 shuffled rows, clear the gradients, compute the loss,
# back-propagate, and let Adam (learning rate 0.1) step. It prints the mean batch loss of every
# epoch.
#
# The lecture's run used a seed it does not give, so its numbers (a last loss of 0.1510) are
# matched by what they mean, not digit for digit: the loss starts near log 2 ≈ 0.69, the cost of
# a coin flip, and falls well below 0.25.

# %%
torch.manual_seed(2020)  # the initial weights
module = ln.MLP(2, (5,), 1)
print(module)
optimizer = torch.optim.Adam(module.parameters(), lr=0.1)
history = ln.train(
    module, nn.BCEWithLogitsLoss(), optimizer, (Xc, yc), epochs=20, batch_size=50, random_state=2020
)
assert [record["epoch"] for record in history] == list(range(1, 21))
assert 0.6 < history[0]["train_loss"] < 0.8 and history[-1]["train_loss"] < 0.25

# %% [markdown]
# `NeuralNetClassifier` puts the same pieces behind scikit-learn's `fit`, `predict_proba` and
# `predict`, so it also works in a `Pipeline` or a grid search. `random_state` fixes the initial
# weights and the shuffling, so every run prints the same losses.

# %%
circles = ln.NeuralNetClassifier(
    (5,), lr=0.1, batch_size=50, epochs=20, random_state=0, verbose=True
).fit(Xc, yc)
losses = [record["train_loss"] for record in circles.history_]
assert len(losses) == 20 and 0.6 < losses[0] < 0.8  # the lecture: 0.6842
assert losses[-1] < 0.25  # the lecture: 0.1510

# %% [markdown]
# Its loss per epoch:

# %%
show(ln.plot_loss(circles.history_))

# %% [markdown]
# The layer table (through torchinfo): 2·5 + 5 weights and biases into the hidden layer,
# 5·1 + 1 out of it.

# %%
table = ln.summary(circles)
print(table)
assert table.total_params == 21 and table.trainable_params == 21

# %% [markdown]
# The boundary: the colour is the probability of the inner ring, which the network learned to
# fence off with a closed curve.

# %%
assert circles.score(Xc, yc) >= 0.95
show(ln.plot_classification_2d(Xc, yc, circles))

# %% [markdown]
# The network outputs logits. The sigmoid makes them probabilities, and the threshold 0.5 makes
# those classes. The centre (0, 0) lies in the inner ring (class 1), the corner (−1, −1) far
# outside it (class 0).

# %%
probes = np.array([[0.0, 0.0], [-1.0, -1.0]])
logits = circles.decision_function(probes)
print("logits:", logits)
probability = ln.sigmoid(logits)
print("P(class 1):", probability)
classes = np.where(probability > 0.5, 1, 0)
print("classes:", classes)
assert np.allclose(probability, circles.predict_proba(probes)[:, 1])
assert logits[0] > 0 > logits[1]
assert probability[0] > 0.9 and probability[1] < 0.1  # the lecture's: 0.99286 and 1.19e-05
assert classes.tolist() == circles.predict(probes).tolist() == [1, 0]

# %% [markdown]
# ### Several classes: the blobs
#
# For more than two classes the network gets one output per class, and the loss is
# `CrossEntropyLoss`, which applies a softmax (probabilities that sum to 1) before the
# cross-entropy. The lecture's data: 200 points in four tight clusters.

# %%
Xb, yb = ln.make_lecture_blobs()
assert Xb.shape == (200, 2) and np.bincount(yb).tolist() == [50, 50, 50, 50]
show(ln.plot_classification_2d(Xb, yb))

# %% [markdown]
# The same shape of network with 4 outputs, Adam at learning rate 0.2, 10 epochs.

# %%
blobs = ln.NeuralNetClassifier(
    (5,), lr=0.2, batch_size=50, epochs=10, random_state=0, verbose=True
).fit(Xb, yb)
blob_losses = [record["train_loss"] for record in blobs.history_]
assert blob_losses[0] > 0.5  # the lecture starts at 1.1576
assert blob_losses[-1] < 0.05  # and ends at 0.0016
show(ln.plot_loss(blobs.history_))

# %% [markdown]
# Each region is coloured by its most probable class.

# %%
assert blobs.score(Xb, yb) == 1.0
show(ln.plot_classification_2d(Xb, yb, blobs))

# %% [markdown]
# Four logits per point, one per class. The softmax turns them into probabilities that sum to
# 1, and the class is the one with the largest: (−1, −1) falls in cluster 1 and (1, 1) in
# cluster 3, as in the lecture.

# %%
corners = np.array([[-1.0, -1.0], [1.0, 1.0]])
logits = blobs.decision_function(corners)
print("logits:\n", logits)
probability = ln.softmax(logits)
print("probabilities:\n", probability.round(4))
print("sums:", probability.sum(axis=1))
classes = probability.argmax(axis=1)
print("classes:", classes)
assert logits.shape == (2, 4)
assert np.allclose(probability.sum(axis=1), 1.0)
assert probability[0, 1] > 0.99 and probability[1, 3] > 0.99  # the lecture's: 1.0000 both
assert np.allclose(probability, blobs.predict_proba(corners))
assert classes.tolist() == blobs.predict(corners).tolist() == [1, 3]  # the lecture's

# %% [markdown]
# ## 3. The report
#
# `write_report` puts a fitted model on one self-contained HTML page: its settings and layer
# table, the metrics, the confusion matrix, the loss per epoch and the decision boundary. Here,
# the circles network.

# %%
OUT.mkdir(parents=True, exist_ok=True)
report = ln.write_report(
    OUT / "lecture-circles-report.html", circles, Xc, yc, title="The circles network"
)
page = report.read_text(encoding="utf-8")
# confusion, loss, boundary, and the probabilities: ROC, precision-recall, calibration, threshold
assert page.count('class="plotly-graph-div"') == 7
assert f"{circles.score(Xc, yc):.4f}" in page
display(HTML(f'<a href="{report.name}">{report.name}</a>: {len(page) // 1024} KiB'))
