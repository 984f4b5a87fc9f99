"""`replylint mcp`: serve the checks to AI agents over the Model Context Protocol (stdio)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import builtin_option, fail, ignore_option, rules_option, select_option

INSTALL_HINT = "pip install 'replylint[mcp]'"


def _server_module():
    """replylint.mcp_server, or exit 2 saying how to install the extra."""
    try:
        from .. import mcp_server
    except ImportError as e:
        top = (e.name or "").split(".")[0]
        if top not in ("mcp", "pydantic", "mcp_types"):
            raise
        try:
            import mcp  # noqa: F401
        except ImportError:
            fail(f"`replylint mcp` needs the MCP extra, which is not installed: {INSTALL_HINT}")
        fail(f"`replylint mcp` needs mcp 2.x (the installed one lacks {e.name}): "
             f"pip install --upgrade 'replylint[mcp]'")
    return mcp_server


@click.command("mcp")
@select_option
@ignore_option
@rules_option
@builtin_option
def command(select, ignore, rule_paths, no_builtin):
    """Run an MCP server on stdin/stdout for AI agents (needs the `mcp` extra).

    Tools: lint_reply, explain_rule, list_rules. The packs are loaded once, with
    the same --rules/--select/--ignore as `check`; a tool call may narrow them further.

    \b
    Client configuration (e.g. Claude Desktop's mcpServers):
      {"replylint": {"command": "replylint", "args": ["mcp"]}}
    """
    server_mod = _server_module()
    from ..api import Linter, all_rules
    from ..engine.loader import PackSchemaError
    from ..selection import SelectionError, select_rules, split_csv
    from ..yamlmarks import YamlError

    try:
        known = all_rules([Path(p) for p in rule_paths], include_shipped=not no_builtin)
        linter = Linter(select_rules(known, split_csv(select), split_csv(ignore)))
        linter.lint("Здравствуйте.")  # load the dictionaries now, not on the first call
    except (PackSchemaError, YamlError, SelectionError) as e:
        fail(str(e))
    server = server_mod.build_server(server_mod.ReplyTools(linter, known))
    if sys.stdin.isatty():  # stdout is the protocol channel: talk to a person on stderr
        click.echo("replylint: MCP server on stdio, waiting for a client (Ctrl-C to stop)",
                   err=True)
    server.run("stdio")
