#!/bin/sh
# live.sh - `ccaudit audit --live`: a real dockerd started here (vfs
# storage, no bridge, its own socket and data root under $tmp, stopped by
# PID), a small image built FROM scratch, one hardened container and risky
# ones created; then what ccaudit reads from the Engine API, and how it
# answers an engine it cannot use: no socket, a socket that is not a
# Docker Engine, an API that is too old, an engine that never answers, a
# tcp:// host.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "needs python3 for the fake sockets"

# ---- engines ccaudit cannot use ------------------------------------------------

# fake_socket PATH MODE: a unix socket server in the background: MODE
# "http" answers every request 200 "OK" without Api-Version, "old" answers
# as a Docker Engine of API 1.24, "hang" accepts and never answers.
fake_socket() {
	python3 - "$1" "$2" <<'EOF' &
import os, socket, sys, time
path, mode = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX)
s.bind(path)
s.listen(8)
while True:
    c, _ = s.accept()
    if mode == "hang":
        time.sleep(60)
        continue
    c.recv(65536)
    if mode == "old":
        c.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.24\r\nContent-Length: 2\r\n\r\nOK")
    else:
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")
    c.close()
EOF
	fakes="$fakes $!"
	i=0
	while [ ! -S "$1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
}
fakes=""
# stop_fakes: the fake servers (dockerd, if started, stops with the test).
stop_fakes() {
	for p in $fakes; do kill "$p" 2>/dev/null; done
}
trap 'st=$?; stop_fakes; (exit $st); cleanup' EXIT

run ccaudit audit --live --docker-host "unix://$tmp/none.sock" --no-store
expect_eq 0 "$rc" "no engine at the socket: the audit still completes"
expect_stderr_contains "cannot connect to the docker engine at '$tmp/none.sock': No such file or directory"

fake_socket "$tmp/http.sock" http
run ccaudit audit --live --docker-host "unix://$tmp/http.sock" --no-store
expect_stderr_contains "answers HTTP but is not a Docker Engine"

fake_socket "$tmp/old.sock" old
run ccaudit audit --live --docker-host "unix://$tmp/old.sock" --no-store
expect_stderr_contains "speaks API 1.24; ccaudit reads 1.30 or later"

fake_socket "$tmp/hang.sock" hang
t0=$(date +%s)
run ccaudit audit --live --docker-host "unix://$tmp/hang.sock" --live-timeout 1 --no-store
expect_stderr_contains "got no answer within 1 s"
expect_true "a hanging engine is given up on in about the timeout" test $(($(date +%s) - t0)) -le 5

run ccaudit audit --live --docker-host tcp://192.0.2.1:2375 --no-store
expect_stderr_contains "only unix:// sockets can be asked"
run ccaudit audit --docker-host "unix://$tmp/x.sock"
expect_eq 2 "$rc" "--docker-host without --live is a usage error"
run ccaudit audit --live --live-timeout 0
expect_eq 2 "$rc" "--live-timeout 0 is a usage error"

# ---- a real engine ----------------------------------------------------------------

if ! have dockerd || [ "$(id -u)" -ne 0 ] || [ ! -x /bin/busybox ]; then
	skip "a real Docker Engine" "needs root, dockerd (docker.io) and busybox-static"
	finish
fi
start_dockerd || finish
d=$dockerd_dir

mkdir -p "$tmp/ctx/rootfs/bin"
cp /bin/busybox "$tmp/ctx/rootfs/bin/"
cat >"$tmp/ctx/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
USER 10001
HEALTHCHECK CMD ["/bin/busybox", "true"]
CMD ["/bin/busybox", "sleep", "3600"]
EOF
expect_true "an image builds FROM scratch" $D build -q -t ccaudit-test/app:1 "$tmp/ctx"
expect_true "a hardened container is created" $D create --name hardened --read-only \
	--cap-drop ALL --security-opt no-new-privileges --pids-limit 100 --memory 64m \
	--cpus 0.5 --restart on-failure:3 -p 127.0.0.1:8080:8080 ccaudit-test/app:1
expect_true "a risky container is created" $D create --name risky --privileged \
	-v /var/run/docker.sock:/var/run/docker.sock -v /etc:/host-etc --pid host \
	--network host -e DB_PASSWORD=Sup3rS3cretPassw0rd -u 0 ccaudit-test/app:1

# A running container whose health check fails.
expect_true "a container with a failing health check runs" $D run -d --name sick --network none \
	--health-cmd '/bin/busybox false' --health-interval 1s --health-retries 1 ccaudit-test/app:1
i=0
until [ "$($D inspect -f '{{.State.Health.Status}}' sick 2>/dev/null)" = unhealthy ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done

run ccaudit audit --live --docker-host "unix://$d/docker.sock" -f json -o "$tmp/live.json"
expect_eq 0 "$rc" "the audit of the live engine runs"
expect_stderr_empty
for what in '"kind": "engine"' "docker.sock (risky)" "docker.sock (hardened)"; do
	expect_true "the inventory lists $what" grep -q -F "$what" "$tmp/live.json"
done
# finding_status RULE CONTAINER: the status of RULE's finding on CONTAINER.
finding_status() {
	python3 - "$tmp/live.json" "$1" "$2" <<'EOF'
import json, sys
report, rule, name = sys.argv[1], sys.argv[2], sys.argv[3]
for r in json.load(open(report))["rules"]:
    if r["id"] == rule:
        st = {f["status"] for f in r.get("findings", []) if (": %s: " % name) in f["location"]}
        print(" ".join(sorted(st)) or "none")
EOF
}
for rule in container.privileged container.docker-socket container.host-mounts \
	    container.host-namespaces container.read-only container.no-new-privileges \
	    container.cap-drop container.pids-limit container.resources container.restart \
	    container.secret-env container.user; do
	expect_eq fail "$(finding_status "$rule" risky)" "$rule fails on the risky container"
	expect_true "$rule does not fail on the hardened container" \
		test "$(finding_status "$rule" hardened)" != fail
done
expect_eq pass "$(finding_status container.user hardened)" "container.user passes on the hardened container (USER 10001)"
expect_eq pass "$(finding_status container.healthcheck hardened)" "the image's HEALTHCHECK counts for the live container"
expect_eq fail "$(finding_status container.healthcheck sick)" "a container its health check calls unhealthy fails"
expect_eq informational "$(finding_status container.published-ports hardened)" "the published port is listed"
expect_eq none "$(finding_status container.port-interface hardened)" "a port bound to 127.0.0.1 is not on every interface"
expect_eq notapplicable "$(finding_status container.pull-policy risky)" "pull policy does not apply to a running container"
expect_true "a risky finding is located at its inspect key" \
	grep -q -F "docker.sock: risky: HostConfig.Privileged" "$tmp/live.json"

# The engine's settings, judged by the daemon rules /info can decide.
rule_status() {
	python3 - "$tmp/live.json" "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["rules"]:
    if r["id"] == sys.argv[2]:
        print(r["status"])
EOF
}
expect_eq fail "$(rule_status daemon.live-restore)" "live-restore off in the engine fails"
expect_eq fail "$(rule_status daemon.storage-driver)" "the vfs storage driver fails"
expect_eq pass "$(rule_status daemon.insecure-registries)" "only dockerd's own 127.0.0.0/8 is insecure: pass"
expect_eq unknown "$(rule_status daemon.icc)" "icc, which /info does not show, is unknown"
expect_eq informational "$(rule_status engine.version)" "the engine's version is recorded"
expect_true "the version message names the engine and API" grep -q -F "(API 1." "$tmp/live.json"
expect_eq pass "$(rule_status image.user-root)" "the running image's USER 10001 passes image.user-root"
expect_eq pass "$(rule_status image.healthcheck)" "the running image's HEALTHCHECK passes image.healthcheck"
expect_eq notchecked "$(rule_status image.setuid)" "file rules need layers: notchecked for a live image"
expect_true "the running image is named by its id" grep -q -F "docker.sock: image@sha256:" "$tmp/live.json"
expect_true "engine settings are located at their /info field" \
	grep -q -F "docker.sock: engine settings: LiveRestoreEnabled" "$tmp/live.json"

if grep -a -q -F Sup3rS3cretPassw0rd "$tmp/live.json" "$CCAUDIT_DB"* 2>/dev/null; then
	fail "the container's secret environment value appears nowhere unmasked"
else
	pass "the container's secret environment value appears nowhere unmasked"
fi

finish
