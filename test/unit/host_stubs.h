#ifndef HOST_STUBS_H
#define HOST_STUBS_H
/* The last kernel message printed, and how many were printed. */
extern char host_last_message[512];
extern int host_message_count;
#endif
