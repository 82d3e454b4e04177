#!/usr/bin/env python3
"""Static server for the forklab browser lab.

    python3 web/serve.py [--dir build/web] [--port 8000] [--host 127.0.0.1] [--no-isolation]

Sends Cross-Origin-Opener-Policy / -Embedder-Policy / -Resource-Policy so the page is
cross-origin isolated (SharedArrayBuffer, the threaded module); --no-isolation leaves them
out, which is how most course platforms serve an embedded page (the lab then runs the
single-threaded module). Port 0 picks a free port. Prints one line
"forklab lab: http://HOST:PORT/" (tests parse it) and serves until interrupted.
"""
import argparse
import functools
import http.server
import os
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


class LabHandler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    quiet = False
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME}

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
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
    ap.add_argument("--quiet", action="store_true", help="do not log requests")
    args = ap.parse_args(argv)

    root = Path(args.dir).resolve()
    if not root.is_dir():
        print(f"serve.py: no such folder: {root} (build the wasm preset first)", file=sys.stderr)
        return 2
    LabHandler.isolation = not args.no_isolation
    LabHandler.quiet = args.quiet
    handler = functools.partial(LabHandler, directory=str(root))
    try:
        httpd = Server((args.host, args.port), handler)
    except OSError as e:
        print(f"serve.py: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    host, port = httpd.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    mode = "cross-origin isolated" if LabHandler.isolation else "NOT isolated (--no-isolation)"
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
