# Targets run at the root of the tree.
.PHONY: all deps test unit-test boot-test run bench clean help

all: test

help:
	@echo "make deps    install the Debian packages the project needs (root)"
	@echo "make test    build what the tests need and run every test"
	@echo "make run     build apps/httpd and serve apps/httpd/www on http://localhost:8080"
	@echo "make bench   run the benchmarks against the peers"
	@echo "make -C apps/helloworld kvm_defconfig && make -C apps/helloworld"

deps:
	$(UK_ROOT)/support/scripts/install-deps

test:
	$(UK_ROOT)/test/run

unit-test:
	$(UK_ROOT)/test/run unit

boot-test:
	$(UK_ROOT)/test/run boot

run:
	$(MAKE) -C $(UK_ROOT)/apps/httpd run

bench:
	$(UK_ROOT)/bench/run

clean:
	rm -rf $(UK_ROOT)/build
	for a in $(UK_ROOT)/apps/*/; do rm -rf $$a/build; done
