"""A result card's markup, built in Python: the results page's hot loop.

Rendered through a Jinja template, a card looked up every attribute, called
every helper and escaped every value through Jinja's runtime: about half of
the results page's rendering time for ten cards. ``match_card`` writes the
card with plain string building and the same escaping (MarkupSafe's
``escape``, which Jinja's autoescape uses), for the results page and the
saved-search page alike. ``tests/web/reference_card.html`` states the same
card as a template, and the tests hold this builder to its bytes for every
demo search.

The words that depend only on a factor's name are escaped once per process;
numbers formatted here (digits, sign, point, per cent) hold nothing to
escape; everything else (names, reasons, caveats, questions, details, fit
words) is escaped as it is written, exactly as in the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from matcher.engine.answer import Match

from . import present
from .cards import CardProfile

SAME_TAB_LINK = '\n        <a href="{href}">{name}<span class="visually-hidden"> (full profile)</span></a>'  # noqa: E501
NEW_TAB_LINK = (
    '\n        <a href="{href}"\n           target="_blank" rel="noopener">{name}'
    '<span class="visually-hidden"> (full profile, opens in a new tab)</span></a>'
)
HEAD = (
    '<article class="card" aria-labelledby="match-{rank}">\n'
    '  <header class="card-head">\n'
    "    <div>\n"
    '      <h2 class="card-title" id="match-{rank}">\n'
    '        <span class="rank">{rank}.</span>{link}\n'
    "      </h2>\n"
    "      {meta}\n"
    "    </div>\n"
    '    <div class="fit fit-{fit_class}">\n'
    '      <span class="fit-score">{whole}<span class="fit-of">/100</span></span>\n'
    '      <span class="fit-words">{fit_words}</span>\n'
    '      <meter min="0" max="100" low="40" high="70" optimum="100" value="{score}"\n'
    '        aria-label="Fit score {whole} out of 100"></meter>\n'
    "    </div>\n"
    "  </header>\n"
    "\n"
    '  <div class="card-body">\n'
    "    "
)
REASONS = (
    '\n      <section class="reasons">\n'
    "        <h3>Why they may fit</h3>\n"
    "        <ul>{items}</ul>\n"
    "      </section>\n"
    "    "
)
CAVEATS = (
    '\n      <section class="caveats">\n'
    "        <h3>Worth checking</h3>\n"
    "        <ul>{items}</ul>\n"
    "      </section>\n"
    "    "
)
BETWEEN = "\n    \n    "  # around the template's {% set own_caveats %}
FACTS = "\n  </div>\n\n  {facts}\n\n  "
QUESTIONS = (
    '\n    <section class="questions">\n'
    "      <h3>Questions to ask in your free consultation</h3>\n"
    "      <ul>{items}</ul>\n"
    "    </section>\n"
    "  "
)
TABLE_HEAD = (
    "\n\n"
    '  <details class="why">\n'
    "    <summary>Why this order?</summary>\n"
    '    <p class="hint">The score is the sum of the points below. Each preference you gave\n'  # noqa: E501
    "      has a weight; how well this therapist meets it decides how many of its points they earn.</p>\n"  # noqa: E501
    '    <div class="table-wrap">\n'
    "      <table>\n"
    '        <caption class="visually-hidden">How {name}\'s score of {score} adds up</caption>\n'  # noqa: E501
    '        <thead><tr><th scope="col">What you asked</th><th scope="col">Weight</th>'
    '<th scope="col">Met</th><th scope="col">Points</th><th scope="col">Detail</th>'
    "</tr></thead>\n"
    "        <tbody>\n"
    "          "
)
TABLE_FOOT = (
    "\n        </tbody>\n"
    '        <tfoot><tr><th scope="row">Score</th><td class="blank"></td>'
    '<td class="blank"></td><td data-label="Points">{points:.1f}</td>'
    '<td class="detail">out of 100</td></tr></tfoot>\n'
    "      </table>\n"
    "    </div>\n"
    "  </details>\n"
    "</article>"
)


@lru_cache(maxsize=256)
def _factor_words(name: str) -> str:
    return str(escape(present.factor_words(name)))


def _items(values: Sequence[str]) -> str:
    return "".join([f"<li>{escape(value)}</li>" for value in values])


def _rows(match: Match) -> str:
    # An f-string per row: the table has a row per factor, ten cards a page.
    table, words = match.factors, _factor_words
    return "".join(
        [
            "\n            <tr>\n"
            f'              <th scope="row">{words(name)}</th>\n'
            f'              <td data-label="Weight">{round(weight, 1)}</td>\n'
            f'              <td data-label="Met">{met:.0%}</td>\n'
            f'              <td data-label="Points">{points:.1f}</td>\n'
            f'              <td class="detail">{escape(detail)}</td>\n'
            "            </tr>\n"
            "          "
            for name, weight, met, points, detail in zip(
                table.names,
                table.weights,
                table.matches,
                table.points,
                table.details,
                strict=True,
            )
        ]
    )


def match_card(
    match: Match,
    profile: CardProfile,
    same_tab: bool = False,
    page_caveats: Sequence[str] = (),
) -> Markup:
    """Return one match's card: the markup of ``tests/web/reference_card.html``."""
    name, score = escape(match.name), escape(match.score)
    link = SAME_TAB_LINK if same_tab else NEW_TAB_LINK
    parts = [
        HEAD.format(
            rank=escape(match.rank),
            link=link.format(href=profile.markup.href, name=name),
            meta=profile.markup.meta,
            fit_class=escape(present.fit_class(match.score)),
            fit_words=escape(present.fit_words(match.score)),
            whole=int(round(match.score, 0)),
            score=score,
        )
    ]
    if match.reasons:
        parts.append(REASONS.format(items=_items(match.reasons)))
    parts.append(BETWEEN)
    own_caveats = [c for c in match.caveats if c not in page_caveats]
    if own_caveats:
        parts.append(CAVEATS.format(items=_items(own_caveats)))
    parts.append(FACTS.format(facts=profile.markup.facts))
    if match.consultation_questions:
        parts.append(QUESTIONS.format(items=_items(match.consultation_questions)))
    parts.append(TABLE_HEAD.format(name=name, score=score))
    parts.append(_rows(match))
    parts.append(TABLE_FOOT.format(points=match.score))
    return Markup("".join(parts))
