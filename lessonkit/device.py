"""Proof that a block really ran on the GPU, per framework (outputs.py says how its printed
numbers may differ from the CPU's).

Under `pytest --device=cuda` the worker (runner.py) records, around every block, what
each framework did on the GPU: the CUDA bytes PyTorch allocated, the peak GPU memory
TensorFlow (and so Keras) used, and which accelerator a Lightning Trainer chose. The
parent then holds each block that uses a framework to that evidence: a block that
quietly stayed on the CPU fails with its page and line.
"""

from __future__ import annotations

import re
import sys

EVIDENCE_ENV = "LESSON_GPU_EVIDENCE"

USES_TORCH = re.compile(r"^\s*(?:import|from)\s+torch\b", re.M)
USES_LIGHTNING = re.compile(r"^\s*(?:import|from)\s+(?:lightning|pytorch_lightning)\b", re.M)
USES_TENSORFLOW = re.compile(r"^\s*(?:import|from)\s+(?:tensorflow|keras)\b", re.M)


# Worker side: runs inside the process that executes the blocks.

def _tf_gpus():
    tf = sys.modules.get("tensorflow")
    return tf, (tf.config.list_physical_devices("GPU") if tf is not None else [])


def snapshot() -> dict:
    before = {}
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available() and torch.cuda.is_initialized():
        before["torch"] = torch.cuda.memory_stats().get("allocated_bytes.all.allocated", 0)
    tf, gpus = _tf_gpus()
    if gpus:
        tf.config.experimental.reset_memory_stats("GPU:0")
    return before


def evidence(before: dict, namespace: dict) -> dict:
    found = {}
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available() and torch.cuda.is_initialized():
        allocated = torch.cuda.memory_stats().get("allocated_bytes.all.allocated", 0)
        found["torch_cuda_bytes"] = allocated - before.get("torch", 0)
    tf, gpus = _tf_gpus()
    if gpus:
        found["tensorflow_gpu_peak_bytes"] = tf.config.experimental.get_memory_info("GPU:0")["peak"]
    for value in list(namespace.values()):
        if type(value).__name__ == "Trainer" and type(value).__module__.startswith(("lightning", "pytorch_lightning")):
            found["lightning_accelerator"] = type(value.accelerator).__name__
    return found


# Parent side: judges the evidence.

def gpu_problem(code: str, found: dict) -> str | None:
    """Why a block that uses a framework did not run on the GPU, or None if it did."""
    if USES_LIGHTNING.search(code) and "lightning_accelerator" in found:
        # A block with a Trainer leaves the tensors to it (it may only define the module and
        # the Trainer that later blocks fit): the Trainer's choice is the proof. A block that
        # trains a LightningModule with its own loop is held to PyTorch's proof below.
        if found["lightning_accelerator"] != "CUDAAccelerator":
            return f"the Lightning Trainer chose {found['lightning_accelerator']}, not CUDAAccelerator"
        return None
    if USES_LIGHTNING.search(code) and not USES_TORCH.search(code):
        return "the block imports Lightning but made no Trainer and no PyTorch tensor"
    if USES_TORCH.search(code) and found.get("torch_cuda_bytes", 0) <= 0:
        return "PyTorch allocated no CUDA memory during this block: its tensors stayed on the CPU"
    if USES_TENSORFLOW.search(code) and found.get("tensorflow_gpu_peak_bytes", 0) <= 0:
        return ("TensorFlow placed nothing on a GPU during this block "
                "(is the CUDA build, tensorflow[and-cuda], installed?)")
    return None
