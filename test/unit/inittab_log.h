/* Records the order init functions ran in; fails the one named in fail_at. */
int inittab_log(const char *name);
