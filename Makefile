# Thin wrappers around ./run (which bootstraps everything on a fresh Debian machine).
.PHONY: demo test lint bench

demo:
	./run demo

test:
	./run test

lint:
	./run bootstrap && .venv/bin/ruff check tools tests bench && .venv/bin/mypy

bench:
	./run bootstrap && for b in bench/*.py; do case $$b in */_*) ;; *) .venv/bin/python $$b;; esac; done
