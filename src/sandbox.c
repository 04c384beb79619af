/* sandbox.c: see sandbox.h.
 *
 * Parent side: one helper process per struct sandbox, started lazily with
 * fork + exec of our own executable (resolved once: under valgrind
 * /proc/self/exe would be valgrind itself). Requests travel over a
 * SOCK_SEQPACKET socketpair, one message each way, with the picture's fd
 * and the output memfd as SCM_RIGHTS. The memfd is sized for the box and
 * sealed against shrinking, so the helper cannot make our mapping fault.
 * The answer's size is checked against the box before a byte is copied.
 *
 * Helper side (helper_main, entered from a constructor before main): warm
 * up the decoders, set limits, install the seccomp filter, then serve
 * requests until the socket closes. Before each picture the processor-time
 * soft limit is moved to "used so far + SANDBOX_CPU_SECONDS"; a helper that
 * has used a lot in total asks to be replaced (the hard limit stays). */
#define _GNU_SOURCE
#include "sandbox.h"

#include <SDL.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "content.h"
#include "util.h"

#define HELPER_ARG        "--decode-helper"
#define HELPER_FD         3
#define START_TIMEOUT_MS  10000u /* warming up librsvg under a sanitizer is slow */
#define RETIRE_CPU_S      120u   /* a helper that used this much is replaced */
#define HARD_CPU_S        (RETIRE_CPU_S + 2u * SANDBOX_CPU_SECONDS)
#define WHY_BYTES         1024 /* a Ukrainian sentence takes two bytes a letter */
#define LANG_BYTES        64

enum op { OP_DECODE = 1, OP_CHECK, OP_PROBE };

struct request {
	uint32_t op;
	int32_t w, h;
	uint8_t cover, flatten, r, g, b;
	uint32_t probe;
	uint64_t out_bytes;
	char lang[LANG_BYTES]; /* the kiosk's LANGUAGE: the reasons' language */
};

struct answer {
	int32_t ok;
	int32_t w, h;
	uint32_t cpu_ms; /* processor time the decode took */
	uint8_t opaque, retire;
	char why[WHY_BYTES];
};

struct sandbox {
	pthread_mutex_t mu; /* pid and aborted: sandbox_abort() comes from another thread */
	pid_t pid;
	bool aborted;
	int sock;
	bool starting;        /* helper spawned, its ready message not read yet */
	uint64_t ready_by_ms; /* when a helper still starting has taken too long */
	struct sandbox *next; /* every live sandbox, for sandbox_abort_all() */
};

static pthread_mutex_t g_all_mu = PTHREAD_MUTEX_INITIALIZER;
static struct sandbox *g_all;
static bool g_all_aborted;
static struct sandbox_stats g_stats; /* under g_all_mu */

/* ------------------------------------------------------------------------ */
/* Helper side                                                               */

static ssize_t recv_fds(int sock, void *buf, size_t len, int *fds, int max_fds, int *n_fds)
{
	char ctl[CMSG_SPACE(sizeof(int) * 2)];
	struct iovec iov = {buf, len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof(ctl)};
	ssize_t n;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	*n_fds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int got[2];
		memcpy(got, CMSG_DATA(c), (k > 2 ? 2 : k) * sizeof(int));
		for (size_t i = 0; i < k && i < 2; i++) {
			if (*n_fds < max_fds)
				fds[(*n_fds)++] = got[i];
			else
				close(got[i]);
		}
	}
	return n;
}

static bool send_fds(int sock, const void *buf, size_t len, const int *fds, int n_fds)
{
	char ctl[CMSG_SPACE(sizeof(int) * 2)];
	memset(ctl, 0, sizeof(ctl));
	struct iovec iov = {(void *)buf, len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	if (n_fds > 0) {
		mh.msg_control = ctl;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n_fds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n_fds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n_fds);
	}
	ssize_t n;
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len;
}

/* The whole file on fd, at most the content cap; NULL when unreadable. */
static unsigned char *read_all(int fd, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0 || (uint64_t)st.st_size > CONTENT_MAX_IMAGE_BYTES)
		return NULL;
	size_t cap = (size_t)st.st_size + 1, n = 0;
	unsigned char *buf = malloc(cap);
	if (!buf)
		return NULL;
	for (;;) {
		if (n == cap) {
			if (cap > CONTENT_MAX_IMAGE_BYTES)
				break;
			unsigned char *b2 = realloc(buf, cap * 2);
			if (!b2)
				break;
			buf = b2;
			cap *= 2;
		}
		ssize_t r = pread(fd, buf + n, cap - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

static double cpu_seconds(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void set_cpu_budget(void)
{
	struct rlimit rl = {(rlim_t)cpu_seconds() + 1 + SANDBOX_CPU_SECONDS, HARD_CPU_S};
	if (rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_CPU, &rl);
}

/* The seccomp filter: what decoding needs and nothing else. Unlisted calls
 * kill the process; calls that name files fail with EACCES, because
 * libraries probe for files (fonts, locales) and should only fail. */
static bool lock_down(void)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		return false;
	static const int allow[] = {
		SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(readv), SCMP_SYS(write),
		SCMP_SYS(writev), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
		SCMP_SYS(lseek), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
		SCMP_SYS(mprotect), SCMP_SYS(brk), SCMP_SYS(madvise), SCMP_SYS(futex),
		SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(rt_sigreturn),
		SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction), SCMP_SYS(sigaltstack),
		SCMP_SYS(recvmsg), SCMP_SYS(sendmsg), SCMP_SYS(clock_gettime),
		SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday),
		SCMP_SYS(getrusage), SCMP_SYS(gettid), SCMP_SYS(getpid), SCMP_SYS(getrandom),
		SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity), SCMP_SYS(set_robust_list),
		SCMP_SYS(rseq), SCMP_SYS(fcntl), SCMP_SYS(poll), SCMP_SYS(ppoll),
		SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid),
		SCMP_SYS(sysinfo), SCMP_SYS(restart_syscall),
	};
	static const int refuse[] = {
		SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(stat), SCMP_SYS(lstat),
		SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2), SCMP_SYS(readlink),
		SCMP_SYS(readlinkat), SCMP_SYS(statx), SCMP_SYS(statfs), SCMP_SYS(uname),
		SCMP_SYS(getcwd), SCMP_SYS(ioctl), SCMP_SYS(prctl),
	};
	int rc = 0;
	for (size_t i = 0; i < ARRAY_LEN(allow) && rc == 0; i++)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, allow[i], 0);
	for (size_t i = 0; i < ARRAY_LEN(refuse) && rc == 0; i++)
		rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(EACCES), refuse[i], 0);
	/* Threads (librsvg's filters may start some), but no new processes:
	 * clone3 hides its flags from the filter, so glibc is told it does not
	 * exist and falls back to clone. Only our own limits may change. */
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				      (struct scmp_arg_cmp){0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD});
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
				      (struct scmp_arg_cmp){0, SCMP_CMP_EQ, 0, 0});
	if (rc == 0)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
				      (struct scmp_arg_cmp){0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0});
	if (rc == 0)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc == 0;
}

static void probe(uint32_t what, struct answer *a)
{
	switch (what) {
	case SANDBOX_PROBE_OPEN: {
		int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
		a->ok = fd >= 0;
		snprintf(a->why, sizeof(a->why), "open: %s", fd >= 0 ? "opened" : strerror(errno));
		if (fd >= 0)
			close(fd);
		break;
	}
	case SANDBOX_PROBE_SOCKET: {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		snprintf(a->why, sizeof(a->why), "socket: %s", s >= 0 ? "made" : strerror(errno));
		break;
	}
	case SANDBOX_PROBE_EXEC: {
		char *const argv[] = {(char *)"/bin/true", NULL};
		execv("/bin/true", argv);
		snprintf(a->why, sizeof(a->why), "exec: %s", strerror(errno));
		break;
	}
	case SANDBOX_PROBE_SLEEP: {
		struct timespec ts = {(SANDBOX_TIMEOUT_MS / 1000) * 3, 0};
		nanosleep(&ts, NULL);
		snprintf(a->why, sizeof(a->why), "slept");
		break;
	}
	default:
		raise(SIGSEGV);
		break;
	}
}

/* a->why = why, cut at a whole UTF-8 letter if it is too long. */
static void set_why(struct answer *a, const char *why)
{
	size_t n = strlen(why);
	if (n >= sizeof(a->why)) {
		n = sizeof(a->why) - 1;
		while (n > 0 && ((unsigned char)why[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(a->why, why, n);
	a->why[n] = '\0';
}

static void serve(int sock, const struct request *rq, int pic_fd, int out_fd, struct answer *a)
{
	if (rq->op == OP_PROBE) {
		probe(rq->probe, a);
		return;
	}
	/* The kiosk's staff language may change between requests. */
	char lang[LANG_BYTES];
	memcpy(lang, rq->lang, sizeof(lang));
	lang[sizeof(lang) - 1] = '\0';
	if (lang[0])
		i18n_set_language(lang);
	size_t len = 0;
	unsigned char *data = pic_fd >= 0 ? read_all(pic_fd, &len) : NULL;
	(void)sock;
	if (!data) {
		set_why(a, _("it cannot be read"));
		return;
	}
	struct picture_req pr = {rq->w, rq->h, rq->cover != 0, rq->flatten != 0,
				 {rq->r, rq->g, rq->b}};
	bool opaque = false;
	char *why = NULL;
	set_cpu_budget();
	double cpu0 = cpu_seconds();
	SDL_Surface *s = picture_decode(data, len, &pr, &opaque, &why);
	a->cpu_ms = (uint32_t)((cpu_seconds() - cpu0) * 1000);
	free(data);
	if (!s) {
		set_why(a, why ? why : _("it cannot be decoded"));
		free(why);
		return;
	}
	a->w = s->w;
	a->h = s->h;
	a->opaque = opaque;
	a->ok = 1;
	if (rq->op == OP_DECODE) {
		size_t row = (size_t)s->w * 4u, need = row * (size_t)s->h;
		void *m = need <= rq->out_bytes && out_fd >= 0
				  ? mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_SHARED, out_fd, 0)
				  : MAP_FAILED;
		if (m == MAP_FAILED) {
			a->ok = 0;
			set_why(a, _("its pixels cannot be handed over"));
		} else {
			for (int y = 0; y < s->h; y++)
				memcpy((char *)m + (size_t)y * row,
				       (const char *)s->pixels + (size_t)y * (size_t)s->pitch, row);
			munmap(m, need);
		}
	}
	SDL_FreeSurface(s);
}

static void helper_main(int sock)
{
	/* Tell the parent nothing until locked down: a helper that cannot
	 * lock itself down must not decode anything. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Reasons are written here, in the language each request names:
	 * every catalog is read before the files are out of reach. */
	i18n_init();
	i18n_preload();
	picture_warm_up();
	const unsigned long long memory = SANDBOX_MEMORY_BYTES;
	if (memory != 0) {
		struct rlimit as = {memory, memory};
		setrlimit(RLIMIT_AS, &as);
	}
	struct rlimit cpu = {HARD_CPU_S, HARD_CPU_S};
	setrlimit(RLIMIT_CPU, &cpu);
	struct rlimit nofile = {16, 16};
	setrlimit(RLIMIT_NOFILE, &nofile);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !lock_down())
		_exit(3);
	struct answer ready = {.ok = 1};
	if (!send_fds(sock, &ready, sizeof(ready), NULL, 0))
		_exit(0);
	for (;;) {
		struct request rq;
		int fds[2] = {-1, -1}, n_fds = 0;
		ssize_t n = recv_fds(sock, &rq, sizeof(rq), fds, 2, &n_fds);
		if (n <= 0)
			_exit(0); /* the kiosk closed the socket (or went away) */
		struct answer a;
		memset(&a, 0, sizeof(a));
		if (n == (ssize_t)sizeof(rq))
			serve(sock, &rq, n_fds > 0 ? fds[0] : -1, n_fds > 1 ? fds[1] : -1, &a);
		else
			set_why(&a, _("the request was garbled"));
		for (int i = 0; i < n_fds; i++)
			close(fds[i]);
		a.retire = cpu_seconds() > RETIRE_CPU_S;
		if (!send_fds(sock, &a, sizeof(a), NULL, 0))
			_exit(0);
	}
}

/* Runs before main() in every program that links this file, so any of them
 * can be its own helper. */
__attribute__((constructor)) static void sandbox_entry(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], HELPER_ARG) == 0 && strcmp(argv[2], "3") == 0)
		helper_main(HELPER_FD);
}

/* ------------------------------------------------------------------------ */
/* Kiosk side                                                                */

static char g_exe[PATH_MAX];
static pthread_once_t g_exe_once = PTHREAD_ONCE_INIT;

static void find_exe(void)
{
	ssize_t n = readlink("/proc/self/exe", g_exe, sizeof(g_exe) - 1);
	g_exe[n > 0 ? n : 0] = '\0';
}

struct sandbox *sandbox_new(void)
{
	pthread_once(&g_exe_once, find_exe);
	struct sandbox *sb = xcalloc(1, sizeof(*sb));
	pthread_mutex_init(&sb->mu, NULL);
	sb->sock = -1;
	pthread_mutex_lock(&g_all_mu);
	sb->aborted = g_all_aborted;
	sb->next = g_all;
	g_all = sb;
	pthread_mutex_unlock(&g_all_mu);
	return sb;
}

/* How a helper that died ended, as the end of a sentence. */
static char *death(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGSYS)
			return xstrdup(_("the picture decoder tried something its sandbox forbids and "
					 "was stopped"));
		if (sig == SIGXCPU)
			return xasprintf(_("it needs more than %u s of processor time to decode"),
					 SANDBOX_CPU_SECONDS);
		return xasprintf(_("the picture decoder crashed on it (%s)"), strsignal(sig));
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		return xstrdup(_("the picture decoder could not lock itself in its sandbox"));
	/* A sanitizer build's helper reports a crash and exits 1. */
	return xasprintf(_("the picture decoder crashed on it (exit status %d)"),
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* The helper's peak resident memory in KiB, 0 when unknown. */
static long helper_hwm_kib(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kib = 0;
	char line[128];
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void note_hwm(long kib)
{
	pthread_mutex_lock(&g_all_mu);
	if (kib > g_stats.helper_hwm_kib)
		g_stats.helper_hwm_kib = kib;
	pthread_mutex_unlock(&g_all_mu);
}

/* Kills and reaps the helper; returns how it ended when it had died on its
 * own (killed_by_us false), as a sentence end (caller frees). */
static char *stop_helper(struct sandbox *sb, bool kill_it)
{
	pthread_mutex_lock(&sb->mu);
	pid_t pid = sb->pid;
	pthread_mutex_unlock(&sb->mu);
	if (pid > 0)
		note_hwm(helper_hwm_kib(pid));
	pthread_mutex_lock(&sb->mu);
	if (pid > 0 && kill_it)
		kill(pid, SIGKILL);
	pthread_mutex_unlock(&sb->mu);
	char *how = NULL;
	if (pid > 0) {
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!kill_it)
			how = death(status);
	}
	pthread_mutex_lock(&sb->mu);
	sb->pid = 0;
	pthread_mutex_unlock(&sb->mu);
	if (sb->sock >= 0)
		close(sb->sock);
	sb->sock = -1;
	sb->starting = false;
	return how;
}

/* Waits for the helper's one-message answer until deadline_ms (an answer
 * already there is taken even after it). 1: got it; 0: timeout; -1: the
 * helper is gone. */
static int wait_answer(struct sandbox *sb, struct answer *a, uint64_t deadline_ms)
{
	for (;;) {
		uint64_t now = clock_monotonic_ms();
		struct pollfd p = {sb->sock, POLLIN, 0};
		int r = poll(&p, 1, now >= deadline_ms ? 0 : (int)(deadline_ms - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return 0;
		if (r < 0)
			return -1;
		int fds[2], n_fds;
		ssize_t n = recv_fds(sb->sock, a, sizeof(*a), fds, 2, &n_fds);
		for (int i = 0; i < n_fds; i++)
			close(fds[i]);
		if (n == (ssize_t)sizeof(*a)) {
			/* One line for the log and the staff screen, whatever a
			 * library put in its message. */
			a->why[sizeof(a->why) - 1] = '\0';
			for (char *c = a->why; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					*c = ' ';
			for (size_t e = strlen(a->why); e > 0 && a->why[e - 1] == ' ';)
				a->why[--e] = '\0';
			return 1;
		}
		return -1;
	}
}

/* Forks and execs a helper for sb, without waiting for it (its ready
 * message is read by await_ready). */
static bool spawn_helper(struct sandbox *sb, char **why)
{
	int sv[2];
	if (!g_exe[0] || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		*why = xasprintf(_("the picture decoder cannot be started (%s)"), strerror(errno));
		return false;
	}
	pthread_mutex_lock(&sb->mu);
	if (sb->aborted) {
		pthread_mutex_unlock(&sb->mu);
		close(sv[0]);
		close(sv[1]);
		*why = xstrdup(_("the kiosk is shutting down"));
		return false;
	}
	pid_t pid = fork();
	if (pid == 0) {
		/* Only async-signal-safe calls until exec. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (sv[1] == HELPER_FD)
			fcntl(HELPER_FD, F_SETFD, 0);
		else if (dup2(sv[1], HELPER_FD) != HELPER_FD)
			_exit(127);
		syscall(SYS_close_range, HELPER_FD + 1, ~0u, 0);
		char *const argv[] = {g_exe, (char *)HELPER_ARG, (char *)"3", NULL};
		execv(g_exe, argv);
		_exit(127);
	}
	if (pid > 0)
		sb->pid = pid;
	pthread_mutex_unlock(&sb->mu);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		*why = xasprintf(_("the picture decoder cannot be started (%s)"), strerror(errno));
		return false;
	}
	sb->sock = sv[0];
	sb->starting = true;
	sb->ready_by_ms = clock_monotonic_ms() + START_TIMEOUT_MS;
	return true;
}

/* Reads a spawned helper's ready message (it comes once it has locked
 * itself down). */
static bool await_ready(struct sandbox *sb, char **why)
{
	struct answer a;
	int r = wait_answer(sb, &a, sb->ready_by_ms);
	sb->starting = false;
	if (r != 1) {
		char *how = stop_helper(sb, r == 0);
		pthread_mutex_lock(&sb->mu);
		bool aborted = sb->aborted;
		pthread_mutex_unlock(&sb->mu);
		if (aborted)
			*why = xstrdup(_("the kiosk is shutting down"));
		else
			*why = xasprintf(_("the picture decoder did not start (%s)"),
					 how ? how : _("it took too long"));
		free(how);
		return false;
	}
	return true;
}

static bool start_helper(struct sandbox *sb, char **why)
{
	if (sb->sock < 0 && !spawn_helper(sb, why))
		return false;
	return !sb->starting || await_ready(sb, why);
}

void sandbox_start(struct sandbox *sb)
{
	char *why = NULL; /* sandbox_new found the executable */
	if (sb && sb->sock < 0 && !spawn_helper(sb, &why))
		log_line("the picture decoder could not start early: %s", why);
	free(why);
}

/* One request and its answer. Returns 1 with *a filled, or 0 with *why. */
static int transact(struct sandbox *sb, const struct request *asked, const int *fds, int n_fds,
		    struct answer *a, char **why)
{
	struct request req = *asked;
	const struct request *rq = &req;
	snprintf(req.lang, sizeof(req.lang), "%s", i18n_language());
	if ((sb->sock < 0 || sb->starting) && !start_helper(sb, why))
		return 0;
	if (!send_fds(sb->sock, rq, sizeof(*rq), fds, n_fds)) {
		/* It died between requests (a limit, or it retired): once more. */
		free(stop_helper(sb, true));
		if (!start_helper(sb, why))
			return 0;
		if (!send_fds(sb->sock, rq, sizeof(*rq), fds, n_fds)) {
			*why = xstrdup(_("the picture decoder cannot be reached"));
			free(stop_helper(sb, true));
			return 0;
		}
	}
	uint64_t t0 = clock_monotonic_ms();
	int r = wait_answer(sb, a, t0 + SANDBOX_TIMEOUT_MS);
	if (rq->op != OP_PROBE) {
		double ms = (double)(clock_monotonic_ms() - t0);
		pthread_mutex_lock(&g_all_mu);
		g_stats.decodes++;
		g_stats.total_ms += ms;
		if (ms > g_stats.max_ms)
			g_stats.max_ms = ms;
		pthread_mutex_unlock(&g_all_mu);
	}
	if (r == 1) {
		if (a->retire)
			free(stop_helper(sb, true));
		return 1;
	}
	pthread_mutex_lock(&sb->mu);
	bool aborted = sb->aborted;
	pthread_mutex_unlock(&sb->mu);
	char *how = stop_helper(sb, r == 0);
	if (aborted)
		*why = xstrdup(_("the kiosk is shutting down"));
	else if (r == 0)
		*why = xasprintf(_("it takes longer than %u s to decode, so the decoder was stopped"),
				 SANDBOX_TIMEOUT_MS / 1000);
	else
		*why = how ? xstrdup(how) : xstrdup(_("the picture decoder went away"));
	free(how);
	return 0;
}

static int sealed_memfd(size_t bytes)
{
	int fd = memfd_create("kiosk-picture", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)bytes) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

SDL_Surface *sandbox_decode_fd(struct sandbox *sb, int fd, const struct picture_req *rq,
			       bool *opaque, char **why)
{
	*opaque = false;
	*why = NULL;
	if (rq->w < 1 || rq->h < 1 || rq->w > 16384 || rq->h > 16384) {
		*why = xstrdup(_("the box it was asked for is empty or too large"));
		return NULL;
	}
	size_t bytes = (size_t)rq->w * (size_t)rq->h * 4u;
	int out = sealed_memfd(bytes);
	if (out < 0) {
		*why = xasprintf(_("no shared memory for its pixels (%s)"), strerror(errno));
		return NULL;
	}
	struct request r = {.op = OP_DECODE, .w = rq->w, .h = rq->h, .cover = rq->cover,
			    .flatten = rq->flatten, .r = rq->under.r, .g = rq->under.g,
			    .b = rq->under.b, .out_bytes = bytes};
	int fds[2] = {fd, out};
	struct answer a;
	SDL_Surface *s = NULL;
	if (transact(sb, &r, fds, 2, &a, why)) {
		if (!a.ok) {
			*why = xstrdup(a.why[0] ? _(a.why) : a.why); /* its fixed reasons are msgids */
		} else if (a.w < 1 || a.h < 1 || a.w > rq->w || a.h > rq->h) {
			*why = xstrdup(_("the picture decoder answered nonsense"));
		} else {
			size_t row = (size_t)a.w * 4u, need = row * (size_t)a.h;
			const char *m = mmap(NULL, need, PROT_READ, MAP_SHARED, out, 0);
			s = m == MAP_FAILED ? NULL
					    : SDL_CreateRGBSurfaceWithFormat(0, a.w, a.h, 32,
									     SDL_PIXELFORMAT_ARGB8888);
			/* Unmapped as it is copied, so the picture is resident
			 * once, not twice (8 MB at full HD). */
			size_t gone = 0, page = (size_t)sysconf(_SC_PAGESIZE);
			if (s) {
				for (int y = 0; y < a.h; y++) {
					memcpy((char *)s->pixels + (size_t)y * (size_t)s->pitch,
					       m + (size_t)y * row, row);
					size_t done = ((size_t)(y + 1) * row) / page * page;
					if (done - gone >= (256u << 10)) {
						munmap((void *)(m + gone), done - gone);
						gone = done;
					}
				}
				*opaque = a.opaque != 0;
			} else {
				*why = xstrdup(_("there is not enough memory for it"));
			}
			if (m != MAP_FAILED && need > gone)
				munmap((void *)(m + gone), need - gone);
		}
	}
	close(out);
	return s;
}

bool sandbox_check_buffer(struct sandbox *sb, const unsigned char *data, size_t len, char **why)
{
	*why = NULL;
	int fd = memfd_create("kiosk-check", MFD_CLOEXEC);
	size_t done = 0;
	while (fd >= 0 && done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (fd < 0 || done != len) {
		*why = xasprintf(_("no memory to hand it to the picture decoder (%s)"), strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	struct request r = {.op = OP_CHECK, .w = PICTURE_CHECK_BOX, .h = PICTURE_CHECK_BOX,
			    .cover = 1};
	struct answer a;
	bool ok = false;
	if (transact(sb, &r, &fd, 1, &a, why)) {
		ok = a.ok != 0;
		if (!ok)
			*why = xstrdup(a.why[0] ? _(a.why) : a.why); /* its fixed reasons are msgids */
		else if (a.cpu_ms > SANDBOX_CHECK_CPU_MS) {
			/* Every screen that shows it would decode it again. */
			ok = false;
			*why = xasprintf(_("it takes %.1f s of processor time to decode (at most %.1f s "
					 "are allowed, or the screens would wait for it)"),
					 a.cpu_ms / 1000.0, SANDBOX_CHECK_CPU_MS / 1000.0);
		}
	}
	close(fd);
	if (!ok && *why) {
		/* One sentence that says what to do. */
		char *s = xasprintf(_("%s; save it again as PNG or JPEG."), *why);
		free(*why);
		*why = s;
	}
	return ok;
}

bool sandbox_probe(struct sandbox *sb, enum sandbox_probe what, char **result)
{
	struct request r = {.op = OP_PROBE, .probe = (uint32_t)what};
	struct answer a;
	*result = NULL;
	if (!transact(sb, &r, NULL, 0, &a, result))
		return false;
	*result = xstrdup(a.why);
	return true;
}

pid_t sandbox_pid(struct sandbox *sb)
{
	pthread_mutex_lock(&sb->mu);
	pid_t p = sb->pid;
	pthread_mutex_unlock(&sb->mu);
	return p;
}

void sandbox_abort(struct sandbox *sb)
{
	if (!sb)
		return;
	pthread_mutex_lock(&sb->mu);
	sb->aborted = true;
	if (sb->pid > 0)
		kill(sb->pid, SIGKILL);
	pthread_mutex_unlock(&sb->mu);
}

void sandbox_get_stats(struct sandbox_stats *st)
{
	pthread_mutex_lock(&g_all_mu);
	pid_t pids[16];
	size_t n = 0;
	for (struct sandbox *sb = g_all; sb && n < 16; sb = sb->next)
		if (sb->pid > 0)
			pids[n++] = sb->pid;
	pthread_mutex_unlock(&g_all_mu);
	for (size_t i = 0; i < n; i++)
		note_hwm(helper_hwm_kib(pids[i]));
	pthread_mutex_lock(&g_all_mu);
	*st = g_stats;
	pthread_mutex_unlock(&g_all_mu);
}

void sandbox_abort_all(void)
{
	pthread_mutex_lock(&g_all_mu);
	g_all_aborted = true;
	for (struct sandbox *sb = g_all; sb; sb = sb->next)
		sandbox_abort(sb);
	pthread_mutex_unlock(&g_all_mu);
}

void sandbox_free(struct sandbox *sb)
{
	if (!sb)
		return;
	pthread_mutex_lock(&g_all_mu);
	for (struct sandbox **p = &g_all; *p; p = &(*p)->next)
		if (*p == sb) {
			*p = sb->next;
			break;
		}
	pthread_mutex_unlock(&g_all_mu);
	free(stop_helper(sb, true));
	pthread_mutex_destroy(&sb->mu);
	free(sb);
}
