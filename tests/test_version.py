"""The version lives in ``logitnet._version``; the installed package's metadata agrees."""

from __future__ import annotations

import importlib.metadata
import re

import logitnet
from logitnet._version import __version__


def test_the_package_and_its_metadata_give_one_version():
    assert logitnet.__version__ == __version__ == importlib.metadata.version("logitnet")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
