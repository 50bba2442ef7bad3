// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Counts health checks from the server's side: every TCP SYN (without ACK,
 * IPv4) that arrives on an interface, per destination address, timed by
 * the kernel. A checker's probe of any kind (TCP_CHECK, HTTP_GET, SSL_GET,
 * a bare SYN or a full connect) starts with one, so this counts checks the
 * same way for every daemon, from outside them.
 *
 *   syn_watch -i IFACE -I INTERVAL_S [-s SECONDS] [-n REAL_SERVERS] [-p PID]
 *
 * At the end (after SECONDS, or on SIGTERM/SIGINT) it prints one line of
 * key=value: SYNs per second, distinct destinations, and the gap between
 * consecutive SYNs to the same destination minus INTERVAL (the checker's
 * delay_loop) as p50/p90/p99/p99.9/max in ms; with -n, how many of the
 * REAL_SERVERS were never probed and how many fewer than
 * SECONDS/INTERVAL - 1 times; with -p, the CPU (utime + stime) that
 * process used over the same window and its VmRSS at the end. A SYN with
 * the destination, source port and sequence number of the destination's
 * previous one is a retransmission: counted apart, not as a check.
 *
 * Packets come through a TPACKET_V3 ring with a classic BPF filter, so a
 * few thousand per second cost little even under emulation; the ring's
 * drop counter is printed (drops=), and a run with drops is not to be
 * trusted.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_SIZE (1u << 18)
#define BLOCK_NR 64u
#define FRAME_SIZE 2048u
#define RETIRE_MS 50u
#define SNAPLEN 128u
#define NS 1000000000LL

struct dst {
	uint32_t addr; /* network order; 0 = free slot */
	uint16_t sport;
	uint32_t seq;
	uint32_t count;
	int64_t last_ns;
};

struct watch {
	/* options */
	const char *iface;
	int64_t interval_ns;
	double seconds;
	long expect;
	long pid;
	/* the ring */
	int fd;
	uint8_t *ring;
	size_t ring_len;
	unsigned block;
	/* what was seen */
	int64_t start_ns, end_ns;
	struct dst *tab;
	size_t cap, used;
	int64_t *late;
	size_t nlate, late_cap;
	uint64_t syns, retrans;
	/* the watched process */
	long long ticks0, ticks1;
	long rss_kb;
};

static int64_t
now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * NS + ts.tv_nsec;
}

/* ---- per-destination table (open addressing, power-of-two size) ---- */

static struct dst *
slot(struct dst *tab, size_t cap, uint32_t addr)
{
	size_t i = (addr * 2654435761u) & (cap - 1);

	while (tab[i].addr && tab[i].addr != addr)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static int
grow(struct watch *w)
{
	size_t cap = w->cap ? w->cap * 2 : 1024;
	struct dst *tab = calloc(cap, sizeof(*tab));

	if (!tab)
		return -1;
	for (size_t i = 0; i < w->cap; i++)
		if (w->tab[i].addr)
			*slot(tab, cap, w->tab[i].addr) = w->tab[i];
	free(w->tab);
	w->tab = tab;
	w->cap = cap;
	return 0;
}

static int
add_late(struct watch *w, int64_t late)
{
	if (w->nlate == w->late_cap) {
		size_t cap = w->late_cap ? w->late_cap * 2 : 65536;
		int64_t *p = realloc(w->late, cap * sizeof(*p));

		if (!p)
			return -1;
		w->late = p;
		w->late_cap = cap;
	}
	w->late[w->nlate++] = late;
	return 0;
}

/* One SYN to addr (network order) at t_ns from sport with seq. */
static int
record(struct watch *w, uint32_t addr, uint16_t sport, uint32_t seq,
       int64_t t_ns)
{
	struct dst *d;

	if (2 * (w->used + 1) > w->cap && grow(w) < 0)
		return -1;
	d = slot(w->tab, w->cap, addr);
	if (d->addr && d->sport == sport && d->seq == seq) {
		w->retrans++;
		return 0;
	}
	if (!d->addr) {
		d->addr = addr;
		w->used++;
	} else if (add_late(w, t_ns - d->last_ns - w->interval_ns) < 0) {
		return -1;
	}
	d->sport = sport;
	d->seq = seq;
	d->count++;
	d->last_ns = t_ns;
	w->syns++;
	return 0;
}

/* ---- the socket ---- */

/*
 * Accept IPv4 TCP segments that are not fragments' tails and have SYN set
 * and ACK clear; keep SNAPLEN bytes (Ethernet + IP with options + TCP).
 */
static int
attach_filter(int fd)
{
	static struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 9),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 0, 7),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 5, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 14 + 13),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SNAPLEN),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {sizeof(code) / sizeof(code[0]), code};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

static int
open_ring(struct watch *w)
{
	int v = TPACKET_V3, one = 1;
	struct tpacket_req3 req = {
		.tp_block_size = BLOCK_SIZE,
		.tp_block_nr = BLOCK_NR,
		.tp_frame_size = FRAME_SIZE,
		.tp_frame_nr = BLOCK_SIZE / FRAME_SIZE * BLOCK_NR,
		.tp_retire_blk_tov = RETIRE_MS,
	};
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL)};

	sll.sll_ifindex = (int)if_nametoindex(w->iface);
	if (!sll.sll_ifindex)
		return -1;
	/* no protocol yet: nothing is queued before the filter is on */
	w->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (w->fd < 0 || attach_filter(w->fd) < 0 ||
	    setsockopt(w->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0 ||
	    setsockopt(w->fd, SOL_PACKET, PACKET_RX_RING, &req,
		       sizeof(req)) < 0)
		return -1;
	/* the server's own SYN-ACKs never match, but skip its output anyway */
	(void)setsockopt(w->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			 sizeof(one));
	w->ring_len = (size_t)BLOCK_SIZE * BLOCK_NR;
	w->ring = mmap(NULL, w->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       w->fd, 0);
	if (w->ring == MAP_FAILED)
		return -1;
	return bind(w->fd, (struct sockaddr *)&sll, sizeof(sll));
}

/* One captured frame: a SYN inside the window is recorded. */
static int
frame(struct watch *w, const struct tpacket3_hdr *h)
{
	const uint8_t *ip = (const uint8_t *)h + h->tp_mac + ETH_HLEN;
	int64_t t = (int64_t)h->tp_sec * NS + h->tp_nsec;
	unsigned ihl = (ip[0] & 0x0fu) * 4;
	uint32_t addr, seq;
	uint16_t sport;

	if (h->tp_snaplen < ETH_HLEN + ihl + 8 || (ip[0] >> 4) != 4 ||
	    ihl < 20 || t < w->start_ns || (w->end_ns && t > w->end_ns))
		return 0;
	memcpy(&addr, ip + 16, 4);
	memcpy(&sport, ip + ihl, 2);
	memcpy(&seq, ip + ihl + 4, 4);
	return record(w, addr, sport, ntohl(seq), t);
}

/* Read every block the kernel has handed over and give them back. */
static int
drain(struct watch *w)
{
	for (;;) {
		struct tpacket_block_desc *bd =
			(void *)(w->ring + (size_t)w->block * BLOCK_SIZE);
		const uint8_t *p;

		if (!(__atomic_load_n(&bd->hdr.bh1.block_status,
				      __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER))
			return 0;
		p = (const uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
		for (unsigned i = 0; i < bd->hdr.bh1.num_pkts; i++) {
			const struct tpacket3_hdr *h = (const void *)p;

			if (frame(w, h) < 0)
				return -1;
			p += h->tp_next_offset;
		}
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
				 __ATOMIC_RELEASE);
		w->block = (w->block + 1) % BLOCK_NR;
	}
}

/* ---- the watched process ---- */

/* utime + stime of pid in clock ticks, or -1. */
static long long
proc_ticks(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* the name may hold spaces and parentheses: fields start after the
	 * last ')'; utime and stime are fields 14 and 15 */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1,
			 " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

static long
proc_rss_kb(long pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* ---- the report ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile q (0..1] of the sorted lateness, in ms. */
static double
pct_ms(const struct watch *w, double q)
{
	size_t r = (size_t)(q * (double)w->nlate + 0.999999);

	if (r < 1)
		r = 1;
	if (r > w->nlate)
		r = w->nlate;
	return (double)w->late[r - 1] / 1e6;
}

static void
report_servers(const struct watch *w, double secs)
{
	double want = secs * 1e9 / (double)w->interval_ns - 1;
	size_t under = 0;

	for (size_t i = 0; i < w->cap; i++)
		if (w->tab[i].addr && w->tab[i].count < want)
			under++;
	printf(" under=%zu", under);
	if (w->expect >= 0)
		printf(" never=%ld",
		       w->expect > (long)w->used ? w->expect - (long)w->used
						 : 0L);
}

static void
report(struct watch *w, long long drops)
{
	double secs = (double)(w->end_ns - w->start_ns) / 1e9;
	struct rusage ru;

	qsort(w->late, w->nlate, sizeof(*w->late), cmp_i64);
	printf("syn_watch seconds=%.2f syns=%llu syns_per_s=%.1f retrans=%llu"
	       " dsts=%zu gaps=%zu",
	       secs, (unsigned long long)w->syns, (double)w->syns / secs,
	       (unsigned long long)w->retrans, w->used, w->nlate);
	if (w->nlate)
		printf(" late_ms_p50=%.2f late_ms_p90=%.2f late_ms_p99=%.2f"
		       " late_ms_p999=%.2f late_ms_max=%.2f",
		       pct_ms(w, 0.5), pct_ms(w, 0.9), pct_ms(w, 0.99),
		       pct_ms(w, 0.999), pct_ms(w, 1));
	else /* no destination was seen twice: there is no lateness to give */
		printf(" late_ms_p50=none late_ms_p90=none late_ms_p99=none"
		       " late_ms_p999=none late_ms_max=none");
	report_servers(w, secs);
	getrusage(RUSAGE_SELF, &ru);
	printf(" drops=%lld self_cpu_ms=%.0f", drops,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	if (w->pid > 0)
		printf(" pid=%ld cpu_ticks=%lld hz=%ld rss_kb=%ld", w->pid,
		       w->ticks1 >= 0 && w->ticks0 >= 0 ? w->ticks1 - w->ticks0
							 : -1,
		       sysconf(_SC_CLK_TCK), w->rss_kb);
	printf("\n");
	fflush(stdout);
	if (drops)
		fprintf(stderr, "syn_watch: %lld packets dropped: the counts "
				"are low\n",
			drops);
}

/* ---- main loop ---- */

static int
signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Milliseconds to wait for packets: until the block timer, or less. */
static int
wait_ms(int64_t until, int64_t mono)
{
	int64_t ms = (until - mono + 999999) / 1000000;

	return ms < 1 ? 1 : ms > RETIRE_MS ? (int)RETIRE_MS : (int)ms;
}

/* The window ends now: what the watched process used comes with it. */
static void
stop(struct watch *w, int64_t *tail_end)
{
	w->end_ns = now_ns(CLOCK_REALTIME);
	*tail_end = now_ns(CLOCK_MONOTONIC) + 5 * RETIRE_MS * 1000000LL;
	if (w->pid > 0) {
		w->ticks1 = proc_ticks(w->pid);
		w->rss_kb = proc_rss_kb(w->pid);
	}
}

/*
 * Capture until the deadline or a signal; then, as the kernel hands over
 * a partly filled block only after RETIRE_MS, keep draining a little
 * longer, keeping only packets stamped before the end.
 */
static int
run(struct watch *w, int sfd)
{
	int64_t deadline = now_ns(CLOCK_MONOTONIC) + (int64_t)(w->seconds * 1e9);
	int64_t tail_end = 0;

	for (;;) {
		struct pollfd pfd[2] = {{w->fd, POLLIN, 0}, {sfd, POLLIN, 0}};
		int64_t mono;
		int timeout;

		if (drain(w) < 0)
			return -1;
		mono = now_ns(CLOCK_MONOTONIC);
		if (tail_end && mono >= tail_end)
			return 0;
		if (!tail_end && mono >= deadline)
			stop(w, &tail_end);
		timeout = wait_ms(tail_end ? tail_end : deadline, mono);
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR)
			return -1;
		if (!tail_end && pfd[1].revents)
			stop(w, &tail_end);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: syn_watch -i IFACE -I INTERVAL_S [-s SECONDS]"
			" [-n REAL_SERVERS] [-p PID]\n");
	exit(2);
}

static void
parse_args(struct watch *w, int argc, char **argv)
{
	static const struct option opts[] = {
		{"iface", required_argument, NULL, 'i'},
		{"interval", required_argument, NULL, 'I'},
		{"seconds", required_argument, NULL, 's'},
		{"expect", required_argument, NULL, 'n'},
		{"pid", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	double interval = 0;
	int c;

	w->seconds = 1e9;
	w->expect = -1;
	while ((c = getopt_long(argc, argv, "i:I:s:n:p:", opts, NULL)) != -1) {
		switch (c) {
		case 'i': w->iface = optarg; break;
		case 'I': interval = strtod(optarg, NULL); break;
		case 's': w->seconds = strtod(optarg, NULL); break;
		case 'n': w->expect = strtol(optarg, NULL, 10); break;
		case 'p': w->pid = strtol(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (!w->iface || interval <= 0 || w->seconds <= 0 || optind != argc)
		usage();
	w->interval_ns = (int64_t)(interval * 1e9);
}

int
main(int argc, char **argv)
{
	struct watch w = {.fd = -1};
	struct tpacket_stats_v3 st = {0};
	socklen_t len = sizeof(st);
	int sfd;

	parse_args(&w, argc, argv);
	sfd = signal_fd();
	if (sfd < 0 || open_ring(&w) < 0 || grow(&w) < 0) {
		fprintf(stderr, "syn_watch: %s: %s\n", w.iface, strerror(errno));
		return 1;
	}
	if (w.pid > 0)
		w.ticks0 = proc_ticks(w.pid);
	w.start_ns = now_ns(CLOCK_REALTIME);
	if (run(&w, sfd) < 0) {
		fprintf(stderr, "syn_watch: %s\n", strerror(errno));
		return 1;
	}
	if (getsockopt(w.fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0)
		st.tp_drops = (unsigned)-1;
	report(&w, (long long)st.tp_drops);
	munmap(w.ring, w.ring_len);
	close(w.fd);
	free(w.tab);
	free(w.late);
	return 0;
}
