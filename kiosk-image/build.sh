#!/bin/bash
# Builds the bootable kiosk disk image (see kiosk-image/README.md).
#
#   kiosk-image/build.sh            ARCH=amd64 (default) or ARCH=arm64
#
# Output in kiosk-image/out/: kiosk-$ARCH.img (raw GPT disk, sparse) and
# kiosk-$ARCH.img.zst (what installers write), build.log, packages.txt.
# Needs root (mmdebstrap's root mode, file ownership in the root filesystem);
# downloads nothing but Debian packages; mounts nothing (no loop devices).
#
# Environment:
#   ARCH=amd64|arm64       target architecture
#   MIRROR=URL             Debian mirror (default http://deb.debian.org/debian)
#   KIOSK_BIN=FILE         use this kiosk binary instead of `make install`
#                          (development only, e.g. while the program does not link)
#   ZSTD_LEVEL=N           compression level (default 19, with a 128 MiB window)
#   SPEECH=rhvoice|espeak-ng  the read-aloud engine (default rhvoice: the kiosk
#                          is then compiled in a build chroot with Debian's
#                          non-free RHVoice; espeak-ng uses the host's build)
#   MAX_ZST_MIB=N          fail when the compressed image is larger (default 150)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
ARCH=${ARCH:-amd64}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
ZSTD_LEVEL=${ZSTD_LEVEL:-19}
SPEECH=${SPEECH:-rhvoice}
MAX_ZST_MIB=${MAX_ZST_MIB:-150}
out=$here/out
work=$out/work-$ARCH
img=$out/kiosk-$ARCH.img
log=$out/build-$ARCH.log
SUITE=bookworm
t_start=$(date +%s)

die() { echo "build.sh: $*" >&2; exit 1; }
step() { echo "build.sh: [$(( $(date +%s) - t_start ))s] $*"; }

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap root mode, file ownership); CI runs as root"

case $ARCH in
  amd64) KPKG=linux-image-amd64; EFI_NAME=BOOTX64.EFI; SDBOOT=systemd-bootx64.efi
         ROOT_TYPE=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709 ;;
  arm64) KPKG=linux-image-arm64; EFI_NAME=BOOTAA64.EFI; SDBOOT=systemd-bootaa64.efi
         ROOT_TYPE=B921B045-1DF0-41C3-AF44-4C6F280D3FAE ;;
  *) die "ARCH must be amd64 or arm64, not '$ARCH'" ;;
esac
case $SPEECH in rhvoice|espeak-ng) ;; *) die "SPEECH must be rhvoice or espeak-ng, not '$SPEECH'" ;; esac
HOST_ARCH=$(dpkg --print-architecture)

# --- host tools: install only what is missing ------------------------------
need=""
for p in mmdebstrap fdisk mtools dosfstools e2fsprogs zstd; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || need="$need $p"
done
if [ "$ARCH" != "$HOST_ARCH" ]; then
  for p in qemu-user-static binfmt-support arch-test; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || need="$need $p"
  done
fi
if [ -n "$need" ]; then
  step "installing host tools:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends $need >/dev/null
fi

if [ "$ARCH" != "$HOST_ARCH" ]; then
  # Foreign root filesystems run their maintainer scripts under qemu-user.
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
    || die "binfmt_misc is not available: cannot run $ARCH maintainer scripts (see README.md, arm64)"
  update-binfmts --enable >/dev/null 2>&1 || true
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] \
    || die "qemu-aarch64 is not registered in binfmt_misc: cannot build $ARCH here (see README.md, arm64)"
fi

mkdir -p "$out"
exec > >(tee "$log") 2>&1
step "ARCH=$ARCH suite=$SUITE mirror=$MIRROR"

# --- the kiosk, installed into a staging tree -----------------------------
stage=$work/stage
rm -rf "$work"; mkdir -p "$stage"
if [ -n "${KIOSK_BIN:-}" ]; then
  step "kiosk: using KIOSK_BIN=$KIOSK_BIN (development placeholder)"
  install -D -m 755 "$KIOSK_BIN" "$stage/usr/bin/kiosk"
  mkdir -p "$stage/usr/share/kiosk"
  cp -R "$repo/content" "$repo/assets" "$stage/usr/share/kiosk/"
elif [ "$ARCH" != "$HOST_ARCH" ] || [ "$SPEECH" = rhvoice ]; then
  # In a throw-away $ARCH Debian chroot: for a foreign $ARCH there is no
  # cross toolchain, so it compiles natively under qemu-user (slow, but only
  # Debian packages); for RHVoice, the chroot has Debian's non-free component,
  # which the build machine (make deps) never needs.
  step "kiosk: compiling for $ARCH with $SPEECH in a build chroot$([ "$ARCH" != "$HOST_ARCH" ] && echo ' (qemu-user)')"
  src=$work/src; mkdir -p "$src"
  day=$(git -C "$repo" log -1 --format=%cd --date=format:%Y%m%d 2>/dev/null || date -u +%Y%m%d)
  tar -C "$repo" --exclude=./build -cf - Makefile src content assets po tests/unit tests/run-units.sh tests/lsan.supp \
    | tar -C "$src" -xf -
  BUILD_PKGS="build-essential,pkg-config,gettext,libsdl2-dev,libsdl2-ttf-dev,libsdl2-image-dev,libjpeg-dev,libpng-dev,librsvg2-dev,libcairo2-dev,libseccomp-dev,libmd4c-dev,libinih-dev,libfontconfig-dev,libcrypt-dev,libsystemd-dev,libqrencode-dev,libheif-dev,libdrm-dev"
  BUILD_SRC="deb $MIRROR $SUITE main"
  if [ "$SPEECH" = rhvoice ]; then
    BUILD_PKGS="$BUILD_PKGS,librhvoice-dev,rhvoice-ukrainian,rhvoice-english,libcmocka-dev,libx11-dev"
    BUILD_SRC="deb $MIRROR $SUITE main non-free"
  else
    BUILD_PKGS="$BUILD_PKGS,libespeak-ng-dev"
  fi
  # After compiling: the speech unit test against the real engine, and what
  # the Listen button says on a page in each language must be speech (at
  # least 10 s each, not silence; wav-check.sh needs only od and awk).
  cat > "$work/say-check.sh" <<SAY
set -e
cd /src
if [ "$SPEECH" = rhvoice ]; then
  make --no-print-directory SPEECH=rhvoice BUILD_DAY=$day unit TEST=test_speech >/say/unit.log 2>&1 || { tail -n 40 /say/unit.log; exit 1; }
  grep '^units:' /say/unit.log
fi
for l in uk en; do
  ./kiosk --say neck --lang \$l --out /say/neck-\$l.wav content
  sh /say/wav-check.sh /say/neck-\$l.wav 10
done
SAY
  nice mmdebstrap --variant=apt --arch="$ARCH" --include="$BUILD_PKGS" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --customize-hook='mkdir -p "$1/src" "$1/stage" "$1/say"' \
    --customize-hook="sync-in '$src' /src" \
    --customize-hook="upload '$here/wav-check.sh' /say/wav-check.sh" \
    --customize-hook="upload '$work/say-check.sh' /say/check.sh" \
    --customize-hook="chroot \"\$1\" make -C /src --no-print-directory SPEECH=$SPEECH BUILD_DAY=$day kiosk >/dev/null" \
    --customize-hook='chroot "$1" sh /say/check.sh' \
    --customize-hook='mkdir -p "$1/verdicts/kiosk"; chroot "$1" /src/kiosk --check --state /verdicts/kiosk /src/content >"$1/verdicts/check.log" 2>&1; echo $? >"$1/verdicts/rc"' \
    --customize-hook="sync-out /verdicts '$work/verdicts'" \
    --customize-hook='chroot "$1" sh -c "make -C /src --no-print-directory SPEECH='"$SPEECH"' BUILD_DAY='"$day"' install DESTDIR=/stage PREFIX=/usr >/dev/null 2>&1 || { install -D -m 755 /src/kiosk /stage/usr/bin/kiosk; mkdir -p /stage/usr/share/kiosk; cp -R /src/content /src/assets /stage/usr/share/kiosk/; }"' \
    --customize-hook="sync-out /stage '$stage'" \
    "$SUITE" "$work/buildroot" "$BUILD_SRC" "deb $MIRROR $SUITE-updates main"
  rm -rf "$work/buildroot" "$src"
else
  step "kiosk: make install DESTDIR=$stage PREFIX=/usr"
  make -C "$repo" --no-print-directory kiosk >/dev/null
  if ! make -C "$repo" --no-print-directory install DESTDIR="$stage" PREFIX=/usr >/dev/null; then
    # e.g. the man page not written yet: the image needs only the binary and data.
    echo "build.sh: WARNING: make install failed; installing bin/kiosk, content/ and assets/ by hand" >&2
    rm -rf "$stage"; mkdir -p "$stage/usr/share/kiosk"
    install -D -m 755 "$repo/kiosk" "$stage/usr/bin/kiosk"
    cp -R "$repo/content" "$repo/assets" "$stage/usr/share/kiosk/"
  fi
fi
rm -rf "$stage/usr/share/man"          # no man pages in the image
file "$stage/usr/bin/kiosk" 2>/dev/null || true

# --- initramfs: only what mounts this disk's root ------------------------------
# MODULES=most put ~1700 modules (18 MB) into the initrd, which the firmware
# loads and the kernel unpacks at every boot (seconds under an emulator).
# The root is ext4 on whatever disk the image was written to: virtio (VMs),
# SATA/AHCI, NVMe, USB (the stick or disk it boots from) or an SD/eMMC card;
# everything else loads later from the root filesystem, through udev.
# arm64 boards reach their disk through SoC drivers a list would have to
# name one by one: they keep MODULES=most.
if [ "$ARCH" = amd64 ]; then
  INITRD_MODULES="virtio_pci virtio_blk virtio_scsi sd_mod ahci ata_piix nvme
   xhci_pci ehci_pci ohci_pci uhci_hcd usb_storage uas mmc_block sdhci_pci sdhci_acpi
   ext4 crc32c_generic crc32c_intel vfat nls_cp437 nls_ascii"
  INITRD_MODE=list
else
  INITRD_MODULES=""
  INITRD_MODE=most
fi
INITRD_MODULES=$(echo $INITRD_MODULES)

# --- root filesystem -------------------------------------------------------
# The read-aloud engine. RHVoice comes from Debian's non-free component (its
# voices are trained data): an apt pin lets only these packages come from
# there, and only the two voices the kiosk uses are unpacked (Natalia for
# Ukrainian, Slt for English: both under the LGPL-2.1+ entry of Debian's
# copyright file; see README.md).
RHVOICE_NONFREE="librhvoice5 librhvoice-core7 rhvoice-ukrainian rhvoice-english"
RHVOICE_VOICES="natalia slt"
SPEECH_SRC=""; SPEECH_OPTS=()
if [ "$SPEECH" = rhvoice ]; then
  SPEECH_PKGS="$RHVOICE_NONFREE"
  SPEECH_SRC="deb $MIRROR $SUITE non-free"
  SPEECH_OPTS+=(--setup-hook='mkdir -p "$1/etc/apt/preferences.d"')
  SPEECH_OPTS+=(--setup-hook="printf 'Package: $RHVOICE_NONFREE\nPin: release c=non-free\nPin-Priority: 500\n\nPackage: *\nPin: release c=non-free\nPin-Priority: -1\n' > \"\$1/etc/apt/preferences.d/kiosk-non-free\"")
  SPEECH_OPTS+=(--dpkgopt='path-exclude=/usr/share/RHVoice/voices/*')
  for v in $RHVOICE_VOICES; do SPEECH_OPTS+=(--dpkgopt="path-include=/usr/share/RHVoice/voices/$v*"); done
  # Each voice comes at 16 and 24 kHz; RHVoice speaks at 24 kHz (speech.c).
  SPEECH_OPTS+=(--dpkgopt='path-exclude=/usr/share/RHVoice/voices/*/16000/*')
else
  SPEECH_PKGS="libespeak-ng1 espeak-ng-data"
fi
PKGS="systemd systemd-sysv udev kmod $KPKG initramfs-tools zstd systemd-boot-efi
 libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libjpeg62-turbo libpng16-16 librsvg2-2 libcairo2 libseccomp2 libmd4c0 libinih1 libfontconfig1 fontconfig
 libqrencode4 libheif1
 libcrypt1 libsystemd0 $SPEECH_PKGS libdrm2 libgbm1 libgl1 libgl1-mesa-dri libegl1 libegl-mesa0 libgles2
 fonts-noto-core fonts-dejavu-core tzdata dosfstools e2fsprogs util-linux
 openssh-server rsync systemd-timesyncd gettext-base libc-l10n alsa-utils"
PKGS=$(echo $PKGS | tr ' ' ',')

# Kernel modules a kiosk does not need: never unpacked (dpkg path filters).
M=/lib/modules/*/kernel
KEXCL=""
for d in sound drivers/media drivers/net/wireless drivers/infiniband drivers/isdn drivers/staging \
         drivers/bluetooth drivers/iio drivers/mtd drivers/atm drivers/nfc drivers/w1 drivers/pcmcia \
         drivers/parport drivers/firewire drivers/target drivers/md drivers/hv drivers/xen \
         drivers/gpu/drm/amd drivers/gpu/drm/radeon drivers/scsi/* drivers/net/can drivers/net/wwan \
         drivers/net/ethernet/mellanox drivers/net/ethernet/chelsio drivers/net/ethernet/qlogic \
         drivers/net/ethernet/cavium drivers/net/ethernet/huawei drivers/net/ethernet/netronome \
         drivers/net/ethernet/sfc drivers/net/ethernet/emulex drivers/net/ethernet/marvell \
         drivers/net/ethernet/pensando drivers/net/ethernet/amazon drivers/net/ethernet/fungible \
         drivers/net/ethernet/broadcom/bnx2x drivers/net/ethernet/broadcom/bnxt drivers/net/ethernet/intel/ice \
         drivers/net/ethernet/intel/i40e drivers/net/ethernet/intel/iavf drivers/net/ethernet/intel/ixgbe* \
         drivers/net/usb drivers/net/hamradio drivers/net/ieee802154 drivers/net/fddi drivers/net/arcnet \
         drivers/net/ppp drivers/net/team drivers/net/bonding drivers/net/vxlan drivers/net/wireguard \
         drivers/input/joystick drivers/edac \
         drivers/crypto/qat drivers/dma-buf/heaps drivers/vdpa drivers/vfio drivers/vhost drivers/rapidio \
         drivers/uio drivers/fpga drivers/comedi drivers/char/ipmi drivers/ipmi drivers/nvdimm \
         drivers/accessibility drivers/usb/gadget drivers/usb/serial \
         drivers/hwmon arch/x86/kvm \
         net fs; do
  KEXCL="$KEXCL --dpkgopt=path-exclude=$M/$d/*"
done
# (drivers/scsi/*: the host adapters' folders; sd_mod, sr_mod and virtio_scsi
# sit in drivers/scsi itself.) The kernel's own test modules (test_bpf: 4.6 MB).
KEXCL="$KEXCL --dpkgopt=path-exclude=$M/lib/test_*"
# The hwmon core stays: network and graphics drivers register sensors with it.
KEXCL="$KEXCL --dpkgopt=path-include=$M/drivers/hwmon/hwmon.ko"
# ...but keep the filesystems it mounts (root, state, KIOSK, USB sticks).
for d in ext4 jbd2 fat exfat ntfs3 nls; do KEXCL="$KEXCL --dpkgopt=path-include=$M/fs/$d/*"; done
KEXCL="$KEXCL --dpkgopt=path-include=$M/fs/mbcache.ko"
# ...and the network core modules a wired link needs for the server sync and
# staff SSH: virtio_net (and others) load net/core/failover.ko; DHCP uses
# packet sockets.
for d in core packet; do KEXCL="$KEXCL --dpkgopt=path-include=$M/net/$d/*"; done
# ...and sound for reading aloud: the ALSA core, HD Audio (intel-hda with its
# codecs, HDMI/DisplayPort audio included), USB audio and virtio-snd.
for d in soundcore.ko core/* hda/* pci/hda/* usb/* virtio/*; do
  KEXCL="$KEXCL --dpkgopt=path-include=$M/sound/$d"
done

rootfs=$work/rootfs
step "mmdebstrap (packages: $PKGS)"
t0=$(date +%s)
# shellcheck disable=SC2086
# The merged-usr hook makes /bin, /lib... links to /usr from the start and
# installs usr-is-merged; otherwise init-system-helpers pulls in usrmerge,
# which brings full perl (55 MB) for a conversion there is nothing to do for.
# X keyboard layouts (5 MB) serve X11 and Wayland; on KMS/DRM SDL reads
# keys through evdev with the kernel's key map.
# Of glibc's character-set converters (9 MB) only the Cyrillic ones a
# Ukrainian PC writes stay; UTF-8/16/32 and Latin-1 are built into glibc.
nice mmdebstrap --variant=minbase --arch="$ARCH" --include="$PKGS" \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  --dpkgopt='path-include=/usr/share/locale/uk' --dpkgopt='path-include=/usr/share/locale/uk/LC_MESSAGES' \
  --dpkgopt='path-include=/usr/share/locale/uk/LC_MESSAGES/libc.mo' \
  --dpkgopt='path-exclude=/usr/share/i18n/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --dpkgopt='path-exclude=/usr/share/bash-completion/*' --dpkgopt='path-exclude=/usr/share/X11/locale/*' \
  --dpkgopt='path-exclude=/usr/share/zoneinfo/right/*' --dpkgopt='path-exclude=/usr/share/zoneinfo/posix/*' \
  --dpkgopt='path-exclude=/usr/share/fonts/truetype/noto/*' \
  --dpkgopt='path-include=/usr/share/fonts/truetype/noto/NotoSans-*' \
  --dpkgopt='path-exclude=/lib/firmware/*' --dpkgopt='path-exclude=/usr/share/X11/xkb/*' \
  --dpkgopt='path-exclude=/usr/lib/*/gconv/*' --dpkgopt='path-include=/usr/lib/*/gconv/gconv-modules*' \
  --dpkgopt='path-include=/usr/lib/*/gconv/CP1251.so' --dpkgopt='path-include=/usr/lib/*/gconv/KOI8-U.so' \
  --dpkgopt='path-include=/usr/lib/*/gconv/ISO8859-5.so' --dpkgopt='path-include=/usr/lib/*/gconv/UTF-7.so' \
  $KEXCL "${SPEECH_OPTS[@]}" \
  --setup-hook='mkdir -p "$1/etc/initramfs-tools/hooks" "$1/etc/initramfs-tools/conf.d"' \
  --setup-hook="upload '$here/initramfs-hook' /etc/initramfs-tools/hooks/kiosk" \
  --setup-hook='chmod 755 "$1/etc/initramfs-tools/hooks/kiosk"' \
  --setup-hook="printf 'MODULES=$INITRD_MODE\nCOMPRESS=zstd\n' > \"\$1/etc/initramfs-tools/conf.d/kiosk\"" \
  --setup-hook="printf '%s\n' $INITRD_MODULES > \"\$1/etc/initramfs-tools/kiosk-modules\"" \
  --customize-hook="sync-in '$stage' /" \
  --customize-hook="sync-in '$here/overlay' /" \
  --customize-hook="upload '$here/setup-rootfs.sh' /tmp/setup-rootfs.sh" \
  --customize-hook='chroot "$1" /bin/sh /tmp/setup-rootfs.sh' \
  --customize-hook='rm -f "$1/tmp/setup-rootfs.sh"' \
  --customize-hook="chroot \"\$1\" dpkg-query -W -f='\${Package} \${Version}\n' > '$out/packages-$ARCH.txt'" \
  "$SUITE" "$rootfs" \
  "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
  "deb ${MIRROR%/debian}/debian-security $SUITE-security main" ${SPEECH_SRC:+"$SPEECH_SRC"}
for f in etc/udev/rules.d/70-kiosk.rules etc/udev/rules.d/90-alsa-restore.rules usr/lib/kiosk-image/sound-levels \
         usr/lib/systemd/system/kiosk-sound-levels@.service \
         usr/lib/systemd/system/kiosk.service usr/lib/tmpfiles.d/kiosk.conf \
         etc/systemd/journald.conf.d/kiosk.conf etc/sysctl.d/50-kiosk.conf usr/bin/kiosk \
         usr/lib/kiosk-image/usb-update etc/systemd/system/multi-user.target.wants/kiosk.service \
         usr/share/locale/uk/LC_MESSAGES/kiosk.mo usr/share/locale/uk/LC_MESSAGES/libc.mo usr/bin/gettext.sh \
         usr/sbin/alsactl usr/lib/udev/rules.d/90-alsa-restore.rules usr/share/alsa/init/default; do
  [ -e "$rootfs/$f" ] || [ -L "$rootfs/$f" ] || die "the root filesystem lacks /$f (overlay incomplete?)"
done
step "mmdebstrap done in $(( $(date +%s) - t0 ))s: $(wc -l < "$out/packages-$ARCH.txt") packages"

# Only RHVoice may come from non-free, only the voices we use are there, and
# the sound drivers are complete (every module they need is in the image).
nonfree=$(chroot "$rootfs" dpkg-query -W -f='${Package} ${Section}\n' | awk '$2 ~ /^non-free/ { print $1 }' | sort | tr '\n' ' ')
for p in $nonfree; do
  case " $RHVOICE_NONFREE " in *" $p "*) ;; *) die "$p came from non-free: only $RHVOICE_NONFREE may" ;; esac
done
step "from non-free: ${nonfree:-nothing}"
if [ "$SPEECH" = rhvoice ]; then
  voices=$(ls "$rootfs/usr/share/RHVoice/voices" | tr '\n' ' ')
  [ "$voices" = "$RHVOICE_VOICES " ] || die "RHVoice voices in the image: '$voices', expected '$RHVOICE_VOICES'"
  step "RHVoice voices: $voices($(du -sh "$rootfs/usr/share/RHVoice" | cut -f1) with the language data)"
fi
kver=$(ls "$rootfs/lib/modules" | sort -V | tail -1)
for m in snd-hda-intel snd-hda-codec-hdmi snd-hda-codec-generic snd-hda-codec-realtek snd-usb-audio; do
  chroot "$rootfs" modprobe -S "$kver" --show-depends "$m" >/dev/null 2>"$work/modprobe.err" \
    || die "sound driver $m incomplete in the image: $(cat "$work/modprobe.err")"
done
if find "$rootfs/lib/modules/$kver/kernel/sound/virtio" -name 'virtio_snd.ko*' 2>/dev/null | grep -q .; then
  chroot "$rootfs" modprobe -S "$kver" --show-depends virtio_snd >/dev/null || die "virtio_snd incomplete in the image"
fi
step "sound drivers: $(find "$rootfs/lib/modules/$kver/kernel/sound" -name '*.ko*' | wc -l) modules, $(du -sh "$rootfs/lib/modules/$kver/kernel/sound" | cut -f1)"

# --- kernel and initrd move to the ESP --------------------------------------
[ -f "$rootfs/boot/vmlinuz-$kver" ] && [ -f "$rootfs/boot/initrd.img-$kver" ] || die "no kernel/initrd for $kver"
esp_dir=$work/esp
mkdir -p "$esp_dir"
mv "$rootfs/boot/vmlinuz-$kver" "$esp_dir/vmlinuz"
mv "$rootfs/boot/initrd.img-$kver" "$esp_dir/initrd.img"
rm -rf "$rootfs/boot/"* "$rootfs/vmlinuz"* "$rootfs/initrd.img"*
step "kernel $kver: vmlinuz $(du -h "$esp_dir/vmlinuz" | cut -f1), initrd $(du -h "$esp_dir/initrd.img" | cut -f1)"

# Where the space goes (the root file system and the ESP, before packing).
du -xm --max-depth=4 "$rootfs" "$esp_dir" 2>/dev/null | sort -rn | awk -v r="$rootfs/" 'NR <= 30 { sub(r, "/", $2); printf "biggest: %6d MiB %s\n", $1, $2 }'

# --- partition identities ---------------------------------------------------
uuid() { cat /proc/sys/kernel/random/uuid; }
DISK_UUID=$(uuid); ESP_UUID=$(uuid); ROOT_UUID=$(uuid); STATE_UUID=$(uuid); KIOSK_UUID=$(uuid)

CMDLINE="root=PARTUUID=$ROOT_UUID ro rootfstype=ext4 rootwait quiet loglevel=3 systemd.show_status=false"
CMDLINE="$CMDLINE rd.udev.log_level=3 udev.log_level=3 vt.global_cursor_default=0 consoleblank=0"
CMDLINE="$CMDLINE logo.nologo systemd.gpt_auto=0 console=ttyS0,115200"
[ "$ARCH" = arm64 ] && CMDLINE="$CMDLINE console=ttyAMA0,115200"

cat > "$rootfs/etc/fstab" <<FSTAB
# Root: read-only, never written at run time, so a power cut cannot corrupt it
# (and there is nothing for a boot-time fsck to repair: pass 0).
PARTUUID=$ROOT_UUID   /                    ext4   ro,noatime                                   0 0
# KIOSK (FAT): content/ and kiosk-setup.txt; staff may edit it on any PC.
PARTUUID=$KIOSK_UUID  /srv/kiosk           vfat   rw,nosuid,nodev,noexec,noatime,flush,fmask=0133,dmask=0022,utf8,shortname=mixed,x-systemd.device-timeout=30s  0 2
# State (ext4, full data journaling): the kiosk's last-good snapshot, SSH host keys.
PARTUUID=$STATE_UUID  /var/lib/kiosk-state ext4   rw,nosuid,nodev,noexec,noatime,data=journal,commit=1,nofail,x-systemd.device-timeout=30s  0 2
tmpfs                 /tmp                 tmpfs  mode=1777,nosuid,nodev,size=64M                0 0
tmpfs                 /var/tmp             tmpfs  mode=1777,nosuid,nodev,size=16M                0 0
tmpfs                 /var/log             tmpfs  mode=0755,nosuid,nodev,size=32M                0 0
tmpfs                 /var/lib/systemd     tmpfs  mode=0755,nosuid,nodev,size=8M                 0 0
FSTAB
echo "$CMDLINE" > "$rootfs/etc/kernel/cmdline" 2>/dev/null || { mkdir -p "$rootfs/etc/kernel"; echo "$CMDLINE" > "$rootfs/etc/kernel/cmdline"; }
cat > "$rootfs/etc/kiosk-image-release" <<REL
KIOSK_IMAGE_ARCH=$ARCH
KIOSK_IMAGE_BUILT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
KIOSK_IMAGE_COMMIT=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
KIOSK_IMAGE_KERNEL=$kver
REL

# --- partition images ---------------------------------------------------------
parts=$work/parts; mkdir -p "$parts"
MiB=$((1024*1024))

# ESP: systemd-boot (from the target's own systemd-boot-efi) + kernel + initrd.
sdboot=$rootfs/usr/lib/systemd/boot/efi/$SDBOOT
[ -f "$sdboot" ] || die "missing $sdboot"
esp_mb=$(( ( $(du -sm "$esp_dir" | cut -f1) + 40 ) ))
[ $esp_mb -lt 64 ] && esp_mb=64
mkdir -p "$esp_dir/EFI/BOOT" "$esp_dir/loader/entries"
cp "$sdboot" "$esp_dir/EFI/BOOT/$EFI_NAME"
printf 'default kiosk.conf\ntimeout 0\neditor no\nauto-entries no\nauto-firmware no\nconsole-mode keep\n' > "$esp_dir/loader/loader.conf"
printf 'title Kiosk\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' "$CMDLINE" > "$esp_dir/loader/entries/kiosk.conf"
rm -f "$parts/esp.img"
mkfs.vfat -C -F 32 -n ESP -i "${ESP_UUID:0:8}" "$parts/esp.img" $((esp_mb*1024)) >/dev/null
mcopy -s -Q -i "$parts/esp.img" "$esp_dir"/* ::/
step "ESP ${esp_mb} MiB"

# Root: ext4, filled without mounting.
root_mb=$(( $(du -sm "$rootfs" | cut -f1) * 110 / 100 + 48 ))
rm -f "$parts/root.img"
mkfs.ext4 -q -F -L kiosk-root -U "$ROOT_UUID" -m 0 -J size=8 -E root_owner=0:0 -d "$rootfs" "$parts/root.img" "${root_mb}M"
step "root ${root_mb} MiB ($(du -sm "$rootfs" | cut -f1) MiB of files)"

# State: small ext4; tmpfiles.d creates its directories at boot. It starts
# with the verdicts of the bundled content's pictures (kiosk --check
# --state): each picture was decoded in the sandbox here, so the first
# boot decodes none of them again before its first frame (1.5-2.5 s of CPU
# per SVG under an emulator, where the CPU limit could refuse them). The
# kiosk runs as uid/gid 901 (setup-rootfs.sh).
state_mb=64
statefs=$work/statefs
mkdir -p "$statefs/kiosk"
if [ -f "$work/verdicts/rc" ]; then
  # Made in the build chroot, by the same binary (the host may lack its
  # libraries: RHVoice is not on it).
  if [ "$(cat "$work/verdicts/rc")" = 0 ] && [ -s "$work/verdicts/kiosk/picture-verdicts" ]; then
    cp -a "$work/verdicts/kiosk/." "$statefs/kiosk/"
    step "state: $(wc -l < "$statefs/kiosk/picture-verdicts") picture verdicts of the bundled content (build chroot)"
  else
    cat "$work/verdicts/check.log"; die "the bundled content/ does not pass kiosk --check (in the build chroot)"
  fi
elif [ "$ARCH" = "$HOST_ARCH" ] && [ -x "$stage/usr/bin/kiosk" ]; then
  if "$stage/usr/bin/kiosk" --check --state "$statefs/kiosk" "$repo/content" >"$work/check.log" 2>&1; then
    step "state: $(wc -l < "$statefs/kiosk/picture-verdicts") picture verdicts of the bundled content"
  else
    cat "$work/check.log"; die "the bundled content/ does not pass kiosk --check"
  fi
else
  step "state: no picture verdicts (the $ARCH kiosk cannot run here): the first boot decodes every picture"
fi
chown -R 901:901 "$statefs/kiosk"; chmod 750 "$statefs/kiosk"
rm -f "$parts/state.img"
mkfs.ext4 -q -F -L KSTATE -U "$STATE_UUID" -m 0 -E root_owner=0:0 -d "$statefs" "$parts/state.img" "${state_mb}M"

# KIOSK: FAT32, content/ + kiosk-setup.txt.
content_mb=$(du -sm "$repo/content" | cut -f1)
kiosk_mb=$(( content_mb * 3 + 128 )); [ $kiosk_mb -lt 256 ] && kiosk_mb=256
rm -f "$parts/kiosk.img"
mkfs.vfat -C -F 32 -n KIOSK -i "${KIOSK_UUID:0:8}" "$parts/kiosk.img" $((kiosk_mb*1024)) >/dev/null
mcopy -s -Q -i "$parts/kiosk.img" "$repo/content" ::/content
sed 's/$/\r/' "$here/kiosk-setup.txt" > "$work/kiosk-setup.txt"     # CRLF: opens right in Notepad
mcopy -Q -i "$parts/kiosk.img" "$work/kiosk-setup.txt" ::/kiosk-setup.txt
step "KIOSK ${kiosk_mb} MiB (content ${content_mb} MiB)"

# --- GPT disk -----------------------------------------------------------------
esp_start=1; root_start=$((esp_start+esp_mb)); state_start=$((root_start+root_mb))
kiosk_start=$((state_start+state_mb)); total_mb=$((kiosk_start+kiosk_mb+1))
rm -f "$img"; truncate -s "${total_mb}M" "$img"
S=2048   # sectors per MiB
sfdisk -q "$img" <<GPT
label: gpt
label-id: $DISK_UUID
start=$((esp_start*S)),   size=$((esp_mb*S)),   type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$ESP_UUID,   name="ESP"
start=$((root_start*S)),  size=$((root_mb*S)),  type=$ROOT_TYPE, uuid=$ROOT_UUID,  name="kiosk-root"
start=$((state_start*S)), size=$((state_mb*S)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$STATE_UUID, name="kiosk-state"
start=$((kiosk_start*S)), size=$((kiosk_mb*S)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=$KIOSK_UUID, name="KIOSK"
GPT
for p in esp:$esp_start root:$root_start state:$state_start kiosk:$kiosk_start; do
  dd if="$parts/${p%%:*}.img" of="$img" bs=1M seek="${p##*:}" conv=notrunc,sparse status=none
done
sfdisk -l "$img" | sed 's/^/  /'
step "disk $img: ${total_mb} MiB raw"

# --- compress -----------------------------------------------------------------
rm -f "$img.zst"
# A 128 MiB window (--long=27: the largest any zstd unpacks without being
# told). Measured on one raw image (before libheif1 came, with its codecs):
# level 12 159 MiB in 50 s on two cores, 15 158, 17 148 in 150 s, 19 142 in
# 330 s. 19 keeps the image with HEIC support under 150 MiB.
nice zstd -q -T0 -"$ZSTD_LEVEL" --long=27 "$img" -o "$img.zst"
raw=$(stat -c %s "$img"); zst=$(stat -c %s "$img.zst")
rm -rf "$work"
step "done: $img.zst $((zst/MiB)) MiB compressed, $((raw/MiB)) MiB raw"
echo "image-size: arch=$ARCH raw_mib=$((raw/MiB)) zst_mib=$((zst/MiB)) build_s=$(( $(date +%s) - t_start ))"
# What installers download: the target is at most MAX_ZST_MIB (issue 19).
[ $((zst/MiB)) -le "$MAX_ZST_MIB" ] \
  || die "the compressed image is $((zst/MiB)) MiB, more than MAX_ZST_MIB=$MAX_ZST_MIB MiB (see 'biggest' in $log)"
