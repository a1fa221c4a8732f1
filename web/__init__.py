"""The web layer: client pages, the JSON API and the admin area over ``matcher``."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import admin, api, db, errors, health, main, saved, security
from .config import Config

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults, then the test overrides."""
    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    csrf.init_app(app)
    csrf.exempt(api.bp)  # the API takes JSON from programs, not forms
    app.register_blueprint(main.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(saved.bp)
    app.register_blueprint(health.bp)
    security.init_app(app)
    errors.init_app(app)
    if app.config["ADMIN_TRUSTED_PROXIES"]:
        # Behind the HTTPS proxy, links the app writes out in full (a saved
        # search's private link) take the scheme the client used.
        hops = app.config["ADMIN_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=0, x_proto=hops)  # type: ignore[method-assign]
    return app
