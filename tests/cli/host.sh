#!/bin/sh
# host.sh - host evidence through the binary: daemon.json, dockerd flags
# and systemd units (--daemon-config, --dockerd-args, --dockerd-unit and
# discovery), bad input that costs only its own rules, and secrets that
# never leave masked.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed to read the JSON report"

# status REPORT RULE: the status of RULE in the JSON report REPORT.
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["status"])' "$1" "$2"
}

# locations REPORT RULE: the locations of RULE's findings, one a line.
locations() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == sys.argv[2]][0]
print("\n".join(f["status"] + " " + f["location"] for f in r["findings"]))' "$1" "$2"
}

# evidence_paths REPORT KIND: the paths of the evidence of KIND.
evidence_paths() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(e["path"] for e in d["evidence"] if e["kind"] == sys.argv[2]))' "$1" "$2"
}

hardened=$CCA_FIXTURES/daemon-checks/hardened.json
weak=$CCA_FIXTURES/daemon-checks/weak.json

# ---- discovery ------------------------------------------------------------------

proj=$tmp/proj
mkdir -p "$proj/etc/docker" "$proj/etc/systemd/system/docker.service.d" \
	"$proj/lib/systemd/system" "$proj/etc/nginx/conf.d" "$proj/.git/docker"
printf '{ "live-restore": true }\n' > "$proj/etc/docker/daemon.json"
cp "$hardened" "$proj/.git/docker/daemon.json"
printf '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n' \
	> "$proj/lib/systemd/system/docker.service"
printf '[Service]\nEnvironment="HTTPS_PROXY=https://proxy.example.invalid:3128"\n' \
	> "$proj/etc/systemd/system/docker.service.d/http-proxy.conf"
printf 'server { listen 80; }\n' > "$proj/etc/nginx/conf.d/site.conf"
expect_exit 0 ccaudit audit "$proj" --no-store -f json -o "$tmp/r.json"
expect_eq "$proj/etc/docker/daemon.json $proj/etc/systemd/system/docker.service.d/http-proxy.conf $proj/lib/systemd/system/docker.service" \
	"$(evidence_paths "$tmp/r.json" daemon)" \
	"discovery finds daemon.json, docker.service and its drop-ins, not other *.conf or .git"
expect_eq pass "$(status "$tmp/r.json" daemon.live-restore)" \
	"daemon.json and the unit's flags are one daemon"
expect_eq notapplicable "$(status "$tmp/r.json" daemon.file-permissions)" \
	"copies outside /etc of the host: their owner and mode are not judged"
# dockerd refuses "hosts" in daemon.json when the unit gives -H too
cp "$hardened" "$proj/etc/docker/daemon.json"
expect_exit 0 ccaudit audit "$proj" --no-store -f json -o "$tmp/r.json"
expect_eq error "$(status "$tmp/r.json" daemon.live-restore)" \
	"hosts in daemon.json and -H in the unit: dockerd refuses to start"
expect_true "the message names the conflict" \
	sh -c "grep -q 'hosts: (from flag: fd://' '$tmp/r.json'"

# ---- options ------------------------------------------------------------------------

cp "$weak" "$tmp/engine-settings.txt"
expect_exit 0 ccaudit audit --daemon-config "$tmp/engine-settings.txt" --no-store -f json -o "$tmp/r.json"
expect_eq "$tmp/engine-settings.txt" "$(evidence_paths "$tmp/r.json" daemon)" \
	"--daemon-config reads a file of any name"
expect_eq fail "$(status "$tmp/r.json" daemon.tcp-tls)" "a tcp:// host without TLS fails"
expect_true "the finding is at FILE:LINE" \
	sh -c "grep -q 'engine-settings.txt:15' '$tmp/r.json'"

printf '[Service]\nExecStart=/usr/bin/dockerd --live-restore --icc=false\n' > "$tmp/unit.txt"
expect_exit 0 ccaudit audit --dockerd-unit "$tmp/unit.txt" --no-store -f json -o "$tmp/r.json"
expect_eq pass "$(status "$tmp/r.json" daemon.live-restore)" "--dockerd-unit reads a unit of any name"
expect_eq "fail $tmp/unit.txt: --userns-remap" "$(locations "$tmp/r.json" daemon.userns-remap)" \
	"a default is reported where the flag would be"

expect_exit 0 ccaudit audit --dockerd-args "dockerd --live-restore --icc=false --log-level=debug" \
	--no-store -f json -o "$tmp/r.json"
expect_eq "dockerd flags" "$(evidence_paths "$tmp/r.json" daemon)" "--dockerd-args is an input of its own"
expect_eq "fail dockerd flags: --log-level" "$(locations "$tmp/r.json" daemon.log-level)" \
	"findings about flags name the flag"

printf '{ "userns-remap": "default" }\n' > "$tmp/daemon.json"
expect_exit 0 ccaudit audit --daemon-config "$tmp/daemon.json" --dockerd-args "--live-restore" \
	--no-store -f json -o "$tmp/r.json"
expect_eq "pass pass" "$(status "$tmp/r.json" daemon.live-restore) $(status "$tmp/r.json" daemon.userns-remap)" \
	"flags and file merge as dockerd merges them"

expect_exit 0 ccaudit audit --daemon-config "$tmp/daemon.json" --dockerd-args "--userns-remap=default" \
	--no-store -f json -o "$tmp/r.json"
expect_eq error "$(status "$tmp/r.json" daemon.live-restore)" \
	"a key set as a flag and in the file: dockerd refuses to start, the rules error"
expect_true "the message says which key" \
	sh -c "grep -q 'specified both as a flag.*userns-remap' '$tmp/r.json'"

# ---- bad input costs only its own rules -----------------------------------------------

bad=$tmp/bad
mkdir -p "$bad/trunc" "$bad/types" "$bad/binary" "$bad/utf8" "$bad/big" "$bad/unknown" \
	"$bad/unit/docker.service.d"
printf '{\n  "icc": false,\n  "hosts": [\n' > "$bad/trunc/daemon.json"
printf '{\n  "icc": "no"\n}\n' > "$bad/types/daemon.json"
head -c 2048 /dev/urandom > "$bad/binary/daemon.json"
printf '{ "labels": ["caf\351"] }\n' > "$bad/utf8/daemon.json"
{ printf '{ "labels": ['; head -c 1200000 /dev/zero | tr '\0' 'x' | sed 's/.*/"&"/'; printf '] }\n'; } \
	> "$bad/big/daemon.json"
printf '{ "graph": "/var/lib/docker" }\n' > "$bad/unknown/daemon.json"
printf '[Service]\nExecStart=/usr/bin/dockerd --label "never closed\n' \
	> "$bad/unit/docker.service.d/quote.conf"
printf 'FROM debian:12\nUSER 1000\n' > "$bad/Dockerfile"
for f in trunc types binary utf8 big unknown; do
	expect_exit 0 ccaudit audit --daemon-config "$bad/$f/daemon.json" --no-store -f json -o "$tmp/r.json"
	expect_eq error "$(status "$tmp/r.json" daemon.icc)" "a $f daemon.json makes the daemon rules error"
done
expect_exit 0 ccaudit audit --daemon-config "$bad/trunc/daemon.json" --dockerfile "$bad/Dockerfile" \
	--no-store -f json -o "$tmp/r.json"
expect_stderr_contains "$bad/trunc/daemon.json:4: invalid JSON"
expect_eq pass "$(status "$tmp/r.json" dockerfile.user-root)" "the Dockerfile is still evaluated"
expect_exit 0 ccaudit audit --daemon-config "$bad/types/daemon.json" --no-store
expect_stderr_contains "$bad/types/daemon.json:2: json: cannot unmarshal string into Go struct field Config.icc of type bool"
expect_exit 0 ccaudit audit --daemon-config "$bad/unknown/daemon.json" --no-store
expect_stderr_contains "the following directives don't match any configuration option: graph"
expect_exit 0 ccaudit audit --daemon-config "$bad/big/daemon.json" --no-store
expect_stderr_contains "is larger than the limit"
expect_exit 0 ccaudit audit "$bad/unit" --no-store -f json -o "$tmp/r.json"
expect_stderr_contains "$bad/unit/docker.service.d/quote.conf:2: unterminated double quote"
expect_eq error "$(status "$tmp/r.json" daemon.icc)" "a unit with odd quoting makes the daemon rules error"
expect_exit 0 ccaudit audit --dockerd-args "--label 'never closed" --no-store -f json -o "$tmp/r.json"
expect_eq error "$(status "$tmp/r.json" daemon.icc)" "flags with odd quoting make the daemon rules error"
expect_stderr_contains "unterminated single quote"
expect_exit 0 ccaudit audit --dockerd-args "--no-such-flag" --no-store
expect_stderr_contains "unknown flag: --no-such-flag"

# ---- secrets never leave masked ---------------------------------------------------------

cat > "$tmp/secret.json" <<'JSON'
{
  "proxies": { "http-proxy": "http://svc-docker:Pr0xyPassw0rd7@proxy.example.invalid:3128" },
  "registry-mirrors": ["http://puller:M1rrorPassw0rd@mirror.example.invalid"],
  "log-driver": "splunk",
  "log-opts": { "splunk-token": "8f14e45f-ceea-467f-a0e6-0123456789ab" }
}
JSON
mkdir -p "$tmp/secret-out"
run ccaudit audit --daemon-config "$tmp/secret.json" \
	--dockerd-args "--label deploy=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5" \
	--no-store -f text,json,xml,html,xccdf,sarif,junit,csv,md -o "$tmp/secret-out"
expect_eq 0 "$rc" "the audit with planted secrets runs"
for s in Pr0xyPassw0rd7 M1rrorPassw0rd 8f14e45f-ceea-467f-a0e6-0123456789ab \
	 ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5; do
	if grep -rq "$s" "$tmp/secret-out" "$out" "$err"; then
		fail "the secret '$s' appears in no output" "nothing" "$(grep -rl "$s" "$tmp/secret-out" "$out" "$err")"
	else
		pass "the secret '$s' appears in no output"
	fi
done
expect_true "the settings are still listed, masked" \
	grep -qF 'http-proxy=http://svc-***@proxy.example.invalid:3128' "$tmp/secret-out/report.json"

# ---- the client configuration -----------------------------------------------------------

cfg=$CCA_FIXTURES/client-config
home=$tmp/home
mkdir -p "$home/ci/.docker" "$home/app" "$home/not.docker"
cp "$cfg/plain-auth.json" "$home/ci/.docker/config.json"
cp "$cfg/plain-auth.json" "$home/app/config.json"
cp "$cfg/plain-auth.json" "$home/not.docker/config.json"
expect_exit 0 ccaudit audit "$home" --no-store -f json -o "$tmp/r.json"
expect_eq "$home/ci/.docker/config.json" "$(evidence_paths "$tmp/r.json" client)" \
	"discovery reads config.json only inside a .docker directory"
expect_eq fail "$(status "$tmp/r.json" client.plain-credentials)" "a plain base64 auth fails"
expect_true "the finding is at FILE:LINE" \
	sh -c "grep -q '$home/ci/.docker/config.json:4' '$tmp/r.json'"

expect_exit 0 ccaudit audit --docker-config "$cfg/helpers.json" --no-store -f json -o "$tmp/r.json"
expect_eq "$cfg/helpers.json" "$(evidence_paths "$tmp/r.json" client)" "--docker-config reads a file of any name"
expect_eq "pass pass" "$(status "$tmp/r.json" client.plain-credentials) $(status "$tmp/r.json" client.credential-store)" \
	"credentials kept by helpers pass"

printf '{\n\t"credHelpers": {\n\t\t"r.example": "pass",\n\t}\n}\n' > "$tmp/trailing-comma.json"
expect_exit 0 ccaudit audit --docker-config "$tmp/trailing-comma.json" --dockerfile "$bad/Dockerfile" \
	--no-store -f json -o "$tmp/r.json"
expect_stderr_contains "$tmp/trailing-comma.json:4: invalid JSON"
expect_eq error "$(status "$tmp/r.json" client.credential-store)" "invalid JSON makes the client rules error"
expect_eq pass "$(status "$tmp/r.json" dockerfile.user-root)" "the rest of the audit goes on"
printf '{"auths": {"r.example": {"auth": "%s"}}}' "$(printf 'no-colon-here' | base64)" > "$tmp/badauth.json"
expect_exit 0 ccaudit audit --docker-config "$tmp/badauth.json" --no-store
expect_stderr_contains "the auth of 'r.example' is not base64 of user:password"

mkdir -p "$tmp/client-out"
run ccaudit audit --docker-config "$cfg/plain-auth.json" --docker-config "$cfg/headers-token.json" \
	--docker-config "$cfg/password-token.json" --no-store \
	-f text,json,xml,html,xccdf,sarif,junit,csv,md -o "$tmp/client-out"
expect_eq 0 "$rc" "the audit of planted client secrets runs"
for s in Xk9pL2vQw7zR4tNb Y2ktYm90OlhrOXBMMnZRdzd6UjR0TmI= 5f3c9a7e2b8d4f1a6c0e9b7d3a5f8c2e \
	 Sq1dPassw0rdX Zq4mV8nC1xR6tY3w eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2JvdCJ9; do
	if grep -rq -- "$s" "$tmp/client-out" "$out" "$err"; then
		fail "the client secret '$s' appears in no output" "nothing" "$(grep -rl -- "$s" "$tmp/client-out" "$out" "$err")"
	else
		pass "the client secret '$s' appears in no output"
	fi
done

# ---- CI files and build scripts --------------------------------------------------------

ci=$CCA_FIXTURES/ci-checks
expect_exit 0 ccaudit audit "$ci" --no-store -f json -o "$tmp/r.json"
expect_eq "$ci/.github/workflows/ci.yaml $ci/.github/workflows/release.yml $ci/.gitlab-ci.yml $ci/Jenkinsfile $ci/Makefile $ci/build.sh $ci/tests.sh" \
	"$(evidence_paths "$tmp/r.json" ci)" "discovery finds workflows, GitLab CI, Jenkinsfile, Makefile and scripts"
expect_true "build findings are at FILE:LINE" sh -c "grep -q '$ci/Jenkinsfile:6' '$tmp/r.json'"
cp "$ci/build.sh" "$tmp/deploy-script"
expect_exit 0 ccaudit audit --ci-file "$tmp/deploy-script" --no-store -f json -o "$tmp/r.json"
expect_eq "fail $tmp/deploy-script:6" "$(locations "$tmp/r.json" ci.login-password)" \
	"--ci-file reads a script of any name; the literal password is at its line"
printf 'build:\n  script:\n    - "docker build .\n' > "$tmp/.gitlab-ci.yml"
expect_exit 0 ccaudit audit --ci-file "$tmp/.gitlab-ci.yml" --no-store -f json -o "$tmp/r.json"
expect_eq error "$(status "$tmp/r.json" ci.build-pull)" "invalid YAML makes the CI rules error"
expect_stderr_contains "$tmp/.gitlab-ci.yml:"
run ccaudit audit "$ci" --no-store -f text,json,xml,html,xccdf,sarif,junit,csv,md -o "$tmp/ci-out"
for s in Hunter2Hunter2x S3cretJenkinsPw Pa55word4Registry; do
	if grep -rq -- "$s" "$tmp/ci-out" "$out" "$err"; then
		fail "the CI password '$s' appears in no output"
	else
		pass "the CI password '$s' appears in no output"
	fi
done

finish
