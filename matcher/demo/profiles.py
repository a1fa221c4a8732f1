"""Generate therapist profiles, one vectorised draw per field."""

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

import numpy as np

from .draw import (
    Columns,
    Draws,
    _and_list,
    _blank,
    _categorical,
    _choose,
    _label_mask,
    _label_values,
    _lookup,
    _matrix,
    _top_k,
    _vector,
    _zip_table,
)
from .slots import open_slots
from .tables import (
    AFFIRMING_SENTENCES,
    APPROACH_BY_POPULATION,
    APPROACH_COUNT_P,
    APPROACH_PRIOR,
    APPROACH_RANK_W,
    APPROACH_TEMPLATES,
    APPROACH_WORDS,
    APPROACHES,
    AVAILABILITY,
    BIO_SENTENCES_P,
    BOOL_LABELS,
    BOX_TICKER_COUNTS,
    BOX_TICKER_SHARE,
    CONCERN_APPROACHES,
    CONCERN_WORDS,
    CONCERNS,
    CONSULT_SENTENCES,
    CREDENTIAL_GROUPS,
    CREDENTIAL_P,
    CREDENTIAL_WORDS,
    DEMO_STATES,
    DIRECTORY_LABELS,
    ETHNICITIES,
    ETHNICITY_KEYS,
    ETHNICITY_P,
    FAITH_BY_ETHNICITY,
    FAITH_GIVEN_P,
    FAITH_P,
    FAITHS,
    FEE_BASE,
    FEE_REGION,
    FORMAT_SENTENCES,
    GENDERS,
    IDENTITIES,
    IMMIGRANT_P,
    INSURER_P,
    INSURERS,
    INTRO_TEMPLATES,
    INTRO_TEMPLATES_NO_YEARS,
    KAISER_STATES,
    LANGUAGE_BY_ETHNICITY,
    LANGUAGE_P,
    LANGUAGE_SENTENCES,
    LANGUAGES,
    LMHC_STATES,
    MIDDLE_INITIALS,
    MODERATE_COUNTS,
    MODERATE_SHARE,
    NAME_POOLS,
    NEIGHBOURS,
    NEUTRAL_FIRST_NAMES,
    OWN_POOL_P,
    POOL_BY_ETHNICITY,
    POOL_MIX_P,
    POPULATION_WORDS,
    POPULATIONS,
    PROFILE_COLUMNS,
    PRONOUNS,
    REFERENCE_DATE,
    SCHOOL_P_BY_CREDENTIAL,
    SCHOOLS,
    SELF_PAY_P,
    SESSION_FORMATS,
    SPECIALTY_BY_CREDENTIAL,
    SPECIALTY_BY_IDENTITY,
    SPECIALTY_BY_POPULATION,
    SPECIALTY_COUNT_P,
    SPECIALTY_PRIOR,
    SPECIALTY_RANK_W,
    SPECIALTY_TEMPLATES,
    STATE_NAMES,
    STATE_WEIGHTS,
    STYLE_DIMENSIONS,
    STYLE_EMPTY_P,
    STYLE_LOADINGS,
    STYLE_SENTENCES,
    TOP_SPECIALTIES_MAX,
    TOP_SPECIALTIES_SHARE,
    WEB_SUFFIXES,
)


def _draw_states(rng: np.random.Generator, n: int, states: Sequence[str]) -> np.ndarray:
    """Draw each profile's office state, weighted by size."""
    return _choose(rng, n, [STATE_WEIGHTS.get(s, 5.0) for s in states])


def _draw_zips(rng: np.random.Generator, d: Draws) -> None:
    """Pick a real zip code per profile, clustered around metros."""
    n = len(d["state"])
    for key in ("zip", "city", "area_code"):
        d[key] = np.empty(n, dtype=object)
    d["lat"], d["lon"] = np.empty(n), np.empty(n)
    for i, state in enumerate(d["states"]):
        rows = np.flatnonzero(d["state"] == i)
        table = _zip_table(state)
        pick = rng.choice(len(table.zips), size=len(rows), p=table.p)
        d["zip"][rows], d["city"][rows] = table.zips[pick], table.cities[pick]
        d["area_code"][rows] = table.area_codes[pick]
        d["lat"][rows], d["lon"][rows] = table.latitude[pick], table.longitude[pick]


def _ids(d: Draws) -> list[str]:
    """Number profiles per state: ma-00001, ma-00002, ..."""
    serial = np.zeros(len(d["state"]), dtype=np.int64)
    for i in range(len(d["states"])):
        rows = np.flatnonzero(d["state"] == i)
        serial[rows] = np.arange(1, len(rows) + 1)
    width = max(5, len(str(serial.max())))
    prefixes = [state.lower() for state in d["states"]]
    pairs = zip(d["state"].tolist(), serial.tolist(), strict=True)
    return [f"{prefixes[s]}-{k:0{width}d}" for s, k in pairs]


def _license_label(state: str, extra: int, pick: int) -> str:
    """Return the licence list: the office state plus `extra` neighbours."""
    neighbours = NEIGHBOURS.get(state, ())
    if not neighbours:
        return state
    chosen = {neighbours[(pick + i) % len(neighbours)] for i in range(extra)}
    return ";".join([state, *sorted(chosen)])


def _license_states(rng: np.random.Generator, d: Draws) -> list[str]:
    """Licence mostly in the office state; ~15% also in a neighbouring state."""
    n = len(d["state"])
    extra = 2 - np.digitize(rng.random(n), (0.02, 0.15))  # 2% two, 13% one
    pick = rng.integers(0, 60, n)  # 60: even over 2, 3, 4 or 5 neighbours
    code = (d["state"] * 3 + extra) * 60 + pick
    table = [
        _license_label(s, e, p)
        for s in d["states"]
        for e in range(3)
        for p in range(60)
    ]
    return _lookup(table, code)


def _place_columns(rng: np.random.Generator, d: Draws) -> Columns:
    """Return id, licences, location and coordinate columns."""
    _draw_zips(rng, d)
    n = len(d["state"])
    has_coordinates = rng.random(n) < 0.70
    lat = d["lat"] + rng.normal(0, 0.004, n)  # offices are not at the zip centroid
    lon = d["lon"] + rng.normal(0, 0.004, n)
    return {
        "id": _ids(d),
        "license_states": _license_states(rng, d),
        "city": d["city"].tolist(),
        "state": _lookup(d["states"], d["state"]),
        "postal_code": d["zip"].tolist(),
        "latitude": _blank([f"{v:.4f}" for v in lat.tolist()], has_coordinates),
        "longitude": _blank([f"{v:.4f}" for v in lon.tolist()], has_coordinates),
    }


# -------------------------------------------------------------------- people
def _draw_identities(rng: np.random.Generator, d: Draws) -> np.ndarray:
    """Draw the lived-experience identities (IDENTITIES order) shared."""
    gender, ethnicity = d["gender"], d["ethnicity"]
    p = np.empty((len(gender), len(IDENTITIES)), dtype=np.float32)
    p[:, 0] = np.where(gender == 2, 0.85, 0.12)  # lgbtq
    p[:, 1] = np.where(gender == 1, 0.06, 0.02)  # veteran
    p[:, 2] = np.asarray(IMMIGRANT_P)[ethnicity]
    p[:, 3] = np.where((ethnicity == 0) | (ethnicity == len(ETHNICITIES)), 0, 0.55)
    p[:, 4] = 0.32  # parent
    return rng.random(p.shape) < p


def _draw_faith(rng: np.random.Generator, d: Draws) -> np.ndarray:
    """Draw a faith index; len(FAITHS) (not given) for most profiles."""
    boost = _matrix(FAITH_BY_ETHNICITY, ETHNICITY_KEYS, FAITHS)
    faith = _categorical(rng, np.asarray(FAITH_P, np.float32) + boost[d["ethnicity"]])
    given = rng.random(len(faith)) < FAITH_GIVEN_P
    return np.where(given, faith, len(FAITHS))


def _draw_people(rng: np.random.Generator, d: Draws) -> None:
    """Draw credential group, gender, ethnicity, identities and faith."""
    n = len(d["state"])
    d["credential"] = _choose(rng, n, CREDENTIAL_P)
    d["gender"] = _choose(rng, n, (0.70, 0.25, 0.045, 0.005))  # last: not given
    by_state = [ETHNICITY_P.get(s, ETHNICITY_P["default"]) for s in d["states"]]
    d["ethnicity"] = _categorical(rng, np.asarray(by_state)[d["state"]])
    d["identities"] = _draw_identities(rng, d)
    d["faith"] = _draw_faith(rng, d)


def _credential_label(state: str, group: int, extra: int) -> str:
    """Return e.g. 'LMHC', 'LCSW;LMFT' or 'LPC;PhD' (extra 0: PhD, 1: licence)."""
    counselor = "LMHC" if state in LMHC_STATES else "LPC"
    primary = counselor if group == 1 else CREDENTIAL_GROUPS[group]
    if extra == 0:
        return f"{primary};PhD"
    if extra == 1:
        return f"{primary};{'LMFT' if primary != 'LMFT' else counselor}"
    return primary


def _credentials(rng: np.random.Generator, d: Draws) -> list[str]:
    """Return credentials: ~2% add a PhD, ~4% a second master's licence."""
    extra = np.digitize(rng.random(len(d["state"])), (0.02, 0.06))
    extra[d["credential"] >= 3] = 2  # doctors list one credential
    code = (d["state"] * len(CREDENTIAL_GROUPS) + d["credential"]) * 3 + extra
    table = [
        _credential_label(s, g, e)
        for s in d["states"]
        for g in range(len(CREDENTIAL_GROUPS))
        for e in range(3)
    ]
    return _lookup(table, code)


def _pronouns(rng: np.random.Generator, gender: np.ndarray) -> list[str]:
    """Draw pronouns that fit each gender (often left blank)."""
    code, labels = np.zeros(len(gender), dtype=np.int64), [""]
    for g, key in enumerate(GENDERS):
        options, weights = zip(*PRONOUNS[key], strict=True)
        rows = np.flatnonzero(gender == g)
        code[rows] = len(labels) + _choose(rng, len(rows), weights)
        labels.extend(options)
    return _lookup(labels, code)


def _lgbtq_affirming(rng: np.random.Generator, d: Draws) -> list[str]:
    """Affirming for LGBTQ+ and nonbinary therapists; 60% of the rest say so."""
    value = _choose(rng, len(d["gender"]), (0.35, 0.60, 0.05))
    value[d["identities"][:, 0] | (d["gender"] == 2)] = 1
    d["affirming"] = value == 1
    return _lookup(BOOL_LABELS, value)


def _languages(rng: np.random.Generator, d: Draws) -> list[str]:
    """Draw languages: English nearly always, others by state and heritage."""
    defaults = LANGUAGE_P["default"]
    by_state = np.stack(
        [_vector(LANGUAGE_P.get(s, defaults), LANGUAGES) for s in d["states"]]
    )
    p = (
        by_state[d["state"]]
        + _matrix(LANGUAGE_BY_ETHNICITY, ETHNICITY_KEYS, LANGUAGES)[d["ethnicity"]]
    )
    p[:, 0] = 0.985
    p[:, LANGUAGES.index("American Sign Language")] += 0.004
    d["languages"] = rng.random(p.shape) < p
    d["languages"][~d["languages"].any(axis=1), 0] = True
    return _label_mask(d["languages"], LANGUAGES)


def _people_columns(rng: np.random.Generator, d: Draws) -> Columns:
    """Return credential, identity and language columns."""
    _draw_people(rng, d)
    return {
        "credentials": _credentials(rng, d),
        "gender": _lookup((*GENDERS, ""), d["gender"]),
        "pronouns": _pronouns(rng, d["gender"]),
        "ethnicity": _lookup(ETHNICITY_KEYS, d["ethnicity"]),
        "faith": _lookup((*FAITHS, ""), d["faith"]),
        "lgbtq_affirming": _lgbtq_affirming(rng, d),
        "identities": _label_mask(d["identities"], IDENTITIES),
        "languages": _languages(rng, d),
    }


def _name(pool: int, kind: int, style: int, picks: list[int]) -> tuple[str, str, str]:
    """Return (display name, first, last) from a name pool."""
    women, men, lasts = NAME_POOLS[pool]
    firsts = (women, men, NEUTRAL_FIRST_NAMES)[kind]
    first, last = firsts[picks[0] % len(firsts)], lasts[picks[1] % len(lasts)]
    if style == 0:
        return f"{first} {MIDDLE_INITIALS[picks[2] % 18]}. {last}", first, last
    if style == 1 and lasts[picks[2] % len(lasts)] != last:
        last = f"{last}-{lasts[picks[2] % len(lasts)]}"
    return f"{first} {last}", first, last


def _draw_names(rng: np.random.Generator, d: Draws) -> list[tuple[str, str, str]]:
    """Draw names from pools matching ethnicity 75% of the time."""
    n = len(d["state"])
    own = np.asarray(POOL_BY_ETHNICITY)[d["ethnicity"]]
    pool = np.where(
        (own >= 0) & (rng.random(n) < OWN_POOL_P), own, _choose(rng, n, POOL_MIX_P)
    )
    coin = rng.random(n)
    either = (coin < 0.5).astype(np.int64)  # women's or men's names
    kind = np.select(
        [d["gender"] == 0, d["gender"] == 1, d["gender"] == 2],
        [0, 1, np.where(coin < 0.7, 2, either)],
        either,
    )
    style = np.digitize(rng.random(n), (0.10, 0.15))  # initial, hyphen, plain
    picks = rng.integers(0, 1 << 30, (n, 3)).tolist()
    rows = zip(pool.tolist(), kind.tolist(), style.tolist(), picks, strict=True)
    return [_name(*row) for row in rows]


@cache
def _slug(text: str) -> str:
    """Return lowercase ASCII letters and digits of text (for emails and URLs)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
    return "".join(ch for ch in ascii_text.decode().lower() if ch.isalnum())


def _contact(
    name: tuple[str, str, str], suffix: int, digits: int, area: str, given: list[bool]
) -> tuple[str, str, str]:
    """Return (email, phone, website); phones use the fictional 555-01xx range."""
    first, last = _slug(name[1]), _slug(name[2])
    domain = f"{first}{last}{WEB_SUFFIXES[suffix]}.example.org"
    has_email, has_phone, has_website = given
    website = f"https://www.{domain}" if has_website else ""
    email = f"{first}@{domain}" if has_website else f"{first}.{last}@example.org"
    phone = f"({area}) 555-01{digits:02d}" if has_phone else ""
    return (email if has_email else ""), phone, website


def _contact_columns(
    rng: np.random.Generator, d: Draws, names: list[tuple[str, str, str]]
) -> Columns:
    """Return email, phone and website columns (85%, 80%, 55% given)."""
    n = len(names)
    given = (rng.random((n, 3)) < (0.85, 0.80, 0.55)).tolist()
    suffix, digits = rng.integers(0, len(WEB_SUFFIXES), n), rng.integers(0, 100, n)
    rows = zip(
        names,
        suffix.tolist(),
        digits.tolist(),
        d["area_code"].tolist(),
        given,
        strict=True,
    )
    email, phone, website = zip(*(_contact(*row) for row in rows), strict=True)
    return {"email": list(email), "phone": list(phone), "website": list(website)}


# ------------------------------------------------------------------ clinical
def _draw_populations(rng: np.random.Generator, d: Draws) -> None:
    """Draw who each therapist sees (POPULATIONS order)."""
    n = len(d["state"])
    p = np.tile(np.array([0.15, 0.42, 0.93, 0.28], dtype=np.float32), (n, 1))
    p[d["credential"] == 2, 0] += 0.20  # family therapists see more children
    mask = rng.random((n, len(POPULATIONS))) < p
    mask[:, 1] |= mask[:, 0] & (rng.random(n) < 0.7)  # child therapists see teens
    mask[~mask.any(axis=1), 2] = True
    d["populations"] = mask


def _specialty_logits(d: Draws) -> np.ndarray:
    """Return per-profile log-weights of each concern as a specialty."""
    by_credential = _matrix(SPECIALTY_BY_CREDENTIAL, CREDENTIAL_GROUPS, CONCERNS)
    by_population = _matrix(SPECIALTY_BY_POPULATION, POPULATIONS, CONCERNS)
    by_identity = _matrix(SPECIALTY_BY_IDENTITY, IDENTITIES, CONCERNS)
    logits = _vector(SPECIALTY_PRIOR, CONCERNS) + by_credential[d["credential"]]
    logits += d["populations"].astype(np.float32) @ by_population
    logits += d["identities"].astype(np.float32) @ by_identity
    religious = d["faith"] < FAITHS.index("secular")
    logits[religious, CONCERNS.index("spirituality")] += 1.2
    return logits


def _concern_approach_fit() -> np.ndarray:
    """Return a (concern, approach) matrix of how well an approach fits.

    Specific approaches (ERP for OCD) weigh more than ones listed for many
    concerns (CBT), so a specialty pulls in its signature approach.
    """
    fit = np.zeros((len(CONCERNS), len(APPROACHES)), dtype=np.float32)
    for concern, approaches in CONCERN_APPROACHES.items():
        for rank, approach in enumerate(approaches):
            fit[CONCERNS.index(concern), APPROACHES.index(approach)] = (2.5, 1.5, 1.0)[
                min(rank, 2)
            ]
    return fit / np.sqrt(np.maximum((fit > 0).sum(axis=0), 1))


def _ranked(
    order: np.ndarray, counts: np.ndarray, rank_weights: Sequence[float], width: int
) -> np.ndarray:
    """Return a (rows, width) matrix weighting each chosen column by its rank."""
    weights = np.asarray(rank_weights, dtype=np.float32)[: order.shape[1]]
    weights = np.where(np.arange(order.shape[1]) < counts[:, None], weights, 0)
    matrix = np.zeros((len(order), width), dtype=np.float32)
    np.put_along_axis(matrix, order, weights.astype(np.float32), axis=1)
    return matrix


def _approach_logits(rng: np.random.Generator, d: Draws) -> np.ndarray:
    """Return approach log-weights from training school, specialties and ages."""
    school_p = np.asarray(SCHOOL_P_BY_CREDENTIAL, dtype=np.float32)
    school = _categorical(rng, school_p[d["credential"]])
    logits = _vector(APPROACH_PRIOR, APPROACHES) - 1.5
    logits = logits + _matrix(SCHOOLS, tuple(SCHOOLS), APPROACHES)[school]
    # A long list's first few are its main ones: they pull in the approaches.
    main = len(SPECIALTY_RANK_W)
    logits += (
        _ranked(
            d["specialty_order"][:, :main], np.minimum(d["specialty_count"], main),
            SPECIALTY_RANK_W, len(CONCERNS),
        )
        @ _concern_approach_fit()
    )  # fmt: skip
    by_population = _matrix(APPROACH_BY_POPULATION, POPULATIONS, APPROACHES)
    logits += d["populations"].astype(np.float32) @ by_population
    return logits


def _draw_style(rng: np.random.Generator, d: Draws) -> None:
    """Draw the four C-NIP style scores from the approaches, plus noise."""
    loadings = np.array([STYLE_LOADINGS[a] for a in APPROACHES], dtype=np.float32)
    loadings -= loadings.mean(axis=0)  # centre each scale across approaches
    weights = _ranked(
        d["approach_order"], d["approach_count"], APPROACH_RANK_W, len(APPROACHES)
    )
    raw = (weights @ loadings) / weights.sum(axis=1, keepdims=True)
    raw = 1.3 * raw + rng.normal(0, 0.7, raw.shape)
    d["style"] = np.clip(np.rint(raw), -3, 3).astype(np.int64)
    # A third leave it empty, as real directories do; their bios say how they work.
    d["style_given"] = rng.random(len(raw)) >= STYLE_EMPTY_P
    dominant = np.argmax(np.abs(raw), axis=1)
    sign = np.sign(d["style"][np.arange(len(raw)), dominant])
    d["style_key"] = np.where(sign == 0, 1, dominant * 3 + sign + 1)


def _widened(d: Draws, counts: np.ndarray) -> np.ndarray:
    """Widen some specialty lists to a moderate or a box-ticker's breadth.

    Drawn from ``d["breadth_roll"]`` (a generator of its own), so the rest of
    the directory draws as before.
    """
    roll = d["breadth_roll"]
    moderate = MODERATE_COUNTS[0] + (roll[:, 1] * np.ptp(MODERATE_COUNTS) + 0.5)
    box = BOX_TICKER_COUNTS[0] + (roll[:, 1] * np.ptp(BOX_TICKER_COUNTS) + 0.5)
    counts = np.where(roll[:, 0] < MODERATE_SHARE, moderate.astype(int), counts)
    ticker = roll[:, 0] >= 1.0 - BOX_TICKER_SHARE
    return np.minimum(np.where(ticker, box.astype(int), counts), len(CONCERNS))


def _top_specialties(d: Draws, relabel: np.ndarray) -> list[str]:
    """Mark the first few specialties as the main ones, on some profiles."""
    gives = (d["breadth_roll"][:, 2] < TOP_SPECIALTIES_SHARE) & ~relabel
    counts = np.where(gives, np.minimum(d["specialty_count"], TOP_SPECIALTIES_MAX), 0)
    return _join_ordered(d["specialty_order"], counts, CONCERNS, relabel)


def _draw_clinical(rng: np.random.Generator, d: Draws) -> None:
    """Draw populations, specialties, approaches and style."""
    n = len(d["state"])
    _draw_populations(rng, d)
    d["specialty_count"] = _widened(d, 3 + _choose(rng, n, SPECIALTY_COUNT_P))
    d["specialty_order"], d["specialty_mask"] = _top_k(
        rng, _specialty_logits(d), d["specialty_count"]
    )
    d["approach_count"] = 2 + _choose(rng, n, APPROACH_COUNT_P)
    d["approach_order"], d["approach_mask"] = _top_k(
        rng, _approach_logits(rng, d), d["approach_count"]
    )
    _draw_style(rng, d)


def _join_ordered(
    order: np.ndarray, counts: np.ndarray, keys: Sequence[str], relabel: np.ndarray
) -> list[str]:
    """Join each row's first counts[i] keys; relabelled rows use directory labels."""
    labels = [DIRECTORY_LABELS.get(key, key) for key in keys]
    rows = zip(order.tolist(), counts.tolist(), relabel.tolist(), strict=True)
    return [
        ";".join([(labels if alt else keys)[j] for j in row[:count]])
        for row, count, alt in rows
    ]


def _clinical_columns(rng: np.random.Generator, d: Draws) -> Columns:
    """Return approaches, specialties, populations and style columns."""
    _draw_clinical(rng, d)
    relabel = rng.random(len(d["state"])) < 0.045  # ~3% end up with a label
    columns = {
        "approaches": _join_ordered(
            d["approach_order"], d["approach_count"], APPROACHES, relabel
        ),
        "specialties": _join_ordered(
            d["specialty_order"], d["specialty_count"], CONCERNS, relabel
        ),
        "top_specialties": _top_specialties(d, relabel),
        "populations": _label_mask(d["populations"], POPULATIONS),
    }
    for i, dim in enumerate(STYLE_DIMENSIONS):
        columns[f"style_{dim}"] = _label_values(d["style"][:, i], d["style_given"])
    return columns


# ------------------------------------------------------------------ practice
def _session_formats(rng: np.random.Generator, d: Draws) -> list[str]:
    """Draw formats: couples work follows relationship specialties and LMFTs."""
    n, specialties = len(d["state"]), d["specialty_mask"]
    couples = specialties[:, CONCERNS.index("relationships")] | (d["credential"] == 2)
    family = d["populations"][:, 0] | specialties[:, CONCERNS.index("family_conflict")]
    p = np.stack(
        [
            np.full(n, 0.96),
            0.12 + 0.55 * couples,
            0.08 + 0.40 * family,
            np.full(n, 0.08),
        ],
        axis=1,
    )
    mask = rng.random(p.shape) < p
    mask[~mask.any(axis=1), 0] = True
    return _label_mask(mask, SESSION_FORMATS)


def _availability(rng: np.random.Generator, n: int) -> list[str]:
    """Draw availability (weekdays 90%, evenings 55%, weekends 15%)."""
    mask = rng.random((n, len(AVAILABILITY))) < np.array([0.90, 0.55, 0.15])
    mask[~mask.any(axis=1), 0] = True
    return _blank(_label_mask(mask, AVAILABILITY), rng.random(n) >= 0.05)


def _updated_at(rng: np.random.Generator, n: int) -> list[str]:
    """Draw confirmation dates before REFERENCE_DATE; ~10% over a year old."""
    fresh = np.minimum(rng.exponential(100, n), 364)
    stale = rng.uniform(366, 1460, n)
    days = np.where(rng.random(n) < 0.10, stale, fresh).astype(np.int64)
    codes, inverse = np.unique(days, return_inverse=True)
    dates = np.datetime64(REFERENCE_DATE) - codes.astype("timedelta64[D]")
    return _lookup(dates.astype(str).tolist(), inverse.ravel())


def _practice_columns(rng: np.random.Generator, d: Draws) -> Columns:
    """Return format, intake, session and availability columns."""
    n = len(d["state"])
    d["format"] = _choose(rng, n, (0.65, 0.22, 0.13))  # both, online, in person
    accepting = _choose(rng, n, (0.04, 0.84, 0.12))
    consultation = _choose(rng, n, (0.20, 0.60, 0.20))
    d["consultation"] = consultation == 1
    return {
        "in_person": _lookup(("true", "false", "true"), d["format"]),
        "telehealth": _lookup(("true", "true", "false"), d["format"]),
        "accepting_new_clients": _lookup(BOOL_LABELS, accepting),
        "free_consultation": _lookup(BOOL_LABELS, consultation),
        "session_formats": _session_formats(rng, d),
        "availability": _availability(rng, n),
        "updated_at": _updated_at(rng, n),
    }


def _draw_years(rng: np.random.Generator, d: Draws) -> None:
    """Draw years of experience; doctors start later and stay longer."""
    start = np.asarray((1, 1, 1, 2, 2, 4))[d["credential"]]
    shape = np.asarray((2.0, 2.0, 2.0, 2.2, 2.2, 2.5))[d["credential"]]
    years = np.minimum(start + rng.gamma(shape, 5.5), 45).astype(np.int64)
    d["years"], d["years_given"] = years, rng.random(len(years)) >= 0.06


def _insurance(rng: np.random.Generator, d: Draws, self_pay: np.ndarray) -> list[str]:
    """Draw accepted payers; Kaiser only where it operates, Tricare for veterans."""
    p = np.tile(np.asarray(INSURER_P, dtype=np.float32), (len(self_pay), 1))
    kaiser = np.array([s in KAISER_STATES for s in d["states"]])[d["state"]]
    p[:, INSURERS.index("Kaiser Permanente")] = np.where(kaiser, 0.30, 0.0)
    p[:, INSURERS.index("Medicaid")] += np.where(d["credential"] == 0, 0.2, 0.0)
    p[:, INSURERS.index("Tricare")] += np.where(d["identities"][:, 1], 0.5, 0.0)
    p[:, INSURERS.index("Medicare")] -= np.where(d["credential"] <= 2, 0.08, 0.0)
    mask = rng.random(p.shape) < p
    mask[~mask.any(axis=1), INSURERS.index("Blue Cross Blue Shield")] = True
    mask[self_pay] = False
    return _label_mask(mask, INSURERS)


def _fees(rng: np.random.Generator, d: Draws) -> list[str]:
    """Draw fees $80-250 by credential, region and experience, in steps of $5."""
    region = np.array([FEE_REGION.get(s, 1.0) for s in d["states"]])[d["state"]]
    fee = np.asarray(FEE_BASE)[d["credential"]] * region + 0.8 * (d["years"] - 10)
    fee = np.clip(np.rint((fee + rng.normal(0, 20, len(fee))) / 5) * 5, 80, 250)
    return _label_values(fee.astype(np.int64), rng.random(len(fee)) >= 0.05)


def _money_columns(rng: np.random.Generator, d: Draws) -> Columns:
    """Return insurance, fee, sliding scale and experience columns."""
    n = len(d["state"])
    _draw_years(rng, d)
    self_pay = rng.random(n) < np.asarray(SELF_PAY_P)[d["credential"]]
    says_yes = np.where(self_pay, 0.50, 0.28)  # self-pay therapists slide more
    roll = rng.random(n)
    sliding = np.where(roll < says_yes, 1, np.where(roll < says_yes + 0.45, 2, 0))
    return {
        "insurance": _insurance(rng, d, self_pay),
        "fee": _fees(rng, d),
        "sliding_scale": _lookup(BOOL_LABELS, sliding),
        "years_experience": _label_values(d["years"], d["years_given"]),
    }


# ----------------------------------------------------------------------- bio
class _BioFacts(NamedTuple):
    """What a bio may mention about one therapist."""

    first: str
    credential: str
    city: str
    state: str
    years: str
    populations: str
    specialties: list[int]
    approaches: list[int]
    style: tuple[int, int]
    style_given: bool
    directive: int
    format: int
    consultation: bool
    languages: str
    affirming: bool


def _pick(options: Sequence[str], roll: int) -> str:
    """Return one option chosen by a random integer."""
    return options[roll % len(options)]


def _specialty_sentence(specialties: list[int], roll: int) -> str:
    """Say what the therapist treats, in natural words."""
    words = [
        _pick(CONCERN_WORDS[CONCERNS[j]], roll >> (2 * i))
        for i, j in enumerate(specialties)
    ]
    template = _pick(SPECIALTY_TEMPLATES, roll >> 12)
    return template.format(list=_and_list(words), c1=words[0], c2=words[1])


def _approach_sentence(approaches: list[int], roll: int) -> str:
    """Say how the therapist works, in natural words."""
    words = [
        _pick(APPROACH_WORDS[APPROACHES[j]], roll >> i)
        for i, j in enumerate(approaches)
    ]
    template = _pick(APPROACH_TEMPLATES, roll >> 12)
    return template.format(list=_and_list(words), a1=words[0], a2=words[1])


def _intro_sentence(facts: _BioFacts, roll: int) -> str:
    """Open the bio with who the therapist is."""
    templates = INTRO_TEMPLATES if facts.years else INTRO_TEMPLATES_NO_YEARS
    return _pick(templates, roll).format(
        cred=facts.credential,
        city=facts.city,
        years=facts.years,
        first=facts.first,
        pops=facts.populations,
    )


def _extra_sentences(facts: _BioFacts, rolls: list[int]) -> list[tuple[int, str]]:
    """Return the optional sentences that are true of this therapist, by position."""
    fmt = _pick(FORMAT_SENTENCES[facts.format], rolls[4])
    extras = [(0, _intro_sentence(facts, rolls[2]))]
    if facts.style_given:
        extras.append((1, _pick(STYLE_SENTENCES[facts.style], rolls[3])))
    extras.append((2, fmt.format(city=facts.city, state=facts.state)))
    if facts.consultation:
        extras.append((3, _pick(CONSULT_SENTENCES, rolls[5])))
    if facts.languages:
        language = _pick(LANGUAGE_SENTENCES, rolls[6])
        extras.append((4, language.format(langs=facts.languages)))
    if facts.affirming:
        extras.append((5, _pick(AFFIRMING_SENTENCES, rolls[6])))
    return extras


def _style_sentences(facts: _BioFacts, roll: int) -> list[str]:
    """Say how the therapist works: how directive first, then their main lean."""
    said = [_pick(STYLE_SENTENCES[facts.style], roll)]
    if facts.style[0] != 0 and facts.directive != 0:
        said.insert(0, _pick(STYLE_SENTENCES[(0, facts.directive)], roll >> 1))
    return said


def _bio(facts: _BioFacts, rolls: list[int], sentences: int) -> str:
    """Assemble a bio of 2-5 sentences: specialties and approaches always.

    A profile that leaves its style empty always says how it works, so that
    its style can be estimated from its words.
    """
    core = [
        _specialty_sentence(facts.specialties, rolls[0]),
        _approach_sentence(facts.approaches, rolls[1]),
    ]
    if not facts.style_given:
        core += _style_sentences(facts, rolls[3])
    extras = _extra_sentences(facts, rolls)
    start = rolls[7] % len(extras)
    chosen = sorted((extras[start:] + extras[:start])[: sentences - 2])
    opening = [text for position, text in chosen if position == 0]
    return " ".join(opening + core + [text for pos, text in chosen if pos > 0])


def _firsts(order: np.ndarray, counts: np.ndarray, k: int) -> list[list[int]]:
    """Return each row's first min(count, k) ranked indices."""
    rows = zip(order[:, :k].tolist(), counts.tolist(), strict=True)
    return [row[: min(count, k)] for row, count in rows]


def _bio_facts(d: Draws, names: list[tuple[str, str, str]]) -> Iterable[_BioFacts]:
    """Gather per-profile bio facts from the drawn arrays."""
    years = _lookup(
        ("", "one year", *(f"{y} years" for y in range(2, 46))),
        np.where(d["years_given"], d["years"], 0),
    )
    style_keys = [(dim, sign) for dim in range(4) for sign in (-1, 0, 1)]
    style = [style_keys[code] for code in d["style_key"].tolist()]
    columns = (
        [name[1] for name in names],
        _lookup(CREDENTIAL_WORDS, d["credential"]),
        d["city"].tolist(),
        _lookup([STATE_NAMES.get(s, s) for s in d["states"]], d["state"]),
        years,
        _label_mask(d["populations"], POPULATION_WORDS, _and_list),
        _firsts(d["specialty_order"], d["specialty_count"], 4),
        _firsts(d["approach_order"], d["approach_count"], 3),
        style,
        d["style_given"].tolist(),
        np.sign(d["style"][:, 0]).tolist(),
        d["format"].tolist(),
        d["consultation"].tolist(),
        _label_mask(d["languages"][:, 1:], LANGUAGES[1:], _and_list),
        d["affirming"].tolist(),
    )
    return map(_BioFacts._make, zip(*columns, strict=True))


def _bios(
    rng: np.random.Generator, d: Draws, names: list[tuple[str, str, str]]
) -> list[str]:
    """Write a varied bio per profile that names its specialties and approaches."""
    n = len(names)
    sentences = (2 + _choose(rng, n, BIO_SENTENCES_P)).tolist()
    rolls = rng.integers(0, 1 << 30, (n, 8)).tolist()
    facts = _bio_facts(d, names)
    return [_bio(*row) for row in zip(facts, rolls, sentences, strict=True)]


# ------------------------------------------------------------------ profiles
def make_profiles(
    n: int, seed: int = 7, states: Sequence[str] = DEMO_STATES
) -> list[dict[str, str]]:
    """Return n synthetic therapist profiles as CSV-ready rows.

    Every value is text (lists joined with ";", "" for not given) and the keys
    are PROFILE_COLUMNS in contract order. The same seed gives the same rows.
    """
    if n <= 0:
        return []
    rng = np.random.default_rng(seed)
    d: Draws = {"states": tuple(dict.fromkeys(states))}  # unique, in order
    d["breadth_roll"] = np.random.default_rng([seed, 20]).random((n, 3))
    d["state"] = _draw_states(rng, n, d["states"])
    columns = _place_columns(rng, d) | _people_columns(rng, d)
    names = _draw_names(rng, d)
    columns |= _clinical_columns(rng, d) | _practice_columns(rng, d)
    columns |= _money_columns(rng, d) | _contact_columns(rng, d, names)
    columns["name"] = [name for name, _, _ in names]
    columns["bio"] = _bios(rng, d, names)
    columns["open_slots"] = open_slots(seed, columns["accepting_new_clients"])
    ordered = zip(*(columns[column] for column in PROFILE_COLUMNS), strict=True)
    return [dict(zip(PROFILE_COLUMNS, row, strict=True)) for row in ordered]
