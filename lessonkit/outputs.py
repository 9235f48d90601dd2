"""What a block prints, against the output its page shows.

- `outputs_match`: the rule every check of a printed output uses (the code-block tests,
  the browser's copied and downloaded blocks, the GPU proof);
- `python -m lessonkit.outputs` rewrites the shown outputs instead: the same as
  `python -m pytest tests/test_code_blocks.py --device=cpu --update-outputs` on the
  English pages and the notebooks. The harness (lessonkit/harness.py) runs every reader
  path as the tests do and writes what each block printed into its
  `snippets/**/NAME.output.txt`. Run it after changing a snippet, then review the diff.
  Extra arguments go to pytest (for instance `-k frameworks`).
"""
import os
import sys

from lessonkit.numbers import PRINTED
from lessonkit.pages import ONLY, ROOT, source_language

# On a GPU, cuBLAS and cuDNN sum in another order than the CPU kernels, and training
# amplifies those last-bit differences over hundreds of steps (an epoch index can move by
# one or two). Printed numbers there must agree within this tolerance; the words must not
# change at all. On the CPU, where results are reproducible, outputs must match exactly.
GPU_RELATIVE_TOLERANCE = 0.05
GPU_ABSOLUTE_TOLERANCE = 0.01


def last_digit_unit(number: str) -> float:
    """One unit in the last printed decimal place: 0.001 for '1.105'; 0 for an integer."""
    mantissa, _, exponent = number.lower().partition("e")
    if "." not in mantissa:
        return 0.0
    return 10.0 ** (int(exponent or 0) - len(mantissa.split(".")[1]))


def outputs_match(shown: str, printed: str, on_gpu: bool) -> bool:
    """Printed output must be the shown output. Numbers may differ by the rounding of
    their last printed digit on a CPU (another CPU model sums floats in another order:
    1.105 against 1.106), within GPU_*_TOLERANCE on a GPU; integers and text never."""
    shown, printed = shown.rstrip("\n"), printed.rstrip("\n")
    if shown == printed:
        return True
    if PRINTED.sub("#", shown) != PRINTED.sub("#", printed):
        return False
    for a_text, b_text in zip(PRINTED.findall(shown), PRINTED.findall(printed)):
        a, b = float(a_text), float(b_text)
        if on_gpu:
            allowed = max(GPU_ABSOLUTE_TOLERANCE, GPU_RELATIVE_TOLERANCE * abs(a))
        else:
            unit = last_digit_unit(a_text)
            if not unit or unit != last_digit_unit(b_text):
                if a_text != b_text:
                    return False
                continue
            allowed = unit * 1.000001
        if abs(a - b) > allowed:
            return False
    return True


def main(args: list[str]) -> int:
    import pytest

    os.environ.setdefault(ONLY, source_language())  # translations run the same code
    return pytest.main([str(ROOT / "tests" / "test_code_blocks.py"), "--device=cpu", "--update-outputs",
                        "-q", "-p", "no:cacheprovider", *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
