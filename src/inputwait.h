/* inputwait.h: sleeping until there is input, where SDL cannot.
 *
 * SDL 2's KMS/DRM driver has no way to block for events: SDL_WaitEvent
 * falls back to waking every millisecond. On that driver the kiosk sleeps
 * here instead, in poll(2) on:
 *  - every /dev/input/event* device, opened read-only beside SDL's own
 *    handles (each handle gets its own copy of every event, so draining ours
 *    takes nothing from SDL);
 *  - an inotify watch on /dev/input, so a touchscreen plugged in later (or
 *    made readable by udev later) is opened too;
 *  - an eventfd that inputwait_wake() writes: other threads call it after
 *    they push an SDL event.
 * A still screen then costs no wake-ups at all. Nothing here includes SDL. */
#ifndef KIOSK_INPUTWAIT_H
#define KIOSK_INPUTWAIT_H

#include <stdbool.h>

#define INPUTWAIT_MAX_DEVICES 32     /* input devices watched at once */
#define INPUTWAIT_RESCAN_MS   2000   /* without inotify: look for new devices this often */

struct inputwait;

/* Watches the event* devices in dir ("/dev/input"; tests pass their own
 * folder of FIFOs; NULL: no devices, only inputwait_wake). A missing or
 * unreadable dir is not an error: devices that appear later are picked up.
 * Returns NULL only when no eventfd can be made. Free with inputwait_free. */
struct inputwait *inputwait_new(const char *dir);
void inputwait_free(struct inputwait *w);

/* Makes the current or next inputwait_wait return. Safe from any thread and
 * from a signal handler. */
void inputwait_wake(struct inputwait *w);

/* Sleeps until a device has input, inputwait_wake was called, or timeout_ms
 * passed (-1: no limit). Whatever woke it is drained, so the next call
 * sleeps again. Returns true when something woke it, false on timeout. */
bool inputwait_wait(struct inputwait *w, int timeout_ms);

/* Devices open now (for the log and tests). */
int inputwait_devices(const struct inputwait *w);

#endif
