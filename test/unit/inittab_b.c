/* Init functions registered from another file (see test_inittab.c). */
#include <uk/init.h>
#include "inittab_log.h"

static int rootfs(void) { return inittab_log("rootfs"); }
static int early_first(void) { return inittab_log("early2"); }
static int plat(void) { return inittab_log("plat"); }
static int bus(void) { return inittab_log("bus"); }
static int sys(void) { return inittab_log("sys"); }

UK_INIT_ROOTFS(rootfs);
UK_INIT_EARLY_PRIO(early_first, 2);
UK_INIT_PLAT(plat);
UK_INIT_SYS(sys);
UK_INIT_BUS(bus);
