/* paintwait: starts a program and says when its first frame reached the
 * screen, measured from outside, the same way for any program.
 *
 *   paintwait [-o FIRST.ppm] [-t TIMEOUT_MS] -- PROGRAM [ARGS...]
 *
 * It reads ROWS rows spread over the X root window once ($DISPLAY), starts
 * PROGRAM (the clock starts just before fork), then reads them again every
 * millisecond through shared memory until at least 0.5% of their pixels
 * differ from the first reading: the first frame a window showed. (Reading
 * the whole screen that often kept the X server itself busy copying
 * 8 MB a millisecond, slowing down what it measured.) Prints "first_paint_ms=N pid=P", then waits for PROGRAM
 * to end (the caller stops it) and exits with its status, so that nothing
 * is left unreaped. Exits 1, after killing PROGRAM, when nothing appears
 * within the timeout (default 10 s) or PROGRAM ends first.
 * -o saves that first changed image (binary PPM) to look at. */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROWS 24 /* rows of the screen watched, evenly spread */

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* ROWS rows spread evenly over the screen, into out (ROWS * width). */
static void read_rows(Display *d, Window root, XImage *im, int h, uint32_t *out)
{
	for (int r = 0; r < ROWS; r++) {
		int y = (int)((2L * r + 1) * h / (2 * ROWS));
		XShmGetImage(d, root, im, 0, y, AllPlanes);
		for (int x = 0; x < im->width; x++)
			*out++ = ((uint32_t *)im->data)[x] & 0xFFFFFFu;
	}
}

/* The whole screen now, as a binary PPM. */
static void save_ppm(Display *d, Window root, int w, int h, const char *path)
{
	XImage *im = XGetImage(d, root, 0, 0, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
	FILE *f = im ? fopen(path, "wb") : NULL;
	if (!f) {
		perror(path);
		return;
	}
	fprintf(f, "P6\n%d %d\n255\n", im->width, im->height);
	for (int y = 0; y < im->height; y++)
		for (int x = 0; x < im->width; x++) {
			unsigned long p = XGetPixel(im, x, y);
			unsigned char rgb[3] = {(unsigned char)(p >> 16), (unsigned char)(p >> 8), (unsigned char)p};
			fwrite(rgb, 1, 3, f);
		}
	fclose(f);
	XDestroyImage(im);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	long timeout_ms = 10000;
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			timeout_ms = atol(argv[++i]);
		else
			break;
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fprintf(stderr, "usage: paintwait [-o FIRST.ppm] [-t TIMEOUT_MS] -- PROGRAM [ARGS...]\n");
		return 2;
	}
	char **cmd = argv + i + 1;

	Display *d = XOpenDisplay(NULL);
	if (!d) {
		fprintf(stderr, "paintwait: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(unset)");
		return 1;
	}
	int scr = DefaultScreen(d);
	Window root = RootWindow(d, scr);
	int w = DisplayWidth(d, scr), h = DisplayHeight(d, scr);
	if (!XShmQueryExtension(d)) {
		fprintf(stderr, "paintwait: the X server has no MIT-SHM\n");
		return 1;
	}
	XShmSegmentInfo shm = {0};
	XImage *im = XShmCreateImage(d, DefaultVisual(d, scr), (unsigned)DefaultDepth(d, scr), ZPixmap, NULL,
				     &shm, (unsigned)w, 1);
	if (!im || im->bits_per_pixel != 32) {
		fprintf(stderr, "paintwait: needs a 24/32-bit screen\n");
		return 1;
	}
	shm.shmid = shmget(IPC_PRIVATE, (size_t)im->bytes_per_line, IPC_CREAT | 0600);
	shm.shmaddr = im->data = shmat(shm.shmid, NULL, 0);
	shm.readOnly = False;
	if (shm.shmid < 0 || im->data == (char *)-1 || !XShmAttach(d, &shm)) {
		fprintf(stderr, "paintwait: cannot share memory with the X server\n");
		return 1;
	}
	XSync(d, False);
	shmctl(shm.shmid, IPC_RMID, NULL); /* gone once both sides detach */

	size_t n = (size_t)ROWS * (size_t)w;
	uint32_t *before = malloc(sizeof(uint32_t) * n), *now = malloc(sizeof(uint32_t) * n);
	if (!before || !now)
		return 1;
	read_rows(d, root, im, h, before);
	size_t need = n / 200 + 1;
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "paintwait: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		read_rows(d, root, im, h, now);
		double t = now_ms();
		size_t changed = 0;
		for (size_t k = 0; k < n; k++)
			changed += now[k] != before[k];
		if (changed >= need) {
			printf("first_paint_ms=%.1f pid=%d\n", t - t0, (int)pid);
			fflush(stdout);
			if (out)
				save_ppm(d, root, w, h, out);
			XShmDetach(d, &shm);
			XCloseDisplay(d);
			int status;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "paintwait: %s ended before it showed anything\n", cmd[0]);
			return 1;
		}
		if (t - t0 > timeout_ms) {
			fprintf(stderr, "paintwait: %s showed nothing within %ld ms\n", cmd[0], timeout_ms);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return 1;
		}
		struct timespec nap = {0, 1000000};
		nanosleep(&nap, NULL);
	}
}
