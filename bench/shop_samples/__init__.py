"""Synthetic shop exports for `bench_readers.py`: one module per format, each with `FORMAT` (the
`source.format` name) and `write(path, products, seed) -> dict` (source config overrides, e.g. the
shop currency). Products = what the reader yields (variants count one each)."""
