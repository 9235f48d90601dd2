"""Every number and comparison in the lesson's prose, checked against what the code prints.

A claim is marked in the Markdown on the line before the paragraph that makes it:

    <!-- claim: more-data-lowers-lowest -->
    Only more data clearly lowers the lowest point, in both frameworks: 0.284 against ...

CLAIMS below says, for each id, what it reads (the `*.output.txt` files that the
code-block tests prove equal to what the blocks print, a snippet's own code, what a
notebook printed when the site build executed it, or a probe of the installed
frameworks), what must hold, and which readings the paragraph quotes.
The tests check, on every page of every language:

- that every claim holds (`test_claim_holds`), naming the page and line of its words;
- that the paragraph after each marker quotes exactly the claim's readings, written
  with the language's decimal mark (0.82 in English, 0,82 in French), and that no
  number stands in the prose outside such a paragraph (`test_prose_numbers`): a number
  changed in the prose of any language fails, naming its page and line;
- that every claim is on the English page and every marker names a known claim;
- that each claim fails when what it reads changes (`test_claim_fails_when_its_reading_changes`).

Translations carry the same markers (`python -m lessonkit.translations check` reports a
dropped or changed one), so a translator cannot silently drop a claim.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

import pytest

from conftest import ROOT
from lessonkit import notebooks
from lessonkit.pages import languages, source_language
from lessonkit import translations as tr
from lessonkit.numbers import written_as

SOURCE = source_language()


# --------------------------------------------------------------------------- the probe

# What the lesson says the frameworks do, asked of the installed frameworks on a machine
# without a GPU (CUDA_VISIBLE_DEVICES is empty), and a loss the lesson explains but no
# block prints.
PROBE = r'''
import contextlib, io, inspect, os, warnings
warnings.filterwarnings("ignore")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
import torch, tensorflow as tf, lightning as L

try:
    torch.zeros(1, device="cuda")
    print("torch device='cuda': no error")
except Exception as error:
    print("torch device='cuda':", "error", type(error).__name__)

try:
    L.Trainer(accelerator="gpu", devices=1, logger=False)
    print("lightning accelerator='gpu': no error")
except Exception as error:
    print("lightning accelerator='gpu':", "error", type(error).__name__)

with tf.device("/GPU:0"):
    x = tf.ones((2, 2))
print("tensorflow under /GPU:0 runs on:", "CPU" if "CPU" in x.device else x.device)
print("lightning Trainer default accelerator:", inspect.signature(L.Trainer).parameters["accelerator"].default)

# The hand-written loop of frameworks.md prints its loss before each update; the loss
# after its last (101st) update is what Keras' evaluate reports.
namespace = {}
with contextlib.redirect_stdout(io.StringIO()):
    for snippet in ("data/points.py", "pytorch/training.py"):
        exec(open(os.path.join("snippets", snippet)).read(), namespace)
w, b, x, y = (namespace[k] for k in ("weights", "bias", "x", "y"))
with torch.no_grad():
    after = torch.nn.functional.binary_cross_entropy_with_logits(x @ w + b, y).item()
print(f"hand-written loop, loss after its last update: {after:.4f}")
'''


@functools.lru_cache(maxsize=1)
def probe_output() -> str:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "CUDA_VISIBLE_DEVICES": "", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert result.returncode == 0, f"the claims probe failed:\n{result.stderr[-3000:]}"
    return result.stdout


# --------------------------------------------------------------------------- claims

PROBE_SOURCE = "the claims probe (tests/test_claims.py)"
EXECUTED = " (executed)"


@dataclass(frozen=True)
class Reading:
    source: str   # a file of the repository, or PROBE_SOURCE
    pattern: str  # a regular expression (multi-line); its first group is the value


def out(snippet: str, pattern: str) -> Reading:
    """A value printed by a block: read from the output the code-block tests verify."""
    return Reading(f"snippets/{snippet}.output.txt", pattern)


def code(snippet: str, pattern: str) -> Reading:
    return Reading(f"snippets/{snippet}.py", pattern)


def executed(notebook: str, pattern: str) -> Reading:
    """A value printed by a notebook's cells when the site build executed it."""
    return Reading(f"snippets/notebooks/{notebook}.py{EXECUTED}", pattern)


def probe(pattern: str) -> Reading:
    return Reading(PROBE_SOURCE, pattern)


NUM = r"(\d+(?:\.\d+)?)"
CURES_COLUMNS = {"lowest": 1, "epoch": 2, "kept": 3}


def cure(framework: str, row: str, column: str) -> Reading:
    """A cell of the table that cures_FRAMEWORK.py prints."""
    cells = r"\s+".join([NUM if i == CURES_COLUMNS[column] else r"\S+" for i in (1, 2, 3)])
    return out(f"overfitting/cures_{framework}", rf"^{re.escape(row)}\s.*?\s{cells}$")


def table_cell(snippet: str, first: str, column: str) -> Reading:
    """A cell of a printed table whose rows read: FIRST lowest epoch kept (the exercises')."""
    cells = r"\s+".join([NUM if i == CURES_COLUMNS[column] else r"\S+" for i in (1, 2, 3)])
    return out(snippet, rf"^{re.escape(first)}\s+{cells}$")


@dataclass
class Claim:
    says: str  # what must hold, in words
    reads: dict[str, Reading]
    holds: Callable[[SimpleNamespace], bool] | None = None
    quotes: tuple[str, ...] = ()  # the readings (or derived values) its paragraph writes out
    derive: dict[str, Callable[[SimpleNamespace], str]] = field(default_factory=dict)
    # For the mutation test: new text for some readings, which must make the claim fail.
    counter: dict[str, str] = field(default_factory=dict)


LOOP = "pytorch/training"
CLAIMS: dict[str, Claim] = {
    # ---- frameworks.md
    "keras-major-version": Claim(
        "the Keras the site installs is Keras 3",
        {"keras": Reading("requirements.txt", r"^keras==(\d+)\.")},
        quotes=("keras",), counter={"keras": "4"}),
    "keras-backend-here": Claim(
        "the lesson's Keras examples run on the TensorFlow backend",
        {"backend": out("keras/backend", r"^Keras \d+ runs on (\w+)$")},
        holds=lambda v: v.backend == "tensorflow", counter={"backend": "jax"}),
    "data-points": Claim(
        "snippets/data/points.py makes 200 points",
        {"points": code("data/points", r"normal\(size=\((\d+), 2\)")},
        quotes=("points",), counter={"points": "300"}),
    "loops-same-losses": Claim(
        "the PyTorch and TensorFlow training loops print the same losses and accuracy",
        {"pytorch": out(LOOP, r"\A([\s\S]*)\Z"), "tensorflow": out("tensorflow/training", r"\A([\s\S]*)\Z")},
        holds=lambda v: v.pytorch == v.tensorflow, counter={"tensorflow": "epoch   0  loss 0.6932\n"}),
    "compiled-same-losses": Claim(
        "both compiled loops print the hand-written loop's losses at epochs 0, 50 and 100, "
        "and tf.function traced train_step once in 101 calls",
        {**{f"loop{e}": out(LOOP, rf"^epoch +{e}  loss (\S+)$") for e in (0, 50, 100)},
         **{f"torch{e}": out("pytorch/compiled", rf"^epoch +{e}  loss (\S+)$") for e in (0, 50, 100)},
         **{f"tf{e}": out("tensorflow/compiled", rf"^epoch +{e}  loss (\S+)$") for e in (0, 50, 100)},
         "traced": out("tensorflow/compiled", r"^Python traced train_step (\d+) time"),
         "calls": code("tensorflow/compiled", r"for epoch in range\((\d+)\)")},
        holds=lambda v: all(getattr(v, f"loop{e}") == getattr(v, f"torch{e}") == getattr(v, f"tf{e}")
                            for e in (0, 50, 100)) and v.traced == 1,
        quotes=("calls",), counter={"traced": "2"}),
    "module-same-losses": Claim(
        "the nn.Module loop prints the hand-written loop's losses at epochs 0, 50 and 100",
        {**{f"loop{e}": out(LOOP, rf"^epoch +{e}  loss (\S+)$") for e in (0, 50, 100)},
         **{f"module{e}": out("pytorch/module", rf"^epoch +{e}  loss (\S+)$") for e in (0, 50, 100)}},
        holds=lambda v: all(getattr(v, f"loop{e}") == getattr(v, f"module{e}") for e in (0, 50, 100)),
        counter={"module100": "0.1471"}),
    "high-level-one-more-update": Claim(
        "Keras and Lightning end at the same loss, below the loop's epoch-100 loss, and equal to the "
        "loop's loss after its 101st update",
        {"keras": out("keras/sequential", r"loss (\S+),"), "lightning": out("lightning/trainer", r"loss (\S+),"),
         "loop": out(LOOP, r"^epoch 100  loss (\S+)$"),
         "after": probe(r"loss after its last update: (\S+)$"),
         "updates": code("keras/sequential", r"epochs=(\d+)"),
         "loop_updates": code(LOOP, r"for epoch in range\((\d+)\)")},
        holds=lambda v: v.keras == v.lightning == v.after < v.loop and v.updates == v.loop_updates,
        derive={"last_epoch": lambda v: f"{v.loop_updates - 1:g}"},
        quotes=("keras", "loop", "updates", "last_epoch"), counter={"keras": "0.1475"}),
    "radial-above-linear": Claim(
        "the RadialFeatures models end with a higher loss than the plain logistic regression",
        {"keras": out("keras/custom_layer", r"loss (\S+),"), "lightning": out("lightning/custom_layer", r"loss (\S+),"),
         "linear": out("keras/sequential", r"loss (\S+),")},
        holds=lambda v: v.keras > v.linear and v.lightning > v.linear,
        quotes=("keras", "lightning", "linear"), counter={"keras": "0.1400"}),
    "own-loops-differ": Claim(
        "the two hand-written loops around high-level models print different losses",
        {"pytorch": out("pytorch/own_loop", r"^epoch   0  loss (\S+)$"),
         "tensorflow": out("tensorflow/own_loop", r"^epoch   0  loss (\S+)$")},
        holds=lambda v: v.pytorch != v.tensorflow, counter={"tensorflow": "0.7109"}),
    "hard-coded-devices": Claim(
        "without a GPU: torch raises on device='cuda', Lightning raises on accelerator='gpu', "
        "TensorFlow runs tf.device('/GPU:0') work on the CPU",
        {"torch": probe(r"^torch device='cuda': (.+)$"), "lightning": probe(r"^lightning accelerator='gpu': (.+)$"),
         "tensorflow": probe(r"^tensorflow under /GPU:0 runs on: (\S+)$")},
        holds=lambda v: v.torch.startswith("error") and v.lightning.startswith("error") and v.tensorflow == "CPU",
        counter={"tensorflow": "/job:localhost/replica:0/task:0/device:GPU:0"}),
    "lightning-auto-device": Claim(
        "Lightning's Trainer chooses its accelerator by itself unless told otherwise",
        {"default": probe(r"^lightning Trainer default accelerator: (\S+)$")},
        holds=lambda v: v.default == "auto", counter={"default": "cpu"}),
    "softmax-twice": Claim(
        "softmax applied twice gives a higher loss and a weaker gradient in PyTorch and TensorFlow; Keras "
        "gives the right loss",
        {**{f"{k}_{fw}": out(f"{fw}/softmax", pattern) for fw in ("pytorch", "tensorflow")
            for k, pattern in {"right": r"^cross-entropy: (\S+) ", "twice": r"^softmax applied twice: (\S+) ",
                               "weaker": r"gradient is (\S+) times weaker"}.items()},
         "keras_right": out("keras/softmax", r"^from logits:\s+(\S+)$"),
         "keras_twice": out("keras/softmax", r"^softmax applied twice: (\S+)$")},
        holds=lambda v: all(getattr(v, f"twice_{fw}") > getattr(v, f"right_{fw}") and getattr(v, f"weaker_{fw}") > 1
                            for fw in ("pytorch", "tensorflow")) and v.keras_twice == v.keras_right,
        counter={"keras_twice": "0.7017"}),
    "keras-from-logits": Claim(
        "from_logits=True on logits and the default on probabilities give the same loss",
        {"logits": out("keras/softmax", r"^from logits:\s+(\S+)$"),
         "probabilities": out("keras/softmax", r"^from probabilities:\s+(\S+)$")},
        holds=lambda v: v.logits == v.probabilities, counter={"probabilities": "0.2500"}),
    "zero-grad-doubles": Claim(
        "a second backward() without zero_grad doubles the gradient",
        {"factor": out("pytorch/batches", r"gradient x (\S+)$")},
        holds=lambda v: v.factor == 2, counter={"factor": "1.0"}),
    "one-update-per-batch": Claim(
        "Keras and Lightning make batches x epochs updates, with the batches PyTorch's DataLoader counts",
        {"batches": out("pytorch/batches", r"^batches per epoch: (\d+)$"),
         "keras_updates": out("keras/batches", r"^updates: (\d+) "),
         "keras_batches": out("keras/batches", r"= (\d+) batches per epoch"),
         "keras_epochs": code("keras/batches", r"epochs=(\d+)"),
         "lightning_batches": out("lightning/batches", r"^batches per epoch: (\d+) "),
         "lightning_updates": out("lightning/batches", r"updates: (\d+)$"),
         "lightning_epochs": code("lightning/batches", r"max_epochs=(\d+)")},
        holds=lambda v: v.batches == v.keras_batches == v.lightning_batches
        and v.keras_updates == v.keras_batches * v.keras_epochs
        and v.lightning_updates == v.lightning_batches * v.lightning_epochs,
        counter={"lightning_updates": "159"}),
    "modes-and-dropout": Claim(
        "in every framework the same input gives different outputs in training mode and the same in evaluation "
        "mode; Lightning trains in training mode and validates in evaluation mode without gradients",
        {"pytorch_train": out("pytorch/modes", r"^training mode, the same input twice: (.+)$"),
         "pytorch_eval": out("pytorch/modes", r"^evaluation mode, the same input twice: (.+)$"),
         "tensorflow_train": out("tensorflow/modes", r"^training, the same input twice: (.+)$"),
         "tensorflow_eval": out("tensorflow/modes", r"^evaluation, the same input twice: (.+)$"),
         "keras_train": out("keras/modes", r"^training=True, the same input twice: (.+)$"),
         "keras_eval": out("keras/modes", r"^training=False, the same input twice: (.+)$"),
         "lightning_train": out("lightning/modes", r"^training_step: (.+)$"),
         "lightning_eval": out("lightning/modes", r"^validation_step: (.+)$")},
        holds=lambda v: all(getattr(v, f"{fw}_train") == "different outputs" and getattr(v, f"{fw}_eval") ==
                            "the same output" for fw in ("pytorch", "tensorflow", "keras"))
        and v.lightning_train == "training mode True, gradients recorded True"
        and v.lightning_eval == "training mode False, gradients recorded False",
        counter={"keras_eval": "different outputs"}),
    "held-out-below-training": Claim(
        "in every tab the held-out accuracy is lower than the training accuracy",
        {**{f"{k}_{fw}": out(f"{fw}/held_out", pattern) for fw in ("pytorch", "tensorflow", "keras", "lightning")
            for k, pattern in {"train": r"training points: (\S+)$", "test": r"held-out points:\s+(\S+)$"}.items()}},
        holds=lambda v: all(getattr(v, f"test_{fw}") < getattr(v, f"train_{fw}")
                            for fw in ("pytorch", "tensorflow", "keras", "lightning")),
        quotes=("test_pytorch", "train_pytorch"), counter={"test_keras": "0.950"}),
    # ---- overfitting.md
    "polyfit-setup": Claim(
        "the 5-point example fits 5 points",
        {"points": code("overfitting/polyfit", r"x_train = np\.linspace\(0\.0, 4\.0, (\d+)\)")},
        quotes=("points",), counter={"points": "6"}),
    "polyfit-overfits": Claim(
        "the 7-parameter model has zero training error and a far higher validation error than the line",
        {"points": code("overfitting/polyfit", r"x_train = np\.linspace\(0\.0, 4\.0, (\d+)\)"),
         "params": code("overfitting/polyfit", r"fit_polynomial\(x_train, y_train, (\d+)\)\}"),
         "train7": out("overfitting/polyfit", r"^training MSE\s+\S+\s+(\S+)$"),
         "val2": out("overfitting/polyfit", r"^validation MSE\s+(\S+)"),
         "val7": out("overfitting/polyfit", r"^validation MSE\s+\S+\s+(\S+)$")},
        holds=lambda v: v.train7 == 0 and v.val7 > 10 * v.val2, quotes=("points", "params"),
        counter={"train7": "0.50"}),
    "curves-setup": Claim(
        "the overfitting network has two hidden layers of 128 units, 12 training and 200 validation points",
        {"units": code("overfitting/curves_pytorch", r"nn\.Linear\(1, (\d+)\)"),
         "units_tf": code("overfitting/curves_tensorflow", r"Dense\((\d+), activation"),
         "train": code("overfitting/curves_pytorch", r"x_train, y_train = noisy_sine\((\d+)\)"),
         "val": code("overfitting/curves_pytorch", r"x_val, y_val = noisy_sine\((\d+)\)"),
         "train_tf": code("overfitting/curves_tensorflow", r"x_train, y_train = noisy_sine\((\d+)\)"),
         "val_tf": code("overfitting/curves_tensorflow", r"x_val, y_val = noisy_sine\((\d+)\)")},
        holds=lambda v: (v.units, v.train, v.val) == (v.units_tf, v.train_tf, v.val_tf),
        quotes=("units", "train", "val"), counter={"units_tf": "64"}),
    "curves-turn-upward": Claim(
        "in both frameworks the validation loss ends far above its lowest point, the training loss far below it",
        {**{f"{k}_{fw}": out(f"overfitting/curves_{fw}", pattern) for fw in ("pytorch", "tensorflow")
            for k, pattern in {"epoch": r"at epoch (\d+)$", "lowest": r"^lowest validation loss: (\S+) ",
                               "train": r"training (\S+),", "val": r"validation (\S+)$"}.items()},
         "epochs": code("overfitting/curves_pytorch", r"EPOCHS := (\d+)")},
        holds=lambda v: all(getattr(v, f"val_{fw}") > getattr(v, f"lowest_{fw}") > getattr(v, f"train_{fw}")
                            for fw in ("pytorch", "tensorflow")),
        quotes=("epoch_pytorch", "epoch_tensorflow", "epochs", "val_pytorch", "val_tensorflow",
                "train_pytorch", "train_tensorflow"),
        counter={"val_tensorflow": "0.300"}),
    "cures-same-data": Claim(
        "the cures train on the curves' 12 points and validate on its 200: the no-cure row repeats the "
        "curves' lowest validation loss, its epoch, and the final validation loss",
        {**{f"{k}_{fw}": out(f"overfitting/curves_{fw}", pattern) for fw in ("pytorch", "tensorflow")
            for k, pattern in {"epoch": r"at epoch (\d+)$", "lowest": r"^lowest validation loss: (\S+) ",
                               "kept": r"validation (\S+)$"}.items()},
         **{f"cure_{k}_{fw}": cure(fw, "no cure", k)
            for fw in ("pytorch", "tensorflow") for k in ("epoch", "lowest", "kept")},
         "train": code("overfitting/cures_pytorch", r"small_train = noisy_sine\((\d+)\)"),
         "val": code("overfitting/cures_pytorch", r"x_val, y_val = noisy_sine\((\d+)\)"),
         "more": code("overfitting/cures_pytorch", r"more = noisy_sine\((\d+)\)"),
         "train_tf": code("overfitting/cures_tensorflow", r"small_train = noisy_sine\((\d+)\)"),
         "val_tf": code("overfitting/cures_tensorflow", r"x_val, y_val = noisy_sine\((\d+)\)"),
         "more_tf": code("overfitting/cures_tensorflow", r"more = noisy_sine\((\d+)\)"),
         "more_label": out("overfitting/cures_pytorch", r"^more data \((\d+) points\)")},
        holds=lambda v: all(getattr(v, f"{k}_{fw}") == getattr(v, f"cure_{k}_{fw}")
                            for k in ("epoch", "lowest", "kept") for fw in ("pytorch", "tensorflow"))
        and (v.train, v.val, v.more) == (v.train_tf, v.val_tf, v.more_tf) and v.train + v.more == v.more_label,
        quotes=("train", "val", "more"), counter={"cure_epoch_tensorflow": "131"}),
    "more-data-lowers-lowest": Claim(
        "more data lowers the lowest validation loss by at least 0.02 in both frameworks, and no other cure "
        "lowers it by as much as half that",
        {f"{row}_{fw}": cure(fw, name, "lowest") for fw in ("pytorch", "tensorflow")
         for row, name in (("more", "more data (120 points)"), ("none", "no cure"), ("smaller", "smaller model (8 units)"),
                           ("dropout", "dropout (0.5)"), ("decay", "weight decay (1.0)"))},
        holds=lambda v: all(getattr(v, f"more_{fw}") <= getattr(v, f"none_{fw}") - 0.02
                            and all(getattr(v, f"{row}_{fw}") > getattr(v, f"none_{fw}") - 0.01
                                    for row in ("smaller", "dropout", "decay"))
                            for fw in ("pytorch", "tensorflow")),
        quotes=("more_pytorch", "none_pytorch", "more_tensorflow", "none_tensorflow"),
        counter={"more_tensorflow": "0.340"}),
    "cures-do-not-lower-lowest": Claim(
        "weight decay's lowest point is higher than no cure's in both frameworks; the smaller model's and "
        "dropout's are higher in PyTorch and lower in TensorFlow, by less than more data lowers it",
        {f"{row}_{fw}": cure(fw, name, "lowest") for fw in ("pytorch", "tensorflow")
         for row, name in (("none", "no cure"), ("smaller", "smaller model (8 units)"), ("more", "more data (120 points)"),
                           ("decay", "weight decay (1.0)"), ("dropout", "dropout (0.5)"))},
        holds=lambda v: v.decay_pytorch > v.none_pytorch and v.decay_tensorflow > v.none_tensorflow
        and v.smaller_pytorch > v.none_pytorch and v.dropout_pytorch > v.none_pytorch
        and v.none_tensorflow - v.more_tensorflow > v.none_tensorflow - v.smaller_tensorflow > 0
        and v.none_tensorflow - v.more_tensorflow > v.none_tensorflow - v.dropout_tensorflow > 0,
        quotes=("smaller_pytorch", "smaller_tensorflow", "decay_pytorch", "decay_tensorflow",
                "dropout_pytorch", "dropout_tensorflow"),
        counter={"decay_pytorch": "0.320"}),
    "cures-hold-the-climb-down": Claim(
        "the smaller model, dropout and weight decay each keep a model with a lower validation loss than "
        "no cure's, in both frameworks, though weight decay's model kept is above its own lowest point; "
        "the smaller model and dropout reach their lowest point later",
        {f"{row}_{column}_{fw}": cure(fw, name, column) for fw in ("pytorch", "tensorflow")
         for row, name in (("none", "no cure"), ("smaller", "smaller model (8 units)"),
                           ("decay", "weight decay (1.0)"), ("dropout", "dropout (0.5)"))
         for column in ("lowest", "kept", "epoch")},
        holds=lambda v: all(getattr(v, f"{row}_kept_{fw}") < getattr(v, f"none_kept_{fw}")
                            for row in ("smaller", "decay", "dropout") for fw in ("pytorch", "tensorflow"))
        and all(getattr(v, f"decay_kept_{fw}") > getattr(v, f"decay_lowest_{fw}") for fw in ("pytorch", "tensorflow"))
        and all(getattr(v, f"{row}_epoch_{fw}") > getattr(v, f"none_epoch_{fw}")
                for row in ("smaller", "dropout") for fw in ("pytorch", "tensorflow")),
        quotes=("none_kept_pytorch", "none_kept_tensorflow", "smaller_epoch_pytorch", "dropout_epoch_pytorch",
                "smaller_epoch_tensorflow", "dropout_epoch_tensorflow"),
        counter={"decay_kept_pytorch": "0.334"}),
    "early-stopping-keeps-best": Claim(
        "early stopping keeps a model whose loss equals the lowest, which is no cure's lowest",
        {f"{row}_{column}_{fw}": cure(fw, name, column) for fw in ("pytorch", "tensorflow")
         for row, name in (("none", "no cure"), ("early", "early stopping (20)")) for column in ("lowest", "kept")},
        holds=lambda v: all(getattr(v, f"early_kept_{fw}") == getattr(v, f"early_lowest_{fw}")
                            == getattr(v, f"none_lowest_{fw}") for fw in ("pytorch", "tensorflow")),
        quotes=("early_kept_pytorch", "early_kept_tensorflow"), counter={"early_kept_pytorch": "0.360"}),
    "noise-floor": Claim(
        "every validation loss printed on the page is above the noise variance (0.5 squared)",
        {"sigma": code("overfitting/curves_pytorch", r"rng\.normal\(scale=(\S+), size"),
         "sigma_tf": code("overfitting/curves_tensorflow", r"rng\.normal\(scale=(\S+), size"),
         "sigma_cures": code("overfitting/cures_pytorch", r"rng\.normal\(scale=(\S+), size"),
         "sigma_cures_tf": code("overfitting/cures_tensorflow", r"rng\.normal\(scale=(\S+), size"),
         **{f"lowest_{fw}": out(f"overfitting/curves_{fw}", r"^lowest validation loss: (\S+) ")
            for fw in ("pytorch", "tensorflow")},
         **{f"{column}_{i}_{fw}": cure(fw, name, column) for fw in ("pytorch", "tensorflow")
            for i, name in enumerate(("no cure", "more data (120 points)", "smaller model (8 units)",
                                      "dropout (0.5)", "weight decay (1.0)", "early stopping (20)"))
            for column in ("lowest", "kept")}},
        holds=lambda v: v.sigma == v.sigma_tf == v.sigma_cures == v.sigma_cures_tf and all(
            value > v.sigma ** 2 for name, value in vars(v).items() if name.startswith(("lowest", "kept"))),
        derive={"floor": lambda v: f"{v.sigma ** 2:g}"},
        quotes=("sigma", "floor"), counter={"lowest_3_tensorflow": "0.240"}),
    "polyfit-below-its-floor": Claim(
        "the straight line's validation MSE in the 5-point example is below that example's noise variance",
        {"scale": code("overfitting/polyfit", r"y_val = true_line\(x_val\) \+ rng\.normal\(scale=(\S+), size"),
         "val2": out("overfitting/polyfit", r"^validation MSE\s+(\S+)")},
        holds=lambda v: v.val2 < v.scale ** 2 and v.scale == 1, quotes=("scale_text", "floor", "val2"),
        derive={"scale_text": lambda v: f"{v.scale:g}", "floor": lambda v: f"{v.scale ** 2:g}"},
        counter={"val2": "1.25"}),
    "exercise-parameters": Claim(
        "the validation error is lowest with 2 parameters; from 5 (the number of points) on the training error "
        "is zero and the validation error grows",
        {**{f"train{n}": out("overfitting/exercise_parameters", rf"^\s+{n}\s+(\S+)\s+\S+$") for n in range(1, 8)},
         **{f"val{n}": out("overfitting/exercise_parameters", rf"^\s+{n}\s+\S+\s+(\S+)$") for n in range(1, 8)},
         "points": code("overfitting/polyfit", r"x_train = np\.linspace\(0\.0, 4\.0, (\d+)\)")},
        holds=lambda v: min(range(1, 8), key=lambda n: getattr(v, f"val{n}")) == 2
        and all(getattr(v, f"train{n}") == 0 for n in range(int(v.points), 8))
        and getattr(v, f"train{int(v.points) - 1}") > 0
        and all(getattr(v, f"val{n + 1}") > getattr(v, f"val{n}") for n in range(int(v.points), 7)),
        derive={"best": lambda v: "2"}, quotes=("best", "points"), counter={"val3": "0.50"}),
    "exercise-dropout-question": Claim(
        "the cures used dropout 0.5; the exercise tries 0.1, 0.3 and 0.5",
        {"cures": out("overfitting/cures_pytorch", r"^dropout \((\S+)\)"),
         **{f"rate{i}": code("overfitting/exercise_dropout_pytorch", r"for rate in \(" + ", ".join(
             r"(\S+)" if j == i else r"\S+" for j in (1, 2, 3)) + r"\)") for i in (1, 2, 3)}},
        holds=lambda v: v.cures == v.rate3, quotes=("cures", "rate1", "rate2", "rate3"), counter={"cures": "0.4"}),
    "exercise-dropout": Claim(
        "the smallest dropout rate reaches the lowest point and then climbs; the two larger keep the same, "
        "lower, model",
        {**{f"{column}{i}": table_cell("overfitting/exercise_dropout_pytorch", rate, column)
            for i, rate in ((1, "0.1"), (2, "0.3"), (3, "0.5")) for column in ("lowest", "kept")},
         **{f"rate{i}": code("overfitting/exercise_dropout_pytorch", r"for rate in \(" + ", ".join(
             r"(\S+)" if j == i else r"\S+" for j in (1, 2, 3)) + r"\)") for i in (1, 2, 3)}},
        holds=lambda v: v.lowest1 < min(v.lowest2, v.lowest3) and v.kept1 > v.lowest1
        and v.kept2 == v.kept3 < v.kept1,
        quotes=("rate1", "rate2", "rate3", "lowest1", "kept1", "kept2"), counter={"kept1": "0.330"}),
    "exercise-weight-decay-question": Claim(
        "the cures used weight decay 1.0; the exercise tries 0.1, 1.0 and 10.0",
        {"cures": out("overfitting/cures_pytorch", r"^weight decay \((\S+)\)"),
         "wd1": code("overfitting/exercise_weight_decay_pytorch", r"for weight_decay in \((\S+), \S+, \S+\)"),
         "wd2": code("overfitting/exercise_weight_decay_pytorch", r"for weight_decay in \(\S+, (\S+), \S+\)"),
         "wd3": code("overfitting/exercise_weight_decay_pytorch", r"for weight_decay in \(\S+, \S+, (\S+)\)")},
        holds=lambda v: v.cures == v.wd2, quotes=("cures", "wd1", "wd2", "wd3"), counter={"cures": "2.0"}),
    "exercise-weight-decay": Claim(
        "weight decay 0.1 keeps a model nearly as bad as no cure's; 10.0 does not climb but has the highest "
        "lowest point",
        {"low_lowest": table_cell("overfitting/exercise_weight_decay_pytorch", "0.1", "lowest"),
         "low_kept": table_cell("overfitting/exercise_weight_decay_pytorch", "0.1", "kept"),
         "mid_lowest": table_cell("overfitting/exercise_weight_decay_pytorch", "1.0", "lowest"),
         "high_lowest": table_cell("overfitting/exercise_weight_decay_pytorch", "10.0", "lowest"),
         "high_kept": table_cell("overfitting/exercise_weight_decay_pytorch", "10.0", "kept"),
         "none_kept": cure("pytorch", "no cure", "kept"),
         "wd_low": code("overfitting/exercise_weight_decay_pytorch", r"for weight_decay in \((\S+), "),
         "wd_high": code("overfitting/exercise_weight_decay_pytorch", r"for weight_decay in \(\S+, \S+, (\S+)\)")},
        holds=lambda v: v.low_kept < v.none_kept and v.none_kept - v.low_kept < 0.1 and v.high_kept == v.high_lowest
        and v.high_lowest > max(v.low_lowest, v.mid_lowest),
        quotes=("wd_low", "low_kept", "none_kept", "wd_high", "high_lowest", "low_lowest"),
        counter={"high_lowest": "0.300"}),
    # ---- lab.md
    "starters-miss-the-goals": Claim(
        "each starter notebook's baseline, as it is, stays below the one-layer goal (0.90) on both problems",
        {**{f"{problem}_{fw}": executed(f"starter_{fw}", rf"^{problem}, one layer: .*test accuracy (\S+) ")
            for fw in ("pytorch", "tensorflow", "keras", "lightning") for problem in ("iris", "digits")},
         "goal": executed("starter_pytorch", r"^iris, one layer: .*\(goal (\S+)\)$")},
        holds=lambda v: all(value < v.goal for name, value in vars(v).items() if name != "goal"),
        counter={"digits_keras": "0.950"}),
    "lab-goals": Claim(
        "every reference network reaches its goal: 0.90 test accuracy with one layer, 0.95 with several",
        {**{f"{problem}_{net}_{fw}": out(f"lab/solution_{fw}", rf"^{problem}, {name}: .*test accuracy (\S+) ")
            for fw in ("pytorch", "tensorflow", "keras", "lightning") for problem in ("iris", "digits")
            for net, name in (("one", "one layer"), ("multi", "multi-layer"))},
         "goal_one": out("lab/solution_pytorch", r"^iris, one layer: .*\(goal (\S+)\)$"),
         "goal_multi": out("lab/solution_pytorch", r"^iris, multi-layer: .*\(goal (\S+)\)$")},
        holds=lambda v: all(value >= (v.goal_one if "_one_" in name else v.goal_multi)
                            for name, value in vars(v).items() if not name.startswith("goal")),
        quotes=("goal_one", "goal_multi"), counter={"digits_multi_keras": "0.940"}),
}


# --------------------------------------------------------------------------- evaluation

@functools.lru_cache(maxsize=None)
def executed_output(rel: str) -> str:
    """What a notebook's cells printed: the build's executed copy (cached), executed here if
    missing; read once per session, though every claim on every page asks for it."""
    return "".join(result.stdout for result in notebooks.cell_results(ROOT / rel))


def source_text(source: str) -> str:
    if source == PROBE_SOURCE:
        return probe_output()
    if source.endswith(EXECUTED):
        return executed_output(source.removesuffix(EXECUTED))
    return (ROOT / source).read_text(encoding="utf-8")


class ClaimFailed(AssertionError):
    pass


def as_value(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def readings(claim: Claim, texts: dict[str, str]) -> tuple[SimpleNamespace, dict[str, str]]:
    """(values for `holds`, as printed for quoting), from each source's text."""
    printed = {}
    for name, reading in claim.reads.items():
        match = re.search(reading.pattern, texts[reading.source], re.M)
        if not match:
            raise ClaimFailed(f"{reading.source}: nothing matches {reading.pattern!r} any more "
                              f"(reading '{name}'): did the printed wording change?")
        printed[name] = match.group(1)
    values = SimpleNamespace(**{name: as_value(text) for name, text in printed.items()})
    for name, derive in claim.derive.items():
        printed[name] = derive(values)
    return values, printed


def evaluate(claim_id: str, texts: dict[str, str] | None = None) -> dict[str, str]:
    """Check one claim against the sources; return what it quotes, as printed."""
    claim = CLAIMS[claim_id]
    texts = texts or {r.source: source_text(r.source) for r in claim.reads.values()}
    values, printed = readings(claim, texts)
    if claim.holds and not claim.holds(values):
        raise ClaimFailed(f"claim '{claim_id}' no longer holds: {claim.says}; read "
                          + ", ".join(f"{name}={text!r}" for name, text in printed.items()))
    return {name: printed[name] for name in claim.quotes}


# --------------------------------------------------------------------------- pages

PAGES = [(lang, name) for lang in languages() for name in tr.source_pages()]


def claim_paragraph(parsed: tr.Parsed, marker_line: int) -> range:
    """The lines of the paragraph (or list) right after a claim marker."""
    end = marker_line
    while end < len(parsed.lines) and parsed.lines[end].strip():
        end += 1
    return range(marker_line + 1, end + 1)


def page_claims(lang: str, name: str) -> tuple[tr.Parsed, str]:
    rel = f"docs/{lang}/{name}"
    return tr.parse((ROOT / rel).read_text(encoding="utf-8"), tr.decimal_separator(lang)), rel


def english_claims() -> dict[str, str]:
    """claim id -> docs/en/PAGE:LINE of its words."""
    where = {}
    for name in tr.source_pages():
        parsed, rel = page_claims(SOURCE, name)
        for line, claim_id in parsed.claims:
            where[claim_id] = f"{rel}:{line + 1}"
    return where


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_claim_holds(claim_id):
    where = english_claims().get(claim_id, "(no page)")
    try:
        evaluate(claim_id)
    except ClaimFailed as error:
        pytest.fail(f"{where}: {error}", pytrace=False)


def test_every_claim_is_on_the_english_pages():
    on_pages = english_claims()
    unknown = sorted(set(on_pages) - set(CLAIMS))
    unused = sorted(set(CLAIMS) - set(on_pages))
    assert not unknown, "markers with no claim in tests/test_claims.py: " + ", ".join(
        f"{on_pages[c]} ({c})" for c in unknown)
    assert not unused, f"claims in tests/test_claims.py that no page makes: {unused}"


@pytest.mark.parametrize("lang,name", PAGES, ids=[f"{lang}/{name}" for lang, name in PAGES])
def test_prose_numbers(lang, name):
    """Every number in the prose stands in a claim's paragraph and is one that claim reads."""
    if not (ROOT / "docs" / lang / name).exists():
        pytest.skip(f"docs/{lang}/{name} does not exist (the translation tests report it)")
    parsed, rel = page_claims(lang, name)
    decimal = tr.decimal_separator(lang)
    problems, covered = [], set()
    for marker, claim_id in parsed.claims:
        if claim_id not in CLAIMS:
            problems.append(f"{rel}:{marker}: unknown claim '{claim_id}' (tests/test_claims.py has none)")
            continue
        lines = claim_paragraph(parsed, marker)
        if not lines:
            problems.append(f"{rel}:{marker}: claim '{claim_id}' stands above no paragraph: put the marker on "
                            "the line right above the paragraph that makes the claim")
            continue
        covered.update(lines)
        try:
            quoted = evaluate(claim_id)
        except ClaimFailed:
            continue  # test_claim_holds names it
        expected = {written_as(text, decimal) for text in quoted.values()}
        written = [(line, w) for line, _, w in parsed.prose_numbers if line in lines]
        for line, text in written:
            if text not in expected:
                problems.append(f"{rel}:{line}: {text} is not what claim '{claim_id}' reads "
                                f"(the code prints {sorted(expected)}, written for '{lang}')")
        for text in sorted(expected - {w for _, w in written}):
            problems.append(f"{rel}:{lines.start}: claim '{claim_id}' must quote {text} in this paragraph")
    for line, _, text in parsed.prose_numbers:
        if line not in covered:
            problems.append(f"{rel}:{line}: the number {text} is backed by no claim: put "
                            "<!-- claim: ID --> before its paragraph and add ID to tests/test_claims.py")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_claim_fails_when_its_reading_changes(claim_id):
    """Rewrite, in the real text of a source, what the claim reads; the claim must then fail,
    on its condition or, for a quoted value, against the words on the page."""
    claim = CLAIMS[claim_id]
    assert claim.counter, f"claim '{claim_id}' has no counter-example for this test"
    texts = {r.source: source_text(r.source) for r in claim.reads.values()}
    for name, new in claim.counter.items():
        reading = claim.reads[name]
        match = re.search(reading.pattern, texts[reading.source], re.M)
        text = texts[reading.source]
        texts[reading.source] = text[: match.start(1)] + new + text[match.end(1):]
    if claim.holds:
        with pytest.raises(ClaimFailed, match=f"claim '{claim_id}' no longer holds"):
            evaluate(claim_id, texts)
        return
    quoted = evaluate(claim_id, texts)
    original = evaluate(claim_id)
    assert quoted != original, f"claim '{claim_id}': changing {claim.counter} changed nothing it quotes"
