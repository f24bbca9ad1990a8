#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# An HTTP proxy for the fault tests of `modlink kernel fetch`: it forwards
# every request to the real mirror except those whose URL contains the
# given text, which get 404 Not Found (a mirror caught without one
# package). Prints its port on stdout once it listens.
#   http_404_proxy.py TEXT
import http.server
import shutil
import socketserver
import sys
import urllib.error
import urllib.request

MISSING = sys.argv[1]
# The proxy itself goes straight to the mirror, whatever this process's
# environment says.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Proxy(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def forward(self, with_body):
        if MISSING in self.path:
            self.send_error(404, "Not Found")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("if-modified-since", "range", "if-range")}
        request = urllib.request.Request(self.path, headers=headers, method=self.command)
        try:
            response = OPENER.open(request, timeout=60)
        except urllib.error.HTTPError as e:
            response = e
        except OSError as e:
            self.send_error(502, str(e))
            return
        self.send_response(response.status if hasattr(response, "status") else response.code)
        for k, v in response.headers.items():
            if k.lower() not in ("connection", "transfer-encoding"):
                self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        if with_body:
            shutil.copyfileobj(response, self.wfile)

    def do_GET(self):
        self.forward(True)

    def do_HEAD(self):
        self.forward(False)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Proxy)
print(server.server_address[1], flush=True)
server.serve_forever()
