"""OXID eShop: the generic import's article CSV with the market language's suffixed fields (`OXTITLE_1`)."""
