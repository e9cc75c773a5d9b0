#!/bin/sh
# image.sh - image evidence through the binary: images built with real tools
# (umoci + skopeo: OCI layout directory, OCI tar, skopeo's docker-archive;
# docker build + docker save when dockerd runs), whiteouts, digests, the
# image checks, the SBOM, and hostile archives that must each give a clear
# error without crashing or writing anything.
. "$(dirname "$0")/lib.sh"

have python3 || skip_all "python3 is needed to read the JSON report"
have umoci && have skopeo || skip_all "umoci and skopeo are needed (./bootstrap installs them)"
bb=$(command -v busybox || true)
[ -n "$bb" ] || skip_all "busybox-static is needed for a rootfs (./bootstrap installs it)"

# status REPORT RULE / messages REPORT RULE / locations REPORT RULE
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

# ---- a weak image and a hardened one, built with umoci ---------------------------

root=$tmp/rootfs
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/usr/bin" "$root/root/.aws" \
	"$root/var/lib/dpkg" "$root/var/lib/apt/lists" "$root/srv/app/.git" "$root/usr/sbin"
cp "$bb" "$root/bin/busybox"
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/srv/app:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nsudo:x:27:app\napp:x:1000:\n' > "$root/etc/group"
printf 'root::19000:0:99999:7:::\napp:!:19000::::::\n' > "$root/etc/shadow"
chmod 640 "$root/etc/shadow"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' > "$root/etc/os-release"
cat > "$root/var/lib/dpkg/status" <<'ST'
Package: openssh-server
Status: install ok installed
Architecture: amd64
Source: openssh
Version: 1:9.2p1-2+deb12u3

Package: sudo
Status: install ok installed
Architecture: amd64
Version: 1.9.13p3-1+deb12u1

Package: removed-one
Status: deinstall ok config-files
Version: 1.0
ST
printf 'planted\n' > "$root/usr/bin/sudo"
chmod 4755 "$root/usr/bin/sudo"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"
printf '[default]\naws_secret_access_key = PLANTEDawsSECRETvalue1234567890\n' > "$root/root/.aws/credentials"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nPLANTEDKEYMATERIAL\n-----END OPENSSH PRIVATE KEY-----\n' > "$root/srv/app/deploy_key"
printf 'ref: refs/heads/main\n' > "$root/srv/app/.git/HEAD"
printf 'x\n' > "$root/var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"
mkdir -p "$root/srv/shared" && chmod 777 "$root/srv/shared"
printf 'big file written twice\n%01000d\n' 0 > "$root/srv/app/data.bin"

cd "$tmp"
umoci init --layout oci >/dev/null 2>&1 &&
umoci new --image oci:weak >/dev/null 2>&1 &&
umoci insert --image oci:weak "$root" / >/dev/null 2>&1 &&
umoci config --image oci:weak --config.env 'DB_PASSWORD=PLANTEDdbPASSWORD99' \
	--config.env 'PATH=/bin' --history.created_by 'ADD https://example.com/tool.tgz /opt/' \
	>/dev/null 2>&1 &&
printf 'rewritten\n%02000d\n' 0 > "$tmp/data.bin" &&
umoci insert --image oci:weak "$tmp/data.bin" /srv/app/data.bin >/dev/null 2>&1 &&
umoci insert --image oci:weak --whiteout /var/lib/apt/lists >/dev/null 2>&1 ||
	skip_all "umoci cannot build images here"

hard=$tmp/hard
mkdir -p "$hard/bin" "$hard/etc" "$hard/tmp"
cp "$bb" "$hard/bin/busybox"
chmod 1777 "$hard/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000::/:/sbin/nologin\n' > "$hard/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' > "$hard/etc/group"
printf 'root:*:19000:0:99999:7:::\napp:!:19000::::::\n' > "$hard/etc/shadow"
umoci new --image oci:hard >/dev/null 2>&1 &&
umoci insert --image oci:hard "$hard" / >/dev/null 2>&1 &&
umoci config --image oci:hard --config.user 1000:1000 >/dev/null 2>&1 ||
	skip_all "umoci cannot build images here"
# two platforms in the index: the descriptor of "hard" for linux/amd64 and the same
# manifest listed again for linux/arm64 (as a multi-platform index lists them)
python3 - <<'PY'
import json
i = json.load(open("oci/index.json"))
hard = [m for m in i["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] == "hard"][0]
hard["platform"] = {"os": "linux", "architecture": "amd64"}
arm = dict(hard, platform={"os": "linux", "architecture": "arm64"},
           annotations={"org.opencontainers.image.ref.name": "hard-arm64"})
i["manifests"].append(arm)
json.dump(i, open("oci/index.json", "w"))
PY

skopeo copy -q oci:oci:weak docker-archive:weak.tar:example/weak:1 >/dev/null 2>&1 ||
	skip_all "skopeo cannot write docker-archive here"
skopeo copy -q oci:oci:hard oci-archive:hard-oci.tar:hard >/dev/null 2>&1

# ---- readers ------------------------------------------------------------------------

expect_exit 0 ccaudit audit --image weak.tar --no-store -f json -o r.json
expect_eq fail "$(status r.json image.user-root)" "docker-archive (skopeo layout, symlinked layer.tar): no user is root"
m=$(messages r.json image.inspection)
contains "$m" "3 layers" "the inspection counts the layers"
contains "$m" "Debian GNU/Linux 12" "the inspection names the OS release"
contains "$m" "2 packages" "installed dpkg packages are counted, config-files ones are not"
contains "$m" "weak.tar: image@sha256:" "locations name the image by its digest"
expect_eq pass "$(status r.json image.package-cache)" "a whiteout of /var/lib/apt/lists removes the cache"
m=$(messages r.json image.inspection)
contains "$m" "MB wasted" "the inspection reports wasted bytes"
expect_eq fail "$(status r.json image.secret-config)" "a secret in Env fails"
m=$(messages r.json image.secret-config)
contains "$m" "/config/Env/DB_PASSWORD" "the finding is at the Env key"
expect_eq fail "$(status r.json image.add-url)" "history ADD of a URL fails"
m=$(messages r.json image.secret-file)
contains "$m" "layer 1: /srv/app/deploy_key" "a private key is found by content, at its layer"
contains "$m" "/root/.aws/credentials" "cloud credentials are found"
contains "$m" "/srv/app/.git" "a .git directory is found"
m=$(messages r.json image.setuid)
contains "$m" "'/usr/bin/sudo' is setuid" "setuid files are listed"
expect_eq fail "$(status r.json image.sudo)" "sudo and members of group sudo fail"
expect_eq fail "$(status r.json image.empty-password)" "an empty shadow password fails"
expect_eq fail "$(status r.json image.remote-access)" "openssh-server fails"
m=$(messages r.json image.world-writable)
contains "$m" "/srv/shared" "a world-writable directory outside /tmp fails"
expect_eq fail "$(status r.json image.healthcheck)" "an OCI-built image has no health check"
expect_eq fail "$(status r.json image.signature)" "no signature evidence fails"

# planted secrets never appear in any output
expect_exit 0 ccaudit audit --image weak.tar --no-store -f json,html,sarif,csv,md,xccdf -o out
if grep -rl 'PLANTEDdbPASSWORD99\|PLANTEDawsSECRET\|PLANTEDKEYMATERIAL' out r.json >/dev/null; then
	fail "planted secrets never appear in reports"
else
	pass "planted secrets never appear in reports"
fi

# OCI layout directory (two images and two platforms) and OCI tar
expect_exit 0 ccaudit audit --image oci --no-store -f json -o r.json
expect_eq "3" "$(python3 -c 'import json; d=json.load(open("r.json")); print(len([r for r in d["rules"] if r["id"]=="image.inspection"][0].get("findings", [])))')" \
	"an OCI layout with three tags gives three images"
expect_exit 0 ccaudit audit --image oci --platform linux/arm64 --no-store -f json -o r.json
expect_eq "1" "$(python3 -c 'import json; d=json.load(open("r.json")); print(len([r for r in d["rules"] if r["id"]=="image.inspection"][0].get("findings", [])))')" \
	"--platform keeps the image of that platform"
expect_eq pass "$(status r.json image.user-root)" "the hardened image runs as 1000:1000"
expect_exit 0 ccaudit audit --image hard-oci.tar --no-store -f json -o r.json
expect_eq pass "$(status r.json image.setuid)" "OCI tar: no setuid file"
expect_eq pass "$(status r.json image.world-writable)" "OCI tar: /tmp 1777 is allowed"
expect_eq pass "$(status r.json image.empty-password)" "OCI tar: locked accounts pass"
expect_eq pass "$(status r.json image.secret-file)" "OCI tar: no secret files"

# discovery: a directory with an OCI layout and a docker-archive; other tars ignored
mkdir proj && cp weak.tar proj/ && cp -r oci proj/layout && tar cf proj/notes.tar -C "$root" etc
expect_exit 0 ccaudit audit proj --no-store -f json -o r.json
expect_eq "4" "$(python3 -c 'import json; d=json.load(open("r.json")); print(len([r for r in d["rules"] if r["id"]=="image.inspection"][0].get("findings", [])))')" \
	"discovery reads image tars by content and oci-layout directories, not other tars"

# trust data naming a signer for the digest
cfg=$(python3 -c 'import json,sys; m=json.load(open("oci/index.json"))["manifests"]; print([x for x in m if x["annotations"]["org.opencontainers.image.ref.name"]=="hard"][0]["digest"])')
printf '[{"Name":"hard","SignedTags":[{"SignedTag":"hard","Digest":"%s","Signers":["alice"]}],"Signers":[{"Name":"alice"}]}]' "${cfg#sha256:}" > trust.json
expect_exit 0 ccaudit audit --image oci --platform linux/amd64 --trust-data trust.json --no-store -f json -o r.json
m=$(messages r.json image.signature)
contains "$m" "signed by alice" "trust data naming a signer for the digest passes"
printf '[{"Name":"x","SignedTags":' > bad-trust.json
expect_exit 0 ccaudit audit --image oci --platform linux/amd64 --trust-data bad-trust.json --no-store -f json -o r.json
expect_eq error "$(status r.json image.signature)" "broken trust data is an error"

# inspect JSON: configuration only
printf '[{"Id":"sha256:%064d","Created":"2020-01-01T00:00:00Z","Config":{"User":"root","Healthcheck":{"Test":["NONE"]},"Env":["API_TOKEN=PLANTEDinspectTOKEN1"]}}]' 0 > inspect.json
expect_exit 0 ccaudit audit --image inspect.json --no-store -f json -o r.json
expect_eq fail "$(status r.json image.user-root)" "inspect JSON: User root fails"
expect_eq fail "$(status r.json image.healthcheck)" "inspect JSON: Healthcheck NONE fails"
expect_eq fail "$(status r.json image.age)" "inspect JSON: created in 2020 is stale"
expect_eq notchecked "$(status r.json image.setuid)" "inspect JSON: file checks are notchecked"
if grep -q PLANTEDinspectTOKEN1 r.json; then fail "inspect secrets are masked"; else pass "inspect secrets are masked"; fi

# digest mismatch in a layout directory: corrupt a layer blob
cp -r oci bad && blob=$(python3 -c 'import json; m=json.load(open("bad/blobs/sha256/"+json.load(open("bad/index.json"))["manifests"][0]["digest"][7:])); print(m["layers"][0]["digest"][7:])')
chmod u+w "bad/blobs/sha256/$blob" && printf 'x' >> "bad/blobs/sha256/$blob"
expect_exit 0 ccaudit audit --image bad --no-store -f json -o r.json
m=$(messages r.json image.setuid)
contains "$m" "mismatch" "a changed blob is a digest mismatch, never ignored"

# ---- SBOM --------------------------------------------------------------------------

expect_exit 0 ccaudit sbom weak.tar -o bom.json
expect_eq "CycloneDX 1.5 2" "$(python3 -c 'import json; d=json.load(open("bom.json")); print(d["bomFormat"], d["specVersion"], len([c for c in d["components"] if c["type"]=="library"]))')" \
	"sbom writes CycloneDX 1.5 with the installed packages"
contains "$(cat bom.json)" "pkg:deb/debian/openssh-server@1%3A9.2p1-2%2Bdeb12u3?arch=amd64&distro=debian-12" "purls are encoded"
expect_exit 2 ccaudit sbom oci
expect_exit 0 ccaudit sbom oci --platform linux/arm64
expect_exit 3 ccaudit sbom inspect.json

# ---- hostile archives ---------------------------------------------------------------

python3 "$top_srcdir/tests/make-hostile-images.py" hostile
check_hostile() {   # FILE TEXT
	expect_exit 0 ccaudit audit --image "hostile/$1" --no-store -f json -o r.json
	m=$(messages r.json image.setuid)
	contains "$m" "$2" "$1: $2"
}
check_hostile traversal.tar "climbs out of the image root"
check_hostile absolute.tar "is an absolute path"
check_hostile symlink-outside.tar "points outside the archive"
check_hostile symlink-loop.tar "too many levels of links"
check_hostile hardlink-outside.tar "climbs out of the image root"
check_hostile hardlink-missing.tar "which is not a file of the image"
check_hostile whiteout-dotdot.tar "names '..'"
check_hostile duplicate.tar "appears twice"
check_hostile missing-blob.tar "is not in the archive"
check_hostile broken-json.tar "manifest.json:2: invalid JSON"
check_hostile broken-config.tar "'User' must be a string"
check_hostile digest-mismatch.tar "digest mismatch"
check_hostile truncated-gzip.tar "truncated gzip input"
check_hostile gzip-bomb.tar "decompression bomb"
check_hostile junk.tar "Unrecognized archive format"
check_hostile empty.tar "Unrecognized archive format"
expect_exit 0 ccaudit audit --image hostile/many-entries.tar --no-store -f json -o r.json
contains "$(messages r.json image.inspection)" "100100 files" "100,000 entries are read"
expect_exit 0 ccaudit audit --image hostile/sparse.tar --no-store -f json -o r.json
contains "$(messages r.json image.inspection)" "1 files" "a 1 TiB sparse file costs nothing"
# nothing was written beside the archives
expect_eq "" "$(find hostile -newer hostile/empty.tar -type f ! -name '*.tar' | head -1)" \
	"nothing is extracted"

finish
