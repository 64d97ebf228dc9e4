"""The in-process papermill engine writes the outputs a kernel would (report.inprocess)."""
from __future__ import annotations

import os

import nbformat
import papermill as pm
import pytest
from papermill.engines import papermill_engines
from papermill.exceptions import PapermillExecutionError

from zyanalysis.report import batch, inprocess

CELLS = [
    "n = 2  # parameters",
    "print('a'); print('b')\nimport sys; print('warn', file=sys.stderr)",
    "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))\n{'k': n * 21}",
    "import pandas as pd\npd.DataFrame({'v': [1.5, None]})",
]


def notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells[0].metadata["tags"] = ["parameters"]
    return nb


def run(path, engine: str | None, **params) -> nbformat.NotebookNode:
    if inprocess.ENGINE not in papermill_engines._engines:
        papermill_engines.register(inprocess.ENGINE, inprocess.InProcessEngine)
    kw = {"engine_name": engine} if engine else {}
    return pm.execute_notebook(str(path), None, parameters=params, progress_bar=False, kernel_name="python3",
                               request_save_on_cell_execute=False, **kw)


def shape(nb: nbformat.NotebookNode) -> list:
    """Every output without what legitimately differs between runs (counts, ids)."""
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


@pytest.mark.slow
def test_outputs_equal_a_kernels(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook(CELLS), path)
    inproc, kernel = run(path, inprocess.ENGINE, n=3), run(path, None, n=3)
    assert shape(inproc) == shape(kernel)
    streams = shape(inproc)[2]
    # two prints are one stdout output (as nbclient merges them), then stderr
    assert [(o["name"], o["text"]) for o in streams] == [("stdout", "a\nb\n"), ("stderr", "warn\n")]
    html, result = shape(inproc)[3]
    assert html["data"]["text/html"] == "<b>x</b>" and result["data"]["text/plain"] == "{'k': 63}"


def test_an_error_stops_the_notebook_and_is_recorded_as_a_kernel_records_it(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook(["n = 2", "x = 1", "1 / 0", "y = 2"]), path)
    with pytest.raises(PapermillExecutionError) as e:
        run(path, inprocess.ENGINE)
    assert e.value.ename == "ZeroDivisionError"
    batch.reset_shell()
    assert "x" not in inprocess.shell().user_ns  # the next notebook starts clean


def test_a_cell_runs_in_the_folder_papermill_is_given(tmp_path):
    path = tmp_path / "nb.ipynb"
    nbformat.write(notebook(["n = 2", "import os; print(os.getcwd())"]), path)
    batch.reset_shell()
    nb = pm.execute_notebook(str(path), None, engine_name=inprocess.ENGINE, cwd=str(tmp_path), progress_bar=False,
                             kernel_name="python3")
    assert nb.cells[-1].outputs[0]["text"].strip() == str(tmp_path)
    assert os.getcwd() != str(tmp_path)
