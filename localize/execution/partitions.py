"""Partitions by product family: a product model and every variant under it share one partition.

The key is a stable hash of the root code (the top product model of a variant, the identifier
of a simple product), so inheritance never crosses partitions and the same catalogue always
splits the same way, on every machine (Python's own `hash` is salted per process: not used).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ..model import Product


def root_code(product: Product, models: Mapping[str, Product]) -> str:
    """The code of the top product model above `product` (its own identifier when it has none)."""
    code = product.parent
    if not code:
        return product.identifier
    seen = {code.casefold()}
    while True:
        model = models.get(code)
        parent = model.parent if model is not None else None
        if not parent or parent.casefold() in seen or parent not in models:
            return code
        seen.add(parent.casefold())
        code = parent


def partition_of(product: Product, models: Mapping[str, Product], partitions: int) -> int:
    """The partition (0 .. partitions-1) of the product's family."""
    if partitions <= 1:
        return 0
    key = root_code(product, models).casefold().encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") % partitions
