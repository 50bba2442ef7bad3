// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigilctl: talk to vigild's control socket (core/parent/control.h). One request
 * line, one reply line; the commands and their arguments are the table of
 * core/cli/ctl_cmd.c. See vigilctl(8).
 *
 * Exit: 0 done; 1 vigild answered with an error (or refused the reload);
 * 2 usage; 3 vigild could not be reached or did not answer in time.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/cli/ctl_print.h"

/* vigild's default (core/parent/instance.h): /run/vigil[/NS]/vigil[_NAME].sock */
#define RUNTIME_DIR "/run/vigil"
#define REPLY_TIMEOUT_MS 10000
#define REPLY_MAX (16u * 1024u * 1024u)

enum { EXIT_ANSWER_ERR = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

/* Why (unless it is a usage line itself), then the usage of cmd, or of
 * every command. */
static int
usage(const char *why, const char *cmd)
{
	const struct ctl_cmd *c = cmd ? ctl_cmd_find(cmd) : NULL;
	const char *lead = "usage:";

	if (why && strncmp(why, "usage: ", 7))
		fprintf(stderr, "vigilctl: %s\n", why);
	for (size_t i = 0; i < ctl_ncmds; i++) {
		if (c && c != &ctl_cmds[i])
			continue;
		fprintf(stderr,
			"%s vigilctl [-s SOCKET | -n NS -i NAME] [--json] "
			"%s%s%s\n",
			lead, ctl_cmds[i].name, ctl_cmds[i].args[0] ? " " : "",
			ctl_cmds[i].args);
		lead = "      ";
	}
	return EXIT_USAGE;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read until the newline, with one overall deadline. */
static char *
read_reply(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (buf) {
		struct pollfd p = {fd, POLLIN, 0};
		long spent;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t);
		spent = (t.tv_sec - t0.tv_sec) * 1000 +
			(t.tv_nsec - t0.tv_nsec) / 1000000;
		if (spent >= REPLY_TIMEOUT_MS ||
		    poll(&p, 1, (int)(REPLY_TIMEOUT_MS - spent)) <= 0)
			break;
		if (len + 1 >= cap) {
			char *nb =
				cap < REPLY_MAX ? realloc(buf, cap * 2) : NULL;

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf + len - n, '\n', (size_t)n)) {
			buf[len] = '\0';
			return buf;
		}
	}
	free(buf);
	return NULL;
}

static int
print_reply(const struct ctl_req *r, struct json_object *o, bool json,
	    const char *line)
{
	struct json_object *v;
	bool failed = json_object_object_get_ex(o, "error", NULL) ||
		      (json_object_object_get_ex(o, "ok", &v) &&
		       !json_object_get_boolean(v));

	if (json)
		fputs(line, stdout);
	else if (json_object_object_get_ex(o, "error", &v))
		fprintf(stderr, "vigilctl: %s\n", json_object_get_string(v));
	else
		ctl_print(stdout, r, o, time(NULL));
	return failed ? EXIT_ANSWER_ERR : 0;
}

/* The socket of the vigild of net_namespace ns and instance name (either
 * NULL), as vigild derives it when the config does not name one. */
static const char *
instance_socket(const char *ns, const char *name, char *buf, size_t n)
{
	int k = snprintf(buf, n, "%s%s%s/vigil%s%s.sock", RUNTIME_DIR,
			 ns ? "/" : "", ns ? ns : "", name ? "_" : "",
			 name ? name : "");

	return k > 0 && (size_t)k < n ? buf : NULL;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"socket", required_argument, NULL, 's'},
		{"namespace", required_argument, NULL, 'n'},
		{"instance", required_argument, NULL, 'i'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *sock = NULL, *ns = NULL, *inst = NULL;
	char sockbuf[256];
	struct ctl_req r;
	struct json_object *o;
	char *req, *line;
	bool json = false;
	int ch, fd, rc;

	/* "+" stops at the command; --json after it is taken below. */
	while ((ch = getopt_long(argc, argv, "+s:n:i:jh", longopts, NULL)) !=
	       -1) {
		if (ch == 's')
			sock = optarg;
		else if (ch == 'n')
			ns = optarg;
		else if (ch == 'i')
			inst = optarg;
		else if (ch == 'j')
			json = true;
		else
			return usage(NULL, NULL);
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 && !strcmp(argv[argc - 1], "--json")) {
		json = true;
		argc--;
	}
	if (argc < 1)
		return usage(NULL, NULL);
	if (sock && (ns || inst))
		return usage("-s names the socket: -n and -i choose it", NULL);
	if (!sock &&
	    !(sock = instance_socket(ns, inst, sockbuf, sizeof(sockbuf))))
		return usage("namespace or instance name too long", NULL);
	/* vigild parses the words again; a bad one is refused here first. */
	if (ctl_parse(&r, argv[0], (unsigned)argc - 1,
		      (const char *const *)argv + 1) < 0)
		return usage(r.error, argv[0]);
	fd = connect_to(sock);
	if (fd < 0) {
		fprintf(stderr, "vigilctl: %s: %s\n", sock, strerror(errno));
		return EXIT_UNREACHABLE;
	}
	req = ctl_request_line(argv[0], (unsigned)argc - 1,
			       (const char *const *)argv + 1);
	line = req && write_all(fd, req, strlen(req)) == 0 ? read_reply(fd)
							   : NULL;
	close(fd);
	free(req);
	o = line ? json_tokener_parse(line) : NULL;
	if (!o) {
		fprintf(stderr, "vigilctl: %s: no valid reply\n", sock);
		free(line);
		return EXIT_UNREACHABLE;
	}
	rc = print_reply(&r, o, json, line);
	json_object_put(o);
	free(line);
	return rc;
}
