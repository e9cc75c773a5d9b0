#!/bin/sh
# make-images.sh - how the example images were made (the results are
# committed, so `ccaudit audit examples/...` works without building):
#
#   examples/payments-api/image/          OCI image layout (umoci), the API as
#                                         it ships: non-root, health check,
#                                         OCI labels, one gzip layer
#   examples/legacy-shop/shop-frontend.tar  docker-archive (skopeo), the shop
#                                         image: root, a private key, an .env,
#                                         sudo and openssh-server installed, a
#                                         setuid file, secrets in ENV, ADD of a
#                                         URL in its history
#
# Each root file system is a handful of text files written here: an
# /etc/passwd, /etc/os-release, a dpkg status database naming the packages,
# the application's configuration and stub scripts.  No real binaries; the
# images are for reading, not for running.  All secrets are made up.
#
# Needs umoci, skopeo and python3 (./bootstrap installs them).  Run from
# anywhere: sh examples/images/make-images.sh
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/make-images.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# the hardened image is dated when it is made (rerun to refresh it)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH})

# dpkg_entry NAME VERSION ARCH [SOURCE]: one paragraph of /var/lib/dpkg/status
dpkg_entry() {
	printf 'Package: %s\nStatus: install ok installed\nPriority: optional\n' "$1"
	[ -z "${4:-}" ] || printf 'Source: %s\n' "$4"
	printf 'Architecture: %s\nVersion: %s\nDescription: %s\n\n' "$3" "$2" "$1"
}

# ---- payments-api: hardened ---------------------------------------------------------

r=$tmp/rootfs-payments
mkdir -p "$r/etc" "$r/tmp" "$r/var/lib/dpkg" "$r/usr/local/bin" "$r/etc/payments" \
	"$r/etc/ssl/certs"
chmod 1777 "$r/tmp"
cat > "$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
payments:x:10001:10001::/nonexistent:/usr/sbin/nologin
EOF
printf 'root:x:0:\nnogroup:x:65534:\npayments:x:10001:\n' > "$r/etc/group"
printf 'root:*:20000:0:99999:7:::\nnobody:*:20000:0:99999:7:::\npayments:!:20000::::::\n' \
	> "$r/etc/shadow"
chmod 640 "$r/etc/shadow"
cat > "$r/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
EOF
{
	dpkg_entry base-files 12.4+deb12u8 amd64
	dpkg_entry ca-certificates 20230311 all
	dpkg_entry curl 7.88.1-10+deb12u8 amd64
	dpkg_entry libc6 2.36-9+deb12u9 amd64 glibc
	dpkg_entry tzdata 2024b-0+deb12u1 all
} > "$r/var/lib/dpkg/status"
printf '#!/bin/sh\n# stands in for the Go binary of services/api\necho payments-api\n' \
	> "$r/usr/local/bin/payments-api"
chmod 0555 "$r/usr/local/bin/payments-api"
cat > "$r/etc/payments/config.toml" <<'EOF'
listen = "0.0.0.0:8443"
tls_cert = "/run/secrets/tls.crt"
tls_key = "/run/secrets/tls.key"
db_password_file = "/run/secrets/db_password"
EOF
printf '# the CA bundle of ca-certificates\n' > "$r/etc/ssl/certs/ca-certificates.crt"

cd "$tmp"
umoci init --layout pay >/dev/null
umoci new --image pay:2.4.1
umoci insert --image pay:2.4.1 --history.created_by 'COPY rootfs/ / # payments-api runtime' \
	"$r" /
umoci config --image pay:2.4.1 --created "$created" --history.created "$created" \
	--config.user 10001:10001 --config.workingdir / \
	--config.env PATH=/usr/local/bin:/usr/bin:/bin \
	--config.env PAYMENTS_CONFIG=/etc/payments/config.toml \
	--config.env DB_PASSWORD_FILE=/run/secrets/db_password \
	--config.exposedports 8443/tcp \
	--config.entrypoint /usr/local/bin/payments-api \
	--config.label org.opencontainers.image.title=payments-api \
	--config.label org.opencontainers.image.source=https://git.example.invalid/payments/api \
	--config.label org.opencontainers.image.licenses=Apache-2.0 \
	--config.label org.opencontainers.image.version=2.4.1 \
	--history.created_by 'USER 10001:10001 EXPOSE 8443 ENTRYPOINT ["/usr/local/bin/payments-api"]'

# OCI configurations have no health check field and umoci cannot set one:
# add Docker's (what `docker build` writes for HEALTHCHECK) to the config
# blob and rewrite the digests that name it; umoci gc drops the old blobs.
# The tag becomes the full reference (umoci takes plain tags only).
python3 - pay <<'PY'
import hashlib, json, os, sys
lay = sys.argv[1]
def blob(d): return os.path.join(lay, "blobs", "sha256", d.split(":")[1])
def put(obj):
    b = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    d = "sha256:" + hashlib.sha256(b).hexdigest()
    open(blob(d), "wb").write(b)
    return d, len(b)
index = json.load(open(os.path.join(lay, "index.json")))
desc = index["manifests"][0]
man = json.load(open(blob(desc["digest"])))
cfg = json.load(open(blob(man["config"]["digest"])))
cfg["config"]["Healthcheck"] = {
    "Test": ["CMD", "curl", "-fsS", "https://127.0.0.1:8443/healthz"],
    "Interval": 30000000000, "Timeout": 3000000000, "Retries": 3}
cfg["history"].append({"created": cfg["created"], "empty_layer": True,
    "created_by": 'HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["curl", "-fsS", "https://127.0.0.1:8443/healthz"]'})
man["config"]["digest"], man["config"]["size"] = put(cfg)
desc["digest"], desc["size"] = put(man)
# the reference the image is pushed as, fully qualified as the OCI layout allows
desc["annotations"]["org.opencontainers.image.ref.name"] = "registry.example.invalid/payments/api:2.4.1"
json.dump(index, open(os.path.join(lay, "index.json"), "w"), separators=(",", ":"))
PY
umoci gc --layout pay
rm -rf "$here/payments-api/image"
cp -r pay "$here/payments-api/image"
chmod -R u+rwX,go+rX,go-w "$here/payments-api/image"

# ---- legacy-shop: weak --------------------------------------------------------------

r=$tmp/rootfs-shop
mkdir -p "$r/etc/ssh" "$r/tmp" "$r/var/lib/dpkg" "$r/usr/bin" "$r/usr/sbin" "$r/root/.ssh" \
	"$r/srv/shop" "$r/var/lib/apt/lists" "$r/opt/theme"
chmod 1777 "$r/tmp"
cat > "$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
admin:x:1000:1000:shop admin:/home/admin:/bin/bash
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
EOF
printf 'root:x:0:\nsudo:x:27:admin\nadmin:x:1000:\n' > "$r/etc/group"
# admin's password was set with chpasswd to "changeme"; root has none at all
printf 'root::19000:0:99999:7:::\nadmin:$y$j9T$madeup$0nlyF0rTheExampleXXXXXXXXXXXXXXXXXXXXXXX:19000:0:99999:7:::\nsshd:*:19000:0:99999:7:::\n' \
	> "$r/etc/shadow"
chmod 640 "$r/etc/shadow"
cat > "$r/etc/os-release" <<'EOF'
PRETTY_NAME="Ubuntu 20.04.6 LTS"
NAME="Ubuntu"
VERSION_ID="20.04"
VERSION="20.04.6 LTS (Focal Fossa)"
ID=ubuntu
ID_LIKE=debian
EOF
{
	dpkg_entry base-files 11ubuntu5.8 amd64
	dpkg_entry curl 7.68.0-1ubuntu2.22 amd64
	dpkg_entry nodejs 10.19.0~dfsg-3ubuntu1.6 amd64
	dpkg_entry npm 6.14.4+ds-1ubuntu2 all
	dpkg_entry openssh-server 1:8.2p1-4ubuntu0.11 amd64 openssh
	dpkg_entry sudo 1.8.31-1ubuntu1.5 amd64
} > "$r/var/lib/dpkg/status"
printf '#!/bin/sh\n# stands in for sudo\n' > "$r/usr/bin/sudo"
printf '#!/bin/sh\n# stands in for node\n' > "$r/usr/bin/node"
printf '#!/bin/sh\n# stands in for sshd\n' > "$r/usr/sbin/sshd"
printf '#!/bin/sh\n# stands in for npm\n' > "$r/usr/bin/npm"
printf '#!/bin/sh\n# stands in for apt-get\n' > "$r/usr/bin/apt-get"
chmod 4755 "$r/usr/bin/sudo" "$r/usr/bin/node"
chmod 0755 "$r/usr/sbin/sshd" "$r/usr/bin/npm" "$r/usr/bin/apt-get"
printf 'PermitRootLogin yes\nPasswordAuthentication yes\n' > "$r/etc/ssh/sshd_config"
# made up: a key block that is no key, passwords nobody uses
cat > "$r/root/.ssh/id_rsa" <<'EOF'
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAmadeUpForTheCcauditExampleNotARealKeyAtAll0123456789
abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef
-----END RSA PRIVATE KEY-----
EOF
chmod 600 "$r/root/.ssh/id_rsa"
printf 'mysql -u root -pSup3rS3cretPassw0rd shop\n' > "$r/root/.bash_history"
cat > "$r/srv/shop/.env" <<'EOF'
DB_HOST=db
DB_PASSWORD=Sup3rS3cretPassw0rd
STRIPE_SECRET_KEY=sk_live_madeUpForTheExample0000
EOF
printf '{"name":"shop","version":"3.1.0","scripts":{"start":"node server.js"}}\n' \
	> "$r/srv/shop/package.json"
printf 'require("http").createServer((q, s) => s.end("shop")).listen(80);\n' \
	> "$r/srv/shop/server.js"
chmod -R 777 "$r/srv/shop"
printf 'Origin: Ubuntu\n' > "$r/var/lib/apt/lists/archive.ubuntu.com_ubuntu_dists_focal_InRelease"
printf '/* theme */\n' > "$r/opt/theme/shop.css"

umoci init --layout shop >/dev/null
umoci new --image shop:latest
umoci insert --image shop:latest --history.created_by \
	'/bin/sh -c apt-get update && apt-get install -y openssh-server sudo nodejs npm curl' "$r" /
# built years ago and never rebuilt
umoci config --image shop:latest --created 2021-06-14T09:30:00Z \
	--history.created 2021-06-14T09:30:00Z \
	--config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	--config.env DB_PASSWORD=Sup3rS3cretPassw0rd \
	--config.env AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
	--config.exposedports 22/tcp --config.exposedports 80/tcp --config.exposedports 2375/tcp \
	--config.cmd /bin/sh --config.cmd -c \
	--config.cmd 'service ssh start && npm start --prefix /srv/shop' \
	--history.created_by 'ADD https://downloads.example.invalid/shop-theme.tar.gz /opt/theme/'
skopeo copy -q oci:shop:latest docker-archive:shop-frontend.tar:shop/frontend:latest
rm -f "$here/legacy-shop/shop-frontend.tar"
cp shop-frontend.tar "$here/legacy-shop/shop-frontend.tar"
chmod 644 "$here/legacy-shop/shop-frontend.tar"

du -sh "$here/payments-api/image" "$here/legacy-shop/shop-frontend.tar"
