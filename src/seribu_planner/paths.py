"""What kind of thing a path names, in the words of an error message.

One home for the wording, so that a data file, a plan file and a data folder of the wrong
kind are all named alike: "is a folder, not a file", "is a FIFO (named pipe), not a
regular file".
"""

from __future__ import annotations

import stat

from seribu_planner.outputs.i18n import _


def describe_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is: "a folder", "a FIFO (named pipe)"..."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISREG(mode):
        return _("a file")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def wrong_kind(mode: int) -> str:
    """Why a path of this ``st_mode`` cannot be read as a file: "is a folder, not a file"."""
    if stat.S_ISDIR(mode):
        return _("is a folder, not a file")
    return _("is {kind}, not a regular file").format(kind=describe_kind(mode))
