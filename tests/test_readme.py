"""The README's commands are the ones that are run."""

import re

from conftest import ROOT


def test_ci_runs_the_readme_test_command():
    """The README's second command is the one CI runs, word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(.+?)\n```", readme)
    assert len(commands) >= 2, "README.md must open with the serve command and the test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines(), f".ci/run does not run the README's test command: {commands[1]}"
