"""The checks of `igmigrate validate`, run by convert on the instance it is about to write."""

from __future__ import annotations

from igmigrate.rules.example import Example
from igmigrate.rules.registry import Reads, declare
from igmigrate.rules.status import MAN

INSTANCE = "--ig-instance"
SECRET_ROUTE = (
    '{"heap": [{"name": "Db", "type": "JdbcDataSource",\n'
    '  "config": {"jdbcUrl": "jdbc:h2:mem:x", "username": "sa", "password": "hunter2"}}],\n'
    ' "handler": "ReverseProxyHandler"}\n'
)

declare(
    "output.check",
    about="a check of `igmigrate validate` failing on OUT as this run would write it (a file"
    " carried over from the IG instance, or merged with it; on a file igmigrate made alone it"
    " is an internal error)",
    reads=(Reads(INSTANCE, ("config/*",)),),
    status=MAN,
    target="OUT (the file and JSON pointer in the message)",
    hint="fix it in the IG instance (or in OUT), then check OUT again with `igmigrate validate`",
    examples=(
        Example(
            MAN,
            ig_files={"config/routes/db.json": SECRET_ROUTE},
            message_contains="config/routes/db.json /heap/0/config/password",
        ),
    ),
)
