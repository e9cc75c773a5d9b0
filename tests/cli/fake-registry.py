#!/usr/bin/env python3
"""fake-registry.py - a misbehaving HTTP server on loopback for tests/cli/registry.sh.

    python3 fake-registry.py MODE PORTFILE

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE, and answers
every connection as MODE says until it is killed:

  hang            accept, read the request, never answer
  garbage         answer with bytes that are not HTTP
  redirect-http   302 to a plain http URL
  redirect-loop   302 to https on the same port, forever (the client gives up)
  huge-headers    an endless run of headers
  huge-body       200 with a registry header and an endless body
  not-registry    200 with an HTML page and no registry header
  no-challenge    401 without WWW-Authenticate
  anonymous       200 with the registry header, as an open registry answers
  challenge       401 with a Basic challenge and the registry header
"""
import socket
import sys
import threading
import time

mode, portfile = sys.argv[1], sys.argv[2]


def answer(conn):
    try:
        conn.settimeout(30)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return
            data += chunk
        if mode == "hang":
            time.sleep(3600)
        elif mode == "garbage":
            conn.sendall(b"\x00\x01\x02 SSH-2.0-OpenSSH_9.2\r\n\xff\xfe not http at all\r\n\r\n")
        elif mode == "redirect-http":
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/v2/\r\n"
                         b"Content-Length: 0\r\n\r\n")
        elif mode == "redirect-loop":
            port = conn.getsockname()[1]
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: https://127.0.0.1:%d/v2/\r\n"
                         b"Content-Length: 0\r\n\r\n" % port)
        elif mode == "huge-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for i in range(100000):
                conn.sendall(b"X-Filler-%d: %s\r\n" % (i, b"a" * 200))
        elif mode == "huge-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                         b"Content-Type: application/json\r\n\r\n")
            for _ in range(100000):
                conn.sendall(b"{" * 4096)
        elif mode == "not-registry":
            body = b"<html><body>It works!</body></html>"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
                         % (len(body), body))
        elif mode == "no-challenge":
            conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                         b"Content-Length: 0\r\n\r\n")
        elif mode == "anonymous":
            conn.sendall(b"HTTP/1.1 200 OK\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                         b"Content-Length: 2\r\n\r\n{}")
        elif mode == "challenge":
            conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nDocker-Distribution-API-Version: registry/2.0\r\n"
                         b"WWW-Authenticate: Basic realm=\"fake\"\r\nContent-Length: 0\r\n\r\n")
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    import os
    os.rename(portfile + ".tmp", portfile)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
