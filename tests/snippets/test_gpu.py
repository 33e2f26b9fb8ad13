"""`gpu="1"`: a run that needs a GPU gets its own device, or fails at its line where there is none.

This machine has no GPU: devices here are names handed out (what a run sees in CUDA_VISIBLE_DEVICES),
and the build that needs one fails as it would on any machine without.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from concurrent.futures import wait
from pathlib import Path

from snippet_helpers import snippet
from syllabuild.notebooks.execute import plan_notebook
from syllabuild.notebooks.model import NotebookSource
from syllabuild.snippets.cache import snippet_keys
from syllabuild.snippets.forkserver import cuda_refusal
from syllabuild.snippets.gpus import DeviceSlots
from syllabuild.snippets.model import Run, SnippetOptions, Status
from syllabuild.snippets.options import apply_options
from syllabuild.snippets.pool import WarmPool
from syllabuild.snippets.preload import Warmup
from syllabuild.snippets.runner import Job

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "snippets_course"
SHOW = "import os, time\ntime.sleep(0.3)\nprint(repr(os.environ.get('CUDA_VISIBLE_DEVICES')))\n"


def test_the_gpu_option_takes_a_number_of_devices():
    assert apply_options(SnippetOptions(), {"gpu": "1"}) == (SnippetOptions(gpu=1), [])
    assert apply_options(SnippetOptions(), {"gpu": "yes"})[1] == ['gpu: expected a number of GPUs like "1", got "yes"']
    # Runs that need no GPU keep the cache keys they had before the option existed.
    assert "gpu" not in SnippetOptions().key_fields()
    assert snippet_keys((snippet("x = 1"),)) != snippet_keys((snippet("x = 1", gpu=1),))


def test_a_notebook_asks_for_a_gpu_in_its_metadata(tmp_path):
    def plan(settings):
        notebook = {"nbformat": 4, "metadata": {"syllabuild": settings},
                    "cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}]}
        return plan_notebook(NotebookSource("lectures/t.ipynb"), notebook, tmp_path, SnippetOptions())

    assert Run(plan({"gpu": 1}).run).gpu == 1 and Run(plan({}).run).gpu == 0
    assert plan({"gpu": "all"}).problems == (
        'lectures/t.ipynb: metadata.syllabuild.gpu: expected a number of GPUs like "1", got "all"',)


def test_each_gpu_run_gets_devices_of_its_own_and_the_others_keep_the_machine_view(tmp_path):
    pool = WarmPool(3, 1, Warmup(), gpus=DeviceSlots(("5", "6")))
    try:
        def job(code, **options):
            return Job(Run((snippet(code, **options),)), str(tmp_path), (), ())

        one = [pool.submit(job(f"{SHOW}# {n}", gpu=1)) for n in range(2)]
        both = pool.submit(job(SHOW, gpu=2))
        plain = pool.submit(job(SHOW))
        three = pool.submit(job(SHOW, gpu=3))
        wait([*one, both, plain, three])
    finally:
        pool.close()
    assert {future.result()[0].stdout for future in one} == {"'5'\n", "'6'\n"}
    assert both.result()[0].stdout == "'5,6'\n"  # waited for both devices to be free
    assert plain.result()[0].stdout == f"{os.environ.get('CUDA_VISIBLE_DEVICES')!r}\n"
    (too_many,) = three.result()
    assert too_many.status is Status.CRASH
    assert too_many.failure.message == ('needs 3 GPUs (gpu="3") and this machine has only 2: build on a cluster '
                                        "with GPU workers (SYLLABUILD_DASK_SCHEDULER)")


def test_a_dask_worker_hands_out_the_devices_it_advertises(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,1,0")  # dask-cuda lists the worker's own device first
    worker = DeviceSlots.of_worker(1, "dask worker tcp://10.0.0.5:4000")
    assert worker.devices == ("3",) and worker.environment(()) == (("CUDA_VISIBLE_DEVICES", ""),)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES")
    assert DeviceSlots.of_worker(2, "w").devices == ("0", "1") and DeviceSlots.of_worker(0, "w").environment(()) == ()


def test_a_gpu_run_is_never_forked_from_a_process_that_initialised_cuda(monkeypatch, tmp_path):
    job = Job(Run((snippet("x = 1", gpu=1),)), str(tmp_path), (), ())
    fake = types.SimpleNamespace(cuda=types.SimpleNamespace(is_initialized=lambda: True))
    monkeypatch.setitem(sys.modules, "torch", fake)
    assert cuda_refusal(job).startswith("not run: the snippet worker initialised CUDA while preloading")
    assert cuda_refusal(Job(Run((snippet("x = 1"),)), str(tmp_path), (), ())) == ""


def test_a_strict_build_without_a_gpu_fails_at_the_snippet_that_needs_one(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    notes = course / "lectures" / "01-gradient-descent.md"
    notes.write_text(notes.read_text() + '\n```python exec="on" gpu="1"\nimport torch\nprint(torch.ones(1).cuda())\n```\n')
    line = notes.read_text().split("\n").index('```python exec="on" gpu="1"') + 2
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CUDA_VISIBLE_DEVICES": ""}
    env.pop("SYLLABUILD_DASK_SCHEDULER", None)
    build = subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--strict"], cwd=course,
                           capture_output=True, text=True, timeout=300, env=env)
    assert build.returncode == 1
    assert (f'lectures/01-gradient-descent.md:{line}: snippet failed: needs a GPU (gpu="1") and this machine has '
            "none: build on a cluster with GPU workers (SYLLABUILD_DASK_SCHEDULER)") in build.stderr
