"""A slow web for the link benchmark: loopback hosts answering after 20-50 ms.

Run as its own process (`python -m bench.links_server --hosts 20`) so the server never competes
with the checker being timed for the same interpreter. It prints `{"port": N, "hosts": [...]}` on
stdout once every host listens, then serves until killed.

Paths (N is any number):
  /ok/N        200, small HTML page
  /redirect/N  301 -> /hop/N -> 302 -> /ok/N
  /head405/N   HEAD 405, GET 200
  /missing/N   404
  /gone/N      410
  /__stats     requests, connections, most requests in flight, and the wall-clock times of the
               first request and of the last answer, since the last call
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import time

_PAGE = b"<!doctype html><html><head><title>ok</title></head><body><h1 id='top'>fine</h1>" + b"x" * 2000 + b"</body></html>"


_STATS = {"requests": 0, "in_flight": 0, "most_in_flight": 0, "connections": 0, "first": None, "last": None}


async def _answer(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    if path == "/__stats":  # read and reset by the benchmark between tools
        body = json.dumps(_STATS).encode()
        _STATS.update(requests=0, most_in_flight=0, connections=0, first=None, last=None)
        return "200 OK", {"Content-Type": "application/json"}, body
    _STATS["requests"] += 1
    _STATS["first"] = _STATS["first"] or time.time()
    _STATS["in_flight"] += 1
    _STATS["most_in_flight"] = max(_STATS["most_in_flight"], _STATS["in_flight"])
    try:
        await asyncio.sleep(random.uniform(0.020, 0.050))
    finally:
        _STATS["in_flight"] -= 1
        _STATS["last"] = time.time()
    kind, _, number = path.strip("/").partition("/")
    if kind == "ok":
        return "200 OK", {"Content-Type": "text/html"}, _PAGE
    if kind == "redirect":
        return "301 Moved Permanently", {"Location": f"/hop/{number}"}, b""
    if kind == "hop":
        return "302 Found", {"Location": f"/ok/{number}"}, b""
    if kind == "head405":
        if method == "HEAD":
            return "405 Method Not Allowed", {"Allow": "GET"}, b""
        return "200 OK", {"Content-Type": "text/html"}, _PAGE
    if kind == "gone":
        return "410 Gone", {"Content-Type": "text/plain"}, b"gone"
    return "404 Not Found", {"Content-Type": "text/plain"}, b"not here"


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    _STATS["connections"] += 1
    try:
        while True:  # HTTP/1.1 keep-alive: every client gets the same connection reuse
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            length = int(headers.get("content-length", 0) or 0)
            if length:
                await reader.readexactly(length)
            status, extra, body = await _answer(method, path)
            close = headers.get("connection", "").lower() == "close"
            out = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: " + ("close" if close else "keep-alive")]
            out += [f"{k}: {v}" for k, v in extra.items()]
            writer.write(("\r\n".join(out) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body))
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def _main(hosts: int) -> None:
    addresses = [f"127.0.0.{i}" for i in range(1, hosts + 1)]
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    servers = [await asyncio.start_server(_serve, address, port, backlog=1024) for address in addresses]
    print(json.dumps({"port": port, "hosts": addresses}), flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    random.seed(args.seed)
    asyncio.run(_main(args.hosts))


if __name__ == "__main__":
    main()
