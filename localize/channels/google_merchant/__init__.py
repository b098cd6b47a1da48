"""Google Merchant: settings, item builder, unit pricing, measures, categories, plain text, checks, TSV/XML feeds."""
