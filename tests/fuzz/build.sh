#!/bin/sh
# build.sh - build the libFuzzer harnesses of tests/fuzz/ with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, against the library
# sources (src/*/*.c but src/cli/main.c) compiled with the same -I/-D flags
# and libraries as Makefile.am.  Not part of `make check`.
#
#   tests/fuzz/build.sh [HARNESS...]     (default: every fuzz-*.c)
#
# Environment:
#   CC            clang (default: clang)
#   CCA_FUZZ_OUT  where objects and binaries go (default: /tmp/ccaudit-fuzz/bin)
#   top_builddir  the configured build tree holding config.h (default: the
#                 source tree, i.e. an in-tree ./configure)
#   EXTRA_CFLAGS  appended to the compiler flags (e.g. -O2)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${top_builddir:-$top}
build=$(cd "$build" && pwd)
out=${CCA_FUZZ_OUT:-/tmp/ccaudit-fuzz/bin}
CC=${CC:-clang}

if [ ! -f "$build/config.h" ]; then
	echo "build.sh: no config.h in '$build': run ./configure first (or set top_builddir)" >&2
	exit 2
fi

pkgs="libxml-2.0 libxslt jansson yaml-0.1 nettle libcurl sqlite3 libarchive"
pkg_cflags=$(pkg-config --cflags $pkgs)
pkg_libs=$(pkg-config --libs $pkgs)

# AM_CPPFLAGS of Makefile.am, with the data directories pointing at the tree.
cppflags="-I$top/include -I$build \
 -DCCA_PKGDATADIR=\"$top\" \
 -DCCA_SRCDIR=\"$top\" \
 -DCCA_BUILDDIR=\"$build\" \
 -DCCA_FONT_DIR=\"/usr/share/fonts/truetype/dejavu\" \
 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all \
 -Wall -Wextra -Wno-unused-parameter ${EXTRA_CFLAGS:-}"
san="address,undefined"

mkdir -p "$out/obj"

# The library, instrumented for coverage but without libFuzzer's main.
objs=
for src in "$top"/src/*/*.c; do
	# Programs of their own: the binary's and the build-time catalog stamp's main().
	case $src in */src/cli/main.c|*/src/catalog/catalog-stamp.c) continue ;; esac
	rel=${src#"$top"/src/}
	obj="$out/obj/$(printf '%s' "${rel%.c}" | tr / -).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   [ -n "$(find "$top/include" "$top/src" -newer "$obj" -name '*.h' -o -newer "$obj" -name '*.def' | head -n1)" ]; then
		echo "  CC   $rel"
		# shellcheck disable=SC2086
		$CC $cflags -fsanitize=fuzzer-no-link,$san $cppflags $pkg_cflags \
			-c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done
rm -f "$out/libccaudit-fuzz.a"
# shellcheck disable=SC2086
ar cr "$out/libccaudit-fuzz.a" $objs

if [ $# -eq 0 ]; then
	set -- "$here"/fuzz-*.c
fi
for h in "$@"; do
	case $h in
	/*) ;;
	*.c) h=$here/$(basename "$h") ;;
	*) h=$here/$h.c ;;
	esac
	name=$(basename "$h" .c)
	echo "  LINK $name"
	# shellcheck disable=SC2086
	$CC $cflags -fsanitize=fuzzer,$san $cppflags $pkg_cflags "$h" \
		"$out/libccaudit-fuzz.a" $pkg_libs -lhpdf -lm -o "$out/$name"
done
echo "build.sh: harnesses in $out"
