// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGUSR1 / SIGUSR2: the state (/tmp/vigil.data) and statistics
 * (/tmp/vigil.stats) dumps, as keepalived writes /tmp/keepalived.data and
 * .stats. Children answer a QUERY; the file is written once every child
 * answered or timed out, so the loop never waits.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/conf/conf_model.h"
#include "core/parent/children.h"
#include "core/parent/instance.h"
#include "core/parent/vigild.h"

#define DUMP_TIMEOUT EV_SEC(3)

/* /tmp/vigil.data or .stats, with data_use_instance the instance's. */
static const char *
dump_path(const struct vigild *d, bool stats, char *buf, size_t n)
{
	bool use = d->conf && d->conf->global.data_use_instance == 1;

	if (vigild_dump_path(d->o, use, stats, buf, n) < 0)
		snprintf(buf, n, "/tmp/vigil.%s", stats ? "stats" : "data");
	return buf;
}

struct dump {
	bool stats;
	unsigned pending;
	char *part[PROC_MAX];
};

int
dump_write_atomic(const char *path, const char *text, size_t len)
{
	char tmp[256];
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* O_EXCL (mkostemp) never follows a symlink planted in /tmp. */
	fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fchmod(fd, 0644) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == 0)
		return 0;
	fd = -1;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

static void
section(FILE *f, const char *title, const char *json)
{
	struct json_object *o = json ? json_tokener_parse(json) : NULL;

	fprintf(f, "------< %s >------\n", title);
	if (o)
		fprintf(f, "%s\n",
			json_object_to_json_string_ext(
				o, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE |
					   JSON_C_TO_STRING_SPACED));
	else
		fprintf(f, " (no answer)\n");
	json_object_put(o);
}

static void
write_dump(struct vigild *d, struct dump *w)
{
	struct json_object *st = vigild_status_json(d);
	char *text = NULL, when[32], path[VIGILD_PATH_MAX];
	size_t len = 0;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f = open_memstream(&text, &len);

	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
	if (f) {
		fprintf(f, "------< vigil %s dump, %s >------\n\n",
			w->stats ? "statistics" : "data", when);
		section(f, "Parent",
			json_object_to_json_string_ext(st,
						       JSON_C_TO_STRING_PLAIN));
		for (size_t i = 0; i < vigild_nchildren; i++) {
			const struct vigild_child *row = &vigild_children[i];
			char title[32];

			if (!d->ch[row->proc].wanted && !w->part[row->proc])
				continue;
			snprintf(title, sizeof(title), "%s child", row->name);
			section(f, title, w->part[row->proc]);
		}
		fclose(f);
	}
	json_object_put(st);
	dump_path(d, w->stats, path, sizeof(path));
	if (!text || dump_write_atomic(path, text, len) < 0)
		log_err("dump file=%s state=failed error=\"%s\"", path,
			strerror(errno));
	else
		log_info("dump file=%s state=written bytes=%zu", path, len);
	free(text);
}

static void
finish(struct vigild *d, struct dump *w)
{
	write_dump(d, w);
	d->dumping[w->stats] = false;
	for (int p = 0; p < PROC_MAX; p++)
		free(w->part[p]);
	free(w);
}

static void
answered(struct vigild *d, enum vigil_proc p, const char *json, void *arg)
{
	struct dump *w = arg;

	if (json)
		w->part[p] = strdup(json);
	if (--w->pending == 0)
		finish(d, w);
}

void
dump_start(struct vigild *d, bool stats)
{
	struct dump *w;

	if (d->dumping[stats]) {
		char path[VIGILD_PATH_MAX];

		log_info("dump file=%s state=busy",
			 dump_path(d, stats, path, sizeof(path)));
		return;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return;
	w->stats = stats;
	d->dumping[stats] = true;
	w->pending = 1; /* held until every query is out */
	for (size_t i = 0; i < vigild_nchildren; i++) {
		w->pending++;
		if (query_child(d, vigild_children[i].proc,
				stats ? IPC_Q_STATS : IPC_Q_DATA, NULL,
				DUMP_TIMEOUT, answered, w) < 0)
			w->pending--;
	}
	if (--w->pending == 0)
		finish(d, w);
}
