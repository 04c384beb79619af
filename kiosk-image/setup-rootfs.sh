#!/bin/sh
# Runs inside the new root filesystem (chroot) at the end of mmdebstrap.
set -eu

# The unprivileged user the kiosk runs as (no password, no shell, no home on disk).
# A fixed uid/gid: the state partition outlives image updates, and its files
# must stay the kiosk's whatever other system users a newer image has.
getent group kiosk >/dev/null || groupadd --system --gid 901 kiosk
getent passwd kiosk >/dev/null || useradd --system --uid 901 --gid kiosk --home-dir /run/kiosk-home \
  --no-create-home --shell /usr/sbin/nologin --comment "waiting-room kiosk" kiosk
for g in video input render audio; do getent group $g >/dev/null || groupadd --system $g; done
# Reading aloud plays straight through ALSA's /dev/snd (kiosk.service also
# lists the group, for the running kiosk).
usermod -a -G audio kiosk
# No root password can ever match ('*'), but not 'locked' ('!'), which sshd
# would refuse even for the staff key.
usermod -p '*' root

# What runs: the kiosk, its boot-time configuration, USB updates via udev, the
# daily copy of the statistics onto the KIOSK partition.
systemctl enable kiosk.service kiosk-config.service kiosk-testhook.service systemd-networkd.service \
  kiosk-stats-copy.timer >/dev/null 2>&1
systemctl set-default multi-user.target >/dev/null

# No login prompt anywhere, no VT allocation, nothing that writes to the
# read-only root, nothing that prompts on a first boot. Nor what a kiosk
# never uses but every boot would start beside it: module loads for
# device-mapper, FUSE and loop devices, pstore, the debug/tracing/config
# and hugepage/mqueue file systems, network settings from the kernel command
# line (ip=).
for u in getty@.service serial-getty@.service autovt@.service console-getty.service \
         container-getty@.service getty.target getty-static.service \
         systemd-logind.service ctrl-alt-del.target \
         systemd-firstboot.service systemd-machine-id-commit.service \
         apt-daily.timer apt-daily-upgrade.timer apt-daily.service apt-daily-upgrade.service \
         dpkg-db-backup.timer dpkg-db-backup.service e2scrub_all.timer e2scrub_reap.service \
         fstrim.timer systemd-hwdb-update.service ldconfig.service \
         systemd-journal-flush.service systemd-update-done.service \
         modprobe@dm_mod.service modprobe@fuse.service modprobe@loop.service modprobe@efi_pstore.service \
         systemd-pstore.service dev-hugepages.mount dev-mqueue.mount sys-kernel-debug.mount \
         sys-kernel-tracing.mount sys-kernel-config.mount sys-fs-fuse-connections.mount \
         systemd-network-generator.service; do
  systemctl mask "$u" >/dev/null 2>&1 || true
done
systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true   # started only with a staff key

# Sound: ALSA drivers start with their mixers at zero or muted. Our
# 90-alsa-restore.rules (in place of alsa-utils' own) starts
# kiosk-sound-levels@N for each card: alsactl restore, falling back to init
# with no saved state (the root is read-only), then its outputs at 0 dB,
# once the kiosk has drawn its first frame. alsa-utils' services would only
# save the levels at shutdown, onto the read-only root: masked.
systemctl mask alsa-restore.service alsa-state.service >/dev/null 2>&1 || true

# SSH host keys must not be shared by every kiosk: made at first boot on the
# state partition (kiosk-config).
rm -f /etc/ssh/ssh_host_*

# Time zone: /etc/localtime points into /run, set at boot from kiosk-setup.txt.
ln -sf /run/kiosk-config/localtime /etc/localtime
rm -f /etc/timezone
echo kiosk > /etc/hostname
printf '127.0.0.1 localhost\n127.0.1.1 kiosk\n::1 localhost ip6-localhost ip6-loopback\n' > /etc/hosts

# A read-only root: empty machine-id (systemd keeps a transient one in /run).
: > /etc/machine-id
rm -f /var/lib/dbus/machine-id
mkdir -p /srv/kiosk /var/lib/kiosk-state

# Fonts: cache built now, the root is read-only later.
fc-cache -s -f >/dev/null 2>&1 || true

# Trim what a kiosk never reads.
rm -rf /var/cache/apt/*.bin /var/lib/apt/lists/* /var/log/* /usr/share/doc/*/changelog* \
       /usr/share/common-licenses/GFDL* /usr/share/gcc /usr/share/gdb /usr/share/menu \
       /usr/share/pixmaps /usr/share/applications /usr/share/icons
find /usr/share/doc -mindepth 1 -maxdepth 1 -type d -empty -delete 2>/dev/null || true
# udev's hardware database without the vendor and model names (20-*: PCI,
# USB, OUI, ...; 11 of its 12 MB), which only make log lines prettier; the
# key maps, touchpad and sensor entries stay. Then the sources go: udev
# reads hwdb.bin, glib the MIME caches (built by shared-mime-info).
rm -f /usr/lib/udev/hwdb.d/20-*.hwdb
systemd-hwdb update --usr
rm -rf /usr/lib/udev/hwdb.d/* /usr/share/mime/packages/*
# dpkg's checksums of every file serve only to verify a writable system.
rm -f /var/lib/dpkg/info/*.md5sums
