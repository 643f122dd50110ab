"""The load generator of `make bench`: a small asyncio HTTP/1.1 client, standard library only,
run as a process of its own (`python bench/loadgen.py < job.json > result.json`) so that its
work never shares the measured server's interpreter.

Two jobs, read as JSON on stdin:

- ``{"mode": "pages", "port", "targets": [{"label", "path", "headers", "change"}], "rounds",
  "seconds", "clients"}``: for each round, every target in turn (the order rotates between
  rounds, so that no page always runs first), `clients` connections requesting it for
  `seconds`; one request per connection (gunicorn's sync workers close them). A target with
  ``"change": {"port", "db", "keys"}`` has each of its requests preceded by a change made
  elsewhere, as staff saving in the admin of another app server would: every key (the public
  pages' topic versions in the shared Redis) set to a new value, the load generator's own
  Redis command, not the measured server's work. Prints, per target, the requests per second,
  p50/p95 latency and errors of every round.
- ``{"mode": "register", "port", "path", "forms": [{...}], "clients"}``: `clients`
  concurrent delegates, each GETting the registration form (for its CSRF cookie and token),
  then POSTing it; ``{"mode": "confirm", "port", "paths": [...], "clients"}``: each GETs its
  confirmation page and POSTs its button. Prints the seconds, errors and every latency.
"""

import asyncio
import json
import re
import sys
import time
import urllib.parse

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(rb"csrftoken=([^;]+)", re.IGNORECASE)


async def request(port, method, path, headers=None, body=b""):
    """(status, response headers bytes, body bytes) of one request on a new connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Connection: close",
            "Accept-Language: it",
        ]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, head, content


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))] if ordered else 0.0


def _resp(*words):
    """A Redis command in the Redis protocol (RESP)."""
    encoded = [str(word).encode() for word in words]
    return b"*%d\r\n" % len(encoded) + b"".join(
        b"$%d\r\n%s\r\n" % (len(word), word) for word in encoded
    )


class _Change:
    """Sets the topic versions in Redis before a request (see the module docstring)."""

    def __init__(self, spec):
        self.spec = spec
        self.reader = self.writer = None

    async def __call__(self):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.spec["port"])
            self.writer.write(_resp("SELECT", self.spec["db"]))
            await self.reader.readline()
        version = time.time_ns()
        pairs = [part for key in self.spec["keys"] for part in (key, version)]
        self.writer.write(_resp("MSET", *pairs))
        await self.writer.drain()
        reply = await self.reader.readline()
        if not reply.startswith(b"+OK"):
            raise OSError(f"Redis answered {reply!r}")

    def close(self):
        if self.writer is not None:
            self.writer.close()


async def _hammer(port, target, seconds, clients):
    stop_at = time.perf_counter() + seconds
    latencies, errors = [], 0

    async def client():
        nonlocal errors
        change = _Change(target["change"]) if target.get("change") else None
        while time.perf_counter() < stop_at:
            if change is not None:
                await change()
            started = time.perf_counter()
            try:
                status, _, _ = await request(port, "GET", target["path"], target.get("headers"))
            except OSError:
                status = 0
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
        if change is not None:
            change.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {
        "rate": len(latencies) / elapsed,
        "p50_ms": 1000 * _percentile(latencies, 0.5),
        "p95_ms": 1000 * _percentile(latencies, 0.95),
        "errors": errors,
        "requests": len(latencies),
    }


async def pages(job):
    targets = job["targets"]
    results = {target["label"]: [] for target in targets}
    for number in range(job["rounds"]):
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            outcome = await _hammer(job["port"], target, job["seconds"], job["clients"])
            results[target["label"]].append(outcome)
    return results


async def _run_all(jobs, clients):
    """Run the coroutine factories with at most `clients` at a time; (seconds, errors,
    latencies)."""
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    errors, latencies = [], []

    async def worker():
        while not queue.empty():
            job = queue.get_nowait()
            started = time.perf_counter()
            try:
                await job()
            except Exception as error:  # counted and reported by the benchmark
                errors.append(repr(error)[:160])
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return {"seconds": time.perf_counter() - started, "errors": errors, "latencies": latencies}


async def _form_post(port, path, fields, headers):
    """GET the page for its CSRF cookie and token, POST `fields`; the POST's status."""
    status, head, content = await request(port, "GET", path, headers)
    if status != 200:
        raise RuntimeError(f"GET {status}")
    cookie = CSRF_COOKIE.search(head)
    token = CSRF_INPUT.search(content)
    if not (cookie and token):
        raise RuntimeError("no CSRF token")
    body = urllib.parse.urlencode(
        {**fields, "csrfmiddlewaretoken": token.group(1).decode()}
    ).encode()
    post_headers = {
        **headers,
        "Cookie": f"csrftoken={cookie.group(1).decode()}",
        "Referer": f"https://127.0.0.1:{port}{path}",
        "Origin": f"https://127.0.0.1:{port}",
    }
    status, _, _ = await request(port, "POST", path, post_headers, body)
    if status != 302:
        raise RuntimeError(f"POST {status}")


async def register(job):
    headers = job.get("headers", {})

    def delegate(index, fields):
        # Each delegate comes from its own address, as behind the reverse proxy.
        mine = {
            **headers,
            "X-Forwarded-For": f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
        }
        return lambda: _form_post(job["port"], job["path"], fields, mine)

    return await _run_all(
        [delegate(i, fields) for i, fields in enumerate(job["forms"])], job["clients"]
    )


async def confirm(job):
    headers = job.get("headers", {})

    def delegate(index, path):
        mine = {
            **headers,
            "X-Forwarded-For": f"10.{index // 65536}.{index // 256 % 256}.{index % 256}",
        }
        return lambda: _form_post(job["port"], path, {}, mine)

    return await _run_all(
        [delegate(i, path) for i, path in enumerate(job["paths"])], job["clients"]
    )


def main():
    job = json.load(sys.stdin)
    mode = {"pages": pages, "register": register, "confirm": confirm}[job["mode"]]
    json.dump(asyncio.run(mode(job)), sys.stdout)


if __name__ == "__main__":
    main()
