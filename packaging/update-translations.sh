#!/usr/bin/env bash
# Re-reads every translatable string in hvdesk/ (self.tr, translate, QCoreApplication.translate,
# QT_TRANSLATE_NOOP) into resources/i18n/hvdesk_<lang>.ts, keeping the translations already
# there, then compiles the .qm files the application loads.
#
#   packaging/update-translations.sh          # update all .ts, compile all .qm
#   packaging/update-translations.sh --check  # fail if a .qm is not compiled from its .ts,
#                                             # string has no translation yet
#
# New or changed strings come out "unfinished": translate them in the .ts (Qt Linguist:
# .venv/bin/pyside6-linguist resources/i18n/hvdesk_ko.ts, or any text editor), then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
I18N=resources/i18n
LANGS=(ko)

mapfile -t SOURCES < <(find hvdesk -name '*.py' | sort)
for lang in "${LANGS[@]}"; do
  ts="$I18N/hvdesk_$lang.ts"
  if [ "${1:-}" != "--check" ]; then
    "$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language en \
      -target-language "$lang" "${SOURCES[@]}" -ts "$ts"
  fi
  unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
  if [ "$unfinished" -gt 0 ]; then
    echo "$ts: $unfinished string(s) still to translate" >&2
    [ "${1:-}" = "--check" ] && exit 1
  fi
  qm="$I18N/hvdesk_$lang.qm"
  if [ "${1:-}" = "--check" ]; then
    fresh=$(mktemp)
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "$fresh"
    if ! cmp -s "$fresh" "$qm"; then
      rm -f "$fresh"
      echo "$qm is not compiled from $ts: run packaging/update-translations.sh" >&2
      exit 1
    fi
    rm -f "$fresh"
  else
    "$BIN/pyside6-lrelease" -silent "$ts" -qm "$qm"
  fi
done
