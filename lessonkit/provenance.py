"""What every example was tested with, as readers see it under each page's title.

CPU: the build executes every notebook (lessonkit/notebooks.py), and every code block of
the lesson and lab pages is a cell of one of them (tests/test_provenance.py holds that).
When a notebook executes, its last act is to ask the kernel itself for the Python and
framework versions and the device, and `record()` keeps the answer in the executed
notebook's metadata. A page's line is made from the notebooks that ran its blocks, so it
names only what really ran, and when.

GPU: `.ci/gpu-proof.json`, written by a `--device=cuda` run on a GPU machine (see the
README, "On a GPU"), lists each block that ran there. Without it, pages say that their
examples have not yet run on a GPU.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lessonkit.pages import ROOT, Block, Page, PageError, read_page

METADATA_KEY = "lessonkit"
GPU_RECORD = ROOT / ".ci" / "gpu-proof.json"
TAB_NAMES = {"torch": "PyTorch", "tensorflow": "TensorFlow", "keras": "Keras", "lightning": "Lightning"}
FRAMEWORKS = {"torch": "torch", "tensorflow": "TensorFlow", "keras": "Keras", "lightning": "Lightning"}
IMPORT = re.compile(rf"^\s*(?:import|from)\s+({'|'.join(FRAMEWORKS)})\b", re.M)

# The kernel answers this after the notebook's own cells have run.
PROBE_CELL = r'''
import datetime, importlib.metadata, json, platform
_found = {}
for _name in ("torch", "tensorflow", "keras", "lightning"):
    try:
        _found[_name] = importlib.metadata.version(_name)
    except importlib.metadata.PackageNotFoundError:
        pass
_device = "CPU"
try:
    import torch as _torch
    if _torch.cuda.is_available():
        _device = "GPU: " + _torch.cuda.get_device_name(0)
except ImportError:
    pass
print(json.dumps({"date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                  "python": platform.python_version(), "packages": _found, "device": _device}))
'''


@functools.lru_cache(maxsize=1)
def environment_key() -> str:
    """Python and the versions of what the examples import: part of every cache key, so
    that upgrading a framework executes the notebooks and figures again."""
    import importlib.metadata
    import platform
    versions = []
    for name in ("torch", "tensorflow", "keras", "lightning", "numpy", "matplotlib", "scikit-learn"):
        try:
            versions.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return f"python {platform.python_version()}; " + "; ".join(versions)


@dataclass(frozen=True)
class Run:
    """One execution of a notebook: when, with what, on what."""
    date: str
    python: str
    packages: dict
    device: str


def record(notebook, output_text: str) -> None:
    """Keep the kernel's answer to PROBE_CELL in the executed notebook's metadata."""
    notebook.metadata[METADATA_KEY] = json.loads(output_text.strip().splitlines()[-1])


def run_of(executed: Path) -> Run | None:
    data = json.loads(executed.read_text(encoding="utf-8")).get("metadata", {}).get(METADATA_KEY)
    return Run(data["date"], data["python"], data["packages"], data["device"]) if data else None


# What a framework runs on here: Keras on its TensorFlow backend, Lightning on PyTorch.
RUNS_ON = {"keras": "tensorflow", "lightning": "torch"}


def frameworks_used(blocks: list[Block]) -> list[str]:
    """The frameworks a page's code imports, with what they run on, in a fixed order."""
    found = {name for block in blocks for name in IMPORT.findall(block.code)}
    found |= {RUNS_ON[name] for name in found if name in RUNS_ON}
    return [name for name in FRAMEWORKS if name in found]


def covering_notebooks(page: Page, notebook_cells: dict[str, set[str]]) -> tuple[set[str], list[Block]]:
    """The notebooks whose cells run this page's blocks (a block may be the start of a
    cell, as the shared data is), and the blocks that no notebook runs."""
    names, missing = set(), []
    for block in page.blocks:
        holders = [name for name, cells in notebook_cells.items() if runs_in(block, cells)]
        if holders:
            names.add(holders[0])
        else:
            missing.append(block)
    return names, missing


def runs_in(block: Block, cells: set[str]) -> bool:
    return any(block.code.strip() in cell for cell in cells)


def cpu_line(runs: list[Run], frameworks: list[str], template: str) -> str:
    """The page's CPU line, from the runs of the notebooks that executed its blocks."""
    oldest = min(runs, key=lambda run: run.date)
    versions = ", ".join([f"Python {oldest.python}"] + [f"{FRAMEWORKS[name]} {oldest.packages[name]}"
                                                         for name in frameworks if name in oldest.packages])
    devices = sorted({run.device for run in runs})
    return template.format(date=oldest.date, versions=versions, device=" / ".join(devices))


# ---------------------------------------------------------------------------- GPU record

def gpu_record(path: Path = GPU_RECORD) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def fingerprint(code: str) -> str:
    """What a GPU record keeps of a block's code: a block whose code is unchanged stays
    proven wherever its page moves it; a changed one needs the GPU proof again."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:16]


def record_problems(record: dict, root: Path = ROOT) -> list[str]:
    """Blocks the record names whose code is no longer on their page, in their tab."""
    problems = []
    blocks_of: dict[str, set[tuple[str | None, str]] | None] = {}  # page -> (tab, fingerprint) of its blocks
    for entry in record.get("blocks", []):
        rel = entry["page"]
        if rel not in blocks_of:
            blocks_of[rel] = None
            try:
                if (root / rel).exists():
                    if rel.startswith("snippets/notebooks/"):
                        from lessonkit import notebooks  # notebooks imports this module
                        page = notebooks.as_page(root / rel)
                    else:
                        page = read_page(root / rel)
                    blocks_of[rel] = {(b.tab, fingerprint(b.code)) for b in page.blocks}
            except PageError as error:
                problems.append(str(error))
        if blocks_of[rel] is None:
            problems.append(f"{rel}: the GPU proof record names this page, which does not exist")
            continue
        if (entry.get("tab"), entry.get("code")) not in blocks_of[rel]:
            problems.append(f"{rel}:{entry['line']}: the GPU proof record names a block ({entry.get('tab')} tab) "
                            "whose code is not on the page any more: run the GPU proof again")
    return problems


def gpu_shortfalls(record: dict | None, page: Page) -> dict[str, dict]:
    """The blocks of a source page that ran on the GPU and did not pass (other numbers, an
    error, the CPU), by the snippet each shows: the page prints the CPU's output, so a
    reader on a GPU is told under the block what the proof saw there."""
    entries = {(e["page"], e.get("tab"), e.get("code")): e for e in (record or {}).get("blocks", [])
               if e.get("outcome") != "passed"}
    found = {}
    for block in page.blocks:
        entry = entries.get((block.page, block.tab, fingerprint(block.code)))
        if entry and block.includes:
            found[block.includes[-1]] = entry
    return found


def gpu_line(record: dict | None, source_rel: str, template: str, none_yet: str) -> str:
    """The page's GPU line: what the record proves for this page's blocks, or that nothing ran."""
    if record:
        entries = [b for b in record.get("blocks", []) if b["page"] == source_rel and b.get("outcome") == "passed"]
        if entries:
            # A notebook has no tabs: the frameworks its proven cells import stand for them.
            tabs = list(dict.fromkeys(b["tab"] for b in entries if b.get("tab")))
            if not tabs:
                used = {f for b in entries for f in b.get("frameworks", [])}
                tabs = [name for framework, name in TAB_NAMES.items() if framework in used]
            proven = {f for b in entries for f in b.get("frameworks", [])}
            packages = ", ".join(f"{FRAMEWORKS.get(k, k)} {v}" for k, v in record.get("packages", {}).items()
                                 if k in proven or not proven)
            return template.format(device=record["device"], driver=record.get("driver", "?"), versions=packages,
                                   date=record["date"], tabs=", ".join(tabs) or "-")
    return none_yet
