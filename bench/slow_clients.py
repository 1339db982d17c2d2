#!/usr/bin/env python3
"""Slow clients of an HTTP server, for bench/soak.sh exporter.

    slow_clients.py HOST PORT N PATH

Keeps N connections to HOST:PORT busy, a third each of
  dribble     sends a GET of PATH one byte every 0.5 s, reads the answer, and starts again
  idle        connects, sends nothing for 20 s, closes, and starts again
  no-read     sends 200 pipelined GETs of PATH and never reads an answer for 20 s, then closes
              and starts again
Each connection is replaced when it ends, so the server sees the same number of slow clients all
along. Prints "ready" once all are connected, and on SIGTERM the counts of what each kind did.
"""
import asyncio
import signal
import sys

done = {"dribble": 0, "idle": 0, "no-read": 0, "failed": 0}


async def dribble(host, port, request):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for b in request:
            writer.write(bytes([b]))
            await writer.drain()
            await asyncio.sleep(0.5)
        await asyncio.wait_for(reader.read(65536), 30)
    finally:
        writer.close()


async def idle(host, port, request):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        await asyncio.sleep(20)
    finally:
        writer.close()


async def no_read(host, port, request):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request * 200)
        # Not drain(): the server's answers are never read, so its writes may block; ours too.
        await asyncio.sleep(20)
    finally:
        writer.transport.abort()


KINDS = {"dribble": dribble, "idle": idle, "no-read": no_read}


async def client(kind, host, port, request, started):
    first = True
    while True:
        try:
            task = asyncio.ensure_future(KINDS[kind](host, port, request))
            if first:
                await asyncio.sleep(0.05)
                started.release()
                first = False
            await task
            done[kind] += 1
        except (OSError, asyncio.TimeoutError):
            done["failed"] += 1
            await asyncio.sleep(0.5)


async def main(host, port, n, path):
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    started = asyncio.Semaphore(0)
    kinds = list(KINDS)
    tasks = [asyncio.ensure_future(client(kinds[i % 3], host, port, request, started))
             for i in range(n)]
    for _ in range(n):
        await started.acquire()
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    for t in tasks:
        t.cancel()
    print("slow clients done:", " ".join(f"{k} {v}" for k, v in done.items()), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
