"""The package's version, in a module of its own: a module of the package that needs it (the cache
of parsed rulebooks keys on it) imports it from here, not from the package, whose ``__init__``
names the whole public API."""

__version__ = "0.1.0"
