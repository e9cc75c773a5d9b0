#!/usr/bin/env python3
"""make-hostile-images.py DIR - write hostile image archives into DIR.

Each file shows one attack on an image reader (see tests/cli/image.sh for
the error each must give).  Generated at test time; none is committed.
"""
import gzip, hashlib, io, json, os, subprocess, sys, tarfile, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def tar_bytes(entries, fmt=tarfile.GNU_FORMAT):
    """entries: list of (TarInfo, data-or-None)."""
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=fmt) as t:
        for ti, data in entries:
            t.addfile(ti, io.BytesIO(data) if data is not None else None)
    return b.getvalue()


def info(name, data=b"", type=tarfile.REGTYPE, link="", mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.type = type
    ti.linkname = link
    ti.mode = mode
    ti.size = len(data) if type == tarfile.REGTYPE else 0
    return ti, (data if type == tarfile.REGTYPE else None)


def sha(b):
    return hashlib.sha256(b).hexdigest()


def docker_archive(path, layers, members_extra=(), manifest=None, layer_names=None):
    """A docker-archive: layers are uncompressed tar bytes."""
    diff_ids = ["sha256:" + sha(l) for l in layers]
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"User": "1000"},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    cname = sha(config) + ".json"
    names = layer_names or ["%s/layer.tar" % sha(l) for l in layers]
    man = manifest if manifest is not None else json.dumps(
        [{"Config": cname, "RepoTags": ["hostile:1"], "Layers": names}]).encode()
    entries = [info(cname, config)]
    for n, l in zip(names, layers):
        entries.append(info(n, l))
    entries += list(members_extra)
    entries.append(info("manifest.json", man))
    with open(os.path.join(out, path), "wb") as f:
        f.write(tar_bytes(entries))


def oci_archive(path, blobs_layers, tamper=None):
    """An OCI layout tar: blobs_layers are (stored bytes, uncompressed bytes)."""
    blobs = {}
    lds = []
    for stored, raw in blobs_layers:
        blobs[sha(stored)] = stored
        lds.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": "sha256:" + sha(stored), "size": len(stored)})
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers",
                                    "diff_ids": ["sha256:" + sha(r) for _, r in blobs_layers]}}).encode()
    blobs[sha(config)] = config
    man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                 "digest": "sha256:" + sha(config), "size": len(config)},
                      "layers": lds}).encode()
    blobs[sha(man)] = man
    index = json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": "sha256:" + sha(man), "size": len(man)}]}).encode()
    entries = [info("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), info("index.json", index)]
    for h, b in blobs.items():
        if tamper and b is tamper[0]:
            b = tamper[1]
        entries.append(info("blobs/sha256/" + h, b))
    with open(os.path.join(out, path), "wb") as f:
        f.write(tar_bytes(entries))


ok_layer = tar_bytes([info("etc/", type=tarfile.DIRTYPE, mode=0o755),
                      info("etc/hostname", b"h\n")])

# path traversal and absolute names inside a layer
docker_archive("traversal.tar", [tar_bytes([info("../../evil", b"x")])])
docker_archive("absolute.tar", [tar_bytes([info("/etc/evil", b"x")])])
# outer-archive links: outside, and a loop
with open(os.path.join(out, "symlink-outside.tar"), "wb") as f:
    config = json.dumps({"os": "linux", "architecture": "amd64", "config": {},
                         "rootfs": {"diff_ids": ["sha256:" + sha(ok_layer)]}}).encode()
    f.write(tar_bytes([info("c.json", config),
                       info("x/layer.tar", type=tarfile.SYMTYPE, link="../../../etc/passwd"),
                       info("manifest.json", json.dumps([{"Config": "c.json",
                                                          "Layers": ["x/layer.tar"]}]).encode())]))
with open(os.path.join(out, "symlink-loop.tar"), "wb") as f:
    config = json.dumps({"os": "linux", "architecture": "amd64", "config": {},
                         "rootfs": {"diff_ids": ["sha256:" + sha(ok_layer)]}}).encode()
    f.write(tar_bytes([info("c.json", config),
                       info("a/layer.tar", type=tarfile.SYMTYPE, link="../b/layer.tar"),
                       info("b/layer.tar", type=tarfile.SYMTYPE, link="../a/layer.tar"),
                       info("manifest.json", json.dumps([{"Config": "c.json",
                                                          "Layers": ["a/layer.tar"]}]).encode())]))
# hard links inside a layer: outside the root, and to nothing
docker_archive("hardlink-outside.tar",
               [tar_bytes([info("etc/x", type=tarfile.LNKTYPE, link="../../etc/shadow")])])
docker_archive("hardlink-missing.tar",
               [tar_bytes([info("etc/x", type=tarfile.LNKTYPE, link="etc/nothing")])])
# a whiteout of ".." and a duplicated entry
docker_archive("whiteout-dotdot.tar", [ok_layer, tar_bytes([info("etc/.wh...", b"")])])
docker_archive("duplicate.tar", [tar_bytes([info("etc/passwd", b"root:x:0:0::/:/bin/sh\n"),
                                            info("etc/passwd", b"evil::0:0::/:/bin/sh\n")])])
# a manifest naming a missing blob, broken JSON, a diff_id mismatch
docker_archive("missing-blob.tar", [ok_layer], layer_names=["nothing/layer.tar"],
               members_extra=[])
with open(os.path.join(out, "missing-blob.tar"), "wb") as f:
    config = json.dumps({"os": "linux", "architecture": "amd64",
                         "rootfs": {"diff_ids": ["sha256:" + sha(ok_layer)]}}).encode()
    f.write(tar_bytes([info("c.json", config), info("manifest.json", json.dumps(
        [{"Config": "c.json", "Layers": ["nothing/layer.tar"]}]).encode())]))
docker_archive("broken-json.tar", [ok_layer], manifest=b'[{"Config": "x.json", \n "Layers": [')
with open(os.path.join(out, "broken-config.tar"), "wb") as f:
    f.write(tar_bytes([info("c.json", b'{"config": {"User": 5}, "rootfs": {"diff_ids": []}}'),
                       info("manifest.json", b'[{"Config": "c.json", "Layers": []}]')]))
gz = gzip.compress(ok_layer)
oci_archive("digest-mismatch.tar", [(gz, ok_layer)], tamper=(gz, gzip.compress(ok_layer + b"\0" * 512)))
# truncated gzip (the manifest's digest matches the truncated bytes)
oci_archive("truncated-gzip.tar", [(gz[: len(gz) // 2], ok_layer)])
# a gzip bomb: 300 MB of zeros in one file
z = zlib.compressobj(9, zlib.DEFLATED, 31)
ti = tarfile.TarInfo("zeros")
ti.size = 300 << 20
parts = [z.compress(ti.tobuf(tarfile.GNU_FORMAT))]
chunk = b"\0" * (1 << 20)
for _ in range(300):
    parts.append(z.compress(chunk))
parts.append(z.compress(b"\0" * 1024))
parts.append(z.flush())
bomb = b"".join(parts)
oci_archive("gzip-bomb.tar", [(bomb, b"")])
# 100,000 entries in one layer (gzip)
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w", format=tarfile.GNU_FORMAT) as t:
    for i in range(100000):
        t.addfile(tarfile.TarInfo("d%03d/f%05d" % (i % 100, i)))
many = b.getvalue()
oci_archive("many-entries.tar", [(gzip.compress(many, 1), many)])
# a huge sparse file (1 TiB apparent size), written by GNU tar
d = os.path.join(out, "sparse-src")
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "huge"), "wb") as f:
    f.truncate(1 << 40)
sparse = subprocess.run(["tar", "--sparse", "--format=gnu", "-cf", "-", "-C", d, "huge"],
                        check=True, stdout=subprocess.PIPE).stdout
os.remove(os.path.join(d, "huge"))
os.rmdir(d)
oci_archive("sparse.tar", [(gzip.compress(sparse), sparse)])
# binary junk and an empty file
with open(os.path.join(out, "junk.tar"), "wb") as f:
    f.write(os.urandom(4096))
open(os.path.join(out, "empty.tar"), "wb").close()
