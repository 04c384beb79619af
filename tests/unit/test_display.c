/* test_display.c: which KMS/DRM cards leave mesa drawing in software
 * (display.c), where the kiosk then takes SDL's software renderer: the
 * image's virtio GPU under QEMU (no 3D), firmware framebuffers and
 * display-only chips; never a GPU driver or a name it does not know. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(display_only_cards_are_software),
		cmocka_unit_test(virtio_gpu_depends_on_3d),
		cmocka_unit_test(gpus_and_unknown_names_are_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
