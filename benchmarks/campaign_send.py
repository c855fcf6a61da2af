"""Sending a campaign: N queued emails through a local aiosmtpd server, end to end.

Queues ``--messages`` rendered messages in a fresh workspace's outbox (``enqueue``),
then runs :func:`segmint.campaigns.delivery.deliver` against the aiosmtpd server of
``tests/fakes`` and counts what it received. The server runs **in a separate process**,
so it does not share the sender's GIL: on two cores each side has one. Prints one JSON
line: queue and send wall times, messages per second, the sender's CPU time per message
(which a busy machine disturbs less than the wall time), its peak RSS, and the server's
count of distinct and duplicate Message-IDs.

The server is ``FakeSmtp(lean=True)`` by default: it files each message by its
Message-ID without parsing the rest. ``--parse`` makes it parse every message with the
modern email policy as the tests' server does, which costs it more than the sender
spends on a message (the benchmark then measures the server's parser).

``--floor`` measures the server alone: the same messages, composed beforehand, written
by a bare asyncio SMTP client (no journal, no database, no composing) over
``--connections`` connections. What it reaches is the most any sender gets from this
server on this machine.

``--server-delay-ms`` makes the server wait before each answer to MAIL, RCPT and the end
of data, as a relay across a network does (its round trip): there several connections
pay off, since one connection waits out every round trip of every message in turn.

Usage::

    PYTHONPATH=src:. python benchmarks/campaign_send.py --messages 100000
    PYTHONPATH=src:. python benchmarks/campaign_send.py --messages 100000 --floor
    PYTHONPATH=src:. python benchmarks/campaign_send.py --messages 20000 --connections 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SERVER = """
import sys
from tests.fakes import FakeSmtp
server = FakeSmtp(lean=sys.argv[1] == "lean", delay=float(sys.argv[2])).start()
print(server.port, flush=True)
sys.stdin.readline()
print(len(server.mailbox), server.duplicates, flush=True)
server.stop()
"""

SENDER = "Shop <news@shop.test>"


def start_server(lean: bool, delay: float) -> tuple[subprocess.Popen[str], int]:
    """The SMTP server in its own process, and its port."""
    here = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, "lean" if lean else "parse", str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": f"{here / 'src'}:{here}"},
    )
    assert server.stdout is not None
    return server, int(server.stdout.readline())


def stop_server(server: subprocess.Popen[str]) -> tuple[int, int]:
    """Stop the server; how many distinct Message-IDs it filed, and how many repeats."""
    assert server.stdout is not None and server.stdin is not None
    server.stdin.write("\n")
    server.stdin.flush()
    received, duplicates = (int(x) for x in server.stdout.readline().split())
    server.wait(timeout=60)
    return received, duplicates


def cpu_seconds() -> float:
    """CPU time this process (every thread) has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fields(i: int) -> dict[str, Any]:
    """The rendered message of customer ``i``."""
    return {
        "subject": "Your spring offer",
        "text": f"Hello customer {i}, 10% off this week. Unsubscribe: https://shop.test/u/T{i}",
        "html": f"<p>Hello customer {i}, <b>10% off</b> this week.</p>",
        "headers": {
            "List-Unsubscribe": f"<https://shop.test/u/T{i}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def deliver_outbox(args: argparse.Namespace, port: int) -> dict[str, Any]:
    """Queue the messages in a new workspace and deliver them; the figures."""
    from segmint.campaigns.delivery import deliver
    from segmint.campaigns.outbox import Queued, enqueue
    from segmint.store import Workspace

    root = Path(tempfile.mkdtemp(prefix="segmint-send-")) / "ws"
    Workspace.create(root).close()
    with (root / "segmint.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'[channels]\nbatch_size = {args.batch_size}\n[channels.email]\nhost = "127.0.0.1"\n'
            f'port = {port}\nfrom = "{SENDER}"\nstarttls = false\nrate_per_second = 0\n'
            f"connections = {args.connections}\n"
        )
    workspace = Workspace.open(root)
    start = time.perf_counter()
    messages = (
        Queued(customer_id=f"C{i}", address=f"customer{i}@example.test", **fields(i))
        for i in range(args.messages)
    )
    with workspace.session() as session:
        queued = enqueue(
            session, campaign_id=1, channel="email", domain="shop.test", messages=messages
        )
    queue_seconds = time.perf_counter() - start
    start, cpu = time.perf_counter(), cpu_seconds()
    counts = deliver(workspace)
    send_seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    workspace.close()
    return {
        "queued": queued,
        "queue_seconds": round(queue_seconds, 2),
        "send_seconds": round(send_seconds, 2),
        "messages_per_second": round(counts["sent"] / send_seconds, 1),
        "sender_cpu_ms_per_message": round(cpu * 1000 / max(counts["sent"], 1), 3),
        "counts": counts,
    }


def floor(args: argparse.Namespace, port: int) -> dict[str, Any]:
    """The server alone: pre-composed messages written by a bare client; the figures."""
    from segmint.channels.base import Message
    from segmint.channels.mime import compose, wire_bytes

    datas = [
        wire_bytes(
            compose(
                Message(f"<m{i}@shop.test>", "email", f"customer{i}@example.test", **fields(i)),
                SENDER,
            )
        )
        for i in range(args.messages)
    ]

    async def connection(indexes: range) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)

        async def reply() -> bytes:
            while True:
                line = await reader.readline()
                if line[3:4] != b"-":
                    return line

        await reply()
        writer.write(b"EHLO bench\r\n")
        await reply()
        for i in indexes:
            for command in (
                b"MAIL FROM:<news@shop.test>\r\n",
                f"RCPT TO:<customer{i}@example.test>\r\n".encode(),
                b"DATA\r\n",
            ):
                writer.write(command)
                await reply()
            writer.write(datas[i] + b".\r\n")
            assert (await reply()).startswith(b"250")
        writer.write(b"QUIT\r\n")
        await reply()
        writer.close()

    async def all_connections() -> None:
        n = args.connections
        await asyncio.gather(*(connection(range(k, args.messages, n)) for k in range(n)))

    start = time.perf_counter()
    asyncio.run(all_connections())
    seconds = time.perf_counter() - start
    return {
        "send_seconds": round(seconds, 2),
        "messages_per_second": round(args.messages / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--parse", action="store_true", help="the server parses each message")
    parser.add_argument("--floor", action="store_true", help="measure the server alone")
    parser.add_argument(
        "--server-delay-ms",
        type=float,
        default=0.0,
        help="the server holds each answer to MAIL, RCPT and end of data (a network's round trip)",
    )
    args = parser.parse_args()

    server, port = start_server(lean=not args.parse, delay=args.server_delay_ms / 1000)
    figures = floor(args, port) if args.floor else deliver_outbox(args, port)
    received, duplicates = stop_server(server)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "mode": "floor" if args.floor else "deliver",
                "server": "parse" if args.parse else "lean",
                "messages": args.messages,
                "connections": args.connections,
                "batch_size": args.batch_size,
                "server_delay_ms": args.server_delay_ms,
                **figures,
                "peak_rss_mb": round(peak_mb, 1),
                "server_received": received,
                "server_duplicates": duplicates,
            }
        )
    )


if __name__ == "__main__":
    main()
