#!/usr/bin/env python3
"""A tiny HTTP server for tests/linux/boot-test.sh.

    token-server.py TOKEN PORT_FILE [LIFETIME_SECONDS]

Binds 127.0.0.1 on a free port (the kernel picks it), writes the port number
to PORT_FILE (atomically: written aside, then renamed), and answers
GET /token with TOKEN and a newline (text/plain); any other path gets 404.
Each request is logged on stderr. Exits after LIFETIME_SECONDS (default 600)
in case whoever started it could not stop it.
"""
import http.server
import os
import sys
import threading


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    token, port_file = sys.argv[1], sys.argv[2]
    lifetime = float(sys.argv[3]) if len(sys.argv) == 4 else 600.0
    body = (token + "\n").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/token":
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404, "only /token here")

        def log_message(self, fmt, *args):
            sys.stderr.write("token-server: %s %s\n" % (self.client_address[0], fmt % args))
            sys.stderr.flush()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(port_file + ".tmp", port_file)
    sys.stderr.write("token-server: serving on 127.0.0.1:%d\n" % port)
    sys.stderr.flush()
    timer = threading.Timer(lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    main()
