#!/usr/bin/env python3
"""Load check of `apdocs serve` on loopback: USERS staff browsing and SIGNERS parents signing at
once for SECONDS; prints requests, errors and latency percentiles. Standard library only.

    python3 Tests/web/load_check.py [--apdocs .build/release/apdocs] [--seconds 30] [--users 50] [--signers 10]

Exit status 1 when any request failed (a status other than 200/303, or no answer).
"""
import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = ["/", "/placements", "/placements/PL-2025-016", "/providers", "/providers/PRV-NSC", "/schools", "/documents"]


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, port):
        self.port, self.cookies = port, {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, text


def csrf(text):
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--apdocs", default=os.path.join(REPO, ".build", "debug", "apdocs"))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--signers", type=int, default=10)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="apdocs-load-")
    workspace = os.path.join(tmp, "ap")
    apdocs = os.path.abspath(args.apdocs)
    subprocess.run([apdocs, "init", workspace, "--examples", os.path.join(REPO, "examples"), "--templates", os.path.join(REPO, "templates")], check=True, capture_output=True)
    subprocess.run([apdocs, "user", "add", "load", workspace], input="a long load-test password\n", text=True, check=True, capture_output=True)
    subprocess.run([apdocs, "build", workspace], capture_output=True)
    port = 18000 + os.getpid() % 1000
    log = open(os.path.join(tmp, "serve.log"), "w")
    server = subprocess.Popen([apdocs, "serve", workspace, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    latencies, errors, lock = [], [], threading.Lock()
    try:
        for _ in range(100):
            try:
                Client(port).request("GET", "/login")
                break
            except OSError:
                time.sleep(0.1)
        links = [subprocess.run([apdocs, "sign-link", workspace, "PL-2025-016", "--role", role, "--public-url", ""], capture_output=True, text=True, check=True).stdout.strip()
                 for role in ["school", "provider", "parent-carer", "pupil"] * ((args.signers + 3) // 4)][:args.signers]
        browsers = []
        for _ in range(args.users):
            client = Client(port)
            _, page = client.request("GET", "/login")
            client.request("POST", "/login", [("csrf", csrf(page)), ("username", "load"), ("password", "a long load-test password")])
            browsers.append(client)
        deadline = time.monotonic() + args.seconds

        def timed(client, method, path, fields=None):
            started = time.monotonic()
            try:
                status, text = client.request(method, path, fields)
            except Exception as error:  # no answer counts as an error
                status, text = 0, str(error)
                client.connection.close()
            with lock:
                latencies.append(time.monotonic() - started)
                if status not in (200, 303):
                    errors.append((method, path.split("/sign/")[0], status))
            return status, text

        def browse(client, offset):
            index = offset
            while time.monotonic() < deadline:
                timed(client, "GET", PAGES[index % len(PAGES)])
                index += 1

        def sign(link):
            client = Client(port)
            path = link[link.index("/sign/"):]
            page = ""
            while time.monotonic() < deadline - args.seconds / 2:
                _, page = timed(client, "GET", path)
            sha = re.search(r'name="document_sha256" value="([0-9a-f]+)"', page).group(1)
            timed(client, "POST", path, [("csrf", csrf(page)), ("document_sha256", sha), ("signer_name", "Load Signer"), ("consent", "yes")])

        threads = [threading.Thread(target=browse, args=(c, i)) for i, c in enumerate(browsers)]
        threads += [threading.Thread(target=sign, args=(link,)) for link in links]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0
    print(f"web load: {args.users} browsing + {args.signers} signing for {args.seconds:.0f} s: {len(latencies)} requests, "
          f"{len(errors)} errors, p50 {pct(0.5):.0f} ms, p95 {pct(0.95):.0f} ms, max {pct(1.0):.0f} ms")
    for error in errors[:10]:
        print("  error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
