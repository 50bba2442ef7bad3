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

#define DEFAULT_SOCKET "/run/vigil/vigil.sock"
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
		fprintf(stderr, "%s vigilctl [-s SOCKET] [--json] %s%s%s\n",
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

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v)
						     : "";
}

static long long
num(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v)
						     : 0;
}

static void
print_errors(struct json_object *arr)
{
	size_t n = arr ? json_object_array_length(arr) : 0;

	for (size_t i = 0; i < n; i++)
		printf("  %s\n", json_object_get_string(
					 json_object_array_get_idx(arr, i)));
}

static void
print_status(struct json_object *o)
{
	struct json_object *last = NULL, *ch = NULL, *errs = NULL;
	long long up = num(o, "uptime_s");

	json_object_object_get_ex(o, "last_reload", &last);
	json_object_object_get_ex(o, "children", &ch);
	printf("vigild pid %lld, up %lldd %02lld:%02lld:%02lld\n",
	       num(o, "pid"), up / 86400, up / 3600 % 24, up / 60 % 60,
	       up % 60);
	printf("config %s\nsha256 %s\n", str(o, "config"), str(o, "sha256"));
	printf("config generation %lld, reloads %lld (%lld failed)\n",
	       num(o, "config_gen"), num(o, "reloads"),
	       num(o, "reloads_failed"));
	if (last) {
		json_object_object_get_ex(last, "errors", &errs);
		printf("last reload %s: %s\n", str(last, "when"),
		       json_object_get_boolean(
			       json_object_object_get(last, "ok"))
			       ? "ok"
			       : "failed");
		print_errors(errs);
	}
	if (!ch)
		return;
	json_object_object_foreach(ch, name, c)
	{
		printf("child %-5s pid %lld %s gen %lld restarts %lld\n", name,
		       num(c, "pid"),
		       json_object_get_boolean(
			       json_object_object_get(c, "ready"))
			       ? "ready"
			       : "not-ready",
		       num(c, "config_gen"), num(c, "restarts"));
	}
}

static int
print_reply(const char *cmd, struct json_object *o, bool json, const char *line)
{
	struct json_object *v;
	bool failed = json_object_object_get_ex(o, "error", NULL) ||
		      (json_object_object_get_ex(o, "ok", &v) &&
		       !json_object_get_boolean(v));

	if (json)
		fputs(line, stdout);
	else if (json_object_object_get_ex(o, "error", &v))
		fprintf(stderr, "vigilctl: %s\n", json_object_get_string(v));
	else if (!strcmp(cmd, "status"))
		print_status(o);
	else if (!strcmp(cmd, "reload")) {
		printf("reload %s (config generation %lld)\n",
		       failed ? "refused, old config kept" : "ok",
		       num(o, "config_gen"));
		print_errors(json_object_object_get(o, "errors"));
	} else if (!strcmp(cmd, "metrics")) {
		fputs(str(o, "text"), stdout);
	} else {
		v = json_object_object_get(o, "data");
		printf("%s\n",
		       json_object_to_json_string_ext(
			       v, JSON_C_TO_STRING_PRETTY |
					  JSON_C_TO_STRING_NOSLASHESCAPE |
					  JSON_C_TO_STRING_SPACED));
	}
	return failed ? EXIT_ANSWER_ERR : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"socket", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *sock = DEFAULT_SOCKET;
	struct ctl_req r;
	struct json_object *o;
	char *req, *line;
	bool json = false;
	int ch, fd, rc;

	/* "+" stops at the command; --json after it is taken below. */
	while ((ch = getopt_long(argc, argv, "+s:jh", longopts, NULL)) != -1) {
		if (ch == 's')
			sock = optarg;
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
	rc = print_reply(argv[0], o, json, line);
	json_object_put(o);
	free(line);
	return rc;
}
