"""A papermill engine that runs a notebook's cells in this process, on an IPython shell.

``zyanalysis-inprocess``: the batch's workers run report notebooks with it instead of sending
each cell to a kernel. The cells run in a plain IPython ``InteractiveShell`` (the shell a kernel
wraps), so ``display()``, rich reprs and tracebacks work as in Jupyter; what a kernel would send
over its IOPub channel is written straight into the cell's outputs, in the nbformat shape
nbclient gives them (``stream``, ``display_data``, ``execute_result``, ``error``):

* mime data goes through a JSON round trip, as it does on the wire, so the executed notebook
  holds exactly what a kernel's would;
* consecutive writes to the same stream are one output, as nbclient merges them;
* the first error stops the notebook; papermill records it and raises
  ``PapermillExecutionError``, as with a kernel.

Papermill does the rest (parameters, cell metadata, errors). Nothing about a notebook changes:
it runs unchanged in Jupyter on a kernel. What differs is isolation: notebooks of one worker
share its process, so between notebooks the batch clears the user namespace
(:func:`zyanalysis.report.batch.reset_shell`, as in a kernel), and a notebook that kills or hangs its process takes the worker down with it (the batch
records the report as failed and starts a new worker).
"""
from __future__ import annotations

import contextlib
import json
import sys

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.jsonutil import json_default
from nbformat.v4 import new_output
from traitlets import Type
from papermill.engines import Engine

ENGINE = "zyanalysis-inprocess"

LANGUAGE_INFO = {
    "name": "python", "version": ".".join(map(str, sys.version_info[:3])), "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python", "file_extension": ".py",
}
"""What ipykernel reports as the notebook's language (papermill stores it in the metadata)."""


def _wire(obj):
    """``obj`` as a kernel's message would carry it: through JSON."""
    return json.loads(json.dumps(obj, default=json_default))


class _Outputs:
    """The outputs of the cell being run."""

    def __init__(self) -> None:
        self.items: list = []

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.items[-1] if self.items else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text  # nbclient merges consecutive writes to one stream
        else:
            self.items.append(new_output("stream", name=name, text=text))


class _Stream:
    """sys.stdout / sys.stderr while a cell runs."""

    def __init__(self, outputs: _Outputs, name: str) -> None:
        self.outputs, self.name = outputs, name

    def write(self, text: str) -> int:
        self.outputs.stream(self.name, text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _Publisher(DisplayPublisher):
    """``display()`` → a ``display_data`` output."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        # update=True (update_display) appends too: no report notebook updates a display
        self.shell.zy_outputs.items.append(new_output("display_data", data=_wire(data), metadata=_wire(metadata or {})))

    def clear_output(self, wait=False) -> None:
        self.shell.zy_outputs.items.clear()


class _DisplayHook(DisplayHook):
    """A cell's last expression → an ``execute_result`` output."""

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shell.zy_outputs.items.append(new_output(
            "execute_result", data=_wire(format_dict), metadata=_wire(md_dict or {}),
            execution_count=self.shell.execution_count))

    def finish_displayhook(self) -> None:
        pass


class Shell(InteractiveShell):
    """The in-process shell: outputs collected per cell, tracebacks kept as ``error`` outputs."""

    zy_outputs: _Outputs = _Outputs()
    zy_error: dict | None = None

    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_DisplayHook)

    def _showtraceback(self, etype, evalue, stb) -> None:
        self.zy_error = {"ename": etype.__name__, "evalue": str(evalue), "traceback": list(stb)}


def shell() -> Shell:
    """This process's shell (created on first use, history in memory)."""
    if not Shell.initialized():
        s = Shell.instance(colors="nocolor")
        s.history_manager.enabled = False
    return Shell.instance()


def run_cell(source: str) -> tuple[list, dict | None]:
    """Run one cell; its outputs, and its error output's fields (or None)."""
    s = shell()
    s.zy_outputs, s.zy_error = _Outputs(), None
    with contextlib.redirect_stdout(_Stream(s.zy_outputs, "stdout")), \
            contextlib.redirect_stderr(_Stream(s.zy_outputs, "stderr")):
        result = s.run_cell(source, store_history=True)
    error = s.zy_error
    if error is None and not result.success:  # an error IPython did not show (rare)
        e = result.error_in_exec or result.error_before_exec
        error = {"ename": type(e).__name__, "evalue": str(e), "traceback": [f"{type(e).__name__}: {e}"]}
    if error is not None:
        s.zy_outputs.items.append(new_output("error", **error))
    return s.zy_outputs.items, error


class CellError(Exception):
    """A cell raised: the notebook stops there (papermill reports it from the error output)."""


class InProcessEngine(Engine):
    """papermill engine: each code cell through :func:`run_cell`, papermill's bookkeeping kept."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        nb_man.nb.metadata["language_info"] = dict(LANGUAGE_INFO)
        for index, cell in enumerate(nb_man.nb.cells):
            try:
                nb_man.cell_start(cell, index)
                if cell.cell_type == "code":
                    outputs, error = run_cell(cell.source)
                    cell.outputs = outputs
                    cell.execution_count = shell().execution_count - 1
                    if error is not None:
                        raise CellError(error["ename"])
            except CellError as e:
                nb_man.cell_exception(nb_man.nb.cells[index], cell_index=index, exception=e)
                break
            finally:
                nb_man.cell_complete(nb_man.nb.cells[index], cell_index=index)
