/*
 * The server: one thread, one poll() loop over non-blocking sockets.
 */
#ifndef HTTPD_SERVER_H
#define HTTPD_SERVER_H

#include "config.h"

/*
 * Listens and serves until a fatal error.  Prints
 * "httpd: serving ROOT at http://ADDR:PORT/" once it accepts connections.
 * Returns the process exit status (1: could not start or poll failed).
 */
int httpd_serve(const struct httpd_config *cfg);

#endif
