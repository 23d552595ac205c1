"""Which heavy libraries each entry point imports, seen in a fresh interpreter's ``sys.modules``.

``import logitnet``, ``--help``, ``--version`` and every ``CMD --help`` import none of them, and
logistic regression (from Python or from the shell) never imports torch.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from logitnet.cli import app

HEAVY = ("sklearn", "torch", "pandas", "scipy", "pyarrow", "plotly")
COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)

# Prints the heavy modules loaded so far as the last line of stdout, at exit.
_REPORT = f"""
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules))))
"""

# Runs ``python -m logitnet ARGS`` in this process: ``run(args) -> exit code``.
_RUN_CLI = """
import runpy
def run(args):
    sys.argv = ["logitnet", *args]
    try:
        runpy.run_module("logitnet", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return exc.code or 0
    return 0
"""


def heavy_modules(code: str, cwd: Path | None = None, *, cli: bool = False) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``code`` (with ``run``)."""
    script = _REPORT + (_RUN_CLI if cli else "") + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_list_of_commands_is_complete():
    assert {"train", "predict", "evaluate", "summary", "demo"} <= set(COMMANDS)


def test_import_logitnet_imports_no_heavy_library():
    assert heavy_modules("import logitnet; logitnet.DataError, logitnet.__version__") == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], [], *([name, "--help"] for name in COMMANDS)],
    ids=lambda args: " ".join(args) or "no arguments",
)
def test_cli_start_up_imports_no_heavy_library(args):
    code = f"assert run({args!r}) == {2 if not args else 0}"
    assert heavy_modules(code, cli=True) == []


def test_the_sklearn_subclasses_import_sklearn_only_when_used():
    code = """
    import logitnet
    assert "sklearn" not in sys.modules
    from sklearn.exceptions import NotFittedError
    assert issubclass(logitnet.NotFittedError, NotFittedError)
    """
    loaded = heavy_modules(code)
    assert "sklearn" in loaded and "torch" not in loaded


_LOGISTIC = """
import numpy as np
import logitnet
rng = np.random.default_rng(0)
X = rng.normal(size=(60, 3))
y = np.where(X[:, 0] + rng.normal(size=60) > 0, "yes", "no")
model = logitnet.LogisticRegression(alpha=0.1).fit(X, y)
model.predict_proba(X)
same = logitnet.load(logitnet.save(model, "model.safetensors"))
assert (same.predict(X) == model.predict(X)).all()
logitnet.write_report("report.html", same, X, y)

import pandas as pd
from logitnet.preprocessing import make_pipeline, prepare_table
frame = pd.DataFrame({"x": X[:, 0], "colour": np.where(X[:, 1] > 0, "red", "blue"), "label": y})
table = prepare_table(frame, "label")
pipe = make_pipeline(logitnet.LogisticRegression(), table.plan).fit(table.X, table.y)
same = logitnet.load(logitnet.save(pipe, "pipe.safetensors"))
assert (same.predict(table.X) == pipe.predict(table.X)).all()
"""


@pytest.mark.slow
def test_logistic_regression_never_imports_torch(tmp_path):
    loaded = heavy_modules(_LOGISTIC, cwd=tmp_path)
    assert "torch" not in loaded
    assert {"sklearn", "scipy", "plotly"} <= set(loaded)  # the check sees real imports
    assert (tmp_path / "report.html").stat().st_size > 0


def write_items(path: Path, n: int = 80) -> None:
    """A small CSV: two numbers, a colour and a yes/no label."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    x1, x2 = rng.normal(size=n).round(3), rng.normal(size=n).round(3)
    colour = rng.choice(["red", "green", "blue"], size=n)
    label = np.where(2 * x1 - x2 + (colour == "red") + rng.normal(size=n) > 0, "yes", "no")
    pd.DataFrame({"x1": x1, "x2": x2, "colour": colour, "label": label}).to_csv(path, index=False)


@pytest.mark.slow
def test_the_cli_on_a_logistic_model_never_imports_torch(tmp_path):
    write_items(tmp_path / "items.csv")
    code = """
    model = "run/model.safetensors"
    assert run(["train", "items.csv", "-t", "label", "--out", "run"]) == 0
    assert run(["predict", model, "items.csv", "--proba", "-o", "predictions.csv"]) == 0
    assert run(["evaluate", model, "items.csv", "-t", "label", "--json"]) == 0
    assert run(["summary", model]) == 0
    """
    loaded = heavy_modules(code, cwd=tmp_path, cli=True)
    assert "torch" not in loaded and {"sklearn", "pandas"} <= set(loaded)
    assert (tmp_path / "run" / "report.html").exists()
    assert (tmp_path / "predictions.csv").read_text().startswith("prediction,proba_no,proba_yes")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["train", "--help"]])
def test_cli_start_up_imports_no_numpy(args):
    code = f"""
    import logitnet.cli
    assert "numpy" not in sys.modules, "import logitnet.cli"
    assert run({args!r}) == 0
    assert "numpy" not in sys.modules, {" ".join(args)!r}
    """
    assert heavy_modules(code, cli=True) == []


@pytest.mark.parametrize("args", [["--version"], ["--help"], []])
def test_the_command_list_and_the_version_skip_rich_s_help_layout(args):
    code = f"""
    assert run({args!r}) == {2 if not args else 0}
    assert "typer.rich_utils" not in sys.modules and "rich.markdown" not in sys.modules
    """
    assert heavy_modules(code, cli=True) == []


def test_the_command_list_names_every_command_and_a_command_s_help_keeps_its_panels():
    from typer.testing import CliRunner

    listing = CliRunner().invoke(app, ["--help"])
    assert listing.exit_code == 0
    assert [
        line.split()[0] for line in listing.output.split("Commands:\n")[1].splitlines()[:8]
    ] == [
        "train",
        "evaluate",
        "predict",
        "summary",
        "demo",
        "playground",
        "serve",
        "export",
    ]
    train_help = CliRunner().invoke(app, ["train", "--help"], terminal_width=120)
    assert "╭─ Options of the logistic model" in train_help.output, train_help.output[:2000]
