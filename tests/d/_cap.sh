#!/bin/sh
. $RDTRACE_ROOT/tests/vm/lib.sh
ensure_module
bash $RDTRACE_SHARE/du/run.sh
check_kernel_log
