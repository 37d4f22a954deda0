#!/bin/sh
# web/build.sh OUT_DIR - build the dashboard that `bloc serve --web OUT_DIR` serves.
#
# Installs the pinned libraries from npm (`npm ci`, into web/node_modules, only
# when package-lock.json changed), compiles tools/isonum.c (ICU) and writes the
# ISO 3166 alpha-3 -> numeric map with it, then copies the page, its modules and
# the vendored libraries into OUT_DIR:
#   index.html style.css app.js (+ modules) iso-numeric.json
#   vendor/d3.min.js vendor/topojson-client.min.js vendor/countries-110m.json
# Nothing is fetched at run time. Idempotent: a file is written only when its
# content changed, and a second run with nothing changed does no work.
set -eu
if [ $# -ne 1 ]; then
  echo "usage: web/build.sh OUT_DIR" >&2
  exit 2
fi
WEB=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$WEB")
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
TOOLS=$(dirname "$OUT")/tools
mkdir -p "$OUT/vendor" "$TOOLS"

# 1. npm ci, when the lock file is not the one installed
stamp="$WEB/node_modules/.bloc-lock.sha256"
want=$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  command -v npm > /dev/null || { echo "web/build.sh: npm is missing (apt-get install nodejs npm)" >&2; exit 1; }
  (cd "$WEB" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
  echo "$want" > "$stamp"
fi

# newer A B: A was changed after B (POSIX sh has no -nt)
newer() { [ -n "$(find "$1" -newer "$2" 2>/dev/null)" ]; }

# put SRC DST: copy SRC to DST unless DST already has the same bytes
put() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"
  fi
}

# 2. the ISO3 -> ISO numeric map, from ICU
isonum="$TOOLS/isonum"
if [ ! -x "$isonum" ] || newer "$ROOT/tools/isonum.c" "$isonum"; then
  # shellcheck disable=SC2046 # pkg-config's words are meant to split
  ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror \
    "$ROOT/tools/isonum.c" -o "$isonum.tmp.$$" $(pkg-config --cflags --libs icu-i18n icu-uc)
  mv -f "$isonum.tmp.$$" "$isonum"
fi
if [ ! -f "$OUT/iso-numeric.json" ] || newer "$isonum" "$OUT/iso-numeric.json"; then
  "$isonum" "$OUT/iso-numeric.json.tmp"
  put "$OUT/iso-numeric.json.tmp" "$OUT/iso-numeric.json"
  rm -f "$OUT/iso-numeric.json.tmp"
  touch "$OUT/iso-numeric.json"
fi

# 3. the page and its modules; files of an earlier build no longer made are removed
for f in "$WEB"/src/*; do
  put "$f" "$OUT/$(basename "$f")"
done
for f in "$OUT"/*.html "$OUT"/*.js "$OUT"/*.css; do
  [ -e "$f" ] || continue
  [ -e "$WEB/src/$(basename "$f")" ] || rm -f "$f"
done

# 4. the libraries, from web/node_modules
NM="$WEB/node_modules"
put "$NM/d3/dist/d3.min.js" "$OUT/vendor/d3.min.js"
put "$NM/topojson-client/dist/topojson-client.min.js" "$OUT/vendor/topojson-client.min.js"
put "$NM/world-atlas/countries-110m.json" "$OUT/vendor/countries-110m.json"
for lib in d3 topojson-client world-atlas; do
  put "$NM/$lib/LICENSE" "$OUT/vendor/LICENSE.$lib"
done
