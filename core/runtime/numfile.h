/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The number in a small file, read the way keepalived reads a track_file
 * (its vrrp_track_file and FILE_CHECK share one reader, and so do vigil's):
 *
 *  - the first 127 bytes count; white space before the number is skipped
 *    and the number is read as strtol() reads it with base 0: an optional
 *    sign, then decimal, 0x... hexadecimal or 0... octal ("010" is 8);
 *  - whatever follows the number is ignored ("5 apples" is 5);
 *  - an empty file, or one that does not start with a number, is 0;
 *  - a number outside -2147483648..2147483647 is not taken: the value
 *    stays what it last was (keepalived logs "Invalid number" and keeps
 *    its last status);
 *  - a file that cannot be opened or read counts as the caller's value
 *    for a missing file (keepalived: 0; vrrp_track_file: init_file's).
 *
 * Library code: no logs; `how` says which rule applied.
 */
#ifndef VIGIL_CORE_NUMFILE_H
#define VIGIL_CORE_NUMFILE_H

#include <stdint.h>

#define NUMFILE_READ_MAX 127

enum numfile_how {
	NUMFILE_NUMBER = 0, /* a number (what followed it ignored) */
	NUMFILE_NONE,	    /* empty, or no number at the start: 0 */
	NUMFILE_RANGE,	    /* out of range: the last value */
	NUMFILE_UNREADABLE, /* cannot be opened or read: the missing value */
};

/* The text's value (pure): NUMBER or NONE with *v set, or RANGE (*v
 * untouched). */
enum numfile_how numfile_parse(const char *text, int64_t *v);

/* What the file at path stands for now, given the last value and the value
 * of a missing file; *how (may be NULL) says why, errno is set when the
 * file is unreadable. */
int64_t numfile_value(const char *path, int64_t last, int64_t missing,
		      enum numfile_how *how);

#endif
