/* display.c: see display.h.
 *
 * Asking OpenGL itself (GL_RENDERER) would mean creating a context, which
 * on a software-only display loads mesa's llvmpipe and libLLVM: 100 ms of
 * start-up and tens of MiB that stay mapped. The X server says it for
 * free: direct rendering on a GPU needs its DRI3 or DRI2 extension (or
 * NVIDIA's own GLX). On KMS/DRM the kernel's driver for the card says it:
 * mesa has GPU drivers for some (i915, nouveau, a virtio GPU with 3D...),
 * and the others (a firmware framebuffer, QEMU's standard VGA, a virtio GPU
 * without 3D) leave it llvmpipe only. */
#include "display.h"

#include <SDL_syswm.h>
#include <string.h>

#ifdef SDL_VIDEO_DRIVER_X11
#include <X11/Xlib.h>
#endif
#include <sys/ioctl.h>
#include <libdrm/drm.h>
#include <libdrm/virtgpu_drm.h>

bool display_drm_gl_is_software(const char *driver, bool has_3d)
{
	/* Display-only drivers: scan-out memory, no 3D engine mesa could use. */
	static const char *const soft[] = {"simpledrm", "bochs-drm", "bochs", "cirrus", "qxl", "ast",
					   "mgag200", "hyperv_drm", "vboxvideo", "udl", "gud", "vkms",
					   "efifb", "vesafb", "ofdrm"};
	if (!driver)
		return false;
	if (strcmp(driver, "virtio_gpu") == 0)
		return !has_3d;
	for (size_t i = 0; i < sizeof(soft) / sizeof(soft[0]); i++)
		if (strcmp(driver, soft[i]) == 0)
			return true;
	return false;
}

enum display_path display_pick_path(const char *kiosk_present, const char *video_driver,
				    bool desktop)
{
	if (kiosk_present && strcmp(kiosk_present, "sdl") == 0)
		return DISPLAY_PATH_SDL;
	if (kiosk_present && strcmp(kiosk_present, "dumb") == 0)
		return DISPLAY_PATH_DUMB;
	if (video_driver && *video_driver)
		return SDL_strcasecmp(video_driver, "kmsdrm") == 0 ? DISPLAY_PATH_DUMB_IF_SOFTWARE
								   : DISPLAY_PATH_SDL;
	return desktop ? DISPLAY_PATH_SDL : DISPLAY_PATH_DUMB_IF_SOFTWARE;
}

bool display_drm_card_is_software(int fd)
{
	char name[64] = "";
	struct drm_version v;
	memset(&v, 0, sizeof(v));
	v.name = name;
	v.name_len = sizeof(name) - 1;
	if (fd < 0 || ioctl(fd, DRM_IOCTL_VERSION, &v) != 0)
		return false;
	name[sizeof(name) - 1] = '\0';
	int has_3d = 0;
	if (strcmp(name, "virtio_gpu") == 0) {
		struct drm_virtgpu_getparam gp = {VIRTGPU_PARAM_3D_FEATURES, (uint64_t)(uintptr_t)&has_3d};
		if (ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &gp) != 0)
			has_3d = 0;
	}
	return display_drm_gl_is_software(name, has_3d != 0);
}

bool display_gl_is_software(SDL_Window *win)
{
	SDL_SysWMinfo info;
	SDL_VERSION(&info.version);
	if (!win || !SDL_GetWindowWMInfo(win, &info))
		return false;
#ifdef SDL_VIDEO_DRIVER_X11
	if (info.subsystem == SDL_SYSWM_X11) {
		static const char *const gpu_ext[] = {"DRI3", "DRI2", "NV-GLX"};
		int op, ev, err;
		for (size_t i = 0; i < sizeof(gpu_ext) / sizeof(gpu_ext[0]); i++)
			if (XQueryExtension(info.info.x11.display, gpu_ext[i], &op, &ev, &err))
				return false;
		return true;
	}
#endif
#ifdef SDL_VIDEO_DRIVER_KMSDRM
	if (info.subsystem == SDL_SYSWM_KMSDRM)
		return display_drm_card_is_software(info.info.kmsdrm.drm_fd);
#endif
	return false;
}
