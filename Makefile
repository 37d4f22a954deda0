# bloc - GNU Make build.
#   make          build build/bloc (and build/libbloc.a)
#   make run      build, seed build/run.db with the bundled record, and serve the dashboard and
#                 the API on http://127.0.0.1:8080 (Ctrl-C stops)
#   make demo     the reference questions on the command line (members, chair, obligations,
#                 appeals, cohesion, a dyad-year slice)
#   make check    lint, every test plain and under ASan+UBSan, bounded fuzzing;
#                 last line "N passed, N failed"
#   make fuzz     the libFuzzer harnesses for FUZZ_SECONDS (default 300) each
#   make bench    the world-scale benchmark (bench/README.md)

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla
WERROR  ?= -Werror
CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(WARN) $(WERROR) $(OPT) \
           $(SANITIZE) $(EXTRA_CFLAGS)
LDFLAGS := $(SANITIZE)
LIBS    := -lsqlite3 -ljansson -lsodium -lutf8proc -lmicrohttpd

LIB_SRC := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/bundle.o $(BUILD)/lexicons.o
DATA    := $(sort $(shell find data -name '*.json'))
UNIT_SRC := $(sort $(wildcard tests/*/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)

.PHONY: all run demo web check check-plain check-asan deps deps-test fuzz bench bench-dyads bench-extract bench-serve clean lint
all: deps $(BUILD)/bloc web

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) $< -o $@

# Names of every state in en/ru/bn/ar from ICU's CLDR data (a dependency, not
# copied text), generated at build time: tools/worldnames.c.
$(BUILD)/tools/worldnames: tools/worldnames.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 $(WARN) $< -ljansson -licuuc -licudata -o $@

$(BUILD)/gen/names.json: $(BUILD)/tools/worldnames $(filter data/world/%,$(DATA))
	@mkdir -p $(dir $@)
	$(BUILD)/tools/worldnames $@ $(filter data/world/%,$(DATA))

$(BUILD)/bundle.c: $(BUILD)/tools/embed $(DATA) $(BUILD)/gen/names.json
	$(BUILD)/tools/embed $@ $(DATA) $(BUILD)/gen/names.json

$(BUILD)/bundle.o: $(BUILD)/bundle.c
	$(CC) $(CFLAGS) -c $< -o $@

# The lexicons of `bloc extract` (docs/LEXICON_FORMAT.md), compiled in too.
LEXICONS := $(sort $(wildcard lexicon/*.json))
$(BUILD)/lexicons.c: $(BUILD)/tools/embed $(LEXICONS)
	$(BUILD)/tools/embed -n lexicon $@ $(LEXICONS)

$(BUILD)/lexicons.o: $(BUILD)/lexicons.c
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libbloc.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bloc: $(BUILD)/src/cli/main.o $(BUILD)/libbloc.a
	$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(BUILD)/libbloc.a tests/check.h tests/fixture.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $< $(BUILD)/libbloc.a $(LDFLAGS) $(LIBS) -o $@

# The dashboard (web/): its libraries from npm at build time (web/build.sh),
# nothing fetched when it runs.
WEB_SRC := $(shell find web -path web/node_modules -prune -o -type f -print 2>/dev/null)
web: $(BUILD)/web/index.html
$(BUILD)/web/index.html: $(WEB_SRC) tools/isonum.c
	@sh web/build.sh $(BUILD)/web
	@touch $@

RUN_DB := $(BUILD)/run.db
run: all
	@echo "== $(RUN_DB): the bundled record (loaded when the database is new; users you add stay)"
	@echo "== people who act in the procedure: $(BUILD)/bloc --db $(RUN_DB) user add NAME --role secretariat|delegation|observer [--state ARM]"
	@echo "== an exercise on a copy instead: $(BUILD)/bloc --db $(RUN_DB) --exercise NAME serve --on 2022-09-13"
	$(BUILD)/bloc --db $(RUN_DB) serve --listen 127.0.0.1:8080 --web $(BUILD)/web

demo: all
	@rm -f $(RUN_DB).demo $(RUN_DB).demo-wal $(RUN_DB).demo-shm
	@echo "== a fresh database, seeded with the bundled record: $(RUN_DB).demo"
	$(BUILD)/bloc --db $(RUN_DB).demo members CSTO --on 2012-06-01
	$(BUILD)/bloc --db $(RUN_DB).demo members CSTO
	$(BUILD)/bloc --db $(RUN_DB).demo chair CSTO --on 2022-09-13
	$(BUILD)/bloc --db $(RUN_DB).demo obligations --target ARM --on 2022-09-13 --attacker AZE --requested
	$(BUILD)/bloc --db $(RUN_DB).demo appeals CSTO
	$(BUILD)/bloc --db $(RUN_DB).demo cohesion CSTO --from 2020
	$(BUILD)/bloc --db $(RUN_DB).demo export dyad-years --from 2015 --to 2015 | grep -E '^(year|2015,370,(371|373)),'
	$(BUILD)/bloc --db $(RUN_DB).demo verify
	@echo "== more: $(BUILD)/bloc --db $(RUN_DB).demo help"

check-plain: deps $(BUILD)/bloc web $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

check-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  build/asan/bloc $(UNIT_SRC:%.c=build/asan/%) >/dev/null
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 BUILD=build/asan \
	  SUITE=asan sh tests/run.sh

check: deps deps-test
	@sh tests/check.sh

lint:
	@sh tools/lint.sh

fuzz: deps-test
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} sh tests/fuzz/run.sh

bench: all
	@sh bench/run.sh

bench-dyads: all
	@BUILD=$(BUILD) sh bench/dyads.sh

bench-extract: all
	@BUILD=$(BUILD) sh bench/extract.sh

bench-serve: all
	@BUILD=$(BUILD) sh bench/serve.sh

clean:
	rm -rf build bloc.db bloc.db-wal bloc.db-shm

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
