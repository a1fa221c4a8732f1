"""The docs keep up with the code: every field, factor, option and setting named."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.directory.schema import FIELD_NAMES
from matcher.engine.evidence import evidence_sources
from matcher.engine.factors import FACTOR_NAMES
from matcher.engine.request import REQUEST_FIELDS

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.name for p in (ROOT / "scripts").glob("*.py") if p.name[0] != "_")
# Every setting is named MATCHER_*; catch it wherever its name is written.
ENV_NAME = re.compile(r"""["'](MATCHER_[A-Z_]+)["']""")


def doc(name: str) -> str:
    """Return a document's text."""
    return (ROOT / name).read_text(encoding="utf-8")


def all_docs() -> str:
    """Return the README and every page under docs/ as one text."""
    pages = [doc("README.md"), *(p.read_text() for p in (ROOT / "docs").glob("*.md"))]
    return "\n".join(pages)


@pytest.mark.parametrize("field", FIELD_NAMES)
def test_every_profile_field_is_in_the_admin_guide(field):
    assert f"`{field}`" in doc("docs/admin.md")


@pytest.mark.parametrize("field", REQUEST_FIELDS)
def test_every_request_field_is_in_the_api_guide(field):
    assert f"`{field}`" in doc("docs/api.md")


@pytest.mark.parametrize("factor", FACTOR_NAMES)
def test_every_engine_factor_is_in_the_matching_guide(factor):
    assert f"`{factor}`" in doc("docs/matching.md")


def test_every_evidence_source_is_cited_in_the_matching_guide():
    text = doc("docs/matching.md")
    missing = {e.source for e in evidence_sources() if e.source not in text}
    assert not missing


def options_of(script: str) -> set[str]:
    """Read a script's options from its own --help."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(re.findall(r"(--[a-z][a-z0-9-]+)", result.stdout)) - {"--help"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_and_option_is_documented(script):
    text = all_docs()
    assert f"scripts/{script}" in text
    missing = {option for option in options_of(script) if option not in text}
    assert not missing, f"{script}: {sorted(missing)}"


def test_every_environment_variable_is_documented():
    sources = [*ROOT.glob("matcher/**/*.py"), *ROOT.glob("web/**/*.py")]
    sources += [*ROOT.glob("scripts/*.py")]
    names = {name for path in sources for name in ENV_NAME.findall(path.read_text())}
    assert "MATCHER_DB" in names
    text = all_docs()
    assert not {name for name in names if f"`{name}`" not in text}


def test_the_readme_holds_the_two_commands_and_ci_runs_the_second():
    readme = doc("README.md")
    assert "make run" in readme and "make test" in readme
    assert "make test" in doc(".ci/run")


def test_the_matching_guide_quotes_the_latest_quality_figures():
    from bench.report import load, quality_table

    record = load("quality")
    assert record is not None, "bench/results/quality.json is missing"
    assert quality_table(record["figures"]) in doc("docs/matching.md")


@pytest.fixture(scope="module")
def demo_api(tmp_path_factory):
    """The JSON API of the app on the demo directory, as docs/api.md runs it."""
    from matcher import store
    from matcher.directory.importer import import_file
    from web import create_app

    path = tmp_path_factory.mktemp("demo") / "matcher.db"
    import_file(store.connect(path), ROOT / "data" / "demo" / "therapists.csv")
    client = create_app({"DATABASE": str(path)}).test_client()

    def post(body: dict | str) -> dict:
        if isinstance(body, str):  # sent as typed, even when it is not valid JSON
            reply = client.post(
                "/api/v1/matches", data=body.encode(), content_type="application/json"
            )
            return reply.get_json()
        return client.post("/api/v1/matches", json=body).get_json()

    return post


def example_request(heading: str) -> dict:
    """Return the request of an api.md example: the JSON after its heading."""
    text = doc("docs/api.md")
    start = text.index("{", text.index(heading))
    return json.JSONDecoder().raw_decode(text[start:])[0]


def test_the_api_guide_shows_the_demo_apps_real_answers(demo_api):
    # "The outputs shown are real replies": the first match of each example,
    # its caveats, and the three names top3.py prints.
    api = doc("docs/api.md")
    first = demo_api({"state": "MA"})["matches"][0]
    assert f'"name": "{first["name"]}"' in api
    assert f'"therapist_id": "{first["therapist_id"]}"' in api
    full = demo_api(example_request("### Example: the contract's full request"))
    best = full["matches"][0]
    assert f'"name": "{best["name"]}"' in api and f"{best['score']}" in api
    for caveat in best["caveats"]:
        assert json.dumps(caveat, ensure_ascii=False) in api
    for factor in best["factors"]:  # one per line, as the guide shows them
        assert json.dumps(factor, ensure_ascii=False, sort_keys=True) in api
    start = api.index("{", api.index("preferences = {"))
    script_dict = api[start : api.index("\n}", start) + 2]
    top3 = demo_api(ast.literal_eval(script_dict))  # top3.py's dict, in Python
    printed = "\n".join(
        f"{m['rank']}. {m['name']}: {m['score']}" for m in top3["matches"]
    )
    assert printed in api


def test_the_api_guides_error_example_is_the_apps_reply(demo_api):
    api = doc("docs/api.md")
    start = api.index(
        "-d '", api.index("curl -s -i http://127.0.0.1:5000/api/v1/matches")
    )
    body = json.loads(api[start + 4 : api.index("'", start + 4)])
    reply = demo_api(body)
    assert json.dumps(reply, separators=(",", ":"), ensure_ascii=False) in api


def test_every_message_in_the_api_guides_table_is_the_apps_reply(demo_api):
    api = doc("docs/api.md")
    table = api[api.index("More messages the demo app gives") :]
    table = table[: table.index("\n\n", table.index("| body | reply |"))]
    rows = re.findall(r"^\| `(.+)` \| `(.+)` \|$", table, re.M)
    assert len(rows) >= 10
    for body, reply in rows:
        sent = demo_api(body)
        assert json.dumps(sent, separators=(",", ":"), ensure_ascii=False) == reply


def guide_code() -> list[str]:
    """Return the Python blocks of the extending guide, in order."""
    return re.findall(r"```python\n(.*?)```", doc("docs/extending.md"), re.S)


@pytest.mark.parametrize("batch_path", ["matrices", "parts", "single"])
def test_the_guides_toy_factor_counts_in_scores_words_and_both_paths(batch_path):
    from matcher.engine.factors import FACTOR_NAMES as SHIPPED
    from matcher.engine.factors import registered
    from matcher.engine.matcher import Matcher
    from tests.engine_helpers import directory, therapist

    made: dict = {}
    exec(guide_code()[0], made)  # the toy factor, exactly as the guide writes it
    profiles = directory(
        [therapist("video", telehealth=True), therapist("office", telehealth=False)]
    )
    request = {"state": "MA", "format": "either", "concerns_text": "worry"}
    with registered(made["TELEHEALTH"]):
        matcher = Matcher(batch_path=batch_path).fit(profiles)
        alone = matcher.rank(request)
        together = matcher.rank_many([request] * 4)
        quiet = matcher.rank_many([request] * 4, explain=False)
    assert [m.therapist_id for m in alone.matches] == ["video", "office"]
    video, office = ({f.factor: f for f in m.factors} for m in alone.matches)
    assert (video["telehealth_too"].match, office["telehealth_too"].match) == (1, 0)
    assert video["telehealth_too"].detail == "Offers telehealth"
    assert "Meets in person only" in alone.matches[1].caveats
    assert "Could some of our sessions be by video?" in (
        alone.matches[1].consultation_questions
    )
    assert all(a.to_dict() == alone.to_dict() for a in together)
    for answer in quiet:
        assert [m.factors.points for m in answer.matches] == [
            m.factors.points for m in alone.matches
        ]
    from matcher.engine.factors import FACTOR_NAMES

    assert FACTOR_NAMES == SHIPPED  # removed again after the block


def test_the_guides_registered_block_runs():
    from tests.engine_helpers import directory, therapist

    made: dict = {}
    exec(guide_code()[0], made)
    made["profiles"] = directory([therapist("video", telehealth=True)])
    exec("from matcher.engine.matcher import Matcher\n" + guide_code()[1], made)
    factors = [f.factor for f in made["answer"].matches[0].factors]
    assert factors == ["telehealth_too"]  # "either" is the default format


def test_every_matcher_setting_is_in_the_extending_guide():
    import inspect

    from matcher.engine.matcher import Matcher

    settings = inspect.signature(Matcher).parameters
    assert all(f"`{name}`" in doc("docs/extending.md") for name in settings)
