"""Magento 2 (Adobe Commerce): the product import CSV with each market's copy on store-view rows."""
