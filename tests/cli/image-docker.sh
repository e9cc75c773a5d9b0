#!/bin/sh
# image-docker.sh - images built and saved by a real Docker Engine: dockerd
# started here (vfs storage, no bridge, its own socket and data root under
# $tmp, stopped by PID), `docker build` FROM scratch with a busybox rootfs,
# `docker save`, and ccaudit reading Docker's own archive layout (real
# <id>/layer.tar members, not skopeo's symlinks): the configuration Docker
# wrote (USER, HEALTHCHECK, EXPOSE, LABEL, ENV), digests verified while
# streaming, and a weak image with a planted key and a setuid binary.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed to read the JSON report"
if ! have dockerd || [ "$(id -u)" -ne 0 ] || [ ! -x /bin/busybox ]; then
	skip_all "needs root, dockerd (docker.io) and busybox-static"
fi

# status REPORT RULE / messages REPORT RULE
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print([r for r in d["rules"] if r["id"] == sys.argv[2]][0]["status"])' "$1" "$2"
}
messages() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["rules"] if r["id"] == sys.argv[2]][0]
print("\n".join(f["status"] + " " + f["location"] + " | " + f["message"] for f in r.get("findings", [])))' "$1" "$2"
}
contains() {   # TEXT WORD MESSAGE
	case $1 in *"$2"*) pass "$3" ;; *) fail "$3" "'$2'" "$1" ;; esac
}

start_dockerd || finish
d=$dockerd_dir

# ---- a hardened image --------------------------------------------------------------

ctx=$tmp/hard
mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/rootfs/tmp" "$ctx/rootfs/srv/app"
cp /bin/busybox "$ctx/rootfs/bin/"
chmod 1777 "$ctx/rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001::/srv/app:/sbin/nologin\n' \
	> "$ctx/rootfs/etc/passwd"
printf 'root:x:0:\napp:x:10001:\n' > "$ctx/rootfs/etc/group"
printf 'root:*:20000:0:99999:7:::\napp:!:20000::::::\n' > "$ctx/rootfs/etc/shadow"
printf 'ID=busybox\nPRETTY_NAME="BusyBox rootfs"\n' > "$ctx/rootfs/etc/os-release"
printf '<p>ok</p>\n' > "$ctx/rootfs/srv/app/index.html"
cat > "$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
RUN ["/bin/busybox", "mkdir", "-p", "/srv/app/cache"]
ENV APP_PORT=8080 DB_PASSWORD_FILE=/run/secrets/db_password
LABEL org.opencontainers.image.title="hardened" org.opencontainers.image.version="1.0"
EXPOSE 8080/tcp
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/busybox", "wget", "-q", "-O-", "http://127.0.0.1:8080/"]
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/srv/app"]
EOF
if ! $D build -q --network none -t ccaudit-test/hard:1 "$ctx" >"$tmp/build.log" 2>&1; then
	fail "docker build FROM scratch (hardened)" "a built image" "$(tail -n 5 "$tmp/build.log")"
	finish
fi
pass "docker build FROM scratch with USER, HEALTHCHECK, EXPOSE, LABEL, ENV and a RUN step"
expect_true "docker save writes the hardened image" $D save -o "$tmp/hard.tar" ccaudit-test/hard:1
id=$($D image inspect --format '{{.Id}}' ccaudit-test/hard:1)

# Docker's layout: <id>/layer.tar are real files (skopeo writes symlinks), a
# repositories file beside manifest.json
layout=$(python3 - "$tmp/hard.tar" <<'PY'
import json, sys, tarfile
t = tarfile.open(sys.argv[1])
names = {m.name: m for m in t.getmembers()}
man = json.load(t.extractfile("manifest.json"))
layers = man[0]["Layers"]
print(len(layers), all(names[l].isfile() for l in layers), "repositories" in names)
PY
)
expect_eq "2 True True" "$layout" "docker save: two layers stored as regular <id>/layer.tar files"

expect_exit 0 ccaudit audit --image "$tmp/hard.tar" --no-store -f json -o "$tmp/hard.json"
expect_eq pass "$(status "$tmp/hard.json" image.healthcheck)" "a real HEALTHCHECK passes image.healthcheck"
expect_eq pass "$(status "$tmp/hard.json" image.user-root)" "USER 10001:10001 passes image.user-root"
m=$(messages "$tmp/hard.json" image.inspection)
contains "$m" "$tmp/hard.tar: image@$id" "the image is named by the digest Docker gives it"
contains "$m" "2 layers" "both layers of Docker's archive are read"
contains "$m" "BusyBox rootfs" "the OS release is read from the layers"
for r in image.secret-config image.secret-file image.setuid image.sudo image.empty-password \
	image.world-writable image.remote-access image.add-url image.age; do
	expect_eq pass "$(status "$tmp/hard.json" $r)" "hardened docker image: $r passes"
done

# digests are verified: one changed byte in a layer is a mismatch, never ignored
python3 - "$tmp/hard.tar" "$tmp/bad.tar" <<'PY'
import json, shutil, sys, tarfile
shutil.copy(sys.argv[1], sys.argv[2])
t = tarfile.open(sys.argv[2])
layer = json.load(t.extractfile("manifest.json"))[0]["Layers"][0]
inner = tarfile.open(fileobj=t.extractfile(layer))
busy = [m for m in inner.getmembers() if m.name.endswith("bin/busybox")][0]
off = t.getmember(layer).offset_data + busy.offset_data + 100
t.close()
with open(sys.argv[2], "r+b") as f:
    f.seek(off)
    b = f.read(1)
    f.seek(off)
    f.write(bytes([b[0] ^ 0xff]))
PY
expect_exit 0 ccaudit audit --image "$tmp/bad.tar" --no-store -f json -o "$tmp/bad.json"
expect_eq error "$(status "$tmp/bad.json" image.setuid)" "a changed layer makes the file rules error"
contains "$(messages "$tmp/bad.json" image.setuid)" "layer 1: diff_id mismatch" \
	"the error names the layer whose content does not match its diff_id"
# the configuration is checked against its digest (the file name Docker gives it)
python3 - "$tmp/hard.tar" "$tmp/badcfg.tar" <<'PY'
import json, shutil, sys, tarfile
shutil.copy(sys.argv[1], sys.argv[2])
t = tarfile.open(sys.argv[2])
cfg = json.load(t.extractfile("manifest.json"))[0]["Config"]
m = t.getmember(cfg)
data = t.extractfile(m).read()
t.close()
pos = data.index(b'"User":"10001:10001"') + 8
with open(sys.argv[2], "r+b") as f:
    f.seek(m.offset_data + pos)
    f.write(b"root:xxxxxx")
PY
expect_exit 0 ccaudit audit --image "$tmp/badcfg.tar" --no-store -f json -o "$tmp/bad.json"
expect_eq error "$(status "$tmp/bad.json" image.user-root)" \
	"a changed configuration is an error, not a root user"
contains "$(messages "$tmp/bad.json" image.user-root)" "mismatch" "the error says mismatch"

# ---- a weak image: root, a planted key and .env, a setuid binary ---------------------

ctx=$tmp/weak
mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/rootfs/root/.ssh" "$ctx/rootfs/srv/app"
cp /bin/busybox "$ctx/rootfs/bin/"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$ctx/rootfs/etc/passwd"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nPLANTEDdockerKEYmaterial0123456789\n-----END OPENSSH PRIVATE KEY-----\n' \
	> "$ctx/rootfs/root/.ssh/id_ed25519"
printf 'STRIPE_KEY=PLANTEDdockerENVsecret42\n' > "$ctx/rootfs/srv/app/.env"
cat > "$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
RUN ["/bin/busybox", "chmod", "4755", "/bin/busybox"]
ENV API_TOKEN=PLANTEDdockerAPItoken777
CMD ["/bin/busybox", "sh"]
EOF
if ! $D build -q --network none -t ccaudit-test/weak:1 "$ctx" >"$tmp/build.log" 2>&1; then
	fail "docker build FROM scratch (weak)" "a built image" "$(tail -n 5 "$tmp/build.log")"
	finish
fi
pass "docker build FROM scratch of the weak image"
expect_true "docker save writes the weak image" $D save -o "$tmp/weak.tar" ccaudit-test/weak:1
expect_exit 0 ccaudit audit --image "$tmp/weak.tar" --no-store -f json -o "$tmp/weak.json"
expect_eq fail "$(status "$tmp/weak.json" image.user-root)" "no USER fails image.user-root"
expect_eq fail "$(status "$tmp/weak.json" image.healthcheck)" "no HEALTHCHECK fails image.healthcheck"
m=$(messages "$tmp/weak.json" image.secret-file)
contains "$m" "/root/.ssh/id_ed25519' holds a private key" "the planted key is found"
contains "$m" "/srv/app/.env' is a credential or history file" "the planted .env is found"
m=$(messages "$tmp/weak.json" image.setuid)
contains "$m" "layer 2: /bin/busybox" "the setuid bit set by a RUN step is found in its layer"
contains "$m" "'/bin/busybox' is setuid" "the setuid binary fails image.setuid"
expect_eq fail "$(status "$tmp/weak.json" image.secret-config)" "a secret ENV fails image.secret-config"
expect_exit 0 ccaudit audit --image "$tmp/weak.tar" --no-store -f json,html,sarif,csv,md,xccdf \
	-o "$tmp/weak-out"
if grep -rl 'PLANTEDdocker' "$tmp/weak-out" "$tmp/weak.json" >/dev/null; then
	fail "planted secrets never appear in any report"
else
	pass "planted secrets never appear in any report"
fi

finish
