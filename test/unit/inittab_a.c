/* Init functions registered from one file (see test_inittab.c). */
#include <uk/init.h>
#include "inittab_log.h"

static int late(void) { return inittab_log("late"); }
static int early_second(void) { return inittab_log("early7"); }
static int lib(void) { return inittab_log("lib"); }

UK_INIT_LATE(late);
UK_INIT_EARLY_PRIO(early_second, 7);
UK_INIT_LIB(lib);
