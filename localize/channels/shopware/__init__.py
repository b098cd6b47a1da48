"""Shopware 6: the product import with translations per language (`writer`), its columns and
limits (`format`) and the `shopware` profile of `localize validate` (`checks`)."""
