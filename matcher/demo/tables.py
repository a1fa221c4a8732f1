"""The profile side of the demo generator: vocabularies, clinical realism, names
and the words of bios, as weights and tables."""

import tomllib
from pathlib import Path
from typing import Any

# The tables that are plain data (metros, concern words) live in tables.toml.
DATA = tomllib.loads(Path(__file__).with_name("tables.toml").read_text("utf-8"))


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _table(name: str) -> dict[str, Any]:
    """Return one table of tables.toml, its lists as tuples, in file order."""
    return {key: _tuples(value) for key, value in DATA[name].items()}


DEMO_STATES: tuple[str, ...] = ("MA", "NY", "CA", "TX", "IL", "WA", "GA")
# Fixed "today" so updated_at dates do not depend on when the generator runs.
REFERENCE_DATE = "2026-11-01"

PROFILE_COLUMNS: tuple[str, ...] = (
    "id", "name", "credentials", "license_states", "city", "state", "postal_code",
    "latitude", "longitude", "in_person", "telehealth", "accepting_new_clients",
    "open_slots",
    "gender", "pronouns", "ethnicity", "faith", "lgbtq_affirming", "identities",
    "languages", "approaches", "specialties", "top_specialties", "populations",
    "session_formats",
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
METROS = _table("metros")
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
# Real directories are broader: some therapists tick most boxes. Shares of
# profiles widened to a moderate list (9-15) and to a box-ticker's (20-30).
MODERATE_SHARE, MODERATE_COUNTS = 0.15, (9, 15)
BOX_TICKER_SHARE, BOX_TICKER_COUNTS = 0.25, (20, 30)
TOP_SPECIALTIES_SHARE = 0.3  # profiles that mark their main specialties
TOP_SPECIALTIES_MAX = 3  # as many as they mark: their first ones, in order
APPROACH_COUNT_P = (0.20, 0.35, 0.30, 0.15)  # 2..5 approaches
# Listed first = main focus: weights by list position.
SPECIALTY_RANK_W = (1.2, 1.0, 0.9, 0.6, 0.5, 0.4, 0.4, 0.4)
APPROACH_RANK_W = (2.0, 1.2, 1.0, 0.8, 0.8)

# Approaches that fit each concern, best fit first.
CONCERN_APPROACHES = _table("concern_approaches")
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
STYLE_EMPTY_P = 1 / 3  # share of profiles that leave the four style fields empty
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
CONCERN_WORDS = _table("concern_words")
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
# Style sentences by C-NIP dimension (directiveness, intensity, orientation,
# challenge), each with its sentences for the + side, then for the - side: the
# dominant scale shows in the bio.
STYLE_SIDES = (
    (
        (
            "Sessions are structured, and I offer practical tools and exercises "
            "to practice between sessions.",
            "I take an active role, set clear goals with you and suggest homework.",
        ),
        (
            "You set the pace and the direction, and I follow your lead.",
            "I see therapy as a collaboration in which you are the expert on your "
            "own life.",
        ),
    ),
    (
        (
            "I welcome strong emotions in the room, and we will go to the feelings "
            "that matter.",
            "Therapy with me can be emotionally intense, because that is often "
            "where change happens.",
        ),
        (
            "We move at a gentle, steady pace so that sessions never feel "
            "overwhelming.",
            "I keep things calm and grounded, especially when emotions run high.",
        ),
    ),
    (
        (
            "We explore how your past and early relationships shape the patterns "
            "you notice today.",
            "Understanding your history is a big part of how we work.",
        ),
        (
            "We focus on the here and now and on practical steps toward the life "
            "you want.",
            "Rather than dwelling on the past, we concentrate on your goals.",
        ),
    ),
    (
        (
            "I will gently challenge you when I notice patterns that keep you stuck.",
            "I'm direct and will push you toward growth when you are ready.",
        ),
        (
            "I offer a warm, nonjudgmental space where you can feel accepted as "
            "you are.",
            "Above all, I want you to feel supported and understood.",
        ),
    ),
)
STYLE_SENTENCES = {
    (dimension, sign): sentences
    for dimension, sides in enumerate(STYLE_SIDES)
    for sign, sentences in zip((1, -1), sides, strict=True)
} | {(0, 0): ("I adapt my style to what each person needs.",)}
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
