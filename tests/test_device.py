"""The --device switch: CPU hidden GPUs, CUDA required and proven, never a quiet fallback."""

import subprocess
import sys
import time

import pytest

from conftest import ROOT
from lessonkit.harness import cuda_visible
from lessonkit import device
from lessonkit.outputs import outputs_match
from lessonkit.runner import run_path

GPU = cuda_visible()
EVIDENCE = {device.EVIDENCE_ENV: "1"}


@pytest.mark.skipif(GPU, reason="this machine has a GPU, so --device=cuda is not refused here")
def test_cuda_without_a_gpu_stops_at_once_with_a_clear_message():
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--device=cuda",
                             "tests/test_runner.py"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "--device=cuda: no CUDA GPU is visible" in result.stderr + result.stdout
    assert "passed" not in result.stdout  # nothing ran on the CPU instead
    assert time.monotonic() - started < 60


def test_cpu_hides_the_gpu_from_blocks():
    code = "import torch\nprint(torch.cuda.is_available())\n"
    [result] = run_path([{"where": "t.md:1", "code": code}], 120, env={"CUDA_VISIBLE_DEVICES": ""})
    assert result.ok and result.stdout == "False\n"


def test_a_block_pinned_to_the_cpu_is_caught_under_cuda():
    """On a GPU run this is the real check; on a CPU machine every block is CPU-pinned."""
    code = "import torch\nx = torch.ones(1000, device='cpu')\nprint(float((x * 2).sum()))\n"
    [result] = run_path([{"where": "t.md:1", "code": code}], 120, env=EVIDENCE)
    assert result.ok
    assert "stayed on the CPU" in device.gpu_problem(code, result.gpu)


def test_a_lightning_trainer_pinned_to_the_cpu_is_caught_under_cuda():
    code = ("import lightning as L\n"
            "trainer = L.Trainer(accelerator='cpu', logger=False, enable_progress_bar=False)\n")
    [result] = run_path([{"where": "t.md:1", "code": code}], 120, env=EVIDENCE)
    assert result.ok and result.gpu.get("lightning_accelerator") == "CPUAccelerator"
    assert "CPUAccelerator" in device.gpu_problem(code, result.gpu)


@pytest.mark.skipif(not GPU, reason="needs a CUDA GPU: run the suite on a GPU machine (README)")
def test_a_block_on_the_gpu_passes_the_proof():
    code = "import torch\nx = torch.ones(1000, device='cuda')\nprint(float((x * 2).sum()))\n"
    [result] = run_path([{"where": "t.md:1", "code": code}], 120, env=EVIDENCE)
    assert result.ok and result.gpu["torch_cuda_bytes"] > 0
    assert device.gpu_problem(code, result.gpu) is None


def test_blocks_without_a_framework_need_no_gpu():
    assert device.gpu_problem("import numpy as np\nprint(np.ones(3))\n", {}) is None


@pytest.mark.parametrize("shown,printed,on_gpu,match", [
    ("loss 0.1470\n", "loss 0.1470\n", False, True),
    ("loss 0.1470\n", "loss 0.1471\n", False, True),  # CPU: one unit of the last digit (rounding)
    ("loss 0.1470\n", "loss 0.1472\n", False, False),  # CPU: two units is a changed value
    ("loss 0.1470\n", "loss 0.147\n", False, False),  # CPU: printed differently
    ("lowest at epoch 43\n", "lowest at epoch 44\n", False, False),  # CPU: integers exact
    ("loss 0.1470\n", "loss 0.1471\n", True, True),  # GPU: within tolerance
    ("lowest at epoch 43\n", "lowest at epoch 44\n", True, True),
    ("loss 0.1470\n", "loss 0.3000\n", True, False),  # GPU: too far
    ("loss 0.1470\n", "cost 0.1470\n", True, False),  # GPU: words never move
])
def test_outputs_compare_to_the_last_digit_on_cpu_and_within_tolerance_on_gpu(shown, printed, on_gpu, match):
    assert outputs_match(shown, printed, on_gpu) is match


def test_the_gpu_record_says_what_each_block_did():
    """The record --gpu-record writes, from runs that really happened (here on the CPU, with
    the evidence the worker collects): a block that stayed on the CPU is not 'passed', a
    block after a failure is 'not run', and a record naming them is not a GPU line."""
    from lessonkit import provenance
    from lessonkit.harness import PathRun, gpu_entries
    from lessonkit.pages import Block

    page = "docs/en/frameworks.md"
    codes = ["import torch\nx = torch.ones(3)\nprint(float(x.sum()))\n",
             "import torch\nraise ValueError('broken on purpose')\n",
             "print('never reached')\n"]
    blocks = [Block(page, 10 * (i + 1), code, None, "PyTorch") for i, code in enumerate(codes)]
    results = run_path([{"where": b.where, "code": b.code} for b in blocks], 120,
                       env={**EVIDENCE, "CUDA_VISIBLE_DEVICES": ""})
    entries = gpu_entries([PathRun(page, "PyTorch", blocks, results, on_gpu=True)])
    assert [(e["line"], e["outcome"]) for e in entries] == [(10, "stayed on the CPU"), (20, "failed"),
                                                             (30, "not run")]
    assert "ValueError: broken on purpose" in entries[1]["detail"]
    record = {"device": "a GPU", "date": "2026-11-28", "packages": {"torch": "2.11.0+cu130"}, "blocks": entries}
    assert provenance.gpu_line(record, page, "{device}", "none") == "none"


@pytest.mark.parametrize("code,found,problem", [
    # A block that makes the Trainer which later blocks fit: its choice is the proof.
    ("import lightning as L\nimport torch\n", {"lightning_accelerator": "CUDAAccelerator", "torch_cuda_bytes": 0},
     None),
    ("import lightning as L\n", {"lightning_accelerator": "CPUAccelerator"}, "CPUAccelerator"),
    # A LightningModule trained by the reader's own loop: held to PyTorch's proof.
    ("import lightning as L\nimport torch\n", {"torch_cuda_bytes": 4096}, None),
    ("import lightning as L\nimport torch\n", {"torch_cuda_bytes": 0}, "stayed on the CPU"),
    ("import lightning as L\n", {}, "no Trainer"),
])
def test_lightning_blocks_prove_the_gpu_by_their_trainer_or_their_tensors(code, found, problem):
    answer = device.gpu_problem(code, found)
    assert (answer is None) if problem is None else (problem in answer), answer
