"""The one exception type users see.

A RagError's message is a single line that says what happened and what to do
next; the CLI prints it as `error: <message>` and exits non-zero, without a
stack trace.
"""


class RagError(Exception):
    """A user-facing failure with an actionable one-line message."""

    exit_code = 1
