// SPDX-License-Identifier: GPL-2.0-or-later
/* The Prometheus text exposition format (om.h). */
#include "config.h"

#include <math.h>

#include <json-c/json.h>

#include "mgmt/om.h"

void
om_family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values: backslash, double quote and newline are escaped. */
static void
label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc(*s, f);
	}
}

void
om_sample(FILE *f, const char *name, const char *const *labels, double value)
{
	fputs(name, f);
	for (size_t i = 0; labels && labels[i]; i += 2) {
		fprintf(f, "%s%s=\"", i ? "," : "{", labels[i]);
		label_value(f, labels[i + 1] ? labels[i + 1] : "");
		fputc('"', f);
	}
	if (labels && labels[0])
		fputc('}', f);
	if (value == floor(value) && fabs(value) < 1e15)
		fprintf(f, " %.0f\n", value);
	else
		fprintf(f, " %.17g\n", value);
}

void
om_single(FILE *f, const char *name, const char *type, const char *help,
	  double value)
{
	om_family(f, name, type, help);
	om_sample(f, name, NULL, value);
}

void
om_histogram(FILE *f, const char *name, const char *const *labels, size_t nb,
	     const double *le, const double *counts, double sum)
{
	const char *l[2 * 8 + 3];
	char n[128], b[32];
	size_t k = 0;
	double cum = 0;

	while (labels && labels[k] && k < 2 * 8) {
		l[k] = labels[k];
		l[k + 1] = labels[k + 1];
		k += 2;
	}
	l[k] = "le";
	l[k + 1] = b;
	l[k + 2] = NULL;
	snprintf(n, sizeof(n), "%s_bucket", name);
	for (size_t i = 0; i <= nb; i++) {
		cum += counts[i];
		if (i < nb)
			snprintf(b, sizeof(b), "%g", le[i]);
		else
			snprintf(b, sizeof(b), "+Inf");
		om_sample(f, n, l, cum);
	}
	l[k] = NULL;
	snprintf(n, sizeof(n), "%s_sum", name);
	om_sample(f, n, l, sum);
	snprintf(n, sizeof(n), "%s_count", name);
	om_sample(f, n, l, cum);
}
