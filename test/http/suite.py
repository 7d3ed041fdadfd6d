#!/usr/bin/python3
"""HTTP conformance suite for apps/httpd, run from the host against a live
server: the host build today, the unikernel in QEMU later, same checks.

    test/http/suite.py --prepare DIR
        makes a test site in DIR: a copy of apps/httpd/www plus fixtures
        (every media type, a 1 MiB file, empty and odd names, a folder
        without index.html, symlinks inside, outside and in a loop).
    test/http/suite.py URL DIR [--request-timeout S] [--max-connections N]
                       [--no-symlinks] [--stats] [--name NAME]
        checks the server at URL (e.g. http://127.0.0.1:8080) serving DIR.

Standard library only (plus curl for a few checks).  Results are PASS/FAIL
lines recorded through test/lib/unikit_test.py's Results, so test/run
counts them; every socket has a timeout, so a broken server fails checks
instead of hanging the suite.  Boot tests import this file and call run().
"""
import argparse
import errno
import hashlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
UK_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(UK_ROOT, "test", "lib"))
import unikit_test as T  # noqa: E402

WWW = os.path.join(UK_ROOT, "apps", "httpd", "www")
SECRET = "SECRET-OUTSIDE-THE-ROOT-7c1e"
SECRET_NAME = "httpd-suite-secret.txt"

# The media types the server must send (before any "; charset=").
MIME = {
    "html": "text/html", "css": "text/css", "js": "text/javascript",
    "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp", "ico": "image/x-icon", "txt": "text/plain",
    "wasm": "application/wasm", "pdf": "application/pdf",
    "woff2": "font/woff2", "xml": "application/xml", "mp4": "video/mp4",
}
OCTET = "application/octet-stream"
DATE_RE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d "
                     r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d:\d\d GMT$")


# --------------------------------------------------------------- the site

def _pattern(n, seed):
    """n deterministic bytes that do not compress or repeat simply."""
    out = bytearray()
    x = seed
    while len(out) < n:
        x = hashlib.sha256(x.to_bytes(8, "little")).digest()
        out += x
        x = int.from_bytes(x[:8], "little")
    return bytes(out[:n])


def prepare(site):
    """Makes the test site in `site` (replacing it)."""
    site = os.path.abspath(site)
    if os.path.exists(site):
        shutil.rmtree(site)
    shutil.copytree(WWW, site, symlinks=True)
    t = os.path.join(site, "t")
    os.makedirs(os.path.join(t, "mime"))
    os.makedirs(os.path.join(t, "noindex"))

    def put(rel, data):
        with open(os.path.join(site, rel), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    for ext in MIME:
        put("t/mime/a." + ext, "a %s file\n" % ext)
    put("t/mime/a.unknownext", "?\n")
    put("t/mime/noext", "no extension\n")
    put("t/mime/UPPER.PNG", "upper\n")
    put("t/small.txt", "".join("line %02d of small.txt\n" % i for i in range(20)))
    put("t/empty.txt", b"")
    put("t/big.bin", _pattern((1 << 20) + 123, 1))
    put("t/mid.bin", _pattern(16384, 2))
    put("t/mid1.bin", _pattern(16385, 3))
    put("t/space name.txt", "a name with a space\n")
    put("t/\u00fc.txt", "u with umlaut\n")
    put("t/noindex/file.txt", "in a folder without index.html\n")
    # symlinks: inside the root (served), outside (refused), a loop (500)
    outside = os.path.join(os.path.dirname(site), SECRET_NAME)
    with open(outside, "w") as f:
        f.write(SECRET + "\n")
    os.symlink("../index.html", os.path.join(t, "link-inside"))
    os.symlink("../docs", os.path.join(t, "link-dir"))
    os.symlink(os.path.relpath(outside, t), os.path.join(t, "link-outside-rel"))
    os.symlink(outside, os.path.join(t, "link-outside-abs"))
    os.symlink("/etc", os.path.join(t, "link-etc"))
    os.symlink("loop2", os.path.join(t, "loop1"))
    os.symlink("loop1", os.path.join(t, "loop2"))
    return site


# ------------------------------------------------------------- the client

class Response:
    def __init__(self, status, reason, headers, body, raw_head):
        self.status = status
        self.reason = reason
        self.headers = headers          # lower-case name -> list of values
        self.body = body
        self.raw_head = raw_head

    def h(self, name):
        v = self.headers.get(name.lower())
        return v[-1] if v else None

    def __repr__(self):
        return "%d %s %r body=%d bytes %r" % (
            self.status, self.reason, self.raw_head[:600], len(self.body),
            self.body[:120])


class Conn:
    """One TCP connection; responses are read with explicit framing."""

    def __init__(self, host, port, timeout=5.0, rcvbuf=None, local_port=None):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if local_port is not None:
            # bound, not picked at connect(): Linux shares a port picked
            # at connect() with other destinations, and binding it again
            # would then fail
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.s.bind(("", local_port))
        self.s.settimeout(timeout)
        self.s.connect((host, port))
        self.f = self.s.makefile("rb")

    def send(self, data):
        self.s.sendall(data)

    def read(self, method="GET"):
        line = self.f.readline(70000)
        if not line:
            raise EOFError("connection closed before a response")
        m = re.match(rb"^HTTP/1\.[01] (\d\d\d) ?(.*)\r\n$", line)
        if not m:
            raise ValueError("bad status line %r" % line[:200])
        status = int(m.group(1))
        raw = line
        headers = {}
        while True:
            hl = self.f.readline(70000)
            raw += hl
            if hl in (b"\r\n", b""):
                break
            name, _, value = hl.decode("latin-1").partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        body = b""
        if method != "HEAD" and status not in (204, 304) and status >= 200:
            cl = headers.get("content-length")
            if cl:
                n = int(cl[-1])
                body = self.f.read(n)
                if len(body) != n:
                    raise EOFError("body cut at %d of %d bytes" % (len(body), n))
            else:
                body = self.f.read()
        return Response(status, m.group(2).decode("latin-1"), headers, body,
                        raw.decode("latin-1"))

    def closed_by_peer(self, wait=3.0):
        """True when the server closes (EOF) within `wait` seconds."""
        self.s.settimeout(wait)
        try:
            return self.f.read(1) == b""
        except (socket.timeout, TimeoutError):
            return False
        except OSError:
            return True     # reset counts as closed

    def close(self):
        try:
            self.f.close()
            self.s.close()
        except OSError:
            pass


def get(path, host="x"):
    return ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode()


def req(method, path, headers=(), version="1.1", host="x"):
    lines = ["%s %s HTTP/%s" % (method, path, version)]
    if host is not None:
        lines.append("Host: " + host)
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# --------------------------------------------------------------- the suite

class Suite:
    def __init__(self, base, site, results, name="httpd", request_timeout=10,
                 max_connections=0, symlinks=True, stats=False):
        u = urllib.parse.urlsplit(base)
        self.base = base.rstrip("/")
        self.host = u.hostname
        self.port = u.port or 80
        self.site = os.path.abspath(site)
        self.r = results
        self.name = name
        self.request_timeout = request_timeout
        self.max_connections = max_connections
        self.symlinks = symlinks
        self.stats = stats

    # -- helpers
    def conn(self, **kw):
        return Conn(self.host, self.port, **kw)

    def one(self, data, method="GET", timeout=5.0):
        c = self.conn(timeout=timeout)
        try:
            c.send(data)
            return c.read(method)
        finally:
            c.close()

    def file(self, rel):
        with open(os.path.join(self.site, rel), "rb") as f:
            return f.read()

    def check(self, what, ok, detail=""):
        return self.r.record("%s/%s" % (self.name, what), bool(ok), str(detail))

    def guard(self, what, fn):
        """Runs one check function; an exception is a failed check."""
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - any failure is a FAIL
            import traceback
            self.check(what, False, "exception: %s" % traceback.format_exc()[-1500:])

    # -- content
    def t_index(self):
        r = self.one(get("/"))
        want = self.file("index.html")
        ok = (r.status == 200 and r.body == want and
              r.h("content-type") == "text/html; charset=utf-8" and
              r.h("content-length") == str(len(want)) and
              b"<title>" in r.body and r.h("server") and
              DATE_RE.match(r.h("date") or "") and
              DATE_RE.match(r.h("last-modified") or "") and
              re.match(r'^"[^"]+"$', r.h("etag") or "") and
              len(r.headers["content-length"]) == 1)
        self.check("GET / is index.html with Date, Server, Last-Modified, ETag", ok, r)

    def t_content_types(self):
        bad = []
        for ext, typ in MIME.items():
            r = self.one(get("/t/mime/a." + ext))
            got = (r.h("content-type") or "").split(";")[0]
            if r.status != 200 or got != typ or r.body != self.file("t/mime/a." + ext):
                bad.append("%s: %d %s" % (ext, r.status, r.h("content-type")))
        for path, typ in (("/t/mime/a.unknownext", OCTET), ("/t/mime/noext", OCTET),
                          ("/t/mime/UPPER.PNG", "image/png"),
                          ("/style.css", "text/css"), ("/img/logo.png", "image/png"),
                          ("/img/logo.svg", "image/svg+xml")):
            r = self.one(get(path))
            got = (r.h("content-type") or "").split(";")[0]
            if r.status != 200 or got != typ:
                bad.append("%s: %d %s" % (path, r.status, r.h("content-type")))
        self.check("Content-Type for %d extensions, unknown and none" % len(MIME),
                   not bad, "; ".join(bad))

    def t_bodies(self):
        bad = []
        for rel in ("t/small.txt", "t/empty.txt", "t/mid.bin", "t/mid1.bin",
                    "t/big.bin", "img/logo.png", "favicon.ico"):
            r = self.one(get("/" + rel.replace(" ", "%20")), timeout=20)
            want = self.file(rel)
            if r.status != 200 or r.body != want or r.h("content-length") != str(len(want)):
                bad.append("%s: %d, %d bytes (want %d)" % (rel, r.status, len(r.body), len(want)))
        self.check("bodies are the files, byte for byte (0 B to 1 MiB)", not bad, "; ".join(bad))

    def t_head(self):
        c = self.conn()
        try:
            # HEAD then GET in one write: a HEAD body would corrupt the GET
            c.send(req("HEAD", "/") + get("/t/small.txt"))
            h = c.read("HEAD")
            g = c.read()
        finally:
            c.close()
        want = self.file("index.html")
        ok = (h.status == 200 and h.body == b"" and
              h.h("content-length") == str(len(want)) and
              h.h("etag") and h.h("content-type", ) and
              g.status == 200 and g.body == self.file("t/small.txt"))
        self.check("HEAD: the GET headers, no body", ok, (h, g))
        r = self.one(req("HEAD", "/t/big.bin"), method="HEAD")
        self.check("HEAD of a 1 MiB file", r.status == 200 and
                   r.h("content-length") == str(len(self.file("t/big.bin"))), r)
        r = self.one(req("HEAD", "/missing"), method="HEAD")
        self.check("HEAD of a missing file: 404 without body", r.status == 404, r)

    def t_folders(self):
        r = self.one(get("/docs"))
        self.check("301 to the slash form of a folder",
                   r.status == 301 and r.h("location") == "/docs/", r)
        r = self.one(get("/docs?x=1&y=2"))
        self.check("301 keeps the query",
                   r.status == 301 and r.h("location") == "/docs/?x=1&y=2", r)
        r = self.one(get("/docs/"))
        self.check("index.html for a folder",
                   r.status == 200 and r.body == self.file("docs/index.html"), r)
        r = self.one(get("/t/noindex"))
        self.check("301 for a folder without index.html",
                   r.status == 301 and r.h("location") == "/t/noindex/", r)
        r = self.one(get("/t/noindex/"))
        self.check("403 for a folder without index.html (no listings)",
                   r.status == 403, r)
        r = self.one(get("/t/noindex/file.txt"))
        self.check("a file in that folder", r.status == 200, r)

    def t_not_found(self):
        for path in ("/missing.html", "/t/missing/", "/index.html/", "/t/small.txt/x",
                     "//etc/passwd"):
            r = self.one(get(path))
            self.check("404 for %s" % path, r.status == 404 and
                       r.h("content-type", ).startswith("text/html") and
                       len(r.body) < 512 and b"root:" not in r.body, r)

    def t_percent(self):
        for path, rel in (("/t/space%20name.txt", "t/space name.txt"),
                          ("/t/%C3%BC.txt", "t/\u00fc.txt"),
                          ("/%69ndex.html", "index.html"),
                          ("/t/mime/..%2Fsmall.txt", "t/small.txt"),
                          ("/t/./mime/../small.txt?x=/../..", "t/small.txt"),
                          ("http://example.com/t/small.txt", "t/small.txt")):
            r = self.one(get(path))
            self.check("decoded and normalised: %s" % path,
                       r.status == 200 and r.body == self.file(rel), r)
        r = self.one(get("/t/%zz"))
        self.check("400 for a bad %-escape", r.status == 400, r)

    # -- ranges
    def t_ranges(self):
        small = self.file("t/small.txt")
        big = self.file("t/big.bin")
        n, nb = len(small), len(big)
        cases = [
            ("bytes=0-9", "t/small.txt", 206, small[0:10], "bytes 0-9/%d" % n),
            ("bytes=-10", "t/small.txt", 206, small[-10:], "bytes %d-%d/%d" % (n - 10, n - 1, n)),
            ("bytes=100-", "t/small.txt", 206, small[100:], "bytes 100-%d/%d" % (n - 1, n)),
            ("bytes=5-100000", "t/small.txt", 206, small[5:], "bytes 5-%d/%d" % (n - 1, n)),
            ("bytes=%d-" % n, "t/small.txt", 416, None, "bytes */%d" % n),
            ("bytes=0-", "t/empty.txt", 416, None, "bytes */0"),
            ("bytes=-0", "t/small.txt", 416, None, "bytes */%d" % n),
            ("bytes=0-0", "t/big.bin", 206, big[0:1], "bytes 0-0/%d" % nb),
            ("bytes=700000-900000", "t/big.bin", 206, big[700000:900001],
             "bytes 700000-900000/%d" % nb),
            ("bytes=-5000", "t/big.bin", 206, big[-5000:], "bytes %d-%d/%d" % (nb - 5000, nb - 1, nb)),
            ("bytes=0-1,5-6", "t/small.txt", 200, small, None),   # several: ignored
            ("bytes=9-5", "t/small.txt", 200, small, None),      # invalid: ignored
            ("items=0-5", "t/small.txt", 200, small, None),
        ]
        for rng, rel, status, body, crange in cases:
            r = self.one(req("GET", "/" + rel, ["Range: " + rng]), timeout=20)
            ok = r.status == status and r.h("content-range") == crange
            if body is not None:
                ok = ok and r.body == body and r.h("content-length") == str(len(body))
            self.check("Range %s on %s: %d" % (rng, rel, status), ok, r)
        etag = self.one(get("/t/small.txt")).h("etag")
        r = self.one(req("GET", "/t/small.txt", ["Range: bytes=0-3", "If-Range: " + etag]))
        self.check("If-Range with the ETag: 206", r.status == 206 and r.body == small[:4], r)
        r = self.one(req("GET", "/t/small.txt", ["Range: bytes=0-3", 'If-Range: "old"']))
        self.check("If-Range with another ETag: 200, whole file",
                   r.status == 200 and r.body == small, r)
        r = self.one(req("HEAD", "/t/small.txt", ["Range: bytes=0-3"]), method="HEAD")
        self.check("Range is ignored on HEAD", r.status == 200 and
                   r.h("content-length") == str(n), r)
        r = self.one(get("/t/small.txt"))
        self.check("Accept-Ranges: bytes", r.h("accept-ranges") == "bytes", r)

    # -- conditional requests
    def t_conditional(self):
        first = self.one(get("/t/small.txt"))
        etag, lm = first.h("etag"), first.h("last-modified")
        cases = [
            (["If-None-Match: " + etag], 304),
            (["If-None-Match: W/" + etag], 304),
            (['If-None-Match: "a", ' + etag], 304),
            (["If-None-Match: *"], 304),
            (['If-None-Match: "other"'], 200),
            (["If-Modified-Since: " + lm], 304),
            (["If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"], 200),
            (["If-Modified-Since: not a date"], 200),
            (['If-None-Match: "other"', "If-Modified-Since: " + lm], 200),
        ]
        for hdrs, status in cases:
            r = self.one(req("GET", "/t/small.txt", hdrs))
            ok = r.status == status
            if status == 304:
                ok = ok and r.body == b"" and r.h("etag") == etag and r.h("date")
            else:
                ok = ok and r.body == self.file("t/small.txt")
            self.check("%s: %d" % (" + ".join(hdrs), status), ok, r)
        # a 304 has no body: the next response on the connection parses
        c = self.conn()
        try:
            c.send(req("GET", "/t/small.txt", ["If-None-Match: " + etag]) + get("/t/empty.txt"))
            a, b = c.read(), c.read()
        finally:
            c.close()
        self.check("304 then 200 on one connection", a.status == 304 and b.status == 200, (a, b))

    # -- connections
    def t_keep_alive(self):
        c = self.conn()
        try:
            rs = []
            for p in ("/", "/style.css", "/missing", "/t/small.txt"):
                c.send(get(p))
                rs.append(c.read())
        finally:
            c.close()
        self.check("four requests on one HTTP/1.1 connection",
                   [r.status for r in rs] == [200, 200, 404, 200] and
                   all(r.h("connection") is None for r in rs), rs)
        c = self.conn()
        try:
            c.send(req("GET", "/t/small.txt", version="1.0", host=None))
            r = c.read()
            closed = c.closed_by_peer()
        finally:
            c.close()
        self.check("HTTP/1.0 without keep-alive: answer, then close",
                   r.status == 200 and closed and r.h("connection") == "close", r)
        c = self.conn()
        try:
            c.send(req("GET", "/t/small.txt", ["Connection: keep-alive"], version="1.0", host=None))
            r1 = c.read()
            c.send(req("GET", "/t/empty.txt", ["Connection: keep-alive"], version="1.0", host=None))
            r2 = c.read()
        finally:
            c.close()
        self.check("HTTP/1.0 with Connection: keep-alive",
                   r1.status == 200 and r2.status == 200 and
                   (r1.h("connection") or "").lower() == "keep-alive", (r1, r2))
        c = self.conn()
        try:
            c.send(req("GET", "/", ["Connection: close"]))
            r = c.read()
            closed = c.closed_by_peer()
        finally:
            c.close()
        self.check("Connection: close is honoured",
                   r.status == 200 and r.h("connection") == "close" and closed, r)

    def t_port_reuse(self):
        """A client that connects again from the port of a connection the
        server closed first (the server's end still in TIME-WAIT) is served
        at once, as Linux and BSD servers do (RFC 1122 4.2.2.13): clients
        and NATs reuse ports (QEMU's user networking forwards each host
        connection from the client's own port)."""
        bad = []
        for attempt in range(3):
            port, bad, busy = 0, [], False
            for i in range(4):
                t0 = time.monotonic()
                try:
                    c = self.conn(timeout=4, local_port=port)
                except OSError as e:
                    # the host gave the port to someone else meanwhile
                    busy = i > 0 and e.errno == errno.EADDRINUSE
                    bad.append("connection %d from port %d: %s" % (i, port, e))
                    break
                try:
                    port = c.s.getsockname()[1]
                    c.send(req("GET", "/t/small.txt", ["Connection: close"]))
                    r = c.read()
                    closed = c.closed_by_peer()
                except (OSError, ValueError, EOFError) as e:
                    bad.append("connection %d from port %d: %s after %.1fs" % (
                        i, port, e, time.monotonic() - t0))
                    break
                finally:
                    c.close()
                if r.status != 200 or not closed:
                    bad.append("connection %d: %d, closed %s" % (i, r.status, closed))
                time.sleep(0.3)     # our close reaches the server
            if not busy:
                break
        self.check("a client reusing its port after the server closed is served",
                   not bad, "; ".join(bad))

    def t_pipelining(self):
        paths = ["/", "/t/small.txt", "/missing", "/style.css", "/docs", "/t/empty.txt",
                 "/img/logo.png", "/t/mid1.bin"]
        c = self.conn()
        try:
            c.send(b"".join(get(p) for p in paths))
            rs = [c.read() for _ in paths]
        finally:
            c.close()
        want = [200, 200, 404, 200, 301, 200, 200, 200]
        ok = [r.status for r in rs] == want and rs[1].body == self.file("t/small.txt") \
            and rs[7].body == self.file("t/mid1.bin")
        self.check("8 pipelined requests in one write: answers in order", ok,
                   [r.status for r in rs])
        c = self.conn(timeout=10)
        try:
            n = 100
            c.send(b"".join(get("/t/small.txt" if i % 2 else "/t/mime/a.json")
                            for i in range(n)))
            rs = [c.read() for _ in range(n)]
        finally:
            c.close()
        ok = all(r.status == 200 and r.body == self.file(
            "t/small.txt" if i % 2 else "t/mime/a.json") for i, r in enumerate(rs))
        self.check("100 pipelined requests: answers in order", ok)
        # a request split across writes, byte by byte for the head
        c = self.conn()
        try:
            for b in get("/t/small.txt"):
                c.send(bytes([b]))
            r = c.read()
        finally:
            c.close()
        self.check("a request sent one byte at a time", r.status == 200, r)

    def t_bodies_skipped(self):
        c = self.conn()
        try:
            c.send(req("GET", "/t/small.txt", ["Content-Length: 5"]) + b"hello" +
                   req("POST", "/", ["Content-Length: 3"]) + b"abc" + get("/t/empty.txt"))
            a, b, d = c.read(), c.read(), c.read()
        finally:
            c.close()
        self.check("request bodies are skipped, the connection stays usable",
                   a.status == 200 and b.status == 405 and d.status == 200, (a, b, d))

    # -- errors
    def t_405(self):
        for m in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get"):
            r = self.one(req(m, "/"))
            self.check("405 for %s, with Allow: GET, HEAD" % m,
                       r.status == 405 and r.h("allow") == "GET, HEAD" and
                       r.h("content-type").startswith("text/html") and len(r.body) < 512, r)

    def t_400(self):
        garbage = [
            b"GARBAGE\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
            b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\n folded: line\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            b"\x00\x01\x02\x03\r\n\r\n",
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(range(40)),
            b"GET / HTTP/1.1\r\n\r\n",                         # no Host
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",   # two
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            b"GET /\r\n\r\n",
        ]
        bad = []
        for g in garbage:
            c = self.conn()
            try:
                c.send(g)
                r = c.read()
                closed = c.closed_by_peer()
                if r.status != 400 or not closed or r.h("connection") != "close":
                    bad.append("%r: %d closed=%s" % (g[:40], r.status, closed))
            except Exception as e:  # noqa: BLE001
                bad.append("%r: %s" % (g[:40], e))
            finally:
                c.close()
        self.check("400 and close for %d garbage requests" % len(garbage), not bad,
                   "; ".join(bad))
        r = self.one(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")
        self.check("505 for HTTP/2.0 in an HTTP/1 request line", r.status == 505, r)

    def t_traversal(self):
        attempts = [
            "/../etc/passwd", "/../../../../etc/passwd", "/t/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/.%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
            "/t/%2e%2e/%2e%2e/" + SECRET_NAME, "/t/..%5c..%5cetc/passwd",
            "/t\\..\\..\\etc\\passwd", "/index.html%00.txt", "/t/%00",
            "http://x/../../etc/passwd",
        ]
        for a in attempts:
            r = self.one(get(a))
            self.check("403 for %s" % a, r.status == 403 and b"root:" not in r.body and
                       SECRET.encode() not in r.body, r)

    def t_symlinks(self):
        if not self.symlinks:
            for what in ("symlink inside the root", "symlink outside the root",
                         "500 for a symlink loop"):
                self.r.skip("%s/%s" % (self.name, what), "site without symlinks")
            return
        r = self.one(get("/t/link-inside"))
        self.check("symlink inside the root: served",
                   r.status == 200 and r.body == self.file("index.html"), r)
        r = self.one(get("/t/link-dir/notes.txt"))
        self.check("symlinked folder inside the root: served",
                   r.status == 200 and r.body == self.file("docs/notes.txt"), r)
        for p in ("/t/link-outside-rel", "/t/link-outside-abs", "/t/link-etc/passwd",
                  "/t/link-etc/"):
            r = self.one(get(p))
            # 403 where the target exists outside the root (host); 404 in a
            # guest whose root is "/" and where the target does not exist
            self.check("symlink outside the root refused: %s" % p,
                       r.status in (403, 404) and SECRET.encode() not in r.body and
                       b"root:" not in r.body, r)
        r = self.one(get("/t/loop1"))
        self.check("500 for a symlink loop", r.status == 500 and
                   r.h("content-type").startswith("text/html"), r)

    def t_limits(self):
        c = self.conn(timeout=15)
        try:
            c.send(b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            r = c.read()
        finally:
            c.close()
        self.check("414 for a 100 KB URI", r.status == 414, r)
        c = self.conn(timeout=15)
        try:
            c.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"x" * 200000 + b"\r\n\r\n")
            r = c.read()
        finally:
            c.close()
        self.check("431 for a 200 KB header", r.status == 431, r)
        r = self.one(req("GET", "/", ["X-H%d: v" % i for i in range(500)]))
        self.check("431 for 500 header fields", r.status == 431, r)
        r = self.one(req("GET", "/", ["Content-Length: 1000000000"]))
        self.check("413 for a 1 GB request body", r.status == 413, r)
        r = self.one(req("POST", "/", ["Transfer-Encoding: chunked"]))
        self.check("413 for a chunked request body", r.status == 413, r)
        r = self.one(get("/"))
        self.check("still serving after the limits", r.status == 200, r)

    def t_408(self):
        c = self.conn(timeout=self.request_timeout + 5)
        try:
            t0 = time.monotonic()
            c.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
            r = c.read()
            dt = time.monotonic() - t0
            closed = c.closed_by_peer()
        finally:
            c.close()
        self.check("408 for a request left unfinished (%.1fs, limit %ss)" %
                   (dt, self.request_timeout),
                   r.status == 408 and closed and
                   self.request_timeout - 0.5 <= dt <= self.request_timeout + 3, r)

    def t_slow_clients(self):
        slow = []
        try:
            for _ in range(50):
                c = self.conn(timeout=10)
                c.send(b"GET /t/small.txt HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                slow.append(c)
                # QEMU's user networking takes host connections one at a
                # time (listen backlog 1): a burst of connects loses SYNs
                # to the host's 1 s retransmit.  Real clients do not
                # arrive 50 in 50 us; a few ms apart is enough.
                time.sleep(0.005)
            time.sleep(0.2)
            t0 = time.monotonic()
            r = self.one(get("/"))
            dt = time.monotonic() - t0
            self.check("50 slow clients hold partial requests; another is served in %.3fs" % dt,
                       r.status == 200 and dt < 1.0, r)
            for c in slow:
                c.send(b"yes\r\n\r\n")
            ok = all(c.read().status == 200 for c in slow)
            self.check("the 50 slow clients are then served too", ok)
        finally:
            for c in slow:
                c.close()
        # a reader that never reads a 1 MiB response does not stall others
        c = self.conn(timeout=10, rcvbuf=4096)
        try:
            c.send(get("/t/big.bin"))
            time.sleep(0.3)
            t0 = time.monotonic()
            r = self.one(get("/t/small.txt"))
            dt = time.monotonic() - t0
            self.check("a client not reading its 1 MiB answer stalls no one (%.3fs)" % dt,
                       r.status == 200 and dt < 1.0, r)
        finally:
            c.close()

    def t_load(self):
        files = ["/", "/style.css", "/img/logo.png", "/t/small.txt", "/t/mime/a.json",
                 "/t/mid1.bin", "/docs/"]
        bodies = {"/": self.file("index.html"), "/style.css": self.file("style.css"),
                  "/img/logo.png": self.file("img/logo.png"),
                  "/t/small.txt": self.file("t/small.txt"),
                  "/t/mime/a.json": self.file("t/mime/a.json"),
                  "/t/mid1.bin": self.file("t/mid1.bin"),
                  "/docs/": self.file("docs/index.html")}
        errors = []
        done = [0]
        lock = threading.Lock()

        def client(k):
            try:
                c = self.conn(timeout=10)
                try:
                    for i in range(20):
                        p = files[(k + i) % len(files)]
                        c.send(get(p))
                        r = c.read()
                        if r.status != 200 or r.body != bodies[p]:
                            raise ValueError("%s: %d, %d bytes" % (p, r.status, len(r.body)))
                        with lock:
                            done[0] += 1
                finally:
                    c.close()
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append("client %d: %s" % (k, e))

        t0 = time.monotonic()
        ts = [threading.Thread(target=client, args=(k,)) for k in range(40)]
        for t in ts:
            t.start()
            # as for the slow clients: QEMU's user networking accepts one
            # host connection at a time, and 40 connects in a burst wait
            # for the host's SYN retransmits (1, 3, 7, 15 s: past the
            # clients' 10 s timeout on a loaded host)
            time.sleep(0.005)
        for t in ts:
            t.join(60)
        dt = time.monotonic() - t0
        self.check("800 requests from 40 concurrent clients, no error (%.2fs)" % dt,
                   done[0] == 800 and not errors, "%d done; %s" % (done[0], "; ".join(errors[:5])))

    def t_many(self):
        """max_connections keep-alive connections at once, then one more: 503."""
        n = self.max_connections
        if not n:
            self.r.skip("%s/503 and %s keep-alive connections" % (self.name, n),
                        "--max-connections not given")
            return
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < n + 64:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 256), hard))
        time.sleep(0.5)     # let the server see earlier connections close
        conns, bad = [], []
        try:
            t0 = time.monotonic()
            for i in range(n):
                for attempt in range(10):
                    c = self.conn(timeout=10)
                    c.send(get("/t/mime/a.txt"))
                    r = c.read()
                    if r.status == 503 and attempt < 9:
                        c.close()      # an earlier test's socket not yet closed
                        time.sleep(0.2)
                        continue
                    break
                conns.append(c)
                if r.status != 200:
                    bad.append("connection %d: %d" % (i, r.status))
                    break
            # every connection is still open and usable
            for i in range(0, n, max(1, n // 20)):
                conns[i].send(get("/t/empty.txt"))
                if conns[i].read().status != 200:
                    bad.append("connection %d not usable again" % i)
            dt = time.monotonic() - t0
            self.check("%d concurrent keep-alive connections served (%.2fs)" % (n, dt),
                       not bad and len(conns) == n, "; ".join(bad[:5]))
            c = self.conn(timeout=10)
            try:
                try:
                    c.send(get("/"))
                except OSError:
                    pass        # the server may have closed already
                r = c.read()
            finally:
                c.close()
            self.check("503 for connection %d, with a small body" % (n + 1),
                       r.status == 503 and len(r.body) < 512, r)
        finally:
            for c in conns:
                c.close()
        time.sleep(0.5)
        r = self.one(get("/"))
        self.check("served again once those connections closed", r.status == 200, r)

    def t_stats(self):
        if not self.stats:
            r = self.one(get("/_stats"))
            self.check("/_stats is off by default: 404", r.status == 404, r)
            return
        r = self.one(get("/_stats"))
        ok = r.status == 200 and r.h("content-type").startswith("text/html") and \
            all(w in r.body for w in (b"uptime", b"requests", b"bytes sent",
                                      b"connections now", b"memory in use",
                                      b"memory free"))
        self.check("/_stats in HTML", ok, r)
        r = self.one(req("GET", "/_stats", ["Accept: application/json"]))
        import json
        try:
            d = json.loads(r.body)
        except ValueError:
            d = {}
        ok = r.status == 200 and r.h("content-type") == "application/json" and \
            all(k in d for k in ("uptime_s", "requests", "bytes_sent", "connections",
                                 "memory_used", "memory_free")) and d["requests"] > 0
        self.check("/_stats in JSON with Accept: application/json", ok, r)

    def t_curl(self):
        if not shutil.which("curl"):
            self.r.skip("%s/curl" % self.name, "curl not installed")
            return
        base = ["curl", "-sS", "--noproxy", "*", "--max-time", "10"]
        p = subprocess.run(base + ["-o", "-", "-w", "\n%{http_code} %{content_type}",
                                   self.base + "/"], capture_output=True, timeout=20)
        body, _, tail = p.stdout.rpartition(b"\n")
        self.check("curl GET /", p.returncode == 0 and body == self.file("index.html") and
                   tail == b"200 text/html; charset=utf-8", p.stderr + tail)
        p = subprocess.run(base + ["--http1.0", "-r", "10-19", self.base + "/t/big.bin"],
                           capture_output=True, timeout=20)
        self.check("curl --http1.0 with a range", p.returncode == 0 and
                   p.stdout == self.file("t/big.bin")[10:20], p.stderr)
        p = subprocess.run(base + ["-I", self.base + "/img/logo.svg"],
                           capture_output=True, timeout=20)
        self.check("curl -I", p.returncode == 0 and b"image/svg+xml" in p.stdout and
                   b"200 OK" in p.stdout, p.stdout + p.stderr)

    def t_alive(self):
        r = self.one(get("/"))
        self.check("the server still answers at the end",
                   r.status == 200 and r.body == self.file("index.html"), r)

    def run(self, quick=False):
        tests = [
            ("index", self.t_index), ("content-types", self.t_content_types),
            ("bodies", self.t_bodies), ("head", self.t_head), ("folders", self.t_folders),
            ("404", self.t_not_found), ("percent", self.t_percent),
            ("ranges", self.t_ranges), ("conditional", self.t_conditional),
            ("keep-alive", self.t_keep_alive), ("port-reuse", self.t_port_reuse),
            ("pipelining", self.t_pipelining),
            ("request-bodies", self.t_bodies_skipped), ("405", self.t_405),
            ("400", self.t_400), ("traversal", self.t_traversal),
            ("symlinks", self.t_symlinks), ("limits", self.t_limits),
            ("slow-clients", self.t_slow_clients), ("load", self.t_load),
            ("408", self.t_408), ("many", self.t_many), ("stats", self.t_stats),
            ("curl", self.t_curl), ("alive", self.t_alive),
        ]
        for what, fn in tests:
            self.guard(what, fn)


def run(base, site, results, **kw):
    """Runs every check against the server at base serving site."""
    Suite(base, site, results, **kw).run()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url", nargs="?")
    ap.add_argument("site", nargs="?")
    ap.add_argument("--prepare", metavar="DIR", help="make the test site in DIR and exit")
    ap.add_argument("--request-timeout", type=float, default=10,
                    help="the server's --request-timeout, in seconds (408)")
    ap.add_argument("--max-connections", type=int, default=0,
                    help="the server's --max-connections: open that many, expect 503 after")
    ap.add_argument("--no-symlinks", action="store_true", help="the site has no symlinks")
    ap.add_argument("--stats", action="store_true", help="the server serves /_stats")
    ap.add_argument("--name", default="httpd", help="prefix of the result names")
    a = ap.parse_args()
    if a.prepare:
        print("test site in", prepare(a.prepare))
        return 0
    if not a.url or not a.site:
        ap.error("URL and SITE are needed (or --prepare DIR)")
    os.makedirs(T.TEST_BUILD, exist_ok=True)
    results = T.Results(os.environ.get("UK_TEST_RESULTS",
                                       os.path.join(T.TEST_BUILD, "results.txt")))
    run(a.url, a.site, results, name=a.name, request_timeout=a.request_timeout,
        max_connections=a.max_connections, symlinks=not a.no_symlinks, stats=a.stats)
    print("%d passed, %d failed, %d skipped" % (results.passed, results.failed,
                                                 results.skipped))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
