#!/bin/sh
# registry.sh - registry evidence through the binary: the real Distribution
# registry (Debian's docker-registry) started here on loopback twice, plain
# without authentication and TLS with htpasswd, probed with --registry and
# its configuration audited; misbehaving servers (tests/cli/fake-registry.py)
# that hang, speak something else, redirect to http or never stop talking;
# discovery of config.yml and harbor.yml; secrets never shown.  Every
# daemon is stopped by its PID.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed for the fake servers and to read reports"

pids=""
stop_all() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
	done
	pids=""
}
trap 'st=$?; stop_all; (exit $st); cleanup' EXIT

# status REPORT RULE: the status of RULE in the JSON report REPORT.
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["status"])' "$1" "$2"
}

# message REPORT RULE: its message.
message() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["message"])' "$1" "$2"
}

expect_status() {  # REPORT RULE STATUS
	got=$(status "$1" "$2")
	if [ "$got" = "$3" ]; then
		pass "$2 is $3"
	else
		fail "$2 is $3" "$3" "$got: $(message "$1" "$2")"
	fi
}

expect_message_contains() {  # REPORT RULE TEXT
	case $(message "$1" "$2") in
	*"$3"*) pass "$2 says '$3'" ;;
	*) fail "$2 says '$3'" "$3" "$(message "$1" "$2")" ;;
	esac
}

free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT: until something accepts connections on it (at most 10 s).
wait_port() {
	python3 -c 'import socket,sys,time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)' "$1"
}

# ---- misbehaving servers --------------------------------------------------------

fake() {  # MODE: start a fake server, set $fake_port
	rm -f "$tmp/port.$1"
	python3 "$top_srcdir/tests/cli/fake-registry.py" "$1" "$tmp/port.$1" &
	pids="$pids $!"
	i=0
	while [ ! -s "$tmp/port.$1" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	fake_port=$(cat "$tmp/port.$1")
}

cp "$CCA_FIXTURES/dockerfile-checks/from-official-passes.Dockerfile" "$tmp/Dockerfile"

# A server that never answers: the probe gives up in time, says so naming the
# URL, its rules report error, and the rest of the audit goes on.
fake hang
start=$(date +%s)
expect_exit 0 ccaudit audit "$tmp/Dockerfile" --registry "http://127.0.0.1:$fake_port" \
	--registry-timeout 2 --no-store -f json -o "$tmp/hang.json"
elapsed=$(($(date +%s) - start))
if [ "$elapsed" -le 8 ]; then pass "a hanging registry costs the timeout ($elapsed s)"
else fail "a hanging registry costs the timeout" "<= 8 s" "$elapsed s"; fi
expect_stderr_contains "'http://127.0.0.1:$fake_port/v2/': no answer within 2 s"
expect_status "$tmp/hang.json" registry.endpoint-auth error
expect_status "$tmp/hang.json" registry.endpoint-tls error
expect_message_contains "$tmp/hang.json" registry.endpoint-tls "http://127.0.0.1:$fake_port/v2/"
expect_status "$tmp/hang.json" dockerfile.from-latest pass

fake garbage
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/garbage.json"
expect_stderr_contains "does not answer as an HTTP server"
expect_status "$tmp/garbage.json" registry.endpoint-auth error

fake redirect-http
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/redirect.json"
expect_stderr_contains "redirects to 'http://127.0.0.1:9/v2/', which is not https; the redirect is not followed"
expect_status "$tmp/redirect.json" registry.endpoint-tls error

fake huge-headers
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/headers.json"
expect_stderr_contains "headers exceed the limit of 32768 bytes"
expect_status "$tmp/headers.json" registry.endpoint-auth error

fake huge-body
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/body.json"
expect_stderr_contains "body exceeds the limit of 65536 bytes"
expect_status "$tmp/body.json" registry.endpoint-auth error

fake not-registry
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/web.json"
expect_stderr_contains "not a registry API"
expect_status "$tmp/web.json" registry.endpoint-auth error

fake no-challenge
expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$fake_port" --no-store -f json -o "$tmp/nochal.json"
expect_status "$tmp/nochal.json" registry.endpoint-auth fail
expect_message_contains "$tmp/nochal.json" registry.endpoint-auth "no WWW-Authenticate challenge"

# Credentials in the URL are refused, and never printed.
expect_exit 0 ccaudit audit --registry "http://user:planted-url-pass@127.0.0.1:$fake_port" --no-store -f json -o "$tmp/cred.json"
expect_stderr_contains "the URL carries credentials"
expect_stderr_not_contains planted-url-pass
if grep -q planted-url-pass "$tmp/cred.json"; then fail "the URL's password stays out of the report"
else pass "the URL's password stays out of the report"; fi

expect_exit 2 ccaudit audit --registry http://127.0.0.1:1 --registry-timeout 0 --no-store
expect_stderr_contains "--registry-timeout must be 1 to 120 seconds"
expect_exit 2 ccaudit audit --registry http://127.0.0.1:1 --registry-timeout 121 --no-store
stop_all

# ---- the real registry ----------------------------------------------------------

registry=$(command -v docker-registry || true)
[ -n "$registry" ] || [ ! -x /usr/bin/docker-registry ] || registry=/usr/bin/docker-registry
if [ -z "$registry" ]; then
	skip "the real Distribution registry" "docker-registry is not installed (./bootstrap installs it)"
	finish
fi

# Plain, without authentication, on loopback.
plain_port=$(free_port)
mkdir -p "$tmp/plain"
cat >"$tmp/plain/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $tmp/plain/data
http:
  addr: 127.0.0.1:$plain_port
  secret: planted-http-secret-value-7c1
EOF
"$registry" serve "$tmp/plain/registry.yml" >"$tmp/plain/log" 2>&1 &
plain_pid=$!
pids="$pids $plain_pid"
if wait_port "$plain_port"; then pass "the plain registry listens"; else fail "the plain registry listens"; cat "$tmp/plain/log"; fi

expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$plain_port" \
	--registry-config "$tmp/plain/registry.yml" --no-store -f json -o "$tmp/plain.json"
expect_status "$tmp/plain.json" registry.endpoint-auth fail
expect_message_contains "$tmp/plain.json" registry.endpoint-auth "answered 200"
expect_status "$tmp/plain.json" registry.endpoint-tls fail
expect_message_contains "$tmp/plain.json" registry.endpoint-tls "plain http"
expect_status "$tmp/plain.json" registry.auth fail
expect_status "$tmp/plain.json" registry.tls fail
expect_status "$tmp/plain.json" registry.plain-listener pass
expect_status "$tmp/plain.json" registry.secret-in-config fail
expect_exit 1 ccaudit audit --registry "http://127.0.0.1:$plain_port" --fail-on high --no-store
# TLS spoken to a plain registry: an error naming the URL
expect_exit 0 ccaudit audit --registry "https://127.0.0.1:$plain_port" --no-store -f json -o "$tmp/wrongtls.json"
expect_stderr_contains "'https://127.0.0.1:$plain_port/v2/': the TLS handshake failed"
expect_status "$tmp/wrongtls.json" registry.endpoint-tls error

# TLS with htpasswd (bcrypt), on loopback.
if have openssl && have htpasswd; then
	tls_port=$(free_port)
	mkdir -p "$tmp/tls"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout "$tmp/tls/key.pem" \
		-out "$tmp/tls/cert.pem" -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
	htpasswd -Bbn auditor 'planted-htpasswd-pass' >"$tmp/tls/htpasswd"
	cat >"$tmp/tls/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $tmp/tls/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$tls_port
  tls:
    certificate: $tmp/tls/cert.pem
    key: $tmp/tls/key.pem
    minimumtls: tls1.2
auth:
  htpasswd:
    realm: ccaudit-test
    path: htpasswd
EOF
	(cd "$tmp/tls" && exec "$registry" serve registry.yml) >"$tmp/tls/log" 2>&1 &
	tls_pid=$!
	pids="$pids $tls_pid"
	if wait_port "$tls_port"; then pass "the TLS registry listens"; else fail "the TLS registry listens"; cat "$tmp/tls/log"; fi

	# self-signed: the challenge is seen, the certificate does not verify
	expect_exit 0 ccaudit audit --registry "https://127.0.0.1:$tls_port" --no-store -f json -o "$tmp/tls1.json"
	expect_status "$tmp/tls1.json" registry.endpoint-auth pass
	expect_message_contains "$tmp/tls1.json" registry.endpoint-auth 'Basic realm="ccaudit-test"'
	expect_status "$tmp/tls1.json" registry.endpoint-tls fail
	expect_message_contains "$tmp/tls1.json" registry.endpoint-tls "give --cacert FILE"
	# --cacert makes it verify
	expect_exit 0 ccaudit audit --registry "https://127.0.0.1:$tls_port/" --cacert "$tmp/tls/cert.pem" \
		--registry-config "$tmp/tls/registry.yml" --no-store -f json -o "$tmp/tls2.json"
	expect_status "$tmp/tls2.json" registry.endpoint-auth pass
	expect_status "$tmp/tls2.json" registry.endpoint-tls pass
	expect_status "$tmp/tls2.json" registry.auth pass
	expect_message_contains "$tmp/tls2.json" registry.auth "1 bcrypt entry"
	expect_status "$tmp/tls2.json" registry.tls pass
	expect_status "$tmp/tls2.json" registry.plain-listener pass
	expect_exit 0 ccaudit audit --registry "https://127.0.0.1:$tls_port" --cacert "$tmp/absent.pem" --no-store -f json -o "$tmp/tls3.json"
	expect_stderr_contains "cannot read --cacert"
	expect_status "$tmp/tls3.json" registry.endpoint-tls error
	# a plain http request to the TLS port is not a registry answer
	expect_exit 0 ccaudit audit --registry "http://127.0.0.1:$tls_port" --no-store -f json -o "$tmp/tls4.json"
	expect_status "$tmp/tls4.json" registry.endpoint-auth error
else
	skip "the TLS registry with htpasswd" "openssl or htpasswd (apache2-utils) is missing"
fi

stop_all
for p in $plain_pid ${tls_pid:-}; do
	if kill -0 "$p" 2>/dev/null; then fail "registry $p stopped"; else pass "registry $p stopped"; fi
done

# The Debian package's own default configuration names a directory for htpasswd.
if [ -r /etc/docker/registry/config.yml ] && [ -d /etc/docker/registry ]; then
	expect_exit 0 ccaudit audit /etc/docker/registry/config.yml --no-store -f json -o "$tmp/debian.json"
	expect_status "$tmp/debian.json" registry.auth fail
	expect_message_contains "$tmp/debian.json" registry.auth "'/etc/docker/registry' is a directory"
	expect_status "$tmp/debian.json" registry.plain-listener fail
else
	skip "the Debian default configuration" "/etc/docker/registry/config.yml is not installed"
fi

# ---- discovery, outputs ---------------------------------------------------------

proj=$tmp/proj
mkdir -p "$proj/deploy/registry" "$proj/verdaccio/registry" "$proj/harbor"
cat >"$proj/deploy/registry/config.yml" <<'EOF'
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  secret: planted-http-secret-value-7c1
EOF
printf 'storage: ./storage\nuplinks:\n  npmjs:\n    url: https://registry.npmjs.org/\n' >"$proj/verdaccio/registry/config.yml"
cp "$CCA_FIXTURES/registry-checks/harbor-defaults/harbor.yml" "$proj/harbor/harbor.yml"
expect_exit 0 ccaudit audit "$proj" --no-store -f json,xml,html,sarif,csv,md,junit,xccdf -o "$tmp/out"
kinds=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(e["kind"] + ":" + e["path"].split("/proj/")[-1] for e in d["evidence"] if e["kind"] != "catalog")))' "$tmp/out/report.json")
expect_eq "harbor-config:harbor/harbor.yml registry-config:deploy/registry/config.yml" "$kinds" \
	"discovery reads registry/config.yml and harbor.yml, not another program's config.yml"
expect_status "$tmp/out/report.json" registry.secret-in-config fail
expect_status "$tmp/out/report.json" harbor.default-password fail
expect_message_contains "$tmp/out/report.json" registry.plain-listener "deploy/registry/config.yml:6"
leaks=$(grep -l -e planted-http-secret-value -e Harbor12345 -e root123 -e planted-htpasswd-pass \
	"$tmp"/out/* "$tmp"/*.json 2>/dev/null || true)
expect_eq "" "$leaks" "planted secrets appear in no output"
expect_exit 0 ccaudit audit "$proj" --db "$tmp/registry.db" -f json -o "$tmp/stored.json"
expect_exit 0 ccaudit report latest --db "$tmp/registry.db" -f json -o "$tmp/replayed.json"
leaks=$(grep -a -l -e planted-http-secret-value -e Harbor12345 -e root123 \
	"$tmp"/registry.db* "$tmp/replayed.json" 2>/dev/null || true)
expect_eq "" "$leaks" "planted secrets are not in the history database, unmasked"

# A broken configuration costs only its own rules.
printf 'version: 0.1\nstorage: {filesystem: [\n\x00\xff' >"$tmp/registry.yml"
expect_exit 0 ccaudit audit "$tmp/registry.yml" "$tmp/Dockerfile" --no-store -f json -o "$tmp/broken.json"
expect_stderr_contains "$tmp/registry.yml:"
expect_status "$tmp/broken.json" registry.auth error
expect_status "$tmp/broken.json" dockerfile.from-latest pass

finish
