# newsfacts: build, test, install.
#
#   make                 the binary ./newsfacts and the library (build/)
#   make check           unit and end-to-end tests, then again under ASan+UBSan
#   make check-asan      only the sanitizer run
#   make demo            install missing packages, build, run on data/samples
#   make bench           throughput and start-up time
#   make fuzz-replay     saved fuzz inputs and crashes under ASan+UBSan (part of check)
#   make valgrind        the whole test suite under valgrind memcheck
#   make lint            cppcheck (make tidy: clang-tidy's analyzer)
#   make fuzz            the libFuzzer target (clang), see fuzz/README.md
#   make install         PREFIX (/usr/local) and DESTDIR honoured

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR     = $(PREFIX)/bin
LIBDIR     = $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
DATADIR    = $(PREFIX)/share/newsfacts
MANDIR     = $(PREFIX)/share/man/man1
PCDIR      = $(LIBDIR)/pkgconfig

CC        ?= cc
CFLAGS    ?= -O2 -g
BUILD     ?= build
SAN_FLAGS  = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

UTF8PROC_CFLAGS := $(shell pkg-config --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS   := $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
CMOCKA_CFLAGS   := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS     := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
CSV_LIBS         = -lcsv
JANSSON_LIBS    := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
THREAD_LIBS      = -pthread
MATH_LIBS        = -lm

# The binary links everything statically (static-pie): no dynamic loader at
# start, which is a third of the start-up time of a one-article run (Debian's
# -dev packages ship the .a files). STATIC=0 links dynamically, as the
# sanitizer and valgrind builds must.
STATIC    ?= 1
ifeq ($(STATIC),1)
CLI_LINK   = -static-pie
endif

ALL_CPPFLAGS = -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(UTF8PROC_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 -Wall -Wextra -fPIC $(CFLAGS)

LIB_SRCS = src/tokenizer.c src/sentence.c src/phrase.c src/table.c src/numbers.c \
           src/date.c src/actor.c src/place.c src/count.c src/pipeline.c src/model.c \
           src/events.c src/cache.c
CLI_SRCS = src/main.c src/input.c src/writer.c src/writer_csv.c src/writer_jsonl.c \
           src/batch.c src/progress.c src/records.c src/writer_events.c
LIB_OBJS = $(LIB_SRCS:src/%.c=$(BUILD)/%.o)
CLI_OBJS = $(CLI_SRCS:src/%.c=$(BUILD)/%.o)
WRITER_OBJS = $(BUILD)/writer.o $(BUILD)/writer_csv.o $(BUILD)/writer_jsonl.o $(BUILD)/writer_events.o
TEST_SRCS = $(wildcard tests/test_*.c)
TESTS     = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all check check-unit check-asan check-tsan demo bench install uninstall clean deps

all: newsfacts $(BUILD)/libnewsfacts.a $(BUILD)/libnewsfacts.so

newsfacts: $(BUILD)/newsfacts
	cp --remove-destination $< $@

$(BUILD)/newsfacts: $(CLI_OBJS) $(BUILD)/libnewsfacts.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(CLI_LINK) -o $@ $(CLI_OBJS) $(BUILD)/libnewsfacts.a $(UTF8PROC_LIBS) $(CSV_LIBS) $(JANSSON_LIBS) $(MATH_LIBS) $(THREAD_LIBS)

$(BUILD)/libnewsfacts.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libnewsfacts.so: $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libnewsfacts.so.0 -o $@ $^ $(UTF8PROC_LIBS) $(MATH_LIBS)

# main.c knows where the installed tables live
$(BUILD)/main.o: ALL_CPPFLAGS += -DNF_DATADIR='"$(DATADIR)"'

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) include/newsfacts.h | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD)/tests

$(BUILD)/tests/testutil.o: tests/testutil.c tests/testutil.h include/newsfacts.h | $(BUILD)
	@mkdir -p $(@D)  # $(BUILD) may be there without tests/ (made by a build under it)
	$(CC) $(ALL_CPPFLAGS) -DNF_TEST_DATA_DIR='"$(CURDIR)/data"' $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/tests/testutil.o $(WRITER_OBJS) $(BUILD)/libnewsfacts.a $(wildcard src/*.h)
	$(CC) $(ALL_CPPFLAGS) $(CMOCKA_CFLAGS) -Itests $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/tests/testutil.o $(WRITER_OBJS) $(BUILD)/libnewsfacts.a $(UTF8PROC_LIBS) $(CSV_LIBS) $(MATH_LIBS) $(CMOCKA_LIBS)

# Every test program, then the end-to-end tests of the binary; one summary line.
check-unit: all $(TESTS)
	@tests/run-tests.sh $(BUILD) $(TESTS)

check: check-unit
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory fuzz-replay

check-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan STATIC=0 CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" build/asan/newsfacts $(TESTS:$(BUILD)/%=build/asan/%)
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		tests/run-tests.sh build/asan $(TESTS:$(BUILD)/%=build/asan/%)

# The threaded batch path under ThreadSanitizer: -j 4 over folders and records
# must report no race and write what -j 1 writes (tests/tsan.sh).
TSAN_FLAGS = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
check-tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan STATIC=0 CFLAGS="$(TSAN_FLAGS)" LDFLAGS="-fsanitize=thread" build/tsan/newsfacts
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" tests/tsan.sh build/tsan/newsfacts

deps:
	@scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@for f in data/samples/*.txt; do \
		echo "== $$f"; ./newsfacts -t count,date,place,actor "$$f" | head -n 12; \
	done
	@echo "== the same, as CSV:"
	./newsfacts -f csv data/samples | head -n 8

bench: all
	@bench/run.sh ./newsfacts

install: all
	$(CC) $(ALL_CPPFLAGS) -DNF_DATADIR='"$(DATADIR)"' $(ALL_CFLAGS) -c -o $(BUILD)/main-install.o src/main.c
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(CLI_LINK) -o $(BUILD)/newsfacts-install $(BUILD)/main-install.o \
		$(filter-out $(BUILD)/main.o,$(CLI_OBJS)) $(BUILD)/libnewsfacts.a $(UTF8PROC_LIBS) $(CSV_LIBS) $(JANSSON_LIBS) $(MATH_LIBS) $(THREAD_LIBS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(PCDIR)
	install -m 755 $(BUILD)/newsfacts-install $(DESTDIR)$(BINDIR)/newsfacts
	install -m 644 $(BUILD)/libnewsfacts.a $(DESTDIR)$(LIBDIR)/libnewsfacts.a
	install -m 755 $(BUILD)/libnewsfacts.so $(DESTDIR)$(LIBDIR)/libnewsfacts.so.0
	ln -sf libnewsfacts.so.0 $(DESTDIR)$(LIBDIR)/libnewsfacts.so
	install -m 644 include/newsfacts.h $(DESTDIR)$(INCLUDEDIR)/newsfacts.h
	install -m 644 data/*.tsv $(DESTDIR)$(DATADIR)/
	install -m 644 man/newsfacts.1 $(DESTDIR)$(MANDIR)/newsfacts.1
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: newsfacts\nDescription: facts from news reports\nVersion: %s\nRequires.private: libutf8proc\nLibs: -L$${libdir} -lnewsfacts\nLibs.private: -lm\nCflags: -I$${includedir}\n' \
		'$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(VERSION)' > $(DESTDIR)$(PCDIR)/newsfacts.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newsfacts $(DESTDIR)$(LIBDIR)/libnewsfacts.a \
		$(DESTDIR)$(LIBDIR)/libnewsfacts.so $(DESTDIR)$(LIBDIR)/libnewsfacts.so.0 \
		$(DESTDIR)$(INCLUDEDIR)/newsfacts.h $(DESTDIR)$(MANDIR)/newsfacts.1 \
		$(DESTDIR)$(PCDIR)/newsfacts.pc
	rm -rf $(DESTDIR)$(DATADIR)

# Hostile input (tests/hostile.sh, fuzz/README.md). The fuzz target is built with
# clang and libFuzzer; fuzz-replay runs the seeds, the saved corpus and every saved
# crash through the same target under ASan+UBSan with the usual compiler.
# valgrind runs the whole test suite under memcheck; lint runs cppcheck.
.PHONY: fuzz fuzz-replay valgrind valgrind-run lint tidy
ASAN_BUILD ?= build/asan
FUZZ_CC    ?= clang
FUZZ_FLAGS  = -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_INPUTS = fuzz/seeds fuzz/corpus fuzz/crashes

fuzz: $(BUILD)/fuzz/fuzz_extract

$(BUILD)/fuzz/fuzz_extract: fuzz/fuzz_extract.c $(LIB_SRCS) $(wildcard src/*.h) include/newsfacts.h
	mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) -DNF_FUZZ_DATA_DIR='"$(CURDIR)/data"' -std=c11 $(FUZZ_FLAGS) \
		-o $@ fuzz/fuzz_extract.c $(LIB_SRCS) $(UTF8PROC_LIBS) $(MATH_LIBS)

fuzz-replay:
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) STATIC=0 CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" $(ASAN_BUILD)/fuzz-replay
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(ASAN_BUILD)/fuzz-replay $(FUZZ_INPUTS)

# Each program of the suite is replaced by a wrapper that runs it under memcheck,
# each process logging to its own file (on fd 9, so a closed standard output
# stays closed): a non-empty log is an error or a leak.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--show-leak-kinds=definite,indirect,possible --error-exitcode=99
# memcheck replaces malloc through the dynamic loader: a build of its own, STATIC=0.
valgrind:
	@$(MAKE) --no-print-directory BUILD=build/valgrind STATIC=0 valgrind-run

valgrind-run: all $(TESTS)
	@rm -rf $(BUILD)/valgrind && mkdir -p $(BUILD)/valgrind/tests $(BUILD)/valgrind/logs
	@chmod 1777 $(BUILD)/valgrind/logs
	@for t in newsfacts $(TESTS:$(BUILD)/%=%); do \
		printf '#!/bin/sh\nexec $(VALGRIND) --log-fd=9 %s "$$@" 9>%s/$$$$.log\n' \
			"$(CURDIR)/$(BUILD)/$$t" "$(CURDIR)/$(BUILD)/valgrind/logs" > $(BUILD)/valgrind/$$t; \
		chmod 755 $(BUILD)/valgrind/$$t; \
	done
	@tests/run-tests.sh $(BUILD)/valgrind $(TESTS:$(BUILD)/%=$(BUILD)/valgrind/%); rc=$$?; \
	for log in $(BUILD)/valgrind/logs/*.log; do [ -s "$$log" ] && { cat "$$log"; rc=1; }; done; \
	echo "valgrind: $$(ls $(BUILD)/valgrind/logs | wc -l) processes checked, $$(find $(BUILD)/valgrind/logs -type f -size +0 | wc -l) with errors"; \
	exit $$rc

# cppcheck (fast, run by CI); make tidy adds clang-tidy's analyzer (minutes, by hand)
lint:
	cppcheck -q --std=c11 --enable=warning,portability,performance --error-exitcode=1 \
		--inline-suppr --suppressions-list=fuzz/cppcheck.supp \
		-Iinclude -Isrc -D_POSIX_C_SOURCE=200809L src/*.c fuzz/*.c
	@echo "lint: cppcheck clean"

tidy:
	clang-tidy -quiet --checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*' \
		src/*.c -- $(ALL_CPPFLAGS) -std=c11

$(BUILD)/fuzz-replay: fuzz/replay.c fuzz/fuzz_extract.c $(BUILD)/libnewsfacts.a
	$(CC) $(ALL_CPPFLAGS) -DNF_FUZZ_DATA_DIR='"$(CURDIR)/data"' $(ALL_CFLAGS) $(LDFLAGS) -o $@ \
		fuzz/replay.c fuzz/fuzz_extract.c $(BUILD)/libnewsfacts.a $(UTF8PROC_LIBS) $(MATH_LIBS)

clean:
	rm -rf build newsfacts
