# Waiting-room kiosk. `make run` and `make test` are the two set-up commands:
# each installs missing Debian packages first (see `deps`), then builds.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/kiosk
MANDIR   ?= $(PREFIX)/share/man/man1
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR  ?=

CC       ?= cc
BUILD    ?= build
VERSION  := 0.1.0

# Every library the kiosk links, by pkg-config name.
PKGS     := sdl2 SDL2_ttf SDL2_image libjpeg libpng librsvg-2.0 cairo libseccomp md4c inih \
fontconfig freetype2 glib-2.0 libcrypt libsystemd x11 libqrencode libheif libdrm
# Debian packages the build, the tests and `make run` need.
DEB_PKGS := build-essential pkg-config clang libclang-rt-14-dev valgrind \
            libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libjpeg-dev libpng-dev librsvg2-dev \
            libcairo2-dev libseccomp-dev libmd4c-dev libinih-dev \
            libfontconfig-dev libfreetype-dev libglib2.0-dev libcrypt-dev libsystemd-dev libcmocka-dev \
            libx11-dev libxext-dev libdrm-dev linux-perf libqrencode-dev \
            fonts-noto-core fonts-dejavu-core xvfb xauth xdotool x11-utils imagemagick \
            diction openssh-server rsync zbar-tools strace libespeak-ng-dev espeak-ng-data sox gettext \
            libheif-dev libheif-examples libc-l10n

# The speech engine (src/speech.c): RHVoice where its headers are installed
# (Debian non-free: librhvoice-dev, which has no pkg-config file; the kiosk
# image builds with it), else espeak-ng (Debian main, what `make deps`
# installs). SPEECH=espeak-ng or SPEECH=rhvoice chooses by hand.
SPEECH   ?= $(shell printf '\043include <RHVoice.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo rhvoice || echo espeak-ng)
ifeq ($(SPEECH),rhvoice)
CPPFLAGS += -DKIOSK_RHVOICE
SPEECH_LIBS := -lRHVoice
else
PKGS     += espeak-ng
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(SPEECH_LIBS) -lm -lpthread

WARN     := -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CFLAGS   ?=
# The day of the last commit: a wall clock before it was never set (schedule.c).
BUILD_DAY := $(or $(shell git log -1 --format=%cd --date=format:%Y%m%d 2>/dev/null),20261101)
CPPFLAGS += -DKIOSK_BUILD_DAY=$(BUILD_DAY)
CPPFLAGS += -D_DEFAULT_SOURCE -DKIOSK_VERSION=\"$(VERSION)\" -DKIOSK_DATADIR=\"$(DATADIR)\" \
            -DKIOSK_LOCALEDIR=\"$(LOCALEDIR)\" \
            -DKIOSK_STAFF_LANGS=\"$(patsubst po/%.po,%,$(sort $(wildcard po/*.po)))\"
ALL_CFLAGS = -std=c11 $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

SRCS      := $(sort $(wildcard src/*.c))
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
LIB_OBJS  := $(LIB_SRCS:src/%.c=$(BUILD)/src/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELP := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
HELP_OBJS := $(UNIT_HELP:tests/unit/%.c=$(BUILD)/tests/%.o)

ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Staff-facing messages through GNU gettext: po/LANG.po -> LANG/kiosk.mo.
# Always in build/locale (whatever BUILD is): ./kiosk looks for it there.
# tests/lib/make-pot.sh says which calls carry messages.
PO_FILES := $(sort $(wildcard po/*.po))
MO_FILES := $(PO_FILES:po/%.po=build/locale/%/LC_MESSAGES/kiosk.mo)
# The image's shell scripts speak through gettext.sh, in the same catalog.
SH_I18N := kiosk-image/overlay/usr/lib/kiosk-image/usb-update kiosk-image/overlay/usr/lib/kiosk-image/kiosk-sync

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps ensure-deps run test unit unit-asan scripts install uninstall clean FORCE \
        bench fuzz image image-test golden pot po-update locale

all: kiosk

# ./kiosk remembers which build tree and compiler made it, so a build with
# another BUILD or CC (a clang check, say) is relinked over by the next
# plain `make` instead of being taken as up to date.
KIOSK_FROM := $(BUILD) $(CC) $(SAN) $(SPEECH)
build/kiosk-from: FORCE
	@mkdir -p $(@D)
	@echo '$(KIOSK_FROM)' | cmp -s - $@ || echo '$(KIOSK_FROM)' > $@

# What was compiled for one engine is compiled again for the other.
$(BUILD)/speech-engine: FORCE
	@mkdir -p $(@D)
	@echo '$(SPEECH)' | cmp -s - $@ || echo '$(SPEECH)' > $@
$(BUILD)/src/speech.o $(BUILD)/tests/test_speech.o: $(BUILD)/speech-engine

kiosk: $(BUILD)/src/main.o $(BUILD)/libkiosk.a build/kiosk-from | $(MO_FILES)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out build/kiosk-from,$^) $(PKG_LIBS)

FORCE:

locale: $(MO_FILES)

# i18n.o holds the list of staff languages (KIOSK_STAFF_LANGS).
$(BUILD)/src/i18n.o: $(PO_FILES)

build/locale/%/LC_MESSAGES/kiosk.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check --statistics -o $@ $<

# The message template, fresh from the sources (tests/scripts/po-complete.sh
# makes its own and fails when po/uk.po lacks a translation).
pot: po/kiosk.pot
po/kiosk.pot: $(SRCS) $(wildcard src/*.h) $(SH_I18N) tests/lib/make-pot.sh
	tests/lib/make-pot.sh $@

# Merges new and changed messages from the sources into every po/*.po.
po-update: po/kiosk.pot
	for p in $(PO_FILES); do msgmerge --quiet --update --backup=none --no-fuzzy-matching $$p po/kiosk.pot; done

$(BUILD)/libkiosk.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc $$(pkg-config --cflags cmocka) -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(HELP_OBJS) $(BUILD)/libkiosk.a | $(MO_FILES)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $$(pkg-config --libs cmocka)

# Writes the bad pictures of tests/unit/badpics.c for the script tests.
$(BUILD)/tests/gen-bad-pictures: tests/tools/gen-bad-pictures.c $(BUILD)/tests/badpics.o $(BUILD)/tests/pngbytes.o $(BUILD)/libkiosk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit -o $@ $< $(BUILD)/tests/badpics.o $(BUILD)/tests/pngbytes.o $(BUILD)/libkiosk.a $(PKG_LIBS) $(ALL_LDFLAGS)

# --- set-up ---------------------------------------------------------------
# Installs only what is missing; prints nothing and does nothing otherwise.
# policy-rc.d keeps packages from starting services on the build machine
# (openssh-server is here for the sync test, which runs its own sshd).
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  guard=""; if [ ! -e /usr/sbin/policy-rc.d ]; then guard=1; \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && $(SUDO) chmod 755 /usr/sbin/policy-rc.d; fi; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  rc=$$?; [ -n "$$guard" ] && $(SUDO) rm -f /usr/sbin/policy-rc.d; exit $$rc; \
	fi

# Runs `deps` only when pkg-config or a tool cannot find something.
ensure-deps:
	@pkg-config --exists $(PKGS) cmocka 2>/dev/null && command -v xvfb-run >/dev/null \
	  && command -v sox >/dev/null \
	  && command -v xdotool >/dev/null && command -v clang >/dev/null && command -v zbarimg >/dev/null \
	  && command -v msgfmt >/dev/null \
	  && [ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] \
	  && command -v rsync >/dev/null && [ -x /usr/sbin/sshd ] \
	  || $(MAKE) --no-print-directory deps

run: ensure-deps
	@$(MAKE) --no-print-directory kiosk
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: there is no display here (DISPLAY and WAYLAND_DISPLAY are unset), so the kiosk cannot open a window."; \
	  exit 1; fi
	./kiosk --windowed content

test: ensure-deps
	@$(MAKE) --no-print-directory WERROR=1 kiosk unit
	@$(MAKE) --no-print-directory WERROR=1 unit-asan
	@$(MAKE) --no-print-directory scripts

# `make unit TEST=test_app` builds and runs one test binary (TEST=app works
# too); TEST_CASE='*swipe*' runs only the cases matching it (testutil.c).
UNIT_RUN := $(if $(TEST),$(filter $(BUILD)/tests/$(TEST) $(BUILD)/tests/test_$(TEST),$(UNIT_BINS)),$(UNIT_BINS))
unit: $(UNIT_RUN)
	@$(if $(UNIT_RUN),tests/run-units.sh $(UNIT_RUN),echo "make unit: there is no tests/unit/$(TEST).c" >&2; exit 1)

# The same unit tests built with AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer included) in their own build tree.
unit-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" SAN="$(ASAN_FLAGS)" \
	  build/asan/libkiosk.a $(UNIT_RUN:$(BUILD)/%=build/asan/%)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 tests/run-units.sh $(UNIT_RUN:$(BUILD)/%=build/asan/%)

# Script tests: --check on folders, screenshots, end-to-end under Xvfb.
scripts: kiosk
	@tests/run-scripts.sh

# Rewrites the golden images on purpose; look at each before committing.
golden: kiosk
	@tests/golden.sh refresh

# --- install ----------------------------------------------------------------
install: kiosk
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 kiosk $(DESTDIR)$(BINDIR)/kiosk
	for mo in $(MO_FILES); do \
	  l=$${mo#build/locale/}; l=$${l%%/*}; \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kiosk.mo || exit 1; \
	done
	rm -rf $(DESTDIR)$(DATADIR)/content $(DESTDIR)$(DATADIR)/assets
	cp -R content $(DESTDIR)$(DATADIR)/content
	cp -R assets $(DESTDIR)$(DATADIR)/assets
	rm -rf $(DESTDIR)$(DATADIR)/assets/screenshots
	sed "s/@VERSION@/$(VERSION)/" src/kiosk.1 > $(DESTDIR)$(MANDIR)/kiosk.1
	chmod 644 $(DESTDIR)$(MANDIR)/kiosk.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kiosk $(DESTDIR)$(MANDIR)/kiosk.1
	for mo in $(MO_FILES); do \
	  l=$${mo#build/locale/}; l=$${l%%/*}; rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kiosk.mo; \
	done
	rm -rf $(DESTDIR)$(DATADIR)

# --- benchmark and fuzzing ---------------------------------------------------
# An optimised build in its own tree, then the scripted scenario (tests/bench.sh).
# Then the same binary in a real window under Xvfb beside a bare SDL2
# program (tests/bench-window.sh; RUNS, SIZES, CONFIGS narrow it down).
bench: ensure-deps
	@$(MAKE) --no-print-directory BUILD=build/bench OPT="-O2 -DNDEBUG" build/bench/kiosk-bench \
	  build/bench/paintwait build/bench/floor
	@tests/bench.sh build/bench/kiosk-bench
	@tests/bench-window.sh build/bench/kiosk-bench build/bench/paintwait build/bench/floor

# The benchmark's helpers: a first-paint watcher and the floor program.
$(BUILD)/paintwait: tests/bench/paintwait.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(OPT) $(CPPFLAGS) -o $@ $< $$(pkg-config --cflags --libs x11 xext)

$(BUILD)/floor: tests/bench/floor.c
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(OPT) $(CPPFLAGS) -o $@ $< $$(pkg-config --cflags --libs sdl2)

$(BUILD)/kiosk-bench: $(BUILD)/src/main.o $(BUILD)/libkiosk.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# libFuzzer targets (clang) for the page parser and kiosk.ini: tests/fuzz/.
FUZZ_SECONDS ?= 600
fuzz: ensure-deps
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

# --- bootable kiosk image (kiosk-image/README.md) ----------------------------
image: kiosk
	kiosk-image/build.sh

image-test:
	kiosk-image/boot-test.sh

clean:
	rm -rf build kiosk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
