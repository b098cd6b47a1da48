"""Prices per market: dated ECB exchange rates, named price-point rules, VAT, CLDR display.

Modules: `rates` (reference rates with their date), `pricepoints` (per-currency rules),
`vat` (net/gross), `market` (one market's price policy applied to a PIM price collection).
"""
