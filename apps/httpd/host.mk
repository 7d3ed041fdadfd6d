# Builds httpd for the host (Linux, glibc): the same sources as the Unikit
# app, with the Kconfig defaults of Config.uk given here as -D flags.
#
#   make -f apps/httpd/host.mk            -> build/httpd-host/httpd
#   make -f apps/httpd/host.mk SAN=1      -> with ASan/UBSan
#   build/httpd-host/httpd --port 8080 --root apps/httpd/www
HTTPD_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
UK_ROOT := $(abspath $(HTTPD_DIR)/../..)
OUT ?= $(UK_ROOT)/build/httpd-host
CC ?= gcc

# The Config.uk defaults; override on the command line, e.g.
# make -f apps/httpd/host.mk HTTPD_PORT=8080
HTTPD_PORT ?= 80
HTTPD_ROOT ?= /
HTTPD_ACCESS_LOG ?= y
HTTPD_STATS ?= n
HTTPD_SENDFILE ?= y
HTTPD_MAX_CONNECTIONS ?= 1024

DEFS := -DHTTPD_HOST=1 \
	-DCONFIG_APP_HTTPD_PORT=$(HTTPD_PORT) \
	-DCONFIG_APP_HTTPD_ROOT='"$(HTTPD_ROOT)"' \
	-DCONFIG_APP_HTTPD_MAX_CONNECTIONS=$(HTTPD_MAX_CONNECTIONS) \
	$(if $(filter y,$(HTTPD_ACCESS_LOG)),-DCONFIG_APP_HTTPD_ACCESS_LOG=1) \
	$(if $(filter y,$(HTTPD_STATS)),-DCONFIG_APP_HTTPD_STATS=1) \
	$(if $(filter y,$(HTTPD_SENDFILE)),-DCONFIG_APP_HTTPD_SENDFILE=1)

CFLAGS ?= -O2 -g
ifeq ($(SAN),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif
WARN := -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes

SRCS := main.c config.c server.c filecache.c filesend.c resolve.c stats.c \
	http_parse.c http_path.c http_range.c http_date.c http_mime.c \
	http_cond.c http_resp.c
OBJS := $(addprefix $(OUT)/,$(SRCS:.c=.o))

all: $(OUT)/httpd

$(OUT)/httpd: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^

$(OUT)/%.o: $(HTTPD_DIR)/%.c $(OUT)/.flags
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) $(WARN) $(DEFS) -MMD -MP -c $< -o $@

# rebuild when the flags change
$(OUT)/.flags: FORCE
	@mkdir -p $(OUT)
	@echo '$(CC) $(CFLAGS) $(DEFS) $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(CFLAGS) $(DEFS) $(LDFLAGS)' > $@

clean:
	rm -rf $(OUT)

-include $(OBJS:.o=.d)

.PHONY: all clean FORCE
