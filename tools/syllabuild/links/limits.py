"""Limits on requests in flight: a few per host, and a global number shared by all hosts."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import deque

__all__ = ["GlobalSlots", "HostLimits"]


class HostLimits:
    """Per-host limits: a few requests in flight, and a start time no request may precede."""

    def __init__(self, slots: int) -> None:
        self.slots = asyncio.Semaphore(slots)
        """Requests in flight to this host."""
        self.queue: deque[str] = deque()
        """Pages of this host not started yet."""
        self.active = 0
        """Pages of this host under way, but for those waiting out a retry's backoff."""
        self.not_before = 0.0
        self.lock = asyncio.Lock()
        self.unfinished = 0
        """Links on this host whose check has not ended."""
        self.finished = 0
        """Links on this host whose check has ended."""
        self.requests = 0
        """Requests sent to this host so far (redirect hops and retries included)."""

    def work_left(self) -> float:
        """Requests this host's unfinished links are likely to take: as many each as the links
        so far did (a host that redirects every link needs twice as many), one before any ended."""
        if not self.finished:
            return self.unfinished
        return self.unfinished * self.requests / self.finished


class GlobalSlots:
    """The global limit on requests in flight, handing a free slot to the host with the most
    work left rather than to the longest waiter.

    The per-host limit caps how fast one host's links go, so a run ends when its busiest host
    is done; first come, first served leaves that host's last links queued after the other
    hosts have finished (the benchmark's last 100 ms ran a third of the slots). Serving the
    longest queue first keeps every host's share until the end, as a scheduler does with the
    longest jobs. The queue is measured in requests, not links (`HostLimits.work_left`): a host
    whose links redirect would otherwise end the run with its chains of hops, one slot each,
    while the others idle. A waiter's rank is its host's estimate when it started waiting: a
    heap instead of a scan of every host on every release, which costs more than it saves with
    hundreds of hosts.
    """

    def __init__(self, count: int) -> None:
        self._free = count
        self._waiting: list[tuple[int, int, asyncio.Future]] = []
        self._order = itertools.count()

    async def acquire(self, host: HostLimits) -> None:
        """Wait for a slot for a request to `host`; `release` it when the request is done."""
        if self._free and not self._waiting:
            self._free -= 1
            return
        slot = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (-host.work_left(), next(self._order), slot))
        try:
            await slot
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self.release()  # handed a slot in the same moment as cancelled: pass it on
            else:
                self._waiting = [entry for entry in self._waiting if entry[2] is not slot]
                heapq.heapify(self._waiting)
            raise

    def release(self) -> None:
        """Give a slot back: to the best-ranked waiter, else to the free pool."""
        if self._waiting:
            heapq.heappop(self._waiting)[2].set_result(None)
        else:
            self._free += 1
