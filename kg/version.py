"""The installed distribution's version (``soekg --version``, a Word brief's properties).

>>> VERSION.count(".") >= 2
True
"""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["VERSION"]

try:
    VERSION = version("soe-ai-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    VERSION = "0.0.0"
