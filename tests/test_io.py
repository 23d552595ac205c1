"""Tests for logitnet._io: a file is replaced whole or not at all, and is readable per the umask."""

from __future__ import annotations

import os

import pytest

from logitnet._io import atomic_folder, atomic_writer, swap_folder, write_atomic


def _crash(*args, **kwargs):
    raise OSError("disk full")


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_text_and_binary_round_trip(tmp_path):
    text = write_atomic(tmp_path / "a.txt", "café\nline\r\n")
    blob = write_atomic(tmp_path / "b.bin", bytes(range(256)))
    assert text.read_bytes() == "café\nline\r\n".encode()
    assert blob.read_bytes() == bytes(range(256))


def test_write_atomic_accepts_a_str_path_and_returns_a_path(tmp_path):
    path = write_atomic(str(tmp_path / "a.txt"), "x")
    assert path == tmp_path / "a.txt" and path.read_text() == "x"


def test_atomic_writer_replaces_an_existing_file(tmp_path):
    target = write_atomic(tmp_path / "out.csv", "old\n")
    with atomic_writer(target) as handle:
        handle.write("new\n")
    assert target.read_text() == "new\n" and len(list(tmp_path.iterdir())) == 1


def test_atomic_writer_binary_handle_takes_bytes(tmp_path):
    with atomic_writer(tmp_path / "b.bin", binary=True) as handle:
        handle.write(b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_atomic_writer_leaves_the_old_file_on_error(tmp_path):
    target = write_atomic(tmp_path / "out.csv", "old\n")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("data", ["new text", b"new bytes"])
def test_failed_rename_removes_the_temporary_file(tmp_path, monkeypatch, data):
    target = write_atomic(tmp_path / "out", "old")
    monkeypatch.setattr(os, "replace", _crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, data)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_no_file_is_left_when_there_was_none(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", _crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "new", b"data")
    assert not list(tmp_path.iterdir())


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "out", "x")


@pytest.mark.parametrize("binary", [False, True])
def test_permissions_follow_the_umask_not_mkstemp(tmp_path, umask_022, binary):
    with atomic_writer(tmp_path / "out", binary=binary) as handle:
        handle.write(b"x" if binary else "x")
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o644


def test_a_stricter_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        path = write_atomic(tmp_path / "private", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600


# --- folders ------------------------------------------------------------------------


def test_atomic_folder_writes_a_new_folder(tmp_path, umask_022):
    with atomic_folder(tmp_path / "sub" / "run") as staging:
        assert staging.parent == tmp_path / "sub" and staging.name.startswith(".run.")
        (staging / "a.txt").write_text("a")
    assert (tmp_path / "sub" / "run" / "a.txt").read_text() == "a"
    assert os.listdir(tmp_path / "sub") == ["run"]
    assert os.stat(tmp_path / "sub" / "run").st_mode & 0o777 == 0o755


def test_atomic_folder_refuses_an_existing_folder_before_the_block(tmp_path):
    (tmp_path / "run").mkdir()
    refused = pytest.raises(FileExistsError, match="run: the folder exists; pass --force")
    with refused, atomic_folder(tmp_path / "run"):
        pytest.fail("the block must not run")
    (tmp_path / "file").write_text("x")
    refused = pytest.raises(FileExistsError, match="file: exists and is not a folder")
    with refused, atomic_folder(tmp_path / "file", replace=True):
        pytest.fail("the block must not run")


def test_atomic_folder_replaces_the_whole_folder(tmp_path):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "old.txt").write_text("old")
    with atomic_folder(tmp_path / "run", replace=True) as staging:
        (staging / "new.txt").write_text("new")
    assert os.listdir(tmp_path / "run") == ["new.txt"]
    assert os.listdir(tmp_path) == ["run"]


def test_a_failure_in_the_block_keeps_the_old_folder(tmp_path):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "old.txt").write_text("old")
    with (
        pytest.raises(OSError, match="disk full"),
        atomic_folder(tmp_path / "run", replace=True) as staging,
    ):
        (staging / "new.txt").write_text("half")
        _crash()
    assert os.listdir(tmp_path / "run") == ["old.txt"]
    assert os.listdir(tmp_path) == ["run"]


def test_a_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "old.txt").write_text("old")
    staging = tmp_path / ".staging"
    staging.mkdir()
    real_rename = type(staging).rename

    def rename(self, target):
        if self == staging:
            raise OSError("disk full")
        return real_rename(self, target)

    monkeypatch.setattr(type(staging), "rename", rename)
    with pytest.raises(OSError, match="disk full"):
        swap_folder(staging, tmp_path / "run", replace=True)
    monkeypatch.undo()
    assert os.listdir(tmp_path / "run") == ["old.txt"]
    assert sorted(os.listdir(tmp_path)) == [".staging", "run"]
