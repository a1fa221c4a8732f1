"""The liveness endpoint answers without touching the database."""

from web import create_app


def test_healthz_says_ok_without_a_database(tmp_path):
    missing = tmp_path / "no-such-folder" / "never.db"
    app = create_app({"DATABASE": str(missing), "TESTING": True})
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    assert not missing.exists()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
