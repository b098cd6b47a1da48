"""The shared taxonomy: model, YAML loader, Google and Shopify importers, mapping and suggestions.

Import the submodules you need (`localize.taxonomy.loader`, `.google`, `.mapping`, ...);
this package imports nothing heavy on its own so `localize --help` stays fast.
"""
