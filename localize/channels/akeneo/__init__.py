"""Akeneo: the write-back import file (`writer`) and the column grammar its checks expect (`checks`)."""
