#!/usr/bin/env python3
"""Static server for the forklab browser lab.

    python3 web/serve.py [--dir build/web] [--port 8000] [--host 127.0.0.1] [--no-isolation]

Sends Cross-Origin-Opener-Policy / -Embedder-Policy / -Resource-Policy so the page is
cross-origin isolated (SharedArrayBuffer, the threaded module); --no-isolation leaves them
out, which is how most course platforms serve an embedded page (the lab then runs the
single-threaded module). Text and wasm files go out gzip-compressed (Content-Encoding) to
clients that accept it, as any production host would send them, so what a page transfers
here is what a student downloads (scripts/web_report.mjs measures it); --no-gzip turns that
off. Port 0 picks a free port. Prints one line "forklab lab: http://HOST:PORT/" (tests
parse it) and serves until interrupted.
"""
import argparse
import functools
import gzip
import http.server
import io
import os
import threading
import socketserver
import sys
from pathlib import Path

MIME = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".py": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".map": "application/json",
}


# Worth compressing: the module (.wasm), its JS, the page, styles, scenarios.
COMPRESSIBLE = {".wasm", ".js", ".mjs", ".html", ".css", ".json", ".py", ".txt", ".svg", ".map"}


class GzipCache:
    """gzip -9 bodies by (path, size, mtime): the 4 MB module is compressed once, not per load."""

    def __init__(self):
        self._lock = threading.Lock()
        self._bodies = {}

    def get(self, path, st):
        key = (path, st.st_size, st.st_mtime_ns)
        with self._lock:
            body = self._bodies.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=9, mtime=0)
            with self._lock:
                for old in [k for k in self._bodies if k[0] == path]:
                    del self._bodies[old]
                self._bodies[key] = body
        return body


def accepts_gzip(header):
    """True when an Accept-Encoding value allows gzip (not refused with q=0)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


class LabHandler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    quiet = False
    compress = True
    gzip_cache = GzipCache()
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME}

    def send_head(self):
        """Serves a compressible file gzipped when the client accepts it; else as the base class."""
        if not self.compress or not accepts_gzip(self.headers.get("Accept-Encoding")):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            index = os.path.join(path, "index.html")
            if os.path.isfile(index):
                path = index
        if os.path.splitext(path)[1].lower() not in COMPRESSIBLE or not os.path.isfile(path):
            return super().send_head()  # directories (redirects, listings), 404s, images
        try:
            st = os.stat(path)
            body = self.gzip_cache.get(path, st)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            # cross-origin: the lab is meant to be embedded, and an isolated course page on
            # another origin may only load it (COEP require-corp) when it says so.
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Cache-Control", "no-store, max-age=0")
        super().end_headers()

    def log_message(self, fmt, *args):
        if not self.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv=None):
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(repo / "build" / "web"), help="folder to serve (default: build/web)")
    ap.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--no-isolation", action="store_true", help="do not send COOP/COEP/CORP headers")
    ap.add_argument("--no-gzip", action="store_true", help="send files uncompressed")
    ap.add_argument("--quiet", action="store_true", help="do not log requests")
    args = ap.parse_args(argv)

    root = Path(args.dir).resolve()
    if not root.is_dir():
        print(f"serve.py: no such folder: {root} (build the wasm preset first)", file=sys.stderr)
        return 2
    LabHandler.isolation = not args.no_isolation
    LabHandler.quiet = args.quiet
    LabHandler.compress = not args.no_gzip
    handler = functools.partial(LabHandler, directory=str(root))
    try:
        httpd = Server((args.host, args.port), handler)
    except OSError as e:
        print(f"serve.py: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    host, port = httpd.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    mode = "cross-origin isolated" if LabHandler.isolation else "NOT isolated (--no-isolation)"
    if LabHandler.compress:
        mode += ", gzip"
    print(f"forklab lab: http://{shown}:{port}/", flush=True)
    print(f"serving {root} ({mode}); Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
