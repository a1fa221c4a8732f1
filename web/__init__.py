"""The web layer: client pages, the JSON API and the admin area over ``matcher``."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import db, main
from .config import Config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults, then the test overrides."""
    app = Flask(__name__)
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    app.register_blueprint(main.bp)
    return app
