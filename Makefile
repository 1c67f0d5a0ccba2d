# The two commands of the README:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: run test lint deps bench clean install-desktop uninstall-desktop translations deb

run: deps $(STAMP)
	$(VENV)/bin/hvdesk $(ARGS)

test: deps $(STAMP) lint
	# The GUI tests marked xvfb in a real X server first, then everything offscreen.
	QT_QPA_PLATFORM=xcb $(XVFB) $(VENV)/bin/python -m pytest -p no:cacheprovider -m "xvfb or x11_only" $(PYTEST_ARGS)
	$(VENV)/bin/python -m pytest -p no:cacheprovider -m "not x11_only" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check hvdesk tests
	$(VENV)/bin/ruff format --check hvdesk tests
	$(VENV)/bin/mypy

deps:
	packaging/install-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e ".[test]"
	touch $(STAMP)

# The desktop file, AppStream metainfo and icons in $XDG_DATA_HOME (applications menu,
# file associations); uninstall-desktop removes them again.
install-desktop: $(STAMP)
	$(VENV)/bin/hvdesk --install-desktop

uninstall-desktop: $(STAMP)
	$(VENV)/bin/hvdesk --uninstall-desktop

# Re-read the translatable strings into resources/i18n/*.ts and compile the .qm files.
translations: $(STAMP)
	packaging/update-translations.sh

# dist/hvdesk_<version>_amd64.deb (see packaging/build-deb.sh)
deb: $(STAMP)
	packaging/build-deb.sh dist

clean:
	rm -rf $(VENV) build *.egg-info
