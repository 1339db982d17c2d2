#!/usr/bin/env python3
"""Peers for bench/soak.sh: hostile ones, and greeters too small to need a real server.

    soak_peers.py HOST:PORT:KIND...

KIND is one of
  silent          accepts, reads and discards, never speaks
  garbage         sends 4 KiB of random bytes (no protocol starts with its first byte), then reads
  trickle         sends "HTTP/1.1 200 OK\\r\\n\\r\\n" one byte per second
  endless-header  after the request, "HTTP/1.1 200 OK\\r\\nX-Big: " and then 'b's until the client goes
  reset           accepts, then resets (SO_LINGER 0 and close)
  tls-stall       reads the ClientHello, sends the first 8 bytes of a ServerHello, never the rest
  ftp             an FTP greeting (220), 221 to anything
  vnc             the RFB 3.8 greeting
  tds             a TDS PRELOGIN reply to the client's PRELOGIN
  udp-silent      a UDP port that reads every datagram and never answers (a TFTP server that is gone)

Prints "ready" once every port is bound; runs until killed. One thread (asyncio), bounded memory:
nothing is kept per connection beyond its own buffers.
"""
import asyncio
import os
import socket
import struct
import sys

TDS = bytes([4, 1, 0, 26, 0, 0, 1, 0, 0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 255, 15, 0, 7, 208, 0, 0, 2])


async def drain(reader):
    while await reader.read(4096):
        pass


async def silent(reader, writer):
    await drain(reader)


async def garbage(reader, writer):
    junk = bytearray(os.urandom(4096))
    junk[0] = 0xC3  # not 'H', 'R', '2', 0x04 or a TLS record type: garbage to every checker
    writer.write(bytes(junk))
    await writer.drain()
    await drain(reader)


async def trickle(reader, writer):
    for b in b"HTTP/1.1 200 OK\r\n\r\n":
        writer.write(bytes([b]))
        await writer.drain()
        await asyncio.sleep(1)  # the peer's pace
    await drain(reader)


async def endless_header(reader, writer):
    await reader.read(1)
    writer.write(b"HTTP/1.1 200 OK\r\nX-Big: ")
    chunk = b"b" * 65536
    while True:
        writer.write(chunk)
        await writer.drain()


async def reset(reader, writer):
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def tls_stall(reader, writer):
    await reader.read(1)
    writer.write(bytes([0x16, 0x03, 0x03, 0x00, 0x7A, 0x02, 0x00, 0x00]))
    await writer.drain()
    await drain(reader)


async def ftp(reader, writer):
    writer.write(b"220 soak FTP ready\r\n")
    await writer.drain()
    while await reader.readline():
        writer.write(b"221 bye\r\n")
        await writer.drain()


async def vnc(reader, writer):
    writer.write(b"RFB 003.008\n")
    await writer.drain()
    await drain(reader)


async def tds(reader, writer):
    await reader.read(4096)
    writer.write(TDS)
    await writer.drain()
    await drain(reader)


TCP = {
    "silent": silent,
    "garbage": garbage,
    "trickle": trickle,
    "endless-header": endless_header,
    "reset": reset,
    "tls-stall": tls_stall,
    "ftp": ftp,
    "vnc": vnc,
    "tds": tds,
}


def serving(behaviour):
    async def handle(reader, writer):
        try:
            await behaviour(reader, writer)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.transport.abort()

    return handle


class Silent(asyncio.DatagramProtocol):
    def datagram_received(self, data, addr):
        pass


async def main(specs):
    loop = asyncio.get_running_loop()
    servers = []
    for spec in specs:
        host, port, kind = spec.rsplit(":", 2)
        if kind == "udp-silent":
            await loop.create_datagram_endpoint(Silent, local_addr=(host, int(port)))
        elif kind in TCP:
            servers.append(
                await asyncio.start_server(serving(TCP[kind]), host, int(port), backlog=1024,
                                           reuse_address=True))
        else:
            sys.exit(f"unknown kind {kind!r} in {spec!r}: use one of {', '.join(TCP)}, udp-silent")
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        asyncio.run(main(sys.argv[1:]))
    except KeyboardInterrupt:
        pass
