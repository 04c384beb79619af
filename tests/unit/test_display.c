/* test_display.c: which KMS/DRM cards leave mesa drawing in software
 * (display.c), where the kiosk then takes SDL's software renderer: the
 * image's virtio GPU under QEMU (no 3D), firmware framebuffers and
 * display-only chips; never a GPU driver or a name it does not know. And
 * when frames go to dumb buffers (drmfb.h) instead of SDL's window. */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "display.h"

static void display_only_cards_are_software(void **state)
{
	(void)state;
	assert_true(display_drm_gl_is_software("simpledrm", false));
	assert_true(display_drm_gl_is_software("bochs-drm", false));
	assert_true(display_drm_gl_is_software("cirrus", false));
	assert_true(display_drm_gl_is_software("mgag200", false));
	/* The driver has no 3D engine whatever the flag says. */
	assert_true(display_drm_gl_is_software("simpledrm", true));
}

static void virtio_gpu_depends_on_3d(void **state)
{
	(void)state;
	assert_true(display_drm_gl_is_software("virtio_gpu", false));
	/* virgl: mesa draws on the host's GPU. */
	assert_false(display_drm_gl_is_software("virtio_gpu", true));
}

static void gpus_and_unknown_names_are_not(void **state)
{
	(void)state;
	assert_false(display_drm_gl_is_software("i915", false));
	assert_false(display_drm_gl_is_software("nouveau", false));
	assert_false(display_drm_gl_is_software("vc4", false));
	assert_false(display_drm_gl_is_software("amdgpu", false));
	assert_false(display_drm_gl_is_software("some-new-gpu", false));
	assert_false(display_drm_gl_is_software("", false));
	assert_false(display_drm_gl_is_software(NULL, false));
	/* Whole names only. */
	assert_false(display_drm_gl_is_software("simpledrm2", false));
	assert_false(display_drm_gl_is_software("virtio", false));
}

/* How frames reach the screen (run.c asks before SDL starts). */
static void path_is_forced_by_kiosk_present(void **state)
{
	(void)state;
	assert_int_equal(display_pick_path("sdl", "kmsdrm", false), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path("sdl", NULL, false), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path("dumb", "kmsdrm", false), DISPLAY_PATH_DUMB);
	assert_int_equal(display_pick_path("dumb", NULL, true), DISPLAY_PATH_DUMB);
	/* Anything else is as if unset. */
	assert_int_equal(display_pick_path("fast", "kmsdrm", false), DISPLAY_PATH_DUMB_IF_SOFTWARE);
	assert_int_equal(display_pick_path("", "x11", false), DISPLAY_PATH_SDL);
}

static void dumb_buffers_only_on_kms(void **state)
{
	(void)state;
	/* The image's kiosk.service: SDL_VIDEODRIVER=kmsdrm. */
	assert_int_equal(display_pick_path(NULL, "kmsdrm", false), DISPLAY_PATH_DUMB_IF_SOFTWARE);
	assert_int_equal(display_pick_path(NULL, "KMSDRM", true), DISPLAY_PATH_DUMB_IF_SOFTWARE);
	/* A console with no desktop and no driver named: SDL would take KMS/DRM. */
	assert_int_equal(display_pick_path(NULL, NULL, false), DISPLAY_PATH_DUMB_IF_SOFTWARE);
	assert_int_equal(display_pick_path(NULL, "", false), DISPLAY_PATH_DUMB_IF_SOFTWARE);
	/* A desktop, or any other driver (the tests' offscreen and dummy). */
	assert_int_equal(display_pick_path(NULL, NULL, true), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path(NULL, "x11", false), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path(NULL, "wayland", false), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path(NULL, "offscreen", false), DISPLAY_PATH_SDL);
	assert_int_equal(display_pick_path(NULL, "dummy", false), DISPLAY_PATH_SDL);
}

/* A file that is no DRM device answers no DRM question. */
static void card_question_on_a_non_card_is_false(void **state)
{
	(void)state;
	assert_false(display_drm_card_is_software(-1));
	int fd = open("/dev/null", O_RDWR);
	assert_true(fd >= 0);
	assert_false(display_drm_card_is_software(fd));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(display_only_cards_are_software),
		cmocka_unit_test(virtio_gpu_depends_on_3d),
		cmocka_unit_test(gpus_and_unknown_names_are_not),
		cmocka_unit_test(path_is_forced_by_kiosk_present),
		cmocka_unit_test(dumb_buffers_only_on_kms),
		cmocka_unit_test(card_question_on_a_non_card_is_false),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
