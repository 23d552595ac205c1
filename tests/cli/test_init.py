"""The command table: every command's annotations are evaluated once, at import."""

from __future__ import annotations

import inspect

import pytest

from logitnet.cli import app


@pytest.mark.parametrize(
    "callback",
    [app.registered_callback.callback, *(c.callback for c in app.registered_commands)],
    ids=lambda callback: callback.__name__,
)
def test_annotations_are_objects_not_strings(callback):
    for function in (callback, inspect.unwrap(callback)):
        annotations = function.__annotations__
        assert annotations and not [v for v in annotations.values() if isinstance(v, str)]
