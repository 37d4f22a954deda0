#!/bin/sh
# tools/lint.sh - functions we do not use (unbounded or unsafe), and the format
# check when clang-format is present.
set -u
bad=$(grep -nwE '(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' \
      src tools tests bench include -r --include='*.c' --include='*.h' || true)
if [ -n "$bad" ]; then
  echo "lint: banned functions (use the bounded ones in src/util/buf.h):" >&2
  echo "$bad" >&2
  exit 1
fi
if command -v clang-format >/dev/null 2>&1; then
  files=$(find src include tools tests bench -name '*.[ch]' 2>/dev/null)
  if ! clang-format --dry-run --Werror $files >/dev/null 2>&1; then
    echo "lint: clang-format differs; run: clang-format -i \$(find src include tools tests bench -name '*.[ch]')" >&2
    clang-format --dry-run $files 2>&1 | grep -m5 warning >&2
    exit 1
  fi
fi
exit 0
