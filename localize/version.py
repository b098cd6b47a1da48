"""The package version, in a base module so every layer may read it without importing the facade."""

__version__ = "0.1.0"
