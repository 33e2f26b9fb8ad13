"""Which GPUs a pool may give its runs, one device per run and `gpu="N"` devices at most at once.

Locally the devices are found without initialising CUDA in the build's process (the driver's
`/proc/driver/nvidia/gpus`, else `nvidia-smi -L`; narrowed by `CUDA_VISIBLE_DEVICES`). A dask
worker's come from its `GPU` resource, which Dask only counts: the worker's `CUDA_VISIBLE_DEVICES`
(dask-cuda lists the worker's own device first), else `0 … N-1`. A run gets its devices as its
child's `CUDA_VISIBLE_DEVICES`; on a GPU worker, a run that asked for none gets none
(`CUDA_VISIBLE_DEVICES=""`), so it cannot take a device another run was given.

Runs in the warm worker's pool thread: standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading

__all__ = ["VISIBLE", "DeviceSlots"]

VISIBLE = "CUDA_VISIBLE_DEVICES"
_DRIVER = "/proc/driver/nvidia/gpus"
CLUSTER_HINT = "build on a cluster with GPU workers (SYLLABUILD_DASK_SCHEDULER)"


class DeviceSlots:
    """The devices of one machine or dask worker, each given to one run at a time."""

    def __init__(self, devices: tuple[str, ...], place: str = "this machine", hint: str = CLUSTER_HINT,
                 hide: bool = False) -> None:
        """`place` names where the devices are, for messages; `hide`: runs without `gpu` see no device."""
        self.devices, self.place, self.hint, self.hide = devices, place, hint, hide
        self._free = list(devices)
        self._changed = threading.Condition()

    @classmethod
    def local(cls) -> DeviceSlots:
        return cls(_local_devices())

    @classmethod
    def of_worker(cls, count: int, place: str) -> DeviceSlots:
        """A dask worker advertising `count` GPUs (its `GPU` resource)."""
        listed = _visible(os.environ.get(VISIBLE))
        devices = (listed if listed is not None else tuple(str(n) for n in range(count)))[:count]
        return cls(devices, place, "start the worker with one device per GPU resource", hide=count > 0)

    def shortfall(self, count: int) -> str:
        """'' when `count` devices can be given (now or later), else why not: one line for the run."""
        if count <= len(self.devices):
            return ""
        have = "none" if not self.devices else f"only {len(self.devices)}"
        needs = "a GPU" if count == 1 else f"{count} GPUs"
        return f'needs {needs} (gpu="{count}") and {self.place} has {have}: {self.hint}'

    def acquire(self, count: int) -> tuple[str, ...]:
        """Wait until `count` devices are free and take them (`shortfall` said they exist)."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._free) >= count)
            taken = tuple(device for device in self.devices if device in self._free)[:count]  # in listed order
            self._free = [device for device in self._free if device not in taken]
            return taken

    def release(self, devices: tuple[str, ...]) -> None:
        if devices:
            with self._changed:
                self._free.extend(devices)
                self._changed.notify_all()

    def environment(self, devices: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """What the run's child sets: its devices, or none on a machine whose devices are shared out."""
        if devices or self.hide:
            return ((VISIBLE, ",".join(devices)),)
        return ()


def _local_devices() -> tuple[str, ...]:
    count = _driver_count()
    if not count:
        return ()
    listed = _visible(os.environ.get(VISIBLE))
    return listed if listed is not None else tuple(str(n) for n in range(count))


def _visible(value: str | None) -> tuple[str, ...] | None:
    """The devices `CUDA_VISIBLE_DEVICES` names, as CUDA reads it (up to the first invalid entry); None if unset."""
    if value is None:
        return None
    devices = []
    for part in value.split(","):
        part = part.strip()
        if not part or part.startswith("-"):
            break
        devices.append(part)
    return tuple(devices)


def _driver_count() -> int:
    try:
        return len(os.listdir(_DRIVER))
    except OSError:
        pass
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return 0
    try:
        listing = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    return sum(1 for line in listing.splitlines() if line.startswith("GPU "))
