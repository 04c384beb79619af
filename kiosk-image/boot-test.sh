#!/bin/sh
# make image-test: boots kiosk-image/out/kiosk-$ARCH.img under QEMU (TCG) and
# checks the kiosk end to end (see boot-test.py). The image is never modified
# (snapshot=on). Builds the image first if it is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ARCH=${ARCH:-amd64}
[ "$ARCH" = amd64 ] || { echo "boot-test.sh: only ARCH=amd64 can be boot-tested here" >&2; exit 2; }
need=""
for p in qemu-system-x86 ovmf mtools dosfstools python3 zstd; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
  echo "boot-test.sh: installing host tools:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $need >/dev/null
fi
img=$here/out/kiosk-$ARCH.img
if [ ! -f "$img" ] && [ -f "$img.zst" ]; then zstd -q -d "$img.zst" -o "$img"; fi
if [ ! -f "$img" ]; then
  echo "boot-test.sh: $img is missing: building it first (make image)"
  make -C "$here/.." --no-print-directory image
fi
exec python3 "$here/boot-test.py" "$img"
