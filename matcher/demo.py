"""Generate realistic synthetic therapist profiles and client requests for demos.

Everything is drawn from a seeded ``numpy.random.Generator`` so the same seed
gives byte-identical files. Profile columns are generated as whole arrays (one
vectorised draw per field) so a million profiles take seconds, not minutes;
only the joins into ``;``-separated strings and the bios loop over rows.
"""

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import compress
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import zipcodes

__all__ = [
    "DEMO_STATES",
    "PROFILE_COLUMNS",
    "REFERENCE_DATE",
    "REQUEST_KEYS",
    "make_profiles",
    "make_requests",
    "write_csv",
    "write_jsonl",
]

DEMO_STATES: tuple[str, ...] = ("MA", "NY", "CA", "TX", "IL", "WA", "GA")
# Fixed "today" so updated_at dates do not depend on when the generator runs.
REFERENCE_DATE = "2026-11-01"

PROFILE_COLUMNS: tuple[str, ...] = (
    "id", "name", "credentials", "license_states", "city", "state", "postal_code",
    "latitude", "longitude", "in_person", "telehealth", "accepting_new_clients",
    "gender", "pronouns", "ethnicity", "faith", "lgbtq_affirming", "identities",
    "languages", "approaches", "specialties", "populations", "session_formats",
    "style_directiveness", "style_intensity", "style_orientation", "style_challenge",
    "insurance", "fee", "sliding_scale", "free_consultation", "availability",
    "years_experience", "bio", "email", "phone", "website", "updated_at",
)  # fmt: skip
REQUEST_KEYS: tuple[str, ...] = (
    "request_id", "state", "format", "postal_code", "max_distance_km", "concerns",
    "concerns_text", "approaches", "session_format", "age_group", "style", "gender",
    "ethnicity", "faith", "lgbtq_affirming", "languages", "insurance", "max_fee",
    "availability", "include_not_accepting", "limit",
)  # fmt: skip
STYLE_DIMENSIONS = ("directiveness", "intensity", "orientation", "challenge")

# ---------------------------------------------------------------- vocabularies
CONCERNS: tuple[str, ...] = (
    "anxiety", "depression", "trauma", "ocd", "adhd", "bipolar", "grief",
    "relationships", "family_conflict", "parenting", "addiction", "eating_disorders",
    "self_esteem", "stress", "anger", "insomnia", "lgbtq_issues", "life_transitions",
    "chronic_illness", "personality_disorders", "psychosis", "self_harm",
    "suicidal_thoughts", "career", "perinatal", "racial_identity", "spirituality",
    "sexual_abuse", "domestic_violence", "autism",
)  # fmt: skip
APPROACHES: tuple[str, ...] = (
    "cbt", "dbt", "act", "emdr", "exposure_response_prevention",
    "cognitive_processing", "prolonged_exposure", "trauma_focused_cbt",
    "psychodynamic", "psychoanalytic", "person_centered", "humanistic", "existential",
    "gestalt", "ifs", "solution_focused", "narrative", "mindfulness_based",
    "motivational_interviewing", "interpersonal", "behavioral_activation",
    "family_systems", "emotionally_focused", "gottman", "attachment_based", "somatic",
    "schema", "art_therapy", "play_therapy", "compassion_focused",
)  # fmt: skip
POPULATIONS = ("children", "adolescents", "adults", "older_adults")
SESSION_FORMATS = ("individual", "couples", "family", "group")
AVAILABILITY = ("weekdays", "evenings", "weekends")
GENDERS = ("woman", "man", "nonbinary")
ETHNICITIES = (
    "white", "black", "hispanic_latino", "asian", "south_asian", "multiracial",
    "middle_eastern_north_african", "native_american", "pacific_islander",
)  # fmt: skip
FAITHS = ("christian", "catholic", "jewish", "muslim", "buddhist", "hindu", "sikh",
          "secular")  # fmt: skip
IDENTITIES = ("lgbtq", "veteran", "immigrant", "person_of_color", "parent")
LANGUAGES = (
    "English", "Spanish", "Mandarin", "Cantonese", "Vietnamese", "Haitian Creole",
    "Korean", "Russian", "Portuguese", "Arabic", "French", "Tagalog", "Hindi",
    "American Sign Language",
)  # fmt: skip
INSURERS = (
    "Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare", "Medicaid",
    "Medicare", "Optum", "Kaiser Permanente", "Tricare", "Humana", "Magellan",
)  # fmt: skip
# Directory labels written instead of keys in ~3% of rows (import must map them).
DIRECTORY_LABELS = {
    "trauma": "Trauma and PTSD",
    "ocd": "Obsessive-Compulsive (OCD)",
    "cbt": "Cognitive Behavioral (CBT)",
}

# Credential groups; index 1 is the state's counselor licence (LMHC or LPC).
CREDENTIAL_GROUPS = ("LCSW", "counselor", "LMFT", "PhD", "PsyD", "MD")
CREDENTIAL_P = (0.30, 0.28, 0.15, 0.13, 0.11, 0.03)
LMHC_STATES = frozenset({"MA", "NY", "WA", "NH", "RI", "FL"})
BOOL_LABELS = ("", "true", "false")  # index 0: not given
CREDENTIAL_WORDS = (
    "licensed clinical social worker", "licensed counselor",
    "licensed marriage and family therapist", "licensed psychologist",
    "licensed psychologist", "psychiatrist",
)  # fmt: skip

STATE_NAMES = {
    "MA": "Massachusetts", "NY": "New York", "CA": "California", "TX": "Texas",
    "IL": "Illinois", "WA": "Washington", "GA": "Georgia",
}  # fmt: skip
STATE_WEIGHTS = {"CA": 22, "NY": 17, "TX": 15, "MA": 13, "IL": 11, "WA": 10, "GA": 12}
NEIGHBOURS = {
    "MA": ("NH", "RI", "CT", "NY", "VT"),
    "NY": ("NJ", "CT", "PA", "MA", "VT"),
    "CA": ("NV", "OR", "AZ"),
    "TX": ("OK", "NM", "LA", "AR"),
    "IL": ("IN", "WI", "MO", "IA", "KY"),
    "WA": ("OR", "ID"),
    "GA": ("FL", "SC", "NC", "AL", "TN"),
}
# (lat, lon, share of the state's therapists) for the main metro areas.
METROS = {
    "MA": ((42.36, -71.06, 0.62), (42.26, -71.80, 0.12), (42.10, -72.59, 0.10),
           (42.63, -71.32, 0.08)),
    "NY": ((40.73, -73.99, 0.66), (42.89, -78.88, 0.08), (43.16, -77.61, 0.07),
           (42.65, -73.75, 0.07), (43.05, -76.15, 0.05)),
    "CA": ((34.05, -118.24, 0.38), (37.77, -122.42, 0.22), (32.72, -117.16, 0.13),
           (37.34, -121.89, 0.10), (38.58, -121.49, 0.08)),
    "TX": ((29.76, -95.37, 0.28), (32.78, -96.80, 0.28), (30.27, -97.74, 0.17),
           (29.42, -98.49, 0.14), (31.76, -106.49, 0.04)),
    "IL": ((41.88, -87.63, 0.80), (39.78, -89.65, 0.05), (40.69, -89.59, 0.04),
           (40.12, -88.24, 0.04), (42.27, -89.09, 0.03)),
    "WA": ((47.61, -122.33, 0.65), (47.66, -117.43, 0.12), (47.25, -122.44, 0.10),
           (47.04, -122.90, 0.05), (45.64, -122.66, 0.05)),
    "GA": ((33.75, -84.39, 0.75), (32.08, -81.09, 0.07), (33.47, -81.97, 0.05),
           (32.84, -83.63, 0.04), (33.96, -83.38, 0.04)),
}  # fmt: skip
METRO_SCALE_KM = 15.0
RURAL_SHARE = 0.08

# ------------------------------------------------------------ clinical realism
# Log-weights: how often a therapist lists each concern as a specialty.
SPECIALTY_PRIOR = {
    "anxiety": 2.0, "depression": 1.9, "trauma": 1.5, "relationships": 1.0,
    "stress": 1.0, "life_transitions": 0.9, "self_esteem": 0.9, "grief": 0.6,
    "family_conflict": 0.4, "parenting": 0.3, "adhd": 0.3, "ocd": 0.0,
    "addiction": 0.1, "lgbtq_issues": 0.1, "career": 0.0, "anger": -0.2,
    "eating_disorders": -0.4, "bipolar": -0.4, "insomnia": -0.4,
    "chronic_illness": -0.5, "personality_disorders": -0.6, "self_harm": -0.5,
    "perinatal": -0.8, "racial_identity": -0.6, "spirituality": -0.5,
    "sexual_abuse": -0.3, "domestic_violence": -0.5, "suicidal_thoughts": -0.4,
    "autism": -0.7, "psychosis": -1.3,
}  # fmt: skip
SPECIALTY_BY_CREDENTIAL = {
    "LMFT": {"relationships": 1.5, "family_conflict": 1.2, "parenting": 0.8},
    "MD": {"bipolar": 1.8, "psychosis": 1.8, "adhd": 1.0, "depression": 0.5},
    "PhD": {"ocd": 0.5, "adhd": 0.4, "personality_disorders": 0.4},
    "PsyD": {"ocd": 0.4, "trauma": 0.3, "personality_disorders": 0.4},
}
SPECIALTY_BY_POPULATION = {
    "children": {"adhd": 1.2, "autism": 1.3, "parenting": 0.8, "family_conflict": 0.6},
    "adolescents": {"self_harm": 0.6, "eating_disorders": 0.3, "self_esteem": 0.3},
    "older_adults": {"grief": 0.8, "chronic_illness": 0.6, "life_transitions": 0.4},
}
SPECIALTY_BY_IDENTITY = {
    "lgbtq": {"lgbtq_issues": 2.0},
    "person_of_color": {"racial_identity": 1.5},
    "veteran": {"trauma": 1.2, "anger": 0.8},
    "immigrant": {"life_transitions": 0.5, "racial_identity": 0.5},
    "parent": {"parenting": 0.5, "perinatal": 0.4},
}
SPECIALTY_COUNT_P = (0.12, 0.18, 0.20, 0.20, 0.17, 0.13)  # 3..8 specialties
APPROACH_COUNT_P = (0.20, 0.35, 0.30, 0.15)  # 2..5 approaches
# Listed first = main focus: weights by list position.
SPECIALTY_RANK_W = (1.2, 1.0, 0.9, 0.6, 0.5, 0.4, 0.4, 0.4)
APPROACH_RANK_W = (2.0, 1.2, 1.0, 0.8, 0.8)

# Approaches that fit each concern, best fit first.
CONCERN_APPROACHES = {
    "anxiety": ("cbt", "act", "mindfulness_based", "compassion_focused"),
    "depression": ("cbt", "behavioral_activation", "interpersonal", "psychodynamic"),
    "trauma": ("emdr", "cognitive_processing", "trauma_focused_cbt",
               "prolonged_exposure", "somatic", "ifs"),
    "ocd": ("exposure_response_prevention", "cbt", "act"),
    "adhd": ("cbt", "solution_focused", "mindfulness_based"),
    "bipolar": ("cbt", "interpersonal", "dbt"),
    "grief": ("narrative", "existential", "person_centered", "attachment_based"),
    "relationships": ("gottman", "emotionally_focused", "attachment_based"),
    "family_conflict": ("family_systems", "narrative", "solution_focused"),
    "parenting": ("attachment_based", "family_systems", "solution_focused"),
    "addiction": ("motivational_interviewing", "cbt", "dbt", "mindfulness_based"),
    "eating_disorders": ("cbt", "dbt", "family_systems", "act"),
    "self_esteem": ("compassion_focused", "person_centered", "cbt", "ifs"),
    "stress": ("mindfulness_based", "cbt", "solution_focused", "act"),
    "anger": ("cbt", "dbt", "mindfulness_based"),
    "insomnia": ("cbt", "mindfulness_based"),
    "lgbtq_issues": ("person_centered", "narrative", "humanistic"),
    "life_transitions": ("solution_focused", "existential", "narrative"),
    "chronic_illness": ("act", "mindfulness_based", "compassion_focused"),
    "personality_disorders": ("dbt", "schema", "psychodynamic"),
    "psychosis": ("cbt", "family_systems"),
    "self_harm": ("dbt", "compassion_focused"),
    "suicidal_thoughts": ("dbt", "cbt"),
    "career": ("solution_focused", "cbt", "existential"),
    "perinatal": ("interpersonal", "cbt", "attachment_based"),
    "racial_identity": ("narrative", "humanistic", "person_centered"),
    "spirituality": ("existential", "mindfulness_based", "humanistic"),
    "sexual_abuse": ("emdr", "trauma_focused_cbt", "somatic", "ifs"),
    "domestic_violence": ("trauma_focused_cbt", "person_centered", "somatic"),
    "autism": ("cbt", "family_systems", "solution_focused"),
}  # fmt: skip
# A therapist's training school boosts its approaches.
SCHOOLS = {
    "cognitive_behavioral": {
        "cbt": 2.5, "dbt": 1.0, "act": 1.2, "exposure_response_prevention": 0.3,
        "behavioral_activation": 1.0, "cognitive_processing": 0.6,
        "trauma_focused_cbt": 0.6, "mindfulness_based": 0.5, "schema": 0.4,
        "motivational_interviewing": 0.4, "prolonged_exposure": 0.4,
    },
    "psychodynamic": {
        "psychodynamic": 2.8, "psychoanalytic": 1.2, "attachment_based": 1.2,
        "interpersonal": 1.0, "existential": 0.4, "ifs": 0.3, "schema": 0.3,
    },
    "humanistic": {
        "person_centered": 2.2, "humanistic": 1.8, "existential": 1.0, "gestalt": 0.8,
        "mindfulness_based": 0.8, "somatic": 0.8, "ifs": 0.8,
        "compassion_focused": 0.8, "narrative": 0.6, "art_therapy": 0.4,
    },
    "integrative": {
        "cbt": 1.0, "act": 1.0, "mindfulness_based": 1.0, "ifs": 1.0, "emdr": 0.8,
        "person_centered": 0.8, "solution_focused": 0.6, "compassion_focused": 0.6,
        "somatic": 0.5, "psychodynamic": 0.5, "narrative": 0.4,
        "motivational_interviewing": 0.4,
    },
    "systemic": {
        "family_systems": 2.5, "emotionally_focused": 1.5, "gottman": 1.5,
        "narrative": 1.0, "solution_focused": 1.0, "attachment_based": 0.8,
    },
}  # fmt: skip
SCHOOL_P_BY_CREDENTIAL = (
    (0.30, 0.15, 0.20, 0.25, 0.10),  # LCSW
    (0.30, 0.08, 0.27, 0.28, 0.07),  # counselor
    (0.15, 0.07, 0.18, 0.20, 0.40),  # LMFT
    (0.50, 0.20, 0.08, 0.20, 0.02),  # PhD
    (0.40, 0.25, 0.10, 0.23, 0.02),  # PsyD
    (0.45, 0.35, 0.02, 0.18, 0.00),  # MD
)
APPROACH_BY_POPULATION = {
    "children": {"play_therapy": 8.5, "art_therapy": 1.5, "family_systems": 1.0},
    "adolescents": {"dbt": 0.6, "family_systems": 0.5, "art_therapy": 0.3},
}
# CBT is the most widely trained approach; play therapy needs child clients.
APPROACH_PRIOR = {"cbt": 0.8, "emdr": 0.3, "mindfulness_based": 0.2,
                  "play_therapy": -6.0}  # fmt: skip
# C-NIP loadings (directiveness, intensity, orientation, challenge) per approach.
STYLE_LOADINGS = {
    "cbt": (2, 0, -2, 1), "dbt": (2, 1, -1, 1), "act": (1, 0, -2, 0),
    "emdr": (1, 2, 1, 0), "exposure_response_prevention": (3, 1, -2, 2),
    "cognitive_processing": (2, 1, 0, 1), "prolonged_exposure": (2, 2, 1, 1),
    "trauma_focused_cbt": (2, 1, 0, 0), "psychodynamic": (-1, 1, 3, 1),
    "psychoanalytic": (-2, 1, 3, 1), "person_centered": (-3, 0, -1, -2),
    "humanistic": (-2, 1, -1, -1), "existential": (-1, 1, 0, 1),
    "gestalt": (0, 2, -1, 1), "ifs": (-1, 2, 1, -1), "solution_focused": (1, -1, -3, 0),
    "narrative": (-1, 0, 0, -1), "mindfulness_based": (0, -1, -2, -1),
    "motivational_interviewing": (-1, 0, -2, -1), "interpersonal": (0, 1, 0, 0),
    "behavioral_activation": (2, 0, -2, 1), "family_systems": (0, 1, 1, 0),
    "emotionally_focused": (-1, 2, 1, -1), "gottman": (2, 1, -1, 1),
    "attachment_based": (-1, 1, 2, -1), "somatic": (-1, 1, 0, -1),
    "schema": (1, 2, 2, 1), "art_therapy": (-2, 1, 0, -2),
    "play_therapy": (-2, 0, 0, -2), "compassion_focused": (-1, 0, 0, -3),
}  # fmt: skip

ETHNICITY_KEYS = (*ETHNICITIES, "")  # index len(ETHNICITIES): not given
# Ethnicity weights by state (ETHNICITIES order, then "not given").
ETHNICITY_P = {
    "default": (0.53, 0.08, 0.08, 0.05, 0.02, 0.03, 0.02, 0.01, 0.01, 0.17),
    "CA": (0.39, 0.05, 0.17, 0.12, 0.03, 0.04, 0.02, 0.005, 0.015, 0.16),
    "TX": (0.45, 0.09, 0.20, 0.03, 0.03, 0.02, 0.01, 0.005, 0.005, 0.16),
    "NY": (0.48, 0.12, 0.11, 0.07, 0.03, 0.03, 0.01, 0.0, 0.0, 0.15),
    "GA": (0.45, 0.25, 0.05, 0.03, 0.02, 0.03, 0.01, 0.0, 0.0, 0.16),
    "MA": (0.60, 0.07, 0.07, 0.05, 0.02, 0.02, 0.01, 0.0, 0.0, 0.16),
    "WA": (0.56, 0.03, 0.06, 0.09, 0.03, 0.04, 0.01, 0.01, 0.01, 0.16),
    "IL": (0.52, 0.11, 0.11, 0.05, 0.03, 0.02, 0.01, 0.0, 0.0, 0.15),
}  # fmt: skip
# Chance of speaking each language (LANGUAGES order) by office state.
LANGUAGE_P = {
    "default": {"Spanish": 0.06, "French": 0.01, "American Sign Language": 0.005},
    "CA": {"Spanish": 0.16, "Mandarin": 0.02, "Cantonese": 0.015, "Korean": 0.01,
           "Vietnamese": 0.01, "Tagalog": 0.01, "Russian": 0.005, "French": 0.01},
    "TX": {"Spanish": 0.20, "Vietnamese": 0.005, "French": 0.01},
    "NY": {"Spanish": 0.10, "Russian": 0.03, "Haitian Creole": 0.015, "French": 0.02,
           "Mandarin": 0.01, "Cantonese": 0.01},
    "MA": {"Spanish": 0.07, "Portuguese": 0.04, "Haitian Creole": 0.025,
           "French": 0.015, "Mandarin": 0.01, "Vietnamese": 0.005},
    "IL": {"Spanish": 0.10, "Russian": 0.02, "Arabic": 0.005, "Korean": 0.005},
    "WA": {"Spanish": 0.05, "Russian": 0.02, "Vietnamese": 0.01, "Korean": 0.01,
           "Mandarin": 0.01, "Tagalog": 0.005},
    "GA": {"Spanish": 0.05, "Korean": 0.01, "French": 0.01, "Vietnamese": 0.005},
}  # fmt: skip
# Heritage languages by ethnicity (added to the state chance).
LANGUAGE_BY_ETHNICITY = {
    "hispanic_latino": {"Spanish": 0.60, "Portuguese": 0.03},
    "asian": {"Mandarin": 0.15, "Cantonese": 0.10, "Vietnamese": 0.10,
              "Korean": 0.10, "Tagalog": 0.07},
    "south_asian": {"Hindi": 0.40},
    "middle_eastern_north_african": {"Arabic": 0.45, "French": 0.10},
    "black": {"Haitian Creole": 0.05, "French": 0.05},
}  # fmt: skip
IMMIGRANT_P = (0.04, 0.10, 0.30, 0.35, 0.40, 0.05, 0.40, 0.0, 0.10, 0.04)
FAITH_P = (0.32, 0.15, 0.13, 0.06, 0.07, 0.03, 0.01, 0.23)
FAITH_BY_ETHNICITY = {
    "middle_eastern_north_african": {"muslim": 0.8},
    "south_asian": {"hindu": 0.8, "muslim": 0.3, "sikh": 0.25},
    "asian": {"buddhist": 0.4, "christian": 0.2},
    "hispanic_latino": {"catholic": 0.6},
    "black": {"christian": 0.6},
}
FAITH_GIVEN_P = 0.28
INSURER_P = (0.60, 0.80, 0.55, 0.50, 0.28, 0.22, 0.35, 0.0, 0.12, 0.12, 0.15)
KAISER_STATES = frozenset({"CA", "WA", "GA", "CO", "OR", "MD", "VA", "HI", "DC"})
SELF_PAY_P = (0.15, 0.18, 0.22, 0.35, 0.35, 0.45)  # by credential group
FEE_BASE = (130, 120, 135, 185, 175, 250)  # by credential group
FEE_REGION = {"CA": 1.15, "NY": 1.15, "MA": 1.10, "WA": 1.05, "TX": 0.92, "GA": 0.90}
PRONOUNS = {
    "woman": (("she/her", 0.75), ("she/they", 0.05), ("", 0.20)),
    "man": (("he/him", 0.75), ("he/they", 0.03), ("", 0.22)),
    "nonbinary": (("they/them", 0.80), ("she/they", 0.08), ("he/they", 0.05),
                  ("", 0.07)),
}  # fmt: skip

# ---------------------------------------------------------------------- names
# Name pools by origin: (women's first names, men's first names, last names).
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (  # Anglo / Western European / Jewish American
        ("Emily", "Sarah", "Jessica", "Rachel", "Katherine", "Megan", "Laura",
         "Amanda", "Elizabeth", "Hannah", "Claire", "Molly", "Caroline", "Lauren",
         "Allison", "Rebecca", "Julia", "Anne", "Margaret", "Heather", "Kristen",
         "Abigail", "Erin", "Shannon", "Leah", "Miriam"),
        ("Michael", "David", "James", "Daniel", "Matthew", "Andrew", "Christopher",
         "Ryan", "Benjamin", "Thomas", "Patrick", "Jonathan", "Nathan", "William",
         "Robert", "Brian", "Kevin", "Sean", "Peter", "Eric", "Mark", "Jacob",
         "Aaron", "Samuel"),
        ("Smith", "Johnson", "Miller", "Davis", "Anderson", "Taylor", "Moore",
         "Martin", "Thompson", "White", "Clark", "Lewis", "Walker", "Hall", "Allen",
         "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
         "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
         "Turner", "Parker", "Collins", "Edwards", "Stewart", "Murphy", "Cook",
         "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Kelly",
         "Howard", "Ward", "Richardson", "Brooks", "Bennett", "Gray", "O'Brien",
         "Sullivan", "Fitzgerald", "Schmidt", "Weber", "Becker", "Rossi", "Russo",
         "Lombardi", "Cohen", "Goldberg", "Levine", "Friedman", "Katz", "Shapiro"),
    ),
    (  # Hispanic / Latino
        ("María", "Ana", "Sofía", "Gabriela", "Lucía", "Isabel", "Daniela",
         "Valeria", "Camila", "Alejandra", "Carmen", "Rosa", "Paula", "Mariana",
         "Natalia", "Adriana", "Elena", "Verónica"),
        ("José", "Luis", "Carlos", "Juan", "Miguel", "Javier", "Diego", "Alejandro",
         "Andrés", "Ricardo", "Fernando", "Jorge", "Mateo", "Rafael", "Eduardo",
         "Antonio", "Gabriel", "Manuel"),
        ("García", "Rodríguez", "Martínez", "Hernández", "López", "González",
         "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez",
         "Díaz", "Morales", "Reyes", "Cruz", "Ortiz", "Gutiérrez", "Chávez",
         "Ramos", "Ruiz", "Mendoza", "Castillo", "Vargas", "Romero", "Herrera",
         "Medina", "Aguilar", "Vega"),
    ),
    (  # East and Southeast Asian
        ("Mei", "Li", "Xiaoling", "Jia", "Yuna", "Ji-woo", "Min-ji", "Seo-yeon",
         "Linh", "Thao", "Mai", "Hoa", "Yuki", "Haruka", "Aiko", "Grace",
         "Jennifer", "Michelle", "Christine", "Maricel", "Angelica", "Joy"),
        ("Wei", "Jun", "Hao", "Ming", "Min-jun", "Ji-hoon", "Seung", "Minh", "Duc",
         "Tuan", "Hiroshi", "Kenji", "Takeshi", "Kevin", "Andrew", "Jason",
         "Daniel", "Rommel", "Paolo"),
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Wu", "Yang", "Kim",
         "Lee", "Park", "Choi", "Jung", "Nguyen", "Tran", "Le", "Pham", "Vu",
         "Tanaka", "Sato", "Nakamura", "Yamamoto", "Wong", "Chan", "Cheung",
         "Santos", "Dela Cruz", "Bautista", "Mendoza"),
    ),
    (  # South Asian
        ("Priya", "Ananya", "Deepa", "Kavya", "Neha", "Pooja", "Sunita", "Meera",
         "Aisha", "Simran", "Harpreet", "Lakshmi", "Shreya", "Divya", "Nisha"),
        ("Raj", "Arjun", "Vikram", "Rahul", "Sanjay", "Amit", "Rohan", "Anil",
         "Suresh", "Karan", "Harjit", "Imran", "Nikhil", "Vivek", "Ravi"),
        ("Patel", "Shah", "Sharma", "Singh", "Gupta", "Kumar", "Reddy", "Rao",
         "Iyer", "Mehta", "Desai", "Joshi", "Kapoor", "Malhotra", "Chowdhury",
         "Bhatt", "Nair", "Menon", "Khan", "Ahmed"),
    ),
    (  # African American, African, Caribbean
        ("Keisha", "Aaliyah", "Imani", "Jasmine", "Tiana", "Nia", "Ebony",
         "Monique", "Danielle", "Tamika", "Shanice", "Adaeze", "Chioma", "Amara",
         "Fatou", "Nadège", "Marie-Claire", "Latoya", "Ayana", "Kiara"),
        ("Jamal", "Darnell", "Malik", "Andre", "Terrence", "Marcus", "DeShawn",
         "Tyrone", "Jerome", "Kwame", "Chukwuemeka", "Oluwaseun", "Ibrahima",
         "Jean-Baptiste", "Reginald", "Cedric", "Darius", "Isaiah"),
        ("Washington", "Jackson", "Williams", "Brown", "Jones", "Harris",
         "Robinson", "Jenkins", "Coleman", "Jefferson", "Banks", "Freeman",
         "Okafor", "Adeyemi", "Mensah", "Diallo", "Toussaint", "Pierre", "Baptiste",
         "Joseph", "Charles", "Obi", "Owusu", "Ndlovu", "Boateng"),
    ),
    (  # Middle Eastern and North African
        ("Fatima", "Layla", "Noor", "Yasmin", "Mariam", "Leila", "Rana", "Dina",
         "Hala", "Zeynep", "Shirin", "Nadia", "Samira", "Amira"),
        ("Omar", "Ahmed", "Mohammed", "Ali", "Hassan", "Karim", "Youssef", "Tariq",
         "Samir", "Khalid", "Reza", "Emre", "Kareem", "Bilal"),
        ("Haddad", "Khoury", "Mansour", "Saleh", "Nasser", "Hakimi", "Farah",
         "Aziz", "Hussein", "Abbas", "Rahimi", "Karimi", "Yilmaz", "Demir",
         "Sabbagh", "Hamdan", "Daher", "Ghanem"),
    ),
    (  # Eastern European
        ("Anna", "Olga", "Natasha", "Katarzyna", "Irina", "Svetlana", "Agnieszka",
         "Milena", "Yelena", "Daria", "Ivana", "Tatiana"),
        ("Dmitri", "Alexei", "Ivan", "Pavel", "Piotr", "Tomasz", "Sergei",
         "Nikolai", "Andrei", "Marek", "Viktor", "Mikhail"),
        ("Ivanov", "Petrov", "Smirnov", "Kowalski", "Nowak", "Wiśniewski", "Novak",
         "Horvat", "Popescu", "Sokolov", "Volkov", "Kuznetsov", "Lewandowski",
         "Dvořák", "Kovalenko", "Shevchenko"),
    ),
)  # fmt: skip
NEUTRAL_FIRST_NAMES = (
    "Alex", "Jordan", "Sam", "Riley", "Avery", "Quinn", "Rowan", "Kai", "Sage",
    "Morgan", "Jesse", "River", "Charlie", "Emerson", "Skyler", "Dakota", "Ari",
    "Casey", "Jamie", "Robin", "Taylor", "Reese", "Ash", "Finley",
)  # fmt: skip
# Name pool by ethnicity (ETHNICITIES order, then "not given"); mixed for the rest.
POOL_BY_ETHNICITY = (0, 4, 1, 2, 3, -1, 5, -1, -1, -1)
POOL_MIX_P = (0.55, 0.12, 0.08, 0.04, 0.08, 0.04, 0.09)
OWN_POOL_P = 0.75  # otherwise names come from the general mix
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"
WEB_SUFFIXES = ("therapy", "counseling", "psychotherapy", "wellness", "")

# ------------------------------------------------------------------ bio words
# Natural phrases for each concern, with the everyday words clients use.
CONCERN_WORDS = {
    "anxiety": ("anxiety", "worry and panic attacks", "anxiety and panic"),
    "depression": ("depression", "low mood and depression",
                   "hopelessness and depression"),
    "trauma": ("trauma and PTSD", "trauma with flashbacks and nightmares",
               "the aftermath of traumatic events"),
    "ocd": ("OCD", "obsessive-compulsive disorder and intrusive thoughts",
            "compulsions and intrusive thoughts"),
    "adhd": ("ADHD", "ADHD and trouble focusing", "attention problems and ADHD"),
    "bipolar": ("bipolar disorder", "mood swings and bipolar disorder"),
    "grief": ("grief and loss", "grief after losing a loved one"),
    "relationships": ("relationship problems", "couples conflict and communication",
                      "relationship issues and breakups"),
    "family_conflict": ("family conflict", "tension and conflict within families"),
    "parenting": ("parenting challenges", "parenting stress"),
    "addiction": ("addiction and substance use", "drinking and drug use"),
    "eating_disorders": ("eating disorders", "disordered eating and body image"),
    "self_esteem": ("self-esteem", "low self-worth and self-criticism"),
    "stress": ("stress and burnout", "work stress and feeling overwhelmed"),
    "anger": ("anger management", "anger and losing your temper"),
    "insomnia": ("insomnia and sleep problems", "trouble sleeping"),
    "lgbtq_issues": ("LGBTQ+ concerns", "gender identity and sexuality questions",
                     "coming out and LGBTQ+ identity"),
    "life_transitions": ("life transitions",
                         "major life changes such as a move or divorce"),
    "chronic_illness": ("chronic illness and pain", "living with chronic illness"),
    "personality_disorders": ("personality disorders",
                              "borderline personality disorder"),
    "psychosis": ("psychosis", "psychosis and hearing voices"),
    "self_harm": ("self-harm", "self-injury and cutting"),
    "suicidal_thoughts": ("suicidal thoughts", "suicidal ideation"),
    "career": ("career concerns", "work problems and career decisions"),
    "perinatal": ("perinatal and postpartum mental health",
                  "postpartum depression and anxiety"),
    "racial_identity": ("racial identity", "racism and racial stress"),
    "spirituality": ("spirituality", "spiritual and religious questions"),
    "sexual_abuse": ("sexual abuse", "healing from sexual abuse and assault"),
    "domestic_violence": ("domestic violence",
                          "abusive relationships and domestic violence"),
    "autism": ("autism", "autism and neurodiversity"),
}  # fmt: skip
APPROACH_WORDS = {
    "cbt": ("cognitive behavioral therapy (CBT)", "CBT"),
    "dbt": ("dialectical behavior therapy (DBT)", "DBT skills"),
    "act": ("acceptance and commitment therapy (ACT)", "ACT"),
    "emdr": ("EMDR", "EMDR therapy"),
    "exposure_response_prevention": ("exposure and response prevention (ERP)",),
    "cognitive_processing": ("cognitive processing therapy (CPT)",),
    "prolonged_exposure": ("prolonged exposure therapy",),
    "trauma_focused_cbt": ("trauma-focused CBT",),
    "psychodynamic": ("psychodynamic therapy", "psychodynamic psychotherapy"),
    "psychoanalytic": ("psychoanalytic psychotherapy",),
    "person_centered": ("person-centered therapy", "person-centered counseling"),
    "humanistic": ("humanistic therapy",),
    "existential": ("existential therapy",),
    "gestalt": ("Gestalt therapy",),
    "ifs": ("Internal Family Systems (IFS)", "IFS parts work"),
    "solution_focused": ("solution-focused therapy",),
    "narrative": ("narrative therapy",),
    "mindfulness_based": ("mindfulness-based therapy", "mindfulness practices"),
    "motivational_interviewing": ("motivational interviewing",),
    "interpersonal": ("interpersonal therapy (IPT)",),
    "behavioral_activation": ("behavioral activation",),
    "family_systems": ("family systems therapy",),
    "emotionally_focused": ("emotionally focused therapy (EFT)",),
    "gottman": ("the Gottman Method",),
    "attachment_based": ("attachment-based therapy",),
    "somatic": ("somatic therapy", "body-based somatic work"),
    "schema": ("schema therapy",),
    "art_therapy": ("art therapy",),
    "play_therapy": ("play therapy",),
    "compassion_focused": ("compassion-focused therapy",),
}
POPULATION_WORDS = ("children", "teens", "adults", "older adults")
INTRO_TEMPLATES = (
    "I am a {cred} based in {city} with {years} of experience.",
    "I'm {first}, a {cred} who works with {pops}.",
    "Hi, I'm {first}. I have been helping {pops} for {years}.",
    "As a {cred}, I have spent the last {years} working with {pops}.",
    "Reaching out to a therapist takes courage, and I'm glad you're here.",
    "Therapy can be a place to slow down and make sense of what is happening in "
    "your life.",
)
INTRO_TEMPLATES_NO_YEARS = tuple(t for t in INTRO_TEMPLATES if "{years}" not in t)
SPECIALTY_TEMPLATES = (
    "I specialize in {list}.",
    "Much of my work focuses on {c1} and {c2}.",
    "Clients often come to me for help with {list}.",
    "I have particular experience with {c1}, and I also work with people facing {c2}.",
    "Whether you are dealing with {c1} or {c2}, we can work through it together.",
    "My practice centers on {list}.",
)
APPROACH_TEMPLATES = (
    "I draw on {list}.",
    "My approach combines {a1} with {a2}.",
    "In our sessions we use {list}, tailored to your goals.",
    "I am trained in {a1}, which I often use alongside {a2}.",
    "I integrate {list} depending on what you need.",
    "Most of my work draws on {a1}, and I also use {a2}.",
)
# Style sentences by (dimension, sign): the dominant C-NIP scale shows in the bio.
STYLE_SENTENCES = {
    (0, 1): ("Sessions are structured, and I offer practical tools and exercises "
             "to practice between sessions.",
             "I take an active role, set clear goals with you and suggest homework."),
    (0, -1): ("You set the pace and the direction, and I follow your lead.",
              "I see therapy as a collaboration in which you are the expert on your "
              "own life."),
    (1, 1): ("I welcome strong emotions in the room, and we will go to the feelings "
             "that matter.",
             "Therapy with me can be emotionally intense, because that is often "
             "where change happens."),
    (1, -1): ("We move at a gentle, steady pace so that sessions never feel "
              "overwhelming.",
              "I keep things calm and grounded, especially when emotions run high."),
    (2, 1): ("We explore how your past and early relationships shape the patterns "
             "you notice today.",
             "Understanding your history is a big part of how we work."),
    (2, -1): ("We focus on the here and now and on practical steps toward the life "
              "you want.",
              "Rather than dwelling on the past, we concentrate on your goals."),
    (3, 1): ("I will gently challenge you when I notice patterns that keep you "
             "stuck.",
             "I'm direct and will push you toward growth when you are ready."),
    (3, -1): ("I offer a warm, nonjudgmental space where you can feel accepted as "
              "you are.",
              "Above all, I want you to feel supported and understood."),
    (0, 0): ("I adapt my style to what each person needs.",),
}  # fmt: skip
FORMAT_SENTENCES = (
    ("I see clients in my {city} office and online.",
     "Sessions are available in person in {city} or by telehealth."),
    ("All sessions are held by secure video, so you can join from anywhere in "
     "{state}.", "My practice is fully online."),
    ("I see clients in person at my office in {city}.",
     "Sessions take place in my {city} office."),
)  # fmt: skip
CONSULT_SENTENCES = (
    "I offer a free 15-minute consultation so we can see whether we are a good fit.",
    "Feel free to book a free phone consultation to ask any questions.",
)
LANGUAGE_SENTENCES = (
    "I also offer therapy in {langs}.",
    "Sessions are available in English and {langs}.",
)
AFFIRMING_SENTENCES = (
    "I am LGBTQ+-affirming and welcome clients of every identity.",
    "My practice is an affirming space for LGBTQ+ clients.",
)
BIO_SENTENCES_P = (0.15, 0.35, 0.30, 0.20)  # 2..5 sentences

# ------------------------------------------------------------------- requests
REQUEST_KIND_P = {"minimal": 0.25, "typical": 0.45, "rich": 0.30}
CLIENT_P = {"adults": 0.74, "couple": 0.07, "adolescents": 0.08, "children": 0.06,
            "older_adults": 0.05}  # fmt: skip
CLIENT_CONCERNS = {
    "adults": {
        "anxiety": 30, "depression": 25, "trauma": 14, "relationships": 10,
        "stress": 12, "self_esteem": 7, "grief": 6, "life_transitions": 6,
        "family_conflict": 4, "adhd": 5, "ocd": 4, "parenting": 4, "addiction": 4,
        "insomnia": 4, "anger": 3, "eating_disorders": 3, "lgbtq_issues": 3,
        "bipolar": 2, "career": 3, "chronic_illness": 2, "perinatal": 2,
        "personality_disorders": 1.5, "self_harm": 1, "suicidal_thoughts": 1,
        "racial_identity": 2, "spirituality": 1, "sexual_abuse": 2,
        "domestic_violence": 1.5, "autism": 1.5, "psychosis": 0.5,
    },
    "couple": {"parenting": 3, "family_conflict": 2, "anger": 2, "addiction": 1,
               "grief": 1, "stress": 2},
    "children": {"adhd": 30, "anxiety": 25, "autism": 15, "family_conflict": 10,
                 "anger": 10, "trauma": 5, "grief": 5},
    "adolescents": {"anxiety": 25, "depression": 20, "self_esteem": 12, "adhd": 10,
                    "self_harm": 8, "eating_disorders": 7, "family_conflict": 7,
                    "lgbtq_issues": 6, "trauma": 5},
    "older_adults": {"grief": 25, "depression": 20, "anxiety": 15,
                     "chronic_illness": 15, "life_transitions": 15, "insomnia": 5,
                     "relationships": 5},
}  # fmt: skip
CONCERN_COUNT_P = (0.45, 0.40, 0.15)
# Probability that a (typical, rich) request states each preference.
REQUEST_FIELD_P = {
    "location": (0.55, 0.90), "concerns_text": (0.45, 0.80), "approaches": (0.15, 0.45),
    "session_format": (0.15, 0.40), "age_group": (0.20, 0.50), "style": (0.15, 0.50),
    "gender": (0.25, 0.50), "ethnicity": (0.06, 0.20), "faith": (0.04, 0.15),
    "lgbtq_affirming": (0.08, 0.25), "languages": (0.06, 0.15),
    "insurance": (0.30, 0.45), "max_fee": (0.12, 0.30), "availability": (0.15, 0.45),
    "include_not_accepting": (0.02, 0.06), "limit": (0.30, 0.50),
}  # fmt: skip
IMPORTANCE_P = {"low": 0.25, "medium": 0.42, "high": 0.27, "must": 0.06}
LANGUAGE_IMPORTANCE_P = {"low": 0.05, "medium": 0.20, "high": 0.35, "must": 0.40}
LGBTQ_IMPORTANCE_P = {"low": 0.10, "medium": 0.30, "high": 0.40, "must": 0.20}
FORMAT_P = {"in_person": 0.40, "telehealth": 0.30, "either": 0.30}
DISTANCE_KM_P = {5: 0.05, 10: 0.15, 15: 0.12, 20: 0.15, 25: 0.15, 30: 0.12,
                 40: 0.10, 50: 0.08, 80: 0.08}  # fmt: skip
GENDER_WISH_P = {("woman",): 0.50, ("man",): 0.20, ("woman", "nonbinary"): 0.15,
                 ("nonbinary",): 0.07, ("man", "nonbinary"): 0.08}  # fmt: skip
ETHNICITY_WISH_P = {"black": 0.30, "hispanic_latino": 0.25, "asian": 0.20,
                    "south_asian": 0.07, "middle_eastern_north_african": 0.06,
                    "white": 0.07, "multiracial": 0.05}  # fmt: skip
FAITH_WISH_P = {"christian": 0.35, "jewish": 0.15, "muslim": 0.20, "catholic": 0.10,
                "buddhist": 0.07, "hindu": 0.05, "secular": 0.08}  # fmt: skip
INSURANCE_WISH_P = {
    "Blue Cross Blue Shield": 25, "Aetna": 15, "Cigna": 13, "UnitedHealthcare": 13,
    "Medicaid": 12, "Medicare": 6, "Optum": 5, "Kaiser Permanente": 10,
    "Tricare": 2, "Humana": 2, "Magellan": 2,
}  # fmt: skip
AVAILABILITY_WISH_P = {("evenings",): 0.45, ("weekends",): 0.15,
                       ("evenings", "weekends"): 0.15, ("weekdays",): 0.25}  # fmt: skip
STYLE_WISH_MEAN = (0.5, 0.0, -0.5, -0.5)
LIMITS = (5, 8, 10, 10, 12, 15, 20)
# What clients write, in their own words.
CLIENT_PHRASES = {
    "anxiety": ("I worry about everything and can't turn my mind off",
                "I get panic attacks, sometimes in the middle of work",
                "my anxiety makes it hard to leave the house"),
    "depression": ("I've felt down and empty for months",
                   "I have no energy and stopped enjoying things I used to love",
                   "I feel hopeless most days"),
    "trauma": ("something bad happened a few years ago and I still have nightmares "
               "and flashbacks", "I was in a car accident and I'm still on edge",
               "I think I have PTSD from my childhood"),
    "ocd": ("I have intrusive thoughts and I check things over and over",
            "I can't stop washing my hands and it takes hours every day",
            "I get stuck in rituals until things feel just right"),
    "adhd": ("I can't focus at work and I'm always late and disorganized",
             "I think I might have ADHD"),
    "bipolar": ("I have bipolar disorder and my mood swings are wrecking my life",
                "I go from really high to really low"),
    "grief": ("my mom died last year and I can't get past it",
              "I lost my partner and feel lost",
              "I'm grieving and nobody seems to understand"),
    "relationships": ("my partner and I fight all the time",
                      "we keep having the same argument and feel disconnected",
                      "I'm not sure whether to stay in my relationship"),
    "family_conflict": ("there is constant conflict at home",
                        "my family doesn't talk to each other anymore"),
    "parenting": ("I'm struggling as a parent and yelling more than I want to",
                  "I don't know how to handle my teenager"),
    "addiction": ("I'm drinking too much and want to cut back",
                  "I've been using drugs to cope and want to stop"),
    "eating_disorders": ("I restrict food and obsess about my body",
                         "I binge eat and then feel awful about it"),
    "self_esteem": ("I'm really hard on myself and never feel good enough",
                    "I compare myself to everyone and always come up short"),
    "stress": ("work stress is burning me out", "I feel overwhelmed all the time"),
    "anger": ("I lose my temper and say things I regret",
              "I get angry fast and it scares my family"),
    "insomnia": ("I can't sleep and lie awake for hours",
                 "I wake up at 3am with my mind racing"),
    "lgbtq_issues": ("I'm figuring out my gender identity",
                     "I'm gay and thinking about coming out to my family"),
    "life_transitions": ("I just moved to a new city and feel lost",
                         "I'm going through a divorce and everything is changing",
                         "I retired and don't know what to do with myself"),
    "chronic_illness": ("I live with chronic pain and it's getting me down",
                        "I was diagnosed with a chronic illness and I'm struggling "
                        "to cope"),
    "personality_disorders": ("I was told I might have borderline personality "
                              "disorder", "my emotions swing fast and my "
                              "relationships keep falling apart"),
    "psychosis": ("sometimes I hear voices and it frightens me",
                  "I had a psychotic episode and want support"),
    "self_harm": ("I've been cutting myself when things get bad",
                  "I hurt myself to cope"),
    "suicidal_thoughts": ("sometimes I think everyone would be better off without me",
                          "I've been having thoughts of ending my life"),
    "career": ("I hate my job and don't know what to do next",
               "I'm stuck in my career and it's affecting my mood"),
    "perinatal": ("since the baby was born I feel anxious and not like myself",
                  "I'm pregnant and very anxious"),
    "racial_identity": ("I'm dealing with racism at work and it's wearing me down",
                        "I want to talk with someone who understands my cultural "
                        "background"),
    "spirituality": ("I'm questioning my faith",
                     "I want therapy that respects my religious beliefs"),
    "sexual_abuse": ("I was sexually assaulted and I'm still struggling",
                     "I was abused as a child and it still affects me"),
    "domestic_violence": ("my partner hurts me and I'm scared",
                          "I left an abusive relationship and I'm trying to heal"),
    "autism": ("I think I'm autistic and want to understand myself better",
               "I was diagnosed with autism as an adult"),
}  # fmt: skip
# Parents writing about a child.
CHILD_PHRASES = {
    "adhd": ("my son can't sit still and is struggling at school",
             "my 9-year-old can't focus in class and the teacher thinks it's ADHD"),
    "anxiety": ("my daughter is anxious and refuses to go to school",
                "my child worries constantly and has stomach aches every morning"),
    "autism": ("my daughter is autistic and we need support at home",
               "we think our son may be on the autism spectrum"),
    "family_conflict": ("our home is full of arguments and the kids are caught in "
                        "the middle",),
    "anger": ("my son has huge meltdowns and hits his sister",),
    "trauma": ("my child saw something scary and has nightmares since",),
    "grief": ("my kids lost their grandfather and are having a hard time",),
}  # fmt: skip
COUPLE_PHRASES = (
    "my partner and I keep having the same fights",
    "we feel more like roommates than a couple",
    "we want to rebuild trust after an affair",
)
WISH_PHRASES = (
    "I'd like someone practical who can give me tools to use.",
    "I want someone warm who will listen before giving advice.",
    "I'm looking for someone who understands my culture.",
    "I need evening sessions because of work.",
    "I've tried therapy before and it didn't click.",
    "I'd like to understand why I keep repeating the same patterns.",
)

Draws = dict[str, Any]  # intermediate numpy arrays shared between profile steps
Columns = dict[str, list[str]]


# -------------------------------------------------------------- small helpers
def _vector(
    weights: Mapping[str, float], keys: Sequence[str], default: float = 0.0
) -> np.ndarray:
    """Return the weights aligned to keys as a float32 array."""
    return np.array([weights.get(key, default) for key in keys], dtype=np.float32)


def _matrix(
    rows: Mapping[str, Mapping[str, float]],
    row_keys: Sequence[str],
    col_keys: Sequence[str],
) -> np.ndarray:
    """Return a (row_keys, col_keys) float32 matrix from nested weights."""
    return np.stack([_vector(rows.get(key, {}), col_keys) for key in row_keys])


def _lookup(labels: Sequence[str], index: np.ndarray) -> list[str]:
    """Map integer codes to label strings (shared objects, not copies)."""
    return np.asarray(labels, dtype=object)[index].tolist()


def _categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row from a (rows, k) matrix of weights."""
    cumulative = np.cumsum(probs, axis=1)
    cumulative /= cumulative[:, -1:]
    roll = rng.random((len(probs), 1))
    return np.minimum((cumulative < roll).sum(axis=1), probs.shape[1] - 1)


def _choose(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """Draw n category indices from one weight vector."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _top_k(
    rng: np.random.Generator, logits: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sample counts[i] distinct columns per row with weights exp(logits)."""
    keys = logits + rng.gumbel(size=logits.shape).astype(np.float32)  # Gumbel top-k
    order = np.argsort(-keys, axis=1, kind="stable")[:, : int(counts.max())]
    chosen = np.arange(order.shape[1]) < counts[:, None]
    mask = np.zeros(logits.shape, dtype=bool)
    np.put_along_axis(mask, order, chosen, axis=1)
    return order, mask


def _bits(code: int, width: int) -> list[bool]:
    """Return the low `width` bits of code, lowest first."""
    return [bool(code >> i & 1) for i in range(width)]


def _label_mask(
    mask: np.ndarray, labels: Sequence[str], join: Callable[[list[str]], str] = ";".join
) -> list[str]:
    """Join each row's selected labels; equal rows share one string."""
    weights = 1 << np.arange(mask.shape[1], dtype=np.int64)
    codes, inverse = np.unique(mask.astype(np.int64) @ weights, return_inverse=True)
    texts = [
        join(list(compress(labels, _bits(c, len(labels))))) for c in codes.tolist()
    ]
    return _lookup(texts, inverse.ravel())


def _label_values(values: np.ndarray, given: np.ndarray) -> list[str]:
    """Format integers as text, blank where not given."""
    codes, inverse = np.unique(np.where(given, values, -(10**6)), return_inverse=True)
    texts = ["" if c == -(10**6) else str(c) for c in codes.tolist()]
    return _lookup(texts, inverse.ravel())


def _and_list(items: Sequence[str]) -> str:
    """Join phrases as natural English: 'a, b, and c' (phrases may hold 'and')."""
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _blank(texts: list[str], given: np.ndarray) -> list[str]:
    """Blank the texts whose row is not given."""
    return [t if g else "" for t, g in zip(texts, given.tolist(), strict=True)]


# ----------------------------------------------------------------- geography
class _ZipTable(NamedTuple):
    """Standard, active zip codes of one state with a metro-clustered weight."""

    zips: np.ndarray
    cities: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    area_codes: np.ndarray
    p: np.ndarray


def _km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Approximate distance in km (equirectangular; fine within a state)."""
    x = np.radians(lon - lon0) * np.cos(np.radians((lat + lat0) / 2))
    return 6371.0 * np.hypot(x, np.radians(lat - lat0))


def _metro_weights(state: str, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Weight zips by closeness to the state's metros, plus a rural share."""
    p = np.full(len(lat), RURAL_SHARE / len(lat))
    for metro_lat, metro_lon, share in METROS.get(state, ()):
        kernel = np.exp(-_km(lat, lon, metro_lat, metro_lon) / METRO_SCALE_KM)
        p += share * kernel / kernel.sum()
    return p / p.sum()


@cache
def _zip_table(state: str) -> _ZipTable:
    """Load the state's zip codes once (offline, from the zipcodes package)."""
    rows = [
        z
        for z in zipcodes.filter_by(state=state)
        if z["active"] and z["zip_code_type"] == "STANDARD" and z["lat"]
    ]
    if not rows:
        raise ValueError(f"no zip codes known for state {state!r}")
    lat = np.array([float(z["lat"]) for z in rows])
    lon = np.array([float(z["long"]) for z in rows])
    area = [(z["area_codes"] or rows[0]["area_codes"] or ["555"])[0] for z in rows]
    column = [
        np.array([z[k] for z in rows], dtype=object) for k in ("zip_code", "city")
    ]
    area_codes = np.array(area, dtype=object)
    return _ZipTable(*column, lat, lon, area_codes, _metro_weights(state, lat, lon))


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
    logits += (
        _ranked(
            d["specialty_order"], d["specialty_count"], SPECIALTY_RANK_W, len(CONCERNS)
        )
        @ _concern_approach_fit()
    )
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
    d["style_given"] = rng.random(len(raw)) >= 0.10
    dominant = np.argmax(np.abs(raw), axis=1)
    sign = np.sign(d["style"][np.arange(len(raw)), dominant])
    d["style_key"] = np.where(sign == 0, 1, dominant * 3 + sign + 1)


def _draw_clinical(rng: np.random.Generator, d: Draws) -> None:
    """Draw populations, specialties, approaches and style."""
    n = len(d["state"])
    _draw_populations(rng, d)
    d["specialty_count"] = 3 + _choose(rng, n, SPECIALTY_COUNT_P)
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
    extras = [
        (0, _intro_sentence(facts, rolls[2])),
        (1, _pick(STYLE_SENTENCES[facts.style], rolls[3])),
        (2, fmt.format(city=facts.city, state=facts.state)),
    ]
    if facts.consultation:
        extras.append((3, _pick(CONSULT_SENTENCES, rolls[5])))
    if facts.languages:
        language = _pick(LANGUAGE_SENTENCES, rolls[6])
        extras.append((4, language.format(langs=facts.languages)))
    if facts.affirming:
        extras.append((5, _pick(AFFIRMING_SENTENCES, rolls[6])))
    return extras


def _bio(facts: _BioFacts, rolls: list[int], sentences: int) -> str:
    """Assemble a bio of 2-5 sentences: specialties and approaches always."""
    core = [
        _specialty_sentence(facts.specialties, rolls[0]),
        _approach_sentence(facts.approaches, rolls[1]),
    ]
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
    d["state"] = _draw_states(rng, n, d["states"])
    columns = _place_columns(rng, d) | _people_columns(rng, d)
    names = _draw_names(rng, d)
    columns |= _clinical_columns(rng, d) | _practice_columns(rng, d)
    columns |= _money_columns(rng, d) | _contact_columns(rng, d, names)
    columns["name"] = [name for name, _, _ in names]
    columns["bio"] = _bios(rng, d, names)
    ordered = zip(*(columns[column] for column in PROFILE_COLUMNS), strict=True)
    return [dict(zip(PROFILE_COLUMNS, row, strict=True)) for row in ordered]


# ------------------------------------------------------------------ requests
class _Client(NamedTuple):
    """Who is asking: the state, the kind of client and their concerns."""

    state: str
    who: str
    concerns: list[str]


def _weighted(rng: np.random.Generator, weights: Mapping[Any, float]) -> Any:
    """Return one key of weights, chosen in proportion to its weight."""
    keys = list(weights)
    p = np.array([weights[key] for key in keys], dtype=float)
    return keys[rng.choice(len(keys), p=p / p.sum())]


def _importance(
    rng: np.random.Generator, weights: Mapping[str, float] = IMPORTANCE_P
) -> str:
    """Draw an importance level; must is rare."""
    return _weighted(rng, weights)


def _random_zip(rng: np.random.Generator, state: str) -> str:
    """Return a real zip code of the state, near its metros."""
    table = _zip_table(state)
    return str(table.zips[rng.choice(len(table.zips), p=table.p)])


def _client_concerns(rng: np.random.Generator, who: str) -> list[str]:
    """Draw one to three concerns typical for this kind of client."""
    if who == "couple":
        extra = _weighted(rng, CLIENT_CONCERNS[who])
        return ["relationships", extra] if rng.random() < 0.4 else ["relationships"]
    weights = CLIENT_CONCERNS[who]
    keys, p = list(weights), np.array(list(weights.values()), dtype=float)
    k = 1 + int(_choose(rng, 1, CONCERN_COUNT_P)[0])
    picks = rng.choice(len(keys), size=k, replace=False, p=p / p.sum())
    return [keys[i] for i in picks]


def _client_phrase(rng: np.random.Generator, who: str, concern: str) -> str:
    """Return how this client might put a concern in their own words."""
    options = CLIENT_PHRASES[concern]
    if who == "children" and concern in CHILD_PHRASES:
        options = CHILD_PHRASES[concern]
    elif who == "couple" and concern == "relationships":
        options = COUPLE_PHRASES
    return options[int(rng.integers(len(options)))]


def _want_concerns_text(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Describe the concerns in everyday first-person words."""
    phrases = [_client_phrase(rng, client.who, c) for c in client.concerns[:2]]
    text = ". ".join(p[0].upper() + p[1:] for p in phrases) + "."
    if rng.random() < 0.25:
        text += " " + WISH_PHRASES[int(rng.integers(len(WISH_PHRASES)))]
    return {"concerns_text": text}


def _want_location(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Choose a format and, for in-person care, a zip code and distance."""
    wish: dict[str, Any] = {"format": _weighted(rng, FORMAT_P)}
    if wish["format"] == "in_person" or (
        wish["format"] == "either" and rng.random() < 0.5
    ):
        wish["postal_code"] = _random_zip(rng, client.state)
        if rng.random() < 0.85:
            wish["max_distance_km"] = _weighted(rng, DISTANCE_KM_P)
    return wish


def _want_approaches(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for one or two approaches that fit the concerns."""
    fitting = sorted({a for c in client.concerns for a in CONCERN_APPROACHES[c][:2]})
    k = min(len(fitting), 1 + int(rng.random() < 0.4))
    value = [fitting[i] for i in rng.choice(len(fitting), size=k, replace=False)]
    return {"approaches": {"value": value, "importance": _importance(rng)}}


def _want_session_format(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for couples, family, group or individual sessions."""
    if client.who == "couple":
        return {"session_format": "couples"}
    if client.who == "children":
        return {"session_format": "family" if rng.random() < 0.5 else "individual"}
    return {"session_format": "group" if rng.random() < 0.12 else "individual"}


def _want_age_group(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Say whose age group therapy is for."""
    return {"age_group": "adults" if client.who == "couple" else client.who}


def _want_style(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """State a preferred style on some C-NIP dimensions, null on the rest."""
    values = np.clip(np.rint(rng.normal(STYLE_WISH_MEAN, 1.5)), -3, 3).astype(int)
    stated = rng.random(len(STYLE_DIMENSIONS)) < 0.65
    stated[int(rng.integers(len(STYLE_DIMENSIONS)))] = True
    pairs = zip(STYLE_DIMENSIONS, values.tolist(), stated.tolist(), strict=True)
    return {"style": {dim: value if said else None for dim, value, said in pairs}}


def _want_gender(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's gender."""
    value = list(_weighted(rng, GENDER_WISH_P))
    return {"gender": {"value": value, "importance": _importance(rng)}}


def _want_ethnicity(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's ethnicity."""
    value = [_weighted(rng, ETHNICITY_WISH_P)]
    return {"ethnicity": {"value": value, "importance": _importance(rng)}}


def _want_faith(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Prefer a therapist's faith."""
    value = [_weighted(rng, FAITH_WISH_P)]
    return {"faith": {"value": value, "importance": _importance(rng)}}


def _want_lgbtq_affirming(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for LGBTQ+-affirming care."""
    importance = _importance(rng, LGBTQ_IMPORTANCE_P)
    return {"lgbtq_affirming": {"value": True, "importance": importance}}


def _want_languages(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for a language commonly spoken in the state (often a must)."""
    language = _weighted(rng, LANGUAGE_P.get(client.state, LANGUAGE_P["default"]))
    importance = _importance(rng, LANGUAGE_IMPORTANCE_P)
    return {"languages": {"value": [language], "importance": importance}}


def _want_insurance(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Name the client's insurer (Kaiser only where it operates)."""
    weights = dict(INSURANCE_WISH_P)
    if client.state not in KAISER_STATES:
        weights["Kaiser Permanente"] = 0
    if client.who == "older_adults":
        weights["Medicare"] = 60
    return {"insurance": _weighted(rng, weights)}


def _want_max_fee(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Set the most the client can pay per session ($80-200)."""
    return {"max_fee": 10 * int(rng.integers(8, 21))}


def _want_availability(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for evenings, weekends or weekdays."""
    value = list(_weighted(rng, AVAILABILITY_WISH_P))
    return {"availability": {"value": value, "importance": _importance(rng)}}


def _want_include_not_accepting(
    rng: np.random.Generator, client: _Client
) -> dict[str, Any]:
    """Say whether therapists with a waitlist may be shown."""
    return {"include_not_accepting": bool(rng.random() < 0.7)}


def _want_limit(rng: np.random.Generator, client: _Client) -> dict[str, Any]:
    """Ask for 5-20 matches."""
    return {"limit": LIMITS[int(rng.integers(len(LIMITS)))]}


Builder = Callable[[np.random.Generator, _Client], dict[str, Any]]
PREFERENCE_BUILDERS: dict[str, Builder] = {
    "location": _want_location,
    "concerns_text": _want_concerns_text,
    "approaches": _want_approaches,
    "session_format": _want_session_format,
    "age_group": _want_age_group,
    "style": _want_style,
    "gender": _want_gender,
    "ethnicity": _want_ethnicity,
    "faith": _want_faith,
    "lgbtq_affirming": _want_lgbtq_affirming,
    "languages": _want_languages,
    "insurance": _want_insurance,
    "max_fee": _want_max_fee,
    "availability": _want_availability,
    "include_not_accepting": _want_include_not_accepting,
    "limit": _want_limit,
}


def _field_p(field: str, client: _Client, rich: bool) -> float:
    """Return how likely this client states this preference."""
    if field == "age_group" and client.who not in ("adults", "couple"):
        return 0.9
    if field == "session_format" and client.who in ("couple", "children"):
        return 0.9
    return REQUEST_FIELD_P[field][rich]


def _preferences(
    rng: np.random.Generator, client: _Client, rich: bool
) -> dict[str, Any]:
    """Draw the optional preferences of a typical or rich request."""
    wishes: dict[str, Any] = {}
    for field, build in PREFERENCE_BUILDERS.items():
        if rng.random() < _field_p(field, client, rich):
            wishes |= build(rng, client)
    return wishes


def _request(
    rng: np.random.Generator, request_id: str, states: Sequence[str]
) -> dict[str, Any]:
    """Draw one request: minimal (state and concerns), typical or rich."""
    state = _weighted(rng, {s: STATE_WEIGHTS.get(s, 5.0) for s in states})
    kind, who = _weighted(rng, REQUEST_KIND_P), _weighted(rng, CLIENT_P)
    client = _Client(state, who, _client_concerns(rng, who))
    request = {"request_id": request_id, "state": state, "concerns": client.concerns}
    if kind != "minimal":
        request |= _preferences(rng, client, rich=kind == "rich")
        if "concerns_text" in request and rng.random() < 0.15:
            del request["concerns"]  # some clients only describe it in words
    return {key: request[key] for key in REQUEST_KEYS if key in request}


def make_requests(
    n: int, seed: int = 11, states: Sequence[str] = DEMO_STATES
) -> list[dict[str, Any]]:
    """Return n varied client requests (CONTRACT section 2), minimal to rich."""
    rng = np.random.default_rng(seed)
    width = max(4, len(str(n)))
    states = tuple(dict.fromkeys(states))
    return [_request(rng, f"demo-{i:0{width}d}", states) for i in range(1, n + 1)]


# ------------------------------------------------------------------- writers
def write_csv(
    rows: Iterable[Mapping[str, str]],
    path: str | Path,
    columns: Sequence[str] = PROFILE_COLUMNS,
) -> None:
    """Write rows as UTF-8 CSV with a header row (LF line ends, git-friendly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_jsonl(items: Iterable[Mapping[str, Any]], path: str | Path) -> None:
    """Write one JSON object per line, UTF-8."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        for item in items:
            file.write(json.dumps(item, ensure_ascii=False) + "\n")
