"""etf-listing."""
__version__ = "0.1.0"
