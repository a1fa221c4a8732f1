"""Admin accounts: Argon2id at OWASP cost, the password policy, the CLI."""

from __future__ import annotations

import time

import pytest
from argon2 import Type
from argon2.exceptions import InvalidHashError

from matcher import accounts, store
from tests.web.admin_fixtures import ADMIN_NAME, ADMIN_PASSWORD, build_admin_app, login


def test_production_hasher_is_argon2id_at_owasp_minimum_or_above():
    params = accounts.HASHER
    assert params.type is Type.ID
    assert params.memory_cost >= 19_456
    assert params.time_cost >= 2
    hashed = accounts.hash_password("violet tugboat ledger")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_hashing_costs_real_work_and_verifies(capsys):
    started = time.perf_counter()
    hashed = accounts.hash_password("violet tugboat ledger")
    elapsed = time.perf_counter() - started
    assert accounts.verify_password(hashed, "violet tugboat ledger")
    assert not accounts.verify_password(hashed, "violet tugboat ledgeR")
    assert elapsed > 0.002  # 19 MiB of memory cannot be filled for free
    with capsys.disabled():
        print(f"\nArgon2id hash at m=19456 KiB, t=2: {elapsed * 1000:.1f} ms")


def test_no_account_exists_until_one_is_created(db):
    assert store.accounts.list_admins(db) == []


@pytest.mark.parametrize(
    "password",
    ["password", "12345678", "qwerty123", "letmein1", "iloveyou", "Password1",
     "PASSWORD123", "11111111", "abcd1234", "welcome123"],
)  # fmt: skip
def test_common_passwords_are_refused(password):
    with pytest.raises(accounts.PasswordRejectedError, match="common"):
        accounts.check_password(password, "someone")


def test_common_password_list_is_shipped_with_thousands_of_entries():
    common = accounts.common_passwords()
    assert len(common) > 2000
    assert {"password", "12345678", "qwerty123", "letmein"} <= common


def test_passwords_shorter_than_eight_are_refused():
    with pytest.raises(accounts.PasswordRejectedError, match="at least 8"):
        accounts.check_password("k7#Rp2q", "someone")
    accounts.check_password("k7#Rp2qz", "someone")


def test_the_account_name_is_not_a_password():
    with pytest.raises(accounts.PasswordRejectedError, match="account name"):
        accounts.check_password("Dana.Admin", "dana.admin")


def test_long_passwords_are_kept_whole_not_truncated(db):
    long_password = "correct horse battery staple " * 4 + "ending-A"
    assert len(long_password) > 64
    accounts.create_admin(db, "longpass", long_password)
    user = store.accounts.admin_by_name(db, "longpass")
    assert accounts.verify_password(user["password_hash"], long_password)
    assert not accounts.verify_password(user["password_hash"], long_password[:-1] + "B")
    assert not accounts.verify_password(user["password_hash"], long_password[:72])


def test_account_names_are_checked_and_unique(db):
    with pytest.raises(accounts.AccountNameError):
        accounts.create_admin(db, "no spaces", "violet tugboat ledger")
    accounts.create_admin(db, "Lee", "violet tugboat ledger")
    with pytest.raises(store.accounts.AccountExistsError):
        accounts.create_admin(db, "lee", "another long passphrase")


def test_verify_survives_garbage_hashes():
    assert not accounts.verify_password("not a hash", "whatever")
    with pytest.raises(InvalidHashError):
        accounts.HASHER.verify("not a hash", "whatever")


def test_cli_creates_the_first_admin_from_stdin(db_path):
    app = build_admin_app(db_path)
    result = app.test_cli_runner().invoke(
        args=["admin", "create-user", "Robin", "--password-stdin"],
        input="  a passphrase with spaces  \n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin 'robin'" in result.output
    client = app.test_client()
    assert login(client, "robin", "  a passphrase with spaces  ").status_code == 302


def test_cli_prompts_twice_and_insists_on_a_match(db_path):
    app = build_admin_app(db_path)
    result = app.test_cli_runner().invoke(
        args=["admin", "create-user", "robin"],
        input="violet tugboat ledger\nviolet tugboat ledgeR\n"
        "violet tugboat ledger\nviolet tugboat ledger\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower()
    assert login(app.test_client(), "robin", "violet tugboat ledger").status_code == 302


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("robin", "qwerty123", "common"),
        ("robin", "short", "at least 8"),
        ("bad name!", "violet tugboat ledger", "account name"),
    ],
)
def test_cli_refuses_bad_accounts_with_a_message(db, db_path, name, password, message):
    app = build_admin_app(db_path)
    result = app.test_cli_runner().invoke(
        args=["admin", "create-user", name, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 1
    assert message in result.output
    assert store.accounts.list_admins(db) == []


def test_cli_refuses_a_second_account_with_the_same_name(admin_app):
    result = admin_app.test_cli_runner().invoke(
        args=["admin", "create-user", ADMIN_NAME, "--password-stdin"],
        input="another long passphrase\n",
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_cli_set_password_ends_sessions_and_lists_users(admin_app, admin_client):
    assert login(admin_client).status_code == 302
    runner = admin_app.test_cli_runner()
    result = runner.invoke(
        args=["admin", "set-password", ADMIN_NAME, "--password-stdin"],
        input="a brand new passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert admin_client.get("/admin/").status_code == 401
    assert login(admin_client, password=ADMIN_PASSWORD).status_code == 401
    assert login(admin_client, password="a brand new passphrase").status_code == 302
    listed = runner.invoke(args=["admin", "list-users"]).output
    assert ADMIN_NAME in listed and "hash" not in listed


def test_cli_disables_and_enables_an_admin_and_audits_both(admin_app, admin_db):
    runner = admin_app.test_cli_runner()
    assert runner.invoke(args=["admin", "disable-user", ADMIN_NAME]).exit_code == 0
    client = admin_app.test_client()
    assert login(client, password=ADMIN_PASSWORD).status_code == 401
    enabled = runner.invoke(args=["admin", "enable-user", ADMIN_NAME])
    assert enabled.exit_code == 0 and "Enabled admin" in enabled.output
    assert login(client, password=ADMIN_PASSWORD).status_code == 302
    query = "SELECT actor, action, target FROM audit_log ORDER BY id"
    actions = admin_db.execute(query).fetchall()
    assert ("(command line)", "disable_user", ADMIN_NAME) in actions
    assert ("(command line)", "enable_user", ADMIN_NAME) in actions
    assert runner.invoke(args=["admin", "enable-user", "nobody"]).exit_code == 1


def test_cli_refuses_an_unknown_name_before_asking_for_a_password(admin_app):
    runner = admin_app.test_cli_runner()
    result = runner.invoke(args=["admin", "set-password", "nobody"], input="")
    assert result.exit_code == 1
    assert "no admin named 'nobody'" in result.output
    assert "Password" not in result.output  # it never prompted


def test_cli_lists_an_admin_who_never_logged_in_as_never(admin_app, admin_db):
    accounts.create_admin(admin_db, "newcomer", "a long enough passphrase")
    listed = admin_app.test_cli_runner().invoke(args=["admin", "list-users"]).output
    assert "newcomer\tactive\tlast login never" in listed
    assert listed.startswith(f"Admin accounts in {admin_app.config['DATABASE']}:")
    assert "None" not in listed
