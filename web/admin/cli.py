"""Command-line admin accounts: ``flask --app web admin create-user NAME``."""

from __future__ import annotations

import sys

import click
from flask import current_app

from matcher import accounts, store

from ..db import get_db
from . import bp


def read_password(from_stdin: bool) -> str:
    """Read a new password: one line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        # Only the line break ends the password: spaces belong to it.
        return line.removesuffix("\n").removesuffix("\r")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def audit(name: str, action: str) -> None:
    """Record an account command in the audit log (never the password)."""
    store.audit.record_event(
        get_db(), "(command line)", action, target=accounts.normalise_name(name)
    )


def database() -> str:
    """Name the database the command used, so a mistyped path shows at once."""
    return str(current_app.config["DATABASE"])


def fail(message: str) -> None:
    """Stop the command with a message on stderr and exit status 1."""
    raise click.ClickException(message)


@bp.cli.command("create-user")
@click.argument("name")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from one line of stdin."
)
def create_user(name: str, password_stdin: bool) -> None:
    """Create an admin account (there is no default account)."""
    password = read_password(password_stdin)
    try:
        accounts.create_admin(get_db(), name, password)
    except (accounts.AccountNameError, accounts.PasswordRejectedError) as error:
        fail(str(error))
    except store.accounts.AccountExistsError as error:
        fail(f"{error}; use set-password to change its password")
    audit(name, "create_user")
    click.echo(f"Created admin {accounts.normalise_name(name)!r} in {database()}.")


@bp.cli.command("set-password")
@click.argument("name")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from one line of stdin."
)
def set_password(name: str, password_stdin: bool) -> None:
    """Give an admin a new password; its sessions end and its lockout clears."""
    if store.accounts.admin_by_name(get_db(), accounts.normalise_name(name)) is None:
        fail(f"no admin named {accounts.normalise_name(name)!r}")  # before asking
    password = read_password(password_stdin)
    try:
        accounts.set_password(get_db(), name, password)
    except (LookupError, accounts.PasswordRejectedError) as error:
        fail(str(error))
    audit(name, "set_password")
    click.echo(f"New password set for {accounts.normalise_name(name)!r}.")


@bp.cli.command("disable-user")
@click.argument("name")
def disable_user(name: str) -> None:
    """Disable an admin account: it can no longer log in and its sessions end."""
    change_status(name, accounts.disable_admin, "disable_user", "Disabled")


@bp.cli.command("enable-user")
@click.argument("name")
def enable_user(name: str) -> None:
    """Enable a disabled admin account again."""
    change_status(name, accounts.enable_admin, "enable_user", "Enabled")


def change_status(name: str, change, action: str, done: str) -> None:
    """Apply an account change, record it, and say so (or fail with why)."""
    try:
        change(get_db(), name)
    except LookupError as error:
        fail(str(error))
    audit(name, action)
    click.echo(f"{done} admin {accounts.normalise_name(name)!r}.")


@bp.cli.command("list-users")
def list_users() -> None:
    """List the admin accounts and when each last logged in."""
    click.echo(f"Admin accounts in {database()}:")
    for user in store.accounts.list_admins(get_db()):
        status = "active" if user["active"] else "disabled"
        last = user["last_login_at"] or "never"
        click.echo(f"{user['name']}\t{status}\tlast login {last}")
