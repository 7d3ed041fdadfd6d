# apps/httpd: Check tests of the server's pure HTTP logic, and of its path
# resolution and file cache on a real folder tree under /tmp.
HTTPD_SRC := $(UK_ROOT)/apps/httpd

TESTS += http_parse
http_parse_SRCS := $(HTTPD_SRC)/http_parse.c
http_parse_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_path
http_path_SRCS := $(HTTPD_SRC)/http_path.c $(HTTPD_SRC)/http_parse.c
http_path_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_range
http_range_SRCS := $(HTTPD_SRC)/http_range.c $(HTTPD_SRC)/http_parse.c
http_range_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_date
http_date_SRCS := $(HTTPD_SRC)/http_date.c $(HTTPD_SRC)/http_parse.c
http_date_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_mime
http_mime_SRCS := $(HTTPD_SRC)/http_mime.c $(HTTPD_SRC)/http_parse.c
http_mime_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_cond
http_cond_SRCS := $(HTTPD_SRC)/http_cond.c $(HTTPD_SRC)/http_date.c \
	$(HTTPD_SRC)/http_parse.c
http_cond_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_resp
http_resp_SRCS := $(HTTPD_SRC)/http_resp.c
http_resp_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_resolve
http_resolve_SRCS := $(HTTPD_SRC)/resolve.c $(HTTPD_SRC)/filecache.c \
	$(HTTPD_SRC)/http_date.c $(HTTPD_SRC)/http_mime.c $(HTTPD_SRC)/http_parse.c
http_resolve_CFLAGS := -I$(HTTPD_SRC)

TESTS += http_config
http_config_SRCS := $(HTTPD_SRC)/config.c
http_config_CFLAGS := -I$(HTTPD_SRC)
