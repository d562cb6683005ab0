"""Reading an import file into a "crag-records/1" document, before anything is imported: the
command and the browser's Import page read it the same way and say the same thing when it cannot
be a document at all.

JSON nested thousands of levels deep exhausts Python's stack while it is decoded (the Import page
answered 500, the command ended with a traceback). The format itself is at most five levels
deep, so anything past MAX_DEPTH is refused, whether or not the decoder coped with it, before any
code walks it.
"""

import json
from typing import Any

MAX_DEPTH = 32


class RecordsFileError(ValueError):
    """The file cannot be a crag-records/1 document; the message completes "The file is ..."."""


TOO_DEEP = (
    "nested too deeply to be a crag-records/1 document "
    f"(lists and objects more than {MAX_DEPTH} levels inside each other)"
)


def _deeper_than(document: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` levels, found without recursion."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def read_records_file(data: bytes) -> Any:
    """The JSON document in the file's bytes; RecordsFileError saying why when there is none."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordsFileError("not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordsFileError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise RecordsFileError(TOO_DEEP) from None
    if isinstance(document, dict | list) and _deeper_than(document, MAX_DEPTH):
        raise RecordsFileError(TOO_DEEP)
    return document
