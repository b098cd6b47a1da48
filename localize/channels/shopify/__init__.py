"""Shopify: the languages import CSV and the Markets price list (`writer`), their formats and limits
(`format`) and the `shopify` profile of `localize validate` (`checks`)."""
