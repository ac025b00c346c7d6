.PHONY: test lint bench demo
test:
	bash scripts/test
lint:
	bash scripts/bootstrap && .venv/bin/ruff check src tests bench && .venv/bin/ruff format --check src tests bench && .venv/bin/mypy
bench:
	bash scripts/bootstrap && .venv/bin/pip install -q -e ".[bench]" && .venv/bin/python -m bench
demo:
	bash scripts/demo
