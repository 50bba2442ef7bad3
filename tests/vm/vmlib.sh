# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by every VM scenario (tests/vm/*.sh), first thing.
#
# On the host (as `make check` runs a scenario), it hands the scenario to
# tests/vm/run, which boots the VM and runs the same script inside; the
# host side ends there with the VM's result. Inside the VM it defines the
# helpers below and returns.

if [ "${VIGIL_IN_VM:-0}" != 1 ]; then
	# a scenario in tests/vm/, or elsewhere in the tree (bench/)
	for _run in "$(dirname "$0")/run" "$(dirname "$0")/../tests/vm/run"; do
		[ -x "$_run" ] && exec "$_run" "$0" "$@"
	done
	echo "vmlib.sh: tests/vm/run not found" >&2
	exit 1
fi

VM_PREFIX='@@VIGIL-VM@@'

# busybox sh runs its own applet for a bare command name even when PATH
# has a real program first (busybox `ip` cannot do netns or veth): each
# program copied from the host gets a function that calls it by path.
if [ -f /vigil/host-tools ]; then
	while read -r _p; do
		eval "$(basename "$_p")() { $_p \"\$@\"; }"
	done </vigil/host-tools
fi

# Load a module from the image, its dependencies first.
vm_modprobe() {
	[ -d "/sys/module/$1" ] && return 0
	for _d in $(sed -n "s/^$1 //p" /lib/modules/deps); do
		vm_modprobe "$_d" || return 1
	done
	insmod "/lib/modules/$1.ko" 2>/dev/null || [ -d "/sys/module/$1" ] || {
		echo "vm_modprobe: cannot load $1" >&2
		return 1
	}
}

# Hand a file to the host (tests/vm/run -o DIR writes it there).
vm_export() { # file [name]
	echo "$VM_PREFIX file ${2:-$(basename "$1")}"
	base64 "$1" | sed "s/^/$VM_PREFIX b64 /"
	echo "$VM_PREFIX end"
}

vm_ok() { echo "ok: $*"; }
vm_fail() {
	echo "FAIL: $*"
	exit 1
}

# Run a command; fail the scenario with its output if it fails.
vm_run() {
	_out=$("$@" 2>&1) || vm_fail "$* ->
$_out"
	[ -z "$_out" ] || echo "$_out"
}

# Two files must be equal; show the difference when not.
vm_same() { # expected actual what
	if ! diff -u "$1" "$2" >/tmp/vm-diff; then
		cat /tmp/vm-diff
		vm_fail "$3: differs from what was expected"
	fi
	vm_ok "$3"
}

# Milliseconds since boot, for timings inside the VM.
vm_ms() {
	awk '{printf "%d\n", $1 * 1000}' /proc/uptime
}
