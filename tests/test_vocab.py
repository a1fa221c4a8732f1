"""Vocabularies: the contract's keys exist, directory labels map, no collisions."""

from __future__ import annotations

import json

import pytest

from matcher.directory.vocab import VOCAB_DIR, normalise, vocabulary

CONTRACT_CONCERNS = (
    "anxiety depression trauma ocd adhd bipolar grief relationships family_conflict "
    "parenting addiction eating_disorders self_esteem stress anger insomnia "
    "lgbtq_issues life_transitions chronic_illness personality_disorders psychosis "
    "self_harm suicidal_thoughts career perinatal racial_identity spirituality "
    "sexual_abuse domestic_violence autism"
).split()
CONTRACT_APPROACHES = (
    "cbt dbt act emdr exposure_response_prevention cognitive_processing "
    "prolonged_exposure trauma_focused_cbt psychodynamic psychoanalytic "
    "person_centered humanistic existential gestalt ifs solution_focused narrative "
    "mindfulness_based motivational_interviewing interpersonal behavioral_activation "
    "family_systems emotionally_focused gottman attachment_based somatic schema "
    "art_therapy play_therapy compassion_focused"
).split()
NAMES = sorted(p.stem for p in VOCAB_DIR.glob("*.json"))


def test_contract_keys_exist():
    assert set(CONTRACT_CONCERNS) <= set(vocabulary("specialties").keys)
    assert set(CONTRACT_APPROACHES) <= set(vocabulary("approaches").keys)
    assert vocabulary("populations").keys == [
        "children",
        "adolescents",
        "adults",
        "older_adults",
    ]


@pytest.mark.parametrize(
    ("name", "label", "key"),
    [
        ("specialties", "Trauma and PTSD", "trauma"),
        ("specialties", "Obsessive-Compulsive (OCD)", "ocd"),
        ("specialties", "trauma & ptsd", "trauma"),
        ("specialties", "  ANXIETY ", "anxiety"),
        ("approaches", "Cognitive Behavioral (CBT)", "cbt"),
        ("approaches", "Internal Family Systems (IFS)", "ifs"),
        ("approaches", "Client-Centered", "person_centered"),
        ("languages", "Español", "Spanish"),
        ("languages", "ASL", "American Sign Language"),
        ("insurance", "BCBS", "blue_cross_blue_shield"),
        ("insurance", "MassHealth", "medicaid"),
        ("gender", "Female", "woman"),
        ("gender", "non-binary", "nonbinary"),
        ("populations", "Elders (65+)", "older_adults"),
    ],
)
def test_directory_labels_map_onto_keys(name, label, key):
    assert vocabulary(name).canonical(label) == key


def test_unknown_values_map_to_nothing():
    assert vocabulary("specialties").canonical("Sand tray adventures") is None


@pytest.mark.parametrize("name", NAMES)
def test_no_spelling_belongs_to_two_keys(name):
    raw = json.loads((VOCAB_DIR / f"{name}.json").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for entry in raw["entries"]:
        for spelling in (entry["key"], entry["label"], *entry.get("aliases", [])):
            folded = normalise(spelling)
            assert owner.setdefault(folded, entry["key"]) == entry["key"], spelling


@pytest.mark.parametrize("name", NAMES)
def test_every_entry_has_a_label_and_plain_words(name):
    for entry in vocabulary(name).entries.values():
        assert entry.label.strip() and entry.plain.strip(), entry.key
