"""Units per market: Akeneo unit codes on pint, CLDR conventions, named rounding, CLDR display,
and quantities inside free text.

Modules: `akeneo_pint` (the unit table), `registry` (one pint registry, cached Decimal
factors), `conventions` (what a market reads), `rounding` (named rules), `formatting`
(babel CLDR patterns), `numbers` (locale-aware number parsing), `lexicon` + `text`
(quantities in copy), `convert` (metric values of records). Import the module you need;
this package imports nothing heavy itself.
"""
