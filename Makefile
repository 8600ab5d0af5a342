# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench console clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP) ## install and start the bot (console chat when TELEGRAM_BOT_TOKEN is not set)
	$(BIN)/python bot.py

console: $(STAMP)
	$(BIN)/python bot.py --console

test: $(STAMP) ## install and run the whole suite: lint, knowledge check, tests
	$(BIN)/ruff check .
	$(BIN)/python -m knowledge check
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/faq.py
	$(BIN)/python bench/log_parser.py
	$(BIN)/python bench/log.py
	$(BIN)/python bench/nudges.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
