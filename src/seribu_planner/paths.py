"""What kind of thing a path names, in the words of an error message.

One home for the wording, so that a data file, a plan file and a data folder of the wrong
kind are all named alike: "is a folder, not a file", "is a FIFO (named pipe), not a
regular file".
"""

from __future__ import annotations

import stat


def describe_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is: "a folder", "a FIFO (named pipe)"..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def wrong_kind(mode: int) -> str:
    """Why a path of this ``st_mode`` cannot be read as a file: "is a folder, not a file"."""
    kind = describe_kind(mode)
    return "is a folder, not a file" if kind == "a folder" else f"is {kind}, not a regular file"
