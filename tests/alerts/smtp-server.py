#!/usr/bin/env python3
"""A tiny SMTP server for bomwatch's email delivery tests (Python 3 standard library only).

Listens on 127.0.0.1, never offers STARTTLS, never relays anything. The first line on stdout is
exactly ``listening on PORT``.

    smtp-server.py [--port 0] --log FILE [--auth USER:PASSWORD]
                   [--fail-rcpt CODE] [--fail-count N] [--max-seconds S]

--auth            offer AUTH PLAIN LOGIN and require it before MAIL (535 on a wrong password)
--fail-rcpt CODE  answer RCPT TO with CODE (450: transient, 550: permanent) ...
--fail-count N    ... for the first N RCPT commands only (default: all)

Each message is saved as msg-N.eml (the DATA bytes, dot-stuffing undone) beside the log. The log
(--log FILE) gets one JSON object per connection when it ends: {"ts", "commands": [verbs in order],
"auth": user or null, "messages": [{"mail_from", "rcpt_to", "file"}]}.
"""

import argparse
import base64
import json
import os
import signal
import socketserver
import sys
import threading
import time


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.messages = 0
        self.rcpts = 0

    def record(self, entry):
        line = json.dumps(entry)
        with self.lock:
            with open(self.args.log, "a", encoding="utf-8") as log:
                log.write(line + "\n")


class Handler(socketserver.StreamRequestHandler):
    state = None

    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())
        self.wfile.flush()

    def line(self):
        data = self.rfile.readline(65536)
        if not data:
            raise EOFError
        return data.rstrip(b"\r\n").decode("utf-8", "replace")

    def check_login(self, user, password):
        want_user, _, want_password = self.state.args.auth.partition(":")
        if user == want_user and password == want_password:
            self.user = user
            self.reply("235 2.7.0 Authentication successful")
        else:
            self.reply("535 5.7.8 Authentication credentials invalid")

    def handle(self):
        args = self.state.args
        self.user = None
        commands, messages = [], []
        mail_from, rcpt_to = None, []
        self.reply("220 localhost test SMTP server")
        try:
            while True:
                text = self.line()
                verb = text.split(" ", 1)[0].upper()
                commands.append(verb)
                rest = text[len(verb):].strip()
                if verb in ("EHLO", "HELO"):
                    lines = ["localhost", "SIZE 10485760", "8BITMIME"]
                    if args.auth:
                        lines.append("AUTH PLAIN LOGIN")
                    lines.append("HELP")
                    for i, item in enumerate(lines):
                        self.reply("250%s%s" % (" " if i == len(lines) - 1 else "-", item))
                elif verb == "AUTH" and args.auth:
                    mechanism, _, initial = rest.partition(" ")
                    if mechanism.upper() == "PLAIN":
                        if not initial:
                            self.reply("334 ")
                            initial = self.line()
                        parts = base64.b64decode(initial).decode("utf-8", "replace").split("\0")
                        self.check_login(parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")
                    elif mechanism.upper() == "LOGIN":
                        if initial:
                            user = base64.b64decode(initial).decode()
                        else:
                            self.reply("334 VXNlcm5hbWU6")
                            user = base64.b64decode(self.line()).decode()
                        self.reply("334 UGFzc3dvcmQ6")
                        self.check_login(user, base64.b64decode(self.line()).decode())
                    else:
                        self.reply("504 5.5.4 Unrecognized authentication type")
                elif verb == "MAIL":
                    if args.auth and self.user is None:
                        self.reply("530 5.7.0 Authentication required")
                    else:
                        mail_from, rcpt_to = rest.split(":", 1)[1].strip().split(" ")[0], []
                        self.reply("250 2.1.0 OK")
                elif verb == "RCPT":
                    with self.state.lock:
                        self.state.rcpts += 1
                        n = self.state.rcpts
                    if args.fail_rcpt and (args.fail_count < 0 or n <= args.fail_count):
                        self.reply("%d %s.1.1 Mailbox unavailable (injected)" % (args.fail_rcpt, str(args.fail_rcpt)[0]))
                    elif mail_from is None:
                        self.reply("503 5.5.1 MAIL first")
                    else:
                        rcpt_to.append(rest.split(":", 1)[1].strip())
                        self.reply("250 2.1.5 OK")
                elif verb == "DATA":
                    if not rcpt_to:
                        self.reply("503 5.5.1 RCPT first")
                        continue
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    data = bytearray()
                    while True:
                        raw = self.rfile.readline(1 << 20)
                        if not raw:
                            raise EOFError
                        if raw == b".\r\n":
                            break
                        if raw.startswith(b"."):
                            raw = raw[1:]
                        data += raw
                    with self.state.lock:
                        self.state.messages += 1
                        n = self.state.messages
                    path = os.path.join(os.path.dirname(os.path.abspath(args.log)), "msg-%d.eml" % n)
                    with open(path, "wb") as out:
                        out.write(bytes(data))
                    messages.append({"mail_from": mail_from, "rcpt_to": rcpt_to, "file": path})
                    mail_from, rcpt_to = None, []
                    self.reply("250 2.0.0 OK queued as %d" % n)
                elif verb in ("RSET", "NOOP"):
                    if verb == "RSET":
                        mail_from, rcpt_to = None, []
                    self.reply("250 2.0.0 OK")
                elif verb == "QUIT":
                    self.reply("221 2.0.0 Bye")
                    break
                else:
                    self.reply("502 5.5.2 Command not implemented")
        except (EOFError, ConnectionError):
            pass
        finally:
            self.state.record({"ts": time.time(), "commands": commands, "auth": self.user, "messages": messages})


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--log", required=True)
    p.add_argument("--auth", metavar="USER:PASSWORD")
    p.add_argument("--fail-rcpt", type=int, default=0, metavar="CODE")
    p.add_argument("--fail-count", type=int, default=-1, metavar="N")
    p.add_argument("--max-seconds", type=float, default=120.0)
    args = p.parse_args()
    Handler.state = State(args)
    server = Server(("127.0.0.1", args.port), Handler)
    print("listening on %d" % server.server_address[1], flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    timer = threading.Timer(args.max_seconds, stop)
    timer.daemon = True
    timer.start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
