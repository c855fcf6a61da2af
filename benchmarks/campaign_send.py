"""Sending a campaign: N queued emails through a local aiosmtpd server, end to end.

Queues ``--messages`` rendered messages in a fresh workspace's outbox (``enqueue``),
then runs :func:`segmint.campaigns.delivery.deliver` against an aiosmtpd server that
runs in its own process (so the two do not share a GIL) and counts what it received.
Prints one JSON line: queue and send wall times, messages per second, the sender's
peak RSS, and the server's count of distinct and duplicate Message-IDs.

Usage: ``PYTHONPATH=src:. python benchmarks/campaign_send.py --messages 100000``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER = """
import sys, time, threading
from tests.fakes import FakeSmtp
server = FakeSmtp().start()
print(server.port, flush=True)
sys.stdin.readline()
print(len(server.mailbox), server.duplicates, flush=True)
server.stop()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()

    from segmint.campaigns.delivery import deliver
    from segmint.campaigns.outbox import Queued, enqueue
    from segmint.store import Workspace

    root = Path(tempfile.mkdtemp(prefix="segmint-send-")) / "ws"
    here = Path(__file__).resolve().parents[1]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": f"{here / 'src'}:{here}"},
    )
    assert server.stdout is not None and server.stdin is not None
    port = int(server.stdout.readline())

    Workspace.create(root).close()
    with (root / "segmint.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            f'[channels.email]\nhost = "127.0.0.1"\nport = {port}\n'
            'from = "Shop <news@shop.test>"\nstarttls = false\nrate_per_second = 0\n'
        )
    workspace = Workspace.open(root)
    start = time.perf_counter()
    messages = (
        Queued(
            customer_id=f"C{i}",
            address=f"customer{i}@example.test",
            subject="Your spring offer",
            text=f"Hello customer {i}, 10% off this week. Unsubscribe: https://shop.test/u/T{i}",
            html=f"<p>Hello customer {i}, <b>10% off</b> this week.</p>",
            headers={
                "List-Unsubscribe": f"<https://shop.test/u/T{i}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for i in range(args.messages)
    )
    with workspace.session() as session:
        queued = enqueue(
            session, campaign_id=1, channel="email", domain="shop.test", messages=messages
        )
    queue_seconds = time.perf_counter() - start

    start = time.perf_counter()
    counts = deliver(workspace)
    send_seconds = time.perf_counter() - start
    workspace.close()

    server.stdin.write("\n")
    server.stdin.flush()
    received, duplicates = (int(x) for x in server.stdout.readline().split())
    server.wait(timeout=60)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "messages": args.messages,
                "queued": queued,
                "queue_seconds": round(queue_seconds, 2),
                "send_seconds": round(send_seconds, 2),
                "messages_per_second": round(counts["sent"] / send_seconds, 1),
                "peak_rss_mb": round(peak_mb, 1),
                "counts": counts,
                "server_received": received,
                "server_duplicates": duplicates,
            }
        )
    )


if __name__ == "__main__":
    main()
