# Unikit top-level Makefile.
#
# Two roles:
#  - included by an application's Makefile (which sets UK_APP, and UK_ROOT
#    pointing here): configure and build that application's images;
#  - run directly at the root: project-wide targets (deps, test, run, bench).
UK_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
export UK_ROOT

ifneq ($(UK_APP),)
include $(UK_ROOT)/support/build/app.mk
else
include $(UK_ROOT)/support/build/root.mk
endif
