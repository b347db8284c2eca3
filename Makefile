# The two commands of the README. Both set up what is missing first.
.PHONY: run test setup lint

PYTHON := .venv/bin/python
export PATH := $(HOME)/.local/bin:$(PATH)

run: setup
	$(PYTHON) main.py

test: setup
	$(PYTHON) -m pytest

setup:
	@bash .ci/setup

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy domain persistence tasks ui sync bootstrap.py settings.py main.py
	.venv/bin/lint-imports
